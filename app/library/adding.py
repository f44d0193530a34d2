"""Adding a file to the library, in two steps so that a person can choose in between:

    prepared = prepare(library, path, progress=..., cancelled=...)   # slow: read and normalise
    if prepared.earlier: ask "keep both or replace <earlier title>?"
    result = commit(library, prepared, replace=None or an earlier id)  # quick: write it

Every refusal is ImportRefused with one sentence, and the library is unchanged: a file already
in it (same SHA-256), one the importers cannot read, a cancelled import.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Callable, NamedTuple

from app.library.library import Library
from app.library.model import GUIDE_ID, Document, DocumentInfo
from app.library.normalise import document_id, normalise, title_family
from app.library.parsed import Cancelled, ImportCancelled, ImportRefused, ParsedDocument, Progress

PRE_HASH_LIMIT = 200 * 1024 * 1024  # bigger files are left to the importers' size check

Importer = Callable[..., ParsedDocument]


class Prepared(NamedTuple):
    document: Document
    earlier: tuple  # DocumentInfo of earlier copies of the same title family, oldest first


class Added(NamedTuple):
    info: DocumentInfo
    replaced: DocumentInfo | None


def _default_importer() -> Importer:
    from app.library.importers import import_file

    return import_file


def file_sha256(path: Path, cancelled: Cancelled | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            digest.update(chunk)
    return digest.hexdigest()


def already_there(library: Library, sha256: str) -> DocumentInfo | None:
    return next((i for i in library.documents() if sha256 and i.sha256 == sha256), None)


def _refuse_duplicate(existing: DocumentInfo) -> ImportRefused:
    return ImportRefused(f"This file is already in the library as “{existing.title}”.")


def prepare(library: Library, path: str | os.PathLike, *, title: str = "", importer: Importer | None = None,
            progress: Progress | None = None, cancelled: Cancelled | None = None) -> Prepared:
    """Read and normalise a file (slow: run it in a worker). Nothing is written."""
    if library.store is None:
        raise ImportRefused("This library cannot take new documents.")
    path = Path(path)
    try:
        if not path.is_file():
            raise ImportRefused(f"There is no file called “{path.name}”.")
        if path.stat().st_size <= PRE_HASH_LIMIT:
            existing = already_there(library, file_sha256(path, cancelled))
            if existing is not None:
                raise _refuse_duplicate(existing)
    except OSError as exc:
        raise ImportRefused(f"The file “{path.name}” cannot be read ({exc.strerror or exc}).") from exc
    parsed = (importer or _default_importer())(path, progress=progress, cancelled=cancelled)
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    existing = already_there(library, parsed.sha256)
    if existing is not None:
        raise _refuse_duplicate(existing)
    if not any(b.text.strip() or b.rows for b in parsed.blocks):
        raise ImportRefused(f"“{path.name}” has no text to read.")
    taken = [i.id for i in library.documents()] + list(library.removed())
    name = title or parsed.title
    doc = normalise(parsed, doc_id=document_id(name or path.stem, taken), title=title,
                    added=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    family = title_family(doc.title)
    earlier = tuple(i for i in library.documents() if family and i.family == family and i.id != GUIDE_ID)
    return Prepared(doc, earlier)


def commit(library: Library, prepared: Prepared, replace: str | None = None) -> Added:
    """Write a prepared document into the library; with `replace`, it takes that document's
    place and the old one is removed (moving bookmarks is the caller's: app/library/reanchor.py)."""
    existing = already_there(library, prepared.document.info.sha256)
    if existing is not None:  # added meanwhile, by another window or the command line
        raise _refuse_duplicate(existing)
    old = library.info(replace) if replace else None
    if replace and old is None:
        raise ImportRefused(f"There is no document “{replace}” to replace.")
    library.store.write(prepared.document, replaces=replace)
    return Added(prepared.document.info, old)
