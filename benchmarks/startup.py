"""Start-up time and memory: the reader versus a bare PySide6 QTextBrowser window.

    python benchmarks/startup.py [--runs 5] [--content-dir DIR]

Each run is a fresh process. Time is from just before the process is started to the first
paint of the reading pane with a section loaded (the app) or of a QTextBrowser showing a page
of the same size (bare); RSS is read in the child right after that paint. Runs offscreen
unless DISPLAY is set.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import os, sys, time, json, resource
mode = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTextBrowser

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

class FirstPaint(QObject):
    # The same application-wide filter in both modes: the first paint of a QTextBrowser's page.
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj.parent(), QTextBrowser):
            painted = time.time()
            app.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print(json.dumps({"painted": painted, "rss_mb": rss_mb()}), flush=True),
                                          os._exit(0)))
        return False

app = QApplication(sys.argv[:1])
f = FirstPaint()
app.installEventFilter(f)
if mode == "bare":
    w = QTextBrowser()
    w.setHtml(open(sys.argv[2], encoding="utf-8").read())
    w.resize(1180, 800)
    w.show()
    app.exec()
else:
    # The real entry point, exactly as `python -m app --data-dir DIR` runs it.
    from app.cli import main
    main(["--data-dir", sys.argv[2]] + sys.argv[3:])
"""


def measure(cmd: list[str], env: dict) -> dict:
    start = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    line = next((l for l in out.stdout.splitlines() if l.startswith("{")), None)
    if line is None:
        raise RuntimeError(out.stderr[-2000:])
    data = json.loads(line)
    return {"seconds": data["painted"] - start, "rss_mb": data["rss_mb"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--content-dir", help="content folder (default: the bundled guide)")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "xcb")
    env["PYTHONPATH"] = str(ROOT)
    sys.path.insert(0, str(ROOT))
    from app.guide import load_guide
    from app.guide.render import render_section
    from app import paths

    content = Path(args.content_dir).resolve() if args.content_dir else paths.content_dir()
    extra = ["--content-dir", str(content)] if args.content_dir else []
    guide = load_guide(content)
    home = guide.sections[guide.home] if guide.home in guide.sections else next(iter(guide.sections.values()))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(render_section(guide, home), encoding="utf-8")
        script = Path(tmp) / "child.py"
        script.write_text(CHILD, encoding="utf-8")
        first_name = "wt-reader, first run (no caches)"
        results = {"bare QTextBrowser": [], "wt-reader (python -m app)": [], first_name: []}
        warm = str(Path(tmp) / "data-warm")
        measure([sys.executable, str(script), "app", warm, *extra], env)  # builds the caches, warms the disk
        for i in range(args.runs):
            results["bare QTextBrowser"].append(measure([sys.executable, str(script), "bare", str(page)], env))
            results["wt-reader (python -m app)"].append(measure([sys.executable, str(script), "app", warm, *extra], env))
            results[first_name].append(measure([sys.executable, str(script), "app", str(Path(tmp) / f"cold{i}"), *extra], env))
    print(f"{'what':<34} {'median s':>9} {'max s':>7} {'RSS MB':>7}")
    medians = {}
    for name, rows in results.items():
        secs = [r["seconds"] for r in rows]
        rss = statistics.median(r["rss_mb"] for r in rows)
        medians[name] = statistics.median(secs)
        print(f"{name:<34} {medians[name]:>9.3f} {max(secs):>7.3f} {rss:>7.1f}")
    ratio = medians["wt-reader (python -m app)"] / medians["bare QTextBrowser"]
    print(f"ratio app/bare: {ratio:.2f}x (goal ≤ 1.5x); RSS goal < 150 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
