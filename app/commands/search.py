"""wt-reader search "QUERY" [--limit N] [--json] [--part ID] [--audience ID] [--no-glossary]

JSON shape (version 1, stable for scripts):
{"version": 1, "query": str, "total": int, "corrected": str, "used_correction": bool,
 "expansions": [{"typed": str, "also_searched": [str]}], "suggestions": [str],
 "results": [{"id": str, "anchor": str, "kind": "section"|"heading"|"glossary", "title": str,
              "heading": str, "location": str, "score": float, "snippet": str, "why": [str],
              "document": str ("guide" for the bundled guide, else a library document's id),
              "citation": str (library documents only: title, chapter, printed paragraph number)}]}
"""
from __future__ import annotations

import argparse
import json
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="search the guide from the command line")
    p.add_argument("query", help="what to search for, e.g. \"icpc timescale\"")
    p.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON (stable shape, for scripts)")
    p.add_argument("--part", metavar="ID", help="only this part of the guide")
    p.add_argument("--audience", metavar="ID", help="only sections for this audience, e.g. education")
    p.add_argument("--no-glossary", action="store_true", help="leave out glossary terms")
    p.add_argument("--document", metavar="ID", help="only this document ('guide' for the guide alone; "
                                                   "`wt-reader documents list` shows the ids)")
    p.set_defaults(run=run)


def open_searcher(args: argparse.Namespace):
    from app import paths
    from app.cli import CliError, load_guide_or_fail
    from app.library.library import open_library
    from app.search import IndexManager, IndexUnavailable, Searcher

    guide = load_guide_or_fail(args)
    manager = IndexManager(guide, paths.index_cache_dir(), paths.prebuilt_index_dir(), open_library(guide))
    try:
        manager.ensure()
    except IndexUnavailable as exc:
        raise CliError(str(exc)) from exc
    return guide, manager, Searcher(guide, manager)


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError

    guide, _manager, searcher = open_searcher(args)
    if args.part and args.part not in {p.id for p in guide.parts}:
        raise CliError(f"unknown part '{args.part}'; parts are: {', '.join(p.id for p in guide.parts)}")
    if args.audience and args.audience not in guide.audiences and args.audience != "all":
        raise CliError(f"unknown audience '{args.audience}'; audiences are: {', '.join(guide.audiences)}")
    document = getattr(args, "document", None)
    if document and _manager.library.info(document) is None:
        raise CliError(f"unknown document '{document}'; `wt-reader documents list` shows the ids")
    response = searcher.search(args.query, limit=args.limit, part=args.part, audience=args.audience,
                               include_glossary=not args.no_glossary, document=document)
    if args.json:
        print(json.dumps({
            "version": 1, "query": response.query, "total": response.total, "corrected": response.corrected,
            "used_correction": response.used_correction,
            "expansions": [{"typed": t, "also_searched": list(a)} for t, a in response.expansions],
            "suggestions": list(response.suggestions),
            "results": [{"id": r.section_id, "anchor": r.anchor, "kind": r.kind, "title": r.title,
                         "heading": r.heading, "location": r.location, "score": r.score,
                         "snippet": r.snippet_text, "why": list(r.why), "document": r.document,
                         **({"citation": r.citation} if r.document != "guide" else {})}
                        for r in response.results],
        }, indent=2, ensure_ascii=False))
        return 0
    if response.used_correction:
        print(f"Showing results for “{response.corrected}” (the guide has no “{'”, “'.join(response.replaced) or response.query}”).")
    elif response.corrected:
        print(f"Did you mean: {response.corrected}?")
    if not response.results:
        print(response.message or "No results.")
        if response.suggestions:
            print("Try: " + ", ".join(response.suggestions))
        return 0
    for i, r in enumerate(response.results, 1):
        target = r.section_id + (f"#{r.anchor}" if r.anchor else "")
        print(f"{i:>2}. {r.location}  [{target}]  score {r.score:.2f}")
        if r.citation:
            print(f"    cite: {r.citation}")
        if r.snippet_text:
            print(f"    {r.snippet_text}")
        if r.why:
            print(f"    matched: {', '.join(r.why)}")
    sys.stdout.flush()
    return 0
