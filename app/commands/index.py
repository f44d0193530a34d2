"""wt-reader index [--rebuild]: build (or check) the search index and say where and how long."""
from __future__ import annotations

import argparse
import time


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="build the search index (normally automatic)")
    p.add_argument("--rebuild", action="store_true", help="build it again even if it is up to date")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app import paths
    from app.cli import CliError, load_guide_or_fail
    from app.library.library import open_library
    from app.search import IndexManager, IndexUnavailable

    guide = load_guide_or_fail(args)
    manager = IndexManager(guide, paths.index_cache_dir(), None, open_library(guide))
    started = time.perf_counter()
    try:
        ix = manager.ensure(force=args.rebuild)
    except IndexUnavailable as exc:
        raise CliError(str(exc)) from exc
    with ix.searcher() as s:
        docs = s.doc_count()
    how = "built" if manager.source == "built" else "already up to date"
    print(f"Search index {how}: {docs} documents in {manager.cache_dir} ({time.perf_counter() - started:.2f} s)")
    manager.close()
    return 0
