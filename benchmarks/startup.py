"""Start-up time and memory: the reader versus a bare PySide6 QTextBrowser window.

    python benchmarks/startup.py [--runs 5] [--content-dir DIR] [--bundle dist/wt-reader/wt-reader]

Each run is a fresh process. Time is from just before the process is started to the first
paint of the reading pane with a section loaded (the app, started exactly as `python -m app`
with WT_READER_REPORT_FIRST_PAINT set, which makes it print that moment and close) or of a
QTextBrowser showing a page of the same size (bare); RSS is read right after that paint. The
first run of each kind is not counted (it writes bytecode and caches). CPU time up to the paint
is reported too: on a busy machine it is steadier than the wall clock. `--bundle EXE` times a
PyInstaller bundle too. Runs offscreen unless DISPLAY is set.
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
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTextBrowser

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

class FirstPaint(QObject):
    # Watches the page alone, as the app's own AfterFirstPaint does (an application-wide
    # Python filter would slow every event of the bare window).
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted, cpu = time.time(), time.process_time()
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print(json.dumps({"painted": painted, "cpu": cpu, "rss_mb": rss_mb()}),
                                                flush=True),
                                          os._exit(0)))
        return False

app = QApplication(sys.argv[:1])
w = QTextBrowser()
f = FirstPaint()
w.viewport().installEventFilter(f)
w.setHtml(open(sys.argv[1], encoding="utf-8").read())
top = w
if sys.argv[2:] == ["chrome"]:
    # The same kind of window as the app's, with no app code: menus, a toolbar, a docked tree of
    # the guide's size and a status bar around the page. What Qt alone costs for such a window.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QTreeWidget, QTreeWidgetItem
    top = QMainWindow()
    top.setCentralWidget(w)
    for name in ("File", "Go", "View", "Bookmarks", "Tools", "Help"):
        menu = top.menuBar().addMenu(name)
        for i in range(5):
            menu.addAction(f"{name} {i}")
    bar = top.addToolBar("Main")
    for name in ("Back", "Forward", "Home", "Zoom out", "Zoom in", "Search", "Timeline", "Cite", "Print", "Bookmark"):
        bar.addAction(name)
    tree = QTreeWidget()
    tree.setHeaderHidden(True)
    for p in range(9):
        part = QTreeWidgetItem([f"Part {p}"])
        tree.addTopLevelItem(part)
        part.addChildren([QTreeWidgetItem([f"Section {p}.{i}"]) for i in range(11)])
    tree.expandToDepth(0)
    dock = QDockWidget("Contents")
    dock.setWidget(tree)
    top.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    top.statusBar().showMessage("Offline")
top.resize(1180, 800)
top.show()
app.exec()
"""


def measure(cmd: list[str], env_extra: dict, env: dict) -> dict:
    start = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env={**env, **env_extra}, cwd=ROOT, timeout=120)
    line = next((l for l in out.stdout.splitlines() if l.startswith("{")), None)
    if line is None:
        raise RuntimeError(out.stderr[-2000:])
    data = json.loads(line)
    return {"seconds": data["painted"] - start, "cpu": data["cpu"], "rss_mb": data["rss_mb"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--content-dir", help="content folder (default: the bundled guide)")
    parser.add_argument("--bundle", help="also time this bundled executable, e.g. dist/wt-reader/wt-reader")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT), WT_READER_REPORT_FIRST_PAINT="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "xcb")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode compiled
    sys.path.insert(0, str(ROOT))
    from app import paths
    from app.guide import load_guide
    from app.guide.render import render_section

    content = Path(args.content_dir).resolve() if args.content_dir else paths.content_dir()
    extra = ["--content-dir", str(content)] if args.content_dir else []
    guide = load_guide(content)
    home = guide.sections[guide.home] if guide.home in guide.sections else next(iter(guide.sections.values()))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(render_section(guide, home), encoding="utf-8")
        script = Path(tmp) / "bare.py"
        script.write_text(CHILD, encoding="utf-8")

        def app_cmd(data: str, exe: list[str] | None = None) -> tuple[list[str], dict]:
            cmd = [*(exe or [sys.executable, "-m", "app"]), *extra]
            if sys.platform.startswith("linux"):  # find the data folder the way a user's start does
                return cmd, {"XDG_DATA_HOME": data}
            return [*cmd, "--data-dir", data], {}

        runs = {
            "bare QTextBrowser": lambda i: ([sys.executable, str(script), str(page)], {}),
            "bare main window (Qt only)": lambda i: ([sys.executable, str(script), str(page), "chrome"], {}),
            "wt-reader (python -m app)": lambda i: app_cmd(str(Path(tmp) / "warm")),
            "wt-reader, first run (no caches)": lambda i: app_cmd(str(Path(tmp) / f"cold{i}")),
        }
        if args.bundle:
            exe = [str(Path(args.bundle).resolve())]
            runs["bundle"] = lambda i: app_cmd(str(Path(tmp) / "bundle-warm"), exe)
            runs["bundle, first run (no caches)"] = lambda i: app_cmd(str(Path(tmp) / f"bundle-cold{i}"), exe)
            measure(*runs["bundle"](0), env)
        measure(*runs["wt-reader (python -m app)"](0), env)  # writes bytecode and the caches, warms the disk
        results: dict[str, list[dict]] = {name: [] for name in runs}
        for i in range(args.runs):
            for name, run in runs.items():
                results[name].append(measure(*run(i), env))
    print(f"{'what':<34} {'median s':>9} {'max s':>7} {'CPU s':>7} {'RSS MB':>7}")
    medians, cpus = {}, {}
    for name, rows in results.items():
        secs = [r["seconds"] for r in rows]
        rss = [r["rss_mb"] for r in rows if r["rss_mb"] is not None]
        medians[name] = statistics.median(secs)
        cpus[name] = statistics.median(r["cpu"] for r in rows)
        rss_text = f"{statistics.median(rss):>7.1f}" if rss else "      ?"
        print(f"{name:<34} {medians[name]:>9.3f} {max(secs):>7.3f} {cpus[name]:>7.3f} {rss_text}")
    app, bare = "wt-reader (python -m app)", "bare QTextBrowser"
    print(f"ratio app/bare: {medians[app] / medians[bare]:.2f}x wall clock, {cpus[app] / cpus[bare]:.2f}x CPU "
          "(goal ≤ 1.5x); RSS goal < 150 MB")
    chrome = "bare main window (Qt only)"
    print(f"a main window with the app's kind of menus, toolbar and docked tree but no app code: "
          f"{medians[chrome] / medians[bare]:.2f}x the bare page; the app is {medians[app] / medians[chrome]:.2f}x that")
    print("CPU is the process's own CPU time up to the first paint: steadier than the wall clock on a busy machine.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
