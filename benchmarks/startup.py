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
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted = time.time()
            QTimer.singleShot(0, lambda: (print(json.dumps({"painted": painted, "rss_mb": rss_mb()})), app.quit()))
            obj.removeEventFilter(self)
        return False

if mode == "bare":
    app = QApplication(sys.argv[:1])
    w = QTextBrowser()
    html = open(sys.argv[2], encoding="utf-8").read()
    w.setHtml(html)
    view = w.viewport()
    w.resize(1180, 800)
else:
    from app import paths
    paths.set_data_dir(sys.argv[2])
    from app.ui.application import make_application, create_main_window
    from app.guide import load_guide
    app = make_application(sys.argv[:1])
    guide = load_guide(os.environ.get("WT_READER_CONTENT_DIR") or paths.content_dir())
    w = create_main_window(guide)
    w.restore_session(None)
    view = w.reader.viewport()
f = FirstPaint()
view.installEventFilter(f)
w.show()
app.exec()
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
    env["WT_READER_CONTENT_DIR"] = str(content)
    guide = load_guide(content)
    home = guide.sections[guide.home] if guide.home in guide.sections else next(iter(guide.sections.values()))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(render_section(guide, home), encoding="utf-8")
        script = Path(tmp) / "child.py"
        script.write_text(CHILD, encoding="utf-8")
        first_name = "wt-reader, first run (no index)"
        results = {"bare QTextBrowser": [], "wt-reader (python -m app)": [], first_name: []}
        warm = str(Path(tmp) / "data-warm")
        measure([sys.executable, str(script), "app", warm], env)  # builds the index cache, warms the disk
        for i in range(args.runs):
            results["bare QTextBrowser"].append(measure([sys.executable, str(script), "bare", str(page)], env))
            results["wt-reader (python -m app)"].append(measure([sys.executable, str(script), "app", warm], env))
            results[first_name].append(measure([sys.executable, str(script), "app", str(Path(tmp) / f"cold{i}")], env))
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
