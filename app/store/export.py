"""Export bookmarks to a JSON file and import them elsewhere, merging without duplicates.

The format is documented in docs/BOOKMARKS-FORMAT.md. Import checks the whole file first and
writes in one transaction, so a malformed, truncated or foreign file changes nothing.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import __version__
from app.store.bookmarks import NOTE_MAX, BookmarkStore, clean_folder_name
from app.store.db import new_uid, now_iso
from app.store.errors import DiskFullError, FolderNameError, ImportFormatError, StoreError
from app.wording import count

FORMAT_NAME = "wt-reader-bookmarks"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_BOOKMARKS = 100_000
_TEXT_MAX = 1_000
_DIGITS_MAX = 18  # a whole number in an export is a format version: anything longer is not one
_YEARS = (1970, 9999)


@dataclass(frozen=True)
class ImportedBookmark:
    uid: str
    section_id: str
    anchor: str
    section_title: str
    heading_text: str
    title: str
    note: str
    folder: str | None
    created: str
    updated: str


@dataclass(frozen=True)
class ImportBundle:
    version: int
    folders: tuple[str, ...]
    bookmarks: tuple[ImportedBookmark, ...]


@dataclass(frozen=True)
class ImportResult:
    added: int
    merged: int  # already there; the imported note was added to it
    unchanged: int  # already there, nothing new
    folders_created: int

    def message(self) -> str:
        return (f"{count(self.added, 'bookmark')} added, {self.merged} merged with ones you had, "
                f"{self.unchanged} already there; {count(self.folders_created, 'folder')} created.")


# --------------------------------------------------------------------------- export

def export_document(store: BookmarkStore, content_version: str = "") -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": now_iso(),
        "app_version": __version__,
    }
    if content_version:
        doc["content_version"] = content_version
    doc["folders"] = [{"name": f.name} for f in store.folders()]
    doc["bookmarks"] = [
        {
            "id": b.uid,
            "section": b.section_id,
            "anchor": b.anchor,
            "section_title": b.section_title,
            "heading": b.heading_text,
            "title": b.title,
            "note": b.note,
            "folder": b.folder_name,
            "created": b.created,
            "updated": b.updated,
        }
        for b in store.list()
    ]
    return doc


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename: the target is either old or complete."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise DiskFullError(f"The disk is full, so {path.name} was not written.") from exc
        raise StoreError(f"Could not write {path}: {exc.strerror or exc}") from exc


def export_to_file(store: BookmarkStore, path: str | os.PathLike[str], content_version: str = "") -> int:
    """Write every bookmark and folder to `path`; returns how many bookmarks."""
    doc = export_document(store, content_version)
    data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        write_atomically(Path(path), data)
    except FileNotFoundError as exc:  # pragma: no cover - mkstemp in a missing folder
        raise StoreError(f"Folder not found for {path}.") from exc
    return len(doc["bookmarks"])


# --------------------------------------------------------------------------- parse

def _decode(raw: bytes) -> Any:
    if not raw.strip():
        raise ImportFormatError("The file is empty.")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"This is not a bookmarks export: it is not UTF-8 text (unreadable byte at position {exc.start})."
        ) from exc
    head = text.lstrip()[:200].lower()
    if head.startswith("<!doctype netscape-bookmark") or head.startswith("<"):
        raise ImportFormatError("This looks like a web page or a web browser's bookmarks file, not a "
                                "Working Together Reader bookmarks export.")
    try:
        return json.loads(text, parse_int=_whole_number, parse_constant=_no_constant)
    except RecursionError as exc:
        raise ImportFormatError("This is not a bookmarks export: it is nested far too deeply.") from exc
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 or not text.rstrip().endswith(("}", "]")):
            raise ImportFormatError(
                f"The file is cut short: it ends unexpectedly at line {exc.lineno}. "
                "It may not have been copied completely; export it again."
            ) from exc
        raise ImportFormatError(f"This is not valid JSON ({exc.msg}, line {exc.lineno}, column {exc.colno}).") from exc


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > _DIGITS_MAX:
        raise ImportFormatError(f"This is not a bookmarks export: it holds a number {len(digits)} digits long.")
    return int(digits)


def _no_constant(name: str) -> Any:
    raise ImportFormatError(f"This is not valid JSON ({name} is not a number JSON allows).")


def _check_text(value: str, key: str, where: str) -> None:
    """Text sqlite can store and a screen can show: UTF-8, no control characters but line breaks."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ImportFormatError(f"“{key}” holds a broken character (an unpaired surrogate at "
                                f"position {exc.start})", where) from exc
    bad = next((ch for ch in value if (ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 0x7F), None)
    if bad is not None:
        raise ImportFormatError(f"“{key}” holds a control character (U+{ord(bad):04X})", where)


def _str(item: dict[str, Any], key: str, where: str, *, required: bool = False, limit: int = _TEXT_MAX,
         nullable: bool = False) -> Any:
    if key not in item or (item[key] is None and (nullable or not required)):
        if required:
            raise ImportFormatError(f"“{key}” is missing", where)
        return None if nullable else ""
    value = item[key]
    if not isinstance(value, str):
        raise ImportFormatError(f"“{key}” should be text, not {type(value).__name__}", where)
    if required and not value.strip():
        raise ImportFormatError(f"“{key}” is empty", where)
    if len(value) > limit:
        raise ImportFormatError(f"“{key}” is too long ({len(value)} characters; at most {limit})", where)
    _check_text(value, key, where)
    return value


def _timestamp(item: dict[str, Any], key: str, where: str) -> str:
    value = _str(item, key, where)
    if not value:
        return ""
    shown = value if len(value) <= 40 else value[:40] + "…"
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
        parsed = parsed.astimezone(dt.timezone.utc)  # OverflowError at the ends of the calendar
    except (ValueError, OverflowError) as exc:
        raise ImportFormatError(f"“{key}” is not a date and time ({shown!r})", where) from exc
    if not _YEARS[0] <= parsed.year <= _YEARS[1]:
        raise ImportFormatError(f"“{key}” is not a plausible date ({shown!r})", where)
    return parsed.isoformat(timespec="microseconds")


def parse_document(raw: bytes) -> ImportBundle:
    """Check an export file completely; ImportFormatError says what is wrong and where."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFormatError(f"The file is too large for a bookmarks export ({len(raw) // 1024 // 1024} MB).")
    doc = _decode(raw)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportFormatError("This is not a Working Together Reader bookmarks export "
                                f"(it has no \"format\": \"{FORMAT_NAME}\").")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFormatError("“version” should be a whole number from 1 up.")
    if version > FORMAT_VERSION:
        raise ImportFormatError(f"This export was made by a newer version of the app (format {version}); "
                                f"this version reads format {FORMAT_VERSION}. Please update the app.")
    folders_raw = doc.get("folders", [])
    if not isinstance(folders_raw, list):
        raise ImportFormatError("“folders” should be a list.")
    folders: list[str] = []
    for i, item in enumerate(folders_raw):
        where = f"folders[{i}]"
        if not isinstance(item, dict):
            raise ImportFormatError("each folder should be an object with a “name”", where)
        try:
            folders.append(clean_folder_name(_str(item, "name", where, required=True)))
        except FolderNameError as exc:
            raise ImportFormatError(str(exc), where) from exc
    items = doc.get("bookmarks")
    if items is None:
        raise ImportFormatError("“bookmarks” is missing.")
    if not isinstance(items, list):
        raise ImportFormatError("“bookmarks” should be a list.")
    if len(items) > MAX_BOOKMARKS:
        raise ImportFormatError(f"Too many bookmarks ({len(items)}; at most {MAX_BOOKMARKS}).")
    bookmarks: list[ImportedBookmark] = []
    for i, item in enumerate(items):
        where = f"bookmarks[{i}]"
        if not isinstance(item, dict):
            raise ImportFormatError("each bookmark should be an object", where)
        folder = _str(item, "folder", where, nullable=True)
        if folder is not None:
            try:
                folder = clean_folder_name(folder)
            except FolderNameError as exc:
                raise ImportFormatError(str(exc), f"{where}.folder") from exc
            if folder.casefold() not in {f.casefold() for f in folders}:
                folders.append(folder)
        bookmarks.append(ImportedBookmark(
            uid=_str(item, "id", where, limit=64),
            section_id=_str(item, "section", where, required=True, limit=200),
            anchor=_str(item, "anchor", where, limit=200),
            section_title=_str(item, "section_title", where),
            heading_text=_str(item, "heading", where),
            title=_str(item, "title", where),
            note=_str(item, "note", where, limit=NOTE_MAX),
            folder=folder,
            created=_timestamp(item, "created", where),
            updated=_timestamp(item, "updated", where),
        ))
    return ImportBundle(version, tuple(folders), tuple(bookmarks))


def read_limited(stream: Any, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """At most `limit` bytes, whatever the file says its size is (/dev/zero says 0)."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise ImportFormatError(f"The file is too large for a bookmarks export (more than {limit // 1024 // 1024} MB).")
    return raw


def read_import_file(path: str | os.PathLike[str]) -> ImportBundle:
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):  # a device, pipe or socket: reading could never end
            raise ImportFormatError(f"{path} is not an ordinary file, so it cannot be a bookmarks export.")
        if info.st_size > MAX_IMPORT_BYTES:
            raise ImportFormatError(f"The file is too large for a bookmarks export ({info.st_size // 1024 // 1024} MB).")
        with open(path, "rb") as fh:
            raw = read_limited(fh)
    except IsADirectoryError as exc:
        raise ImportFormatError(f"{path} is a folder, not a file.") from exc
    except FileNotFoundError as exc:
        raise ImportFormatError(f"File not found: {path}") from exc
    except OSError as exc:
        raise ImportFormatError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    return parse_document(raw)


# --------------------------------------------------------------------------- merge

def _merge_note(existing: str, incoming: str) -> str | None:
    """The merged note, or None when the incoming note adds nothing."""
    incoming = incoming.strip()
    if not incoming or incoming in existing:
        return None
    return f"{existing.rstrip()}\n\n{incoming}" if existing.strip() else incoming


def import_bundle(store: BookmarkStore, bundle: ImportBundle) -> ImportResult:
    """Merge a checked bundle in one transaction: same id or same place = same bookmark."""
    added = merged = unchanged = folders_created = 0
    stamp = now_iso()
    with store.db.write() as c:
        folder_ids: dict[str, int] = {}
        for name in bundle.folders:
            row = c.execute("SELECT id FROM folders WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
            if row is None:
                row = (c.execute("INSERT INTO folders(uid, name, created) VALUES (?,?,?)",
                                 (new_uid(), name, stamp)).lastrowid,)
                folders_created += 1
            folder_ids[name.casefold()] = int(row[0])
        for b in bundle.bookmarks:
            folder_id = folder_ids.get(b.folder.casefold()) if b.folder else None
            row = None
            if b.uid:
                row = c.execute("SELECT * FROM bookmarks WHERE uid = ?", (b.uid,)).fetchone()
            if row is None:
                row = c.execute("SELECT * FROM bookmarks WHERE section_id = ? AND anchor = ?",
                                (b.section_id, b.anchor)).fetchone()
            if row is None:
                c.execute(
                    """INSERT INTO bookmarks(uid, section_id, anchor, section_title, heading_text, title,
                       note, folder_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                    (b.uid or new_uid(), b.section_id, b.anchor, b.section_title, b.heading_text,
                     b.title, b.note.strip(), folder_id, b.created or stamp, b.updated or b.created or stamp))
                added += 1
                continue
            note = _merge_note(row["note"], b.note)
            changes: dict[str, Any] = {}
            if note is not None:
                changes["note"] = note
            if not row["title"] and b.title:
                changes["title"] = b.title
            if row["folder_id"] is None and folder_id is not None:
                changes["folder_id"] = folder_id
            if changes:
                changes["updated"] = stamp
                sets = ", ".join(f"{k} = :{k}" for k in changes)
                c.execute(f"UPDATE bookmarks SET {sets} WHERE id = :id", {**changes, "id": row["id"]})
                merged += 1
            else:
                unchanged += 1
    return ImportResult(added, merged, unchanged, folders_created)


def import_file(store: BookmarkStore, path: str | os.PathLike[str]) -> ImportResult:
    """Check then merge an export file; on any ImportFormatError nothing is changed."""
    return import_bundle(store, read_import_file(path))
