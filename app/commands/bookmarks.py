"""wt-reader bookmarks list [--json] | export FILE | import FILE: the user's bookmarks from a shell.

Uses the bookmarks database in the data folder (--data-dir moves it). `list` also says whether
each bookmark's section is still in the current guide. Export/import use the format described
in docs/BOOKMARKS-FORMAT.md; import merges and never creates duplicates.
"""
from __future__ import annotations

import argparse
import json
import sys
from app.wording import count


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bookmarks", help="list, export or import your bookmarks",
                       description="List, export or import your bookmarks (with their folders and notes).")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = actions.add_parser("list", help="show every bookmark and whether its section still exists")
    lst.add_argument("--json", action="store_true", help="print JSON (one array) instead of text")
    exp = actions.add_parser("export", help="write all bookmarks to FILE (JSON; '-' for standard output)")
    exp.add_argument("file", metavar="FILE")
    imp = actions.add_parser("import", help="merge the bookmarks in FILE into yours (no duplicates)")
    imp.add_argument("file", metavar="FILE")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError
    from app.store import ImportFormatError, StoreError, open_store

    try:
        store = open_store()
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    try:
        if store.recovery is not None:
            print(f"wt-reader: {store.recovery.message()}", file=sys.stderr)
        if args.action == "list":
            return _list(args, store)
        if args.action == "export":
            return _export(args, store)
        return _import(args, store)
    except ImportFormatError as exc:
        raise CliError(f"cannot import {args.file}: {exc} Your bookmarks were not changed.") from exc
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()


def _sections(args: argparse.Namespace):
    from app.cli import CliError, load_guide_or_fail

    try:
        return load_guide_or_fail(args).sections
    except CliError as exc:
        print(f"wt-reader: {exc}; cannot say which sections still exist", file=sys.stderr)
        return None


def _list(args: argparse.Namespace, store) -> int:
    from app.store import locate

    bookmarks = store.bookmarks.list()
    sections = _sections(args)
    rows = []
    for b in bookmarks:
        where = locate(b, sections) if sections is not None else None
        rows.append((b, where))
    if args.json:
        out = []
        for b, where in rows:
            out.append({
                "id": b.uid, "section": b.section_id, "anchor": b.anchor, "section_title": b.section_title,
                "heading": b.heading_text, "title": b.title, "note": b.note, "folder": b.folder_name,
                "created": b.created, "updated": b.updated,
                "status": where.status.value if where else "unknown",
                "current_section": where.section_id if where else None,
                "current_anchor": where.anchor if where else None,
            })
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No bookmarks.")
        return 0
    for b, where in sorted(rows, key=lambda r: ((r[0].folder_name or "").casefold(), r[0].label.casefold())):
        target = b.section_id + (f"#{b.anchor}" if b.anchor else "")
        status = where.status.value if where else "unknown"
        moved = f" → {where.section_id}" if where and where.section_id and where.section_id != b.section_id else ""
        folder = f"[{b.folder_name}] " if b.folder_name else ""
        print(f"{folder}{b.label}  ({target}; {status}{moved})")
        if b.note:
            first = b.note.splitlines()[0]
            more = "…" if len(first) > 100 or len(b.note.splitlines()) > 1 else ""
            print(f"    note: {first[:100]}{more}")
    print(count(len(rows), "bookmark"))
    return 0


def _export(args: argparse.Namespace, store) -> int:
    from app.store.export import export_document, export_to_file
    from app.store.privacy import export_warning, notes_with_case_details

    risky = notes_with_case_details(store.bookmarks.list())
    if risky:  # on stderr: standard output may be the export itself
        print(f"Warning: {export_warning(risky)}", file=sys.stderr)
    if args.file == "-":
        print(json.dumps(export_document(store.bookmarks), ensure_ascii=False, indent=2))
        return 0
    n = export_to_file(store.bookmarks, args.file)
    print(f"Exported {count(n, 'bookmark')} to {args.file}")
    return 0


def _import(args: argparse.Namespace, store) -> int:
    from app.store.export import import_bundle, parse_document, read_import_file, read_limited
    from app.store.privacy import check_note

    bundle = parse_document(read_limited(sys.stdin.buffer)) if args.file == "-" else read_import_file(args.file)
    result = import_bundle(store.bookmarks, bundle)
    print(result.message())
    flagged = sum(1 for b in bundle.bookmarks if check_note(b.note))
    if flagged:
        print(f"Note: {count(flagged, 'imported note')} {'looks' if flagged == 1 else 'look'} like "
              f"{'it holds' if flagged == 1 else 'they hold'} details of a child or family. "
              "This app is a reference, not a case record; please review them.")
    return 0
