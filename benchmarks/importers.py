"""Import time of large generated documents: a 200-page PDF and a 100-page GOV.UK HTML page (goal ≤ 15 s each).

    python benchmarks/importers.py [--repeat 3] [--pdf-pages 200] [--html-pages 100] [--formats pdf,html,docx,epub]

The documents are made first (tests/fixtures/library_docs.py, our own words, laid out as GOV.UK
publishes), then each is imported `--repeat` times through `import_file` with a progress
callback, as the app does; the best and worst wall-clock times are printed, with blocks found.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.library.importers import import_file  # noqa: E402
from tests.fixtures.library_docs import benchmark_html, benchmark_pdf, sample, write_docx, write_epub  # noqa: E402

GOAL_SECONDS = 15.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-pages", type=int, default=200)
    parser.add_argument("--html-pages", type=int, default=100)
    parser.add_argument("--formats", default="pdf,html,docx,epub")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wt-importers-bench-"))
    makers = {
        "pdf": (f"{args.pdf_pages}-page PDF", lambda p: benchmark_pdf(p, args.pdf_pages)),
        "html": (f"{args.html_pages}-page HTML page", lambda p: benchmark_html(p, args.html_pages)),
        "docx": (f"{args.html_pages}-page Word document", lambda p: write_docx(p, sample(pages=args.html_pages))),
        "epub": (f"{args.html_pages}-page EPUB", lambda p: write_epub(p, sample(pages=args.html_pages))),
    }
    failed = False
    for kind in args.formats.split(","):
        name, make = makers[kind]
        path = folder / f"benchmark.{kind}"
        started = time.perf_counter()
        make(path)
        made = time.perf_counter() - started
        times = []
        for _ in range(args.repeat):
            updates = []
            started = time.perf_counter()
            parsed = import_file(path, progress=lambda done, total: updates.append(done))
            times.append(time.perf_counter() - started)
        verdict = "ok" if max(times) <= GOAL_SECONDS or kind not in ("pdf", "html") else "SLOWER THAN GOAL"
        failed |= verdict != "ok"
        print(f"{name}: {path.stat().st_size / 1e6:.1f} MB made in {made:.1f} s; import best {min(times):.2f} s, "
              f"worst {max(times):.2f} s over {args.repeat}; {len(parsed.blocks)} blocks, "
              f"{len(updates)} progress updates; {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
