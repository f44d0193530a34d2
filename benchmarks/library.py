"""The library's costs: importing documents, searching across them, starting with them.

    python benchmarks/library.py [--runs 5] [--skip-startup]

Documents are made by the importers' own fixture generators (tests/fixtures/library_docs.py:
GOV.UK-style layout, made-up text): a 200-page PDF and a 100-page saved HTML page.

1. Import: time to read and normalise each (`adding.prepare`, the importer's progress counted)
   and to store it (`commit`), then to add it to an existing search index (incremental, never a
   rebuild). Goal: ≤ 15 s each on a 2-core machine.
2. Search p50/p95 over benchmarks/search.py's queries on the guide plus four such documents (two
   PDFs, two HTML pages, different text each), with their words against the guide's. Goal p95 ≤ 40 ms.
3. Start-up to the first paint (fresh processes, as benchmarks/startup.py) with five documents in
   the library and with none. Goal: within 5 %.
4. Memory (RSS) of the window with five documents, after they are in the contents and a search
   has run. Goal < 150 MB.
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
sys.path.insert(0, str(ROOT))

from app import paths  # noqa: E402
from app.guide import load_guide  # noqa: E402
from app.library import adding  # noqa: E402
from app.library.library import Library  # noqa: E402
from app.library.storage import LibraryStore  # noqa: E402
from app.search import IndexManager, Searcher  # noqa: E402
from benchmarks.search import QUERIES  # noqa: E402
from tests.fixtures.library_docs import sample, write_html, write_pdf  # noqa: E402

MEMORY_CHILD = r"""
import json, sys, time
from app import paths
paths.set_data_dir(sys.argv[1])
from app.cli import load_guide_fast, parse_args
guide = load_guide_fast(parse_args([]))
from app.ui.application import create_main_window, make_application
app = make_application(["wt-reader"])
window = create_main_window(guide)
window.restore_session(None)
window.show()
window.search_service.start()
window.finish_start()
deadline = time.time() + 120
def books():
    tree = window.contents.tree
    return sum(1 for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).data(0, 0x0102))
while (books() < int(sys.argv[2]) or not window.search_service.is_ready) and time.time() < deadline:
    app.processEvents()
    time.sleep(0.01)
window.search_service.search_now("strategy meeting")
app.processEvents()
with open("/proc/self/status") as f:
    rss = next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmRSS:"))
