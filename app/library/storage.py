"""Imported documents on disk, in the data folder: our own normalised form, never the file.

    library/
      library.json              the manifest: documents in order, and those removed (by title)
      <document id>/document.json

A document is written into a temporary folder and renamed into place, then the manifest is
replaced (temp file, then os.replace): a killed import leaves at most an orphan folder, which
the next write clears, and never a half document in the library. The manifest is the only
truth: a folder it does not list is not in the library.

The window and the command line (`documents add`) may change the library at the same moment:
each change to the manifest (read, change, replace) holds a lock file, `library.lock`, so
neither writes over the other's document.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from app.library.model import Document, DocSection, DocumentInfo, Piece, Place, place_of_piece, section_key

log = logging.getLogger(__name__)

MANIFEST = "library.json"
DOCUMENT_FILE = "document.json"
FORMAT = "wt-reader-document"
FORMAT_VERSION = 1
ORPHAN_AGE_S = 600
LOCK_FILE = "library.lock"
LOCK_WAIT_S = 15  # another process's change takes well under a second


class StorageError(Exception):
    """The library folder cannot be read or written; str() is one sentence for the user."""


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _places(pieces: tuple[Piece, ...]) -> tuple[Place, ...]:
    return tuple(place for place in map(place_of_piece, pieces) if place is not None)


def document_to_json(doc: Document) -> dict:
    prefix = len(doc.id) + 1
    return {
        "format": FORMAT, "version": FORMAT_VERSION, "info": doc.info.as_json(),
        "sections": [{"id": s.id[prefix:], "title": s.title, "number": s.number, "label": s.label,
                      "page": s.page,
                      "pieces": [[p.kind, p.text, p.level, p.number, p.page, [list(r) for r in p.rows], p.anchor]
                                 for p in s.pieces]}
                     for s in doc.sections],
    }


def document_from_json(data: dict) -> Document:
    if data.get("format") != FORMAT or int(data.get("version", 0)) > FORMAT_VERSION:
        raise ValueError("not a document of this app's format")
    info = DocumentInfo.from_json(data["info"])
    sections = []
    for s in data["sections"]:
        pieces = tuple(Piece(k, t, int(lv), n, pg, tuple(tuple(r) for r in rows), a)
                       for k, t, lv, n, pg, rows, a in s["pieces"])
        sections.append(DocSection(section_key(info.id, s["id"]), s["title"], s["number"], s["label"],
                                   _places(pieces), pieces, s.get("page", "")))
    return Document(info, tuple(sections))


class LibraryStore:
    """The imported documents in one folder. Safe to share between threads of one process;
    every write re-reads the manifest first, so a window and a command line can both add."""

    kind = "imported"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.RLock()
        self._file_lock = None  # made at the first change: filelock costs the start-up 20 ms
        self._cache: dict[str, Document] = {}
        self._infos_cache: tuple[tuple | None, tuple] | None = None

    # -- the manifest -----------------------------------------------------------------------
    def _stamp(self) -> tuple | None:
        try:
            st = (self.root / MANIFEST).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _manifest(self) -> dict:
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("documents"), list):
                return data
            log.warning("library manifest %s has an unknown shape; treated as empty", self.root / MANIFEST)
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.warning("library manifest %s cannot be read: %s", self.root / MANIFEST, exc)
        return {"documents": [], "removed": []}

    @contextmanager
    def _changing(self):
        """Hold the library for one change to the manifest, against other processes too."""
        from filelock import FileLock, Timeout

        if self._file_lock is None:
            self._file_lock = FileLock(str(self.root / LOCK_FILE), timeout=LOCK_WAIT_S)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with self._file_lock:
                yield
        except Timeout as exc:
            raise StorageError("The library is being changed by another window or command; "
                               "try again in a moment.") from exc
        except OSError as exc:
            raise StorageError(f"The library could not be changed in {self.root} ({exc.strerror or exc}).") from exc

    def _save_manifest(self, data: dict) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.root / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise StorageError(f"The library could not be saved in {self.root} ({exc.strerror or exc}).") from exc

    def infos(self) -> list[DocumentInfo]:
        """The documents in order (the manifest is read again only when the file changed:
        another window or the command line may have written it)."""
        stamp = self._stamp()
        cached = self._infos_cache
        if cached is not None and stamp is not None and cached[0] == stamp:
            return list(cached[1])
        out = []
        for entry in self._manifest()["documents"]:
            try:
                out.append(DocumentInfo.from_json(entry))
            except (TypeError, KeyError):
                log.warning("library manifest entry skipped: %r", entry)
        self._infos_cache = (stamp, tuple(out))
        return out

    def removed(self) -> dict[str, str]:
        """Documents removed from the library: id → title (their bookmarks say so)."""
        return {str(r.get("id")): str(r.get("title", "")) for r in self._manifest().get("removed", [])
                if isinstance(r, dict)}

    def info(self, doc_id: str) -> DocumentInfo | None:
        return next((i for i in self.infos() if i.id == doc_id), None)

    # -- documents --------------------------------------------------------------------------
    def load(self, doc_id: str) -> Document:
        """The whole document (cached). KeyError if it is not in the library or unreadable."""
        with self._lock:
            info = self.info(doc_id)
            if info is None:
                raise KeyError(doc_id)
            doc = self._cache.get(doc_id)
            if doc is not None and doc.info.sha256 == info.sha256:
                return doc
            path = self.root / doc_id / DOCUMENT_FILE
            try:
                doc = document_from_json(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("library document %s cannot be read: %s", path, exc)
                raise KeyError(doc_id) from exc
            self._cache[doc_id] = doc
            return doc

    def write(self, doc: Document, replaces: str | None = None) -> None:
        """Put a document in the library (after `replaces`, which leaves it), all or nothing."""
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            self._clear_orphans()
            tmp = Path(tempfile.mkdtemp(prefix=f".{doc.id}.", suffix=".importing", dir=self.root))
            try:
                _write_atomically(tmp / DOCUMENT_FILE, json.dumps(document_to_json(doc), ensure_ascii=False))
                final = self.root / doc.id
                if final.exists():  # an orphan left by a killed import (not in the manifest)
                    shutil.rmtree(final)
                tmp.rename(final)
            except OSError as exc:
                shutil.rmtree(tmp, ignore_errors=True)
                raise StorageError(f"The document could not be saved in {self.root} ({exc.strerror or exc}).") from exc
            try:
                with self._changing():
                    data = self._manifest()
                    entries = [e for e in data["documents"] if e.get("id") != doc.id]
                    at = next((i for i, e in enumerate(entries) if e.get("id") == replaces), len(entries))
                    entries.insert(at, doc.info.as_json())
                    data["documents"] = entries
                    data["removed"] = [r for r in data.get("removed", []) if r.get("id") != doc.id]
                    self._save_manifest(data)
            except StorageError:
                shutil.rmtree(self.root / doc.id, ignore_errors=True)
                raise
            self._cache[doc.id] = doc
            if replaces:
                self.remove(replaces)

    def remove(self, doc_id: str) -> DocumentInfo:
        """Take a document out of the library (KeyError if absent); its title is remembered."""
        with self._lock, self._changing():
            data = self._manifest()
            entry = next((e for e in data["documents"] if e.get("id") == doc_id), None)
            if entry is None:
                raise KeyError(doc_id)
            data["documents"] = [e for e in data["documents"] if e.get("id") != doc_id]
            removed = [r for r in data.get("removed", []) if r.get("id") != doc_id]
            removed.append({"id": doc_id, "title": entry.get("title", "")})
            data["removed"] = removed
            self._save_manifest(data)
            self._cache.pop(doc_id, None)
            shutil.rmtree(self.root / doc_id, ignore_errors=True)
            return DocumentInfo.from_json(entry)

    def _clear_orphans(self) -> None:
        """Folders a killed import left (not listed; untouched for a while, so not another
        process's import in progress)."""
        listed = {e.get("id") for e in self._manifest()["documents"]}
        now = time.time()
        for child in self.root.iterdir():
            try:
                stale = now - child.stat().st_mtime > ORPHAN_AGE_S
            except OSError:
                continue
            if child.is_dir() and child.name not in listed and stale:
                shutil.rmtree(child, ignore_errors=True)
