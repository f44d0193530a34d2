"""wt-reader documents add FILE [--title T] [--json] [--replace ID] | list [--json] | remove ID

The library's documents from a shell (the names are a contract for IT and scripts):

* `add` prints the new document's id (or, with --json, {"id", "title", "replaced",
  "bookmarks_moved", "bookmarks_not_placed"}). A newer copy of a document already there (same
  title family) is kept beside it unless --replace names the one it replaces; its bookmarks
  then move to the matching places in the new copy, and those that cannot be placed are listed.
* `list --json` prints {"documents": [{"id", "title", "format", "source_file", "sha256",
  "added", "sections", "paragraphs"}]} (the guide is not listed: it is always there).
* `remove` takes a document out; bookmarks on it are kept, marked "document removed".

Bad input gets one sentence on standard error, a non-zero exit, and no change to the library.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

log = logging.getLogger(__name__)

LIST_FIELDS = ("id", "title", "format", "source_file", "sha256", "added", "sections", "paragraphs")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("documents", help="add, list or remove documents in your library",
                       description="Add official documents (PDF, saved GOV.UK HTML, Word, EPUB) to read, "
                                   "search and cite offline beside the guide.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="import FILE into the library and print its id")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--title", help="the document's title (instead of the file's own)")
    add.add_argument("--replace", metavar="ID", help="replace this earlier copy, moving its bookmarks")
    add.add_argument("--json", action="store_true", help="print JSON instead of the id alone")
    lst = actions.add_parser("list", help="show the documents in the library")
    lst.add_argument("--json", action="store_true", help="print JSON (stable shape, for scripts)")
    rm = actions.add_parser("remove", help="take a document out of the library (bookmarks are kept)")
    rm.add_argument("id", metavar="ID")
    p.set_defaults(run=run)


def _library(args: argparse.Namespace):
    from app.cli import load_guide_or_fail
    from app.library.library import open_library

    return open_library(load_guide_or_fail(args))


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError
    from app.library.parsed import ImportRefused
    from app.library.storage import StorageError

    library = _library(args)
    try:
        if args.action == "add":
            return _add(args, library)
        if args.action == "list":
            return _list(args, library)
        return _remove(args, library)
    except (ImportRefused, StorageError) as exc:
        raise CliError(str(exc)) from exc


def _open_bookmarks():
    from app.store import StoreError, open_store

    try:
        return open_store()
    except StoreError as exc:
        print(f"wt-reader: bookmarks not moved: {exc}", file=sys.stderr)
        return None


def _add(args: argparse.Namespace, library) -> int:
    from app.cli import CliError
    from app.library import adding, reanchor
    from app.library.parsed import ImportRefused

    try:
        prepared = adding.prepare(library, args.file, title=args.title or "")
    except ImportRefused:
        raise
    except MemoryError as exc:
        raise CliError("The file is too big to import.") from exc
    except Exception as exc:  # noqa: BLE001 - a file nobody foresaw: one sentence, no traceback
        log.exception("importing %s failed", args.file)
        raise CliError("The file could not be imported: it is damaged or not what its name says.") from exc
    replace = args.replace
    if replace and replace not in {i.id for i in prepared.earlier} and library.info(replace) is None:
        raise CliError(f"There is no document “{replace}” to replace; `wt-reader documents list` shows the ids.")
    old = library.document(replace) if replace else None
    added = adding.commit(library, prepared, replace=replace)
    moved: list = []
    lost: list = []
    if old is not None:
        store = _open_bookmarks()
        if store is not None:
            try:
                plan = reanchor.plan(old, prepared.document, reanchor.bookmarks_on(store.bookmarks, old.id))
                moved, lost = reanchor.apply(plan, store.bookmarks)
            finally:
                store.close()
    elif prepared.earlier:
        names = ", ".join(f"“{i.title}” ({i.id})" for i in prepared.earlier)
        print(f"wt-reader: the library also has an earlier copy: {names}; both are kept "
              f"(use --replace ID to replace it and move its bookmarks).", file=sys.stderr)
    if args.json:
        print(json.dumps({"id": added.info.id, "title": added.info.title,
                          "replaced": added.replaced.id if added.replaced else None,
                          "bookmarks_moved": len(moved),
                          "bookmarks_not_placed": [b.label for b in lost]}, indent=2, ensure_ascii=False))
    else:
        print(added.info.id)
        for b in lost:
            print(f"wt-reader: bookmark not placed in the new copy: {b.label}", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace, library) -> int:
    infos = library.documents()
    if args.json:
        print(json.dumps({"documents": [{k: info.as_json()[k] for k in LIST_FIELDS} for info in infos]},
                         indent=2, ensure_ascii=False))
        return 0
    if not infos:
        print("The library has no documents yet: wt-reader documents add FILE")
        return 0
    for info in infos:
        print(f"{info.id}  {info.title}  ({info.format}, {info.sections} sections, from {info.source_file})")
    return 0


def _remove(args: argparse.Namespace, library) -> int:
    from app.cli import CliError

    if args.id == "guide":
        raise CliError("The guide is part of the app and cannot be removed.")
    if library.store is None or library.store.info(args.id) is None:
        raise CliError(f"There is no document “{args.id}” in the library; `wt-reader documents list` shows the ids.")
    info = library.store.remove(args.id)
    print(f"Removed “{info.title}”. Bookmarks on it are kept, marked “document removed”.")
    return 0