print(json.dumps({"books": books(), "rss_mb": rss}), flush=True)
"""


def words_in(texts) -> int:
    return sum(len(t.split()) for t in texts)


def guide_words(guide) -> int:
    return words_in(s.body for s in guide.sections.values())


def library_words(library) -> int:
    return sum(words_in(p.text for s in library.document(i.id).sections for p in s.pieces)
               for i in library.documents())


def make_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"200-page PDF": folder / "records-200.pdf", "100-page HTML": folder / "records-100.html"}
    write_pdf(files["200-page PDF"], sample(pages=200, seed=11))
    write_html(files["100-page HTML"], sample(pages=100, seed=12))
    files["second PDF"] = folder / "records-200-b.pdf"
    write_pdf(files["second PDF"], sample(pages=200, seed=13))
    files["second HTML"] = folder / "records-100-b.html"
    write_html(files["second HTML"], sample(pages=100, seed=14))
    files["fifth (small PDF)"] = folder / "small.pdf"
    write_pdf(files["fifth (small PDF)"], sample(pages=30, seed=15))
    return files


def import_one(library, manager, path: Path, title: str) -> dict:
    ticks: list[tuple[int, int]] = []
    started = time.perf_counter()
    prepared = adding.prepare(library, path, title=title, progress=lambda d, t: ticks.append((d, t)))
    read = time.perf_counter() - started
    adding.commit(library, prepared)
    stored = time.perf_counter() - started
    manager.ensure()  # the new document added to the index (incremental)
    indexed = time.perf_counter() - started
    info = prepared.document.info
    return {"read_s": read, "stored_s": stored, "indexed_s": indexed, "progress_calls": len(ticks),
            "pages": info.pages, "sections": info.sections, "paragraphs": info.paragraphs}


def first_paint(data_home: Path, env: dict) -> dict:
    started = time.time()
    out = subprocess.run([sys.executable, "-m", "app"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**env, "XDG_DATA_HOME": str(data_home), "WT_READER_REPORT_FIRST_PAINT": "1"})
    line = next((l for l in out.stdout.splitlines() if l.startswith("{")), None)
    if line is None:
        raise RuntimeError(out.stderr[-2000:])
    data = json.loads(line)
    return {"seconds": data["painted"] - started, "cpu": data["cpu"], "rss_mb": data["rss_mb"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs of each kind")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "xcb")
    guide = load_guide(paths.content_dir())
    with tempfile.TemporaryDirectory(prefix="wt-library-bench-") as tmp:
        tmp_path = Path(tmp)
        print("making the documents (fpdf2, made-up text)…", flush=True)
        files = make_files(tmp_path / "files")
        # Where the app finds its data on Linux with XDG_DATA_HOME set (as a user's start does).
        data = tmp_path / "with-docs" / "wt-reader"
        paths.set_data_dir(data)
        library = Library(guide, LibraryStore(paths.library_dir()))
        manager = IndexManager(guide, paths.index_cache_dir(), library=library)
        started = time.perf_counter()
        manager.ensure()
        print(f"guide index built in {time.perf_counter() - started:.2f} s\n")
        print(f"{'import':<20} {'pages':>5} {'sections':>8} {'paras':>6} {'read s':>7} {'+store s':>8} "
              f"{'+index s':>8} {'progress':>8}")
        for n, (name, path) in enumerate(files.items(), 1):
            r = import_one(library, manager, path, title=f"Keeping Good Records Together, copy {n}")
            print(f"{name:<20} {r['pages']:>5} {r['sections']:>8} {r['paragraphs']:>6} {r['read_s']:>7.2f} "
                  f"{r['stored_s']:>8.2f} {r['indexed_s']:>8.2f} {r['progress_calls']:>8}")
            if n == 4:
                searcher = Searcher(guide, manager)
                for q in QUERIES[:10]:
                    searcher.search(q)
                times = []
                for _ in range(3):
                    for q in QUERIES:
                        t = time.perf_counter()
                        searcher.search(q)
                        times.append((time.perf_counter() - t) * 1000)
                times.sort()
                p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
                gw, lw = guide_words(guide), library_words(library)
                search_line = (f"search over the guide + 4 documents ({gw + lw:,} words, {(gw + lw) / gw:.1f}x the "
                               f"guide's {gw:,}): p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(times)} searches "
                               "(goal p95 ≤ 40 ms)")
        manager.close()
        print("import goal: read + store ≤ 15 s each on a 2-core machine\n")
        print(search_line)
        paths.set_data_dir(None)
        if args.skip_startup:
            return 0
        empty = tmp_path / "no-docs"
        (empty / "wt-reader").mkdir(parents=True)
        first_paint(tmp_path / "with-docs", env), first_paint(empty, env)  # caches and bytecode
        rows: dict[str, list[dict]] = {"no documents": [], "five documents": []}
        for i in range(args.runs):  # alternating which goes first, so neither always follows the other
            order = [("no documents", empty), ("five documents", tmp_path / "with-docs")]
            for name, home in order if i % 2 == 0 else order[::-1]:
                rows[name].append(first_paint(home, env))
        print(f"\n{'start-up to first paint':<26} {'median s':>9} {'CPU s':>7} {'RSS MB':>7}")
        med = {}
        for name, rs in rows.items():
            med[name] = (statistics.median(r["seconds"] for r in rs), statistics.median(r["cpu"] for r in rs),
                         statistics.median(r["rss_mb"] for r in rs))
            print(f"{name:<26} {med[name][0]:>9.3f} {med[name][1]:>7.3f} {med[name][2]:>7.1f}")
        wall = med["five documents"][0] / med["no documents"][0] - 1
        cpu = med["five documents"][1] / med["no documents"][1] - 1
        print(f"five documents vs none: {wall:+.1%} wall clock, {cpu:+.1%} CPU (goal within 5 %)")
        script = tmp_path / "memory.py"
        script.write_text(MEMORY_CHILD, encoding="utf-8")
        out = subprocess.run([sys.executable, str(script), str(data), "5"], capture_output=True, text=True,
                             cwd=ROOT, env=env, timeout=300)
        line = next((l for l in out.stdout.splitlines() if l.startswith("{")), None)
        if line is None:
            print("memory: the child failed:", out.stderr[-1500:])
            return 1
        mem = json.loads(line)
        print(f"memory with five documents in the contents and a search done: {mem['rss_mb']:.0f} MB RSS "
              f"({mem['books']} books; goal < 150 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
