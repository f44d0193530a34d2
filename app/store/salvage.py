"""Recovery of a damaged bookmarks database: the originals set aside untouched, every readable row kept.

Order matters, because sqlite changes the files as it opens them: with a zero-length (or
missing) database it deletes the -wal, and the last connection to close merges the -wal into
the main file and deletes it. So:

1. `preflight` looks at the files without sqlite. A missing or empty database beside a -wal
   that holds commits, a -wal that is not a -wal, or a -wal holding fewer commits than the
   -shm says were made (cut short, emptied, overwritten) is damage. Whenever a -wal or -shm is
   there, byte-for-byte copies of all three files are taken before anything opens them.
2. When the database is damaged, `set_aside` puts those untouched originals beside it as
   ``<name>.damaged-STAMP`` (+ ``-wal``, ``-shm``).
3. `salvage` works on a scratch copy in which the -wal's committed pages are applied by hand
   (what a checkpoint would do), then reads each table by rowid: where a read fails it steps
   one rowid at a time over the unreadable stretch, so every leaf page sqlite can still read
   gives up its rows. Past ``DENSE_STEPS`` unreadable rowids in a row it gallops (2, 4, 8…),
   which only matters for rowids far apart; the app assigns them one after another.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DAMAGED_INFIX = ".damaged-"
SIDE_FILES = ("-wal", "-shm")
DENSE_STEPS = 20_000
_SNAPSHOT_PREFIX = ".opening-"
_STALE_SNAPSHOT_S = 3600
_ROWID_MIN, _ROWID_MAX = -(2**63), 2**63 - 1

_WAL_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # checksum word order: little / big endian
_WAL_HEADER, _FRAME_HEADER = 32, 24


# --------------------------------------------------------------------------- the -wal and -shm

@dataclass
class WalContents:
    """What a -wal file holds that sqlite would use: the pages of its committed transactions."""

    size: int = 0
    header_ok: bool = False
    page_size: int = 0
    salt: bytes = b""
    commits: int = 0
    frames: int = 0  # frames up to and including the last valid commit
    db_pages: int = 0  # database size in pages after the last commit
    pages: dict[int, bytes] = field(default_factory=dict)


def _checksum(data: bytes, s0: int, s1: int, order: str) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def read_wal(path: Path, *, keep_pages: bool = True) -> WalContents:
    """Parse a -wal the way sqlite does: frames count while salts and checksums chain."""
    wal = WalContents()
    try:
        data = path.read_bytes()
    except OSError:
        return wal
    wal.size = len(data)
    if len(data) < _WAL_HEADER:
        return wal
    magic, _version, page_size, _seq, _s1, _s2, c0, c1 = struct.unpack(">8I", data[:_WAL_HEADER])
    order = _WAL_MAGIC.get(magic)
    if order is None or page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return wal
    if _checksum(data[:24], 0, 0, order) != (c0, c1):
        return wal
    wal.header_ok, wal.page_size, wal.salt = True, page_size, data[16:24]
    pending: dict[int, bytes] = {}
    offset, frame_no, s = _WAL_HEADER, 0, (c0, c1)
    step = _FRAME_HEADER + page_size
    while offset + step <= len(data):
        head = data[offset:offset + _FRAME_HEADER]
        page = data[offset + _FRAME_HEADER:offset + step]
        pgno, commit_size = struct.unpack(">2I", head[:8])
        if head[8:16] != wal.salt or pgno == 0:
            break
        s = _checksum(page, *_checksum(head[:8], *s, order), order)
        if s != struct.unpack(">2I", head[16:24]):
            break
        frame_no += 1
        if keep_pages:
            pending[pgno] = page
        if commit_size:
            wal.commits, wal.frames, wal.db_pages = wal.commits + 1, frame_no, commit_size
            wal.pages.update(pending)
            pending.clear()
        offset += step
    return wal


@dataclass(frozen=True)
class ShmHeader:
    max_frame: int  # frames of the -wal that had been committed
    backfilled: int  # of those, how many a checkpoint had already copied into the database
    salt: bytes
    frame_checksum: tuple[int, int]  # the running checksum after frame max_frame


def read_shm(path: Path) -> ShmHeader | None:
    """The -shm's record of the -wal, if it is intact (two equal copies, checksum right)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(136)
    except OSError:
        return None
    if len(data) < 136 or data[:48] != data[48:96]:
        return None
    order = "<" if sys.byteorder == "little" else ">"  # the -shm is in the machine's own order
    version, _u, _change, is_init = struct.unpack(f"{order}3IB", data[:13])
    if version != 3007000 or not is_init:
        return None
    if _checksum(data[:40], 0, 0, order) != struct.unpack(f"{order}2I", data[40:48]):
        return None
    (max_frame,) = struct.unpack(f"{order}I", data[16:20])
    (backfilled,) = struct.unpack(f"{order}I", data[96:100])
    return ShmHeader(max_frame, backfilled, data[32:40], struct.unpack(f"{order}2I", data[24:32]))


def _holds_frames(wal_path: Path, shm: ShmHeader) -> bool:
    """Whether the -wal still holds the frames the -shm says were committed (cheap: the last
    frame's salt and running checksum are compared, not every page checksummed)."""
    try:
        with open(wal_path, "rb") as fh:
            head = fh.read(_WAL_HEADER)
            if len(head) < _WAL_HEADER or head[16:24] != shm.salt:
                return False
            page_size = struct.unpack(">I", head[8:12])[0]
            fh.seek(_WAL_HEADER + (shm.max_frame - 1) * (_FRAME_HEADER + page_size))
            frame = fh.read(_FRAME_HEADER + page_size)
    except OSError:
        return False
    return (len(frame) == _FRAME_HEADER + page_size and frame[8:16] == shm.salt
            and struct.unpack(">2I", frame[16:24]) == shm.frame_checksum)


def _wal_header_ok(wal_path: Path) -> bool:
    try:
        with open(wal_path, "rb") as fh:
            head = fh.read(_WAL_HEADER)
    except OSError:
        return False
    if len(head) < _WAL_HEADER:
        return False
    magic, _v, page_size, _seq, _s1, _s2, c0, c1 = struct.unpack(">8I", head)
    order = _WAL_MAGIC.get(magic)
    return (order is not None and 512 <= page_size <= 65536 and not page_size & (page_size - 1)
            and _checksum(head[:24], 0, 0, order) == (c0, c1))


def _wal_damage(db: Path) -> str | None:
    """Why the -wal (read against the -shm) has lost saved changes, or None if it has not."""
    wal_path, shm_path = side(db, "-wal"), side(db, "-shm")
    for _attempt in range(3):
        shm = read_shm(shm_path)
        try:
            wal_size = wal_path.stat().st_size
        except OSError:
            wal_size = 0
        header_ok = wal_size > 0 and _wal_header_ok(wal_path)
        lost = shm is not None and shm.max_frame > shm.backfilled and not _holds_frames(wal_path, shm)
        if shm != read_shm(shm_path):  # another copy of the app is writing: ask again
            time.sleep(0.05)
            continue
        if wal_size and not header_ok:
            return "its journal (-wal) file is not a journal: it is damaged"
        if lost:
            return "its journal (-wal) file has lost changes that had been saved"
        try:
            empty = not db.exists() or (db.is_file() and db.stat().st_size == 0)
        except OSError:
            empty = False
        if empty and header_ok and read_wal(wal_path, keep_pages=False).commits:
            return "the file is empty, but its journal (-wal) holds saved changes"
        return None
    return None


def side(db: Path, suffix: str) -> Path:
    return Path(str(db) + suffix)


# --------------------------------------------------------------------------- preflight

@dataclass
class Preflight:
    """Found before sqlite opens the database: damage it would hide, and copies of the originals."""

    reason: str | None = None
    snapshot: Path | None = None  # a folder with byte-for-byte copies, if side files existed

    def discard(self) -> None:
        if self.snapshot is not None:
            shutil.rmtree(self.snapshot, ignore_errors=True)
            self.snapshot = None


def preflight(db: Path) -> Preflight:
    result = Preflight()
    _remove_stale_snapshots(db)
    sides = [side(db, s) for s in SIDE_FILES]
    if not any(p.exists() for p in sides):
        return result  # opening a lone database file and closing it again leaves it as it was
    result.reason = _wal_damage(db)
    try:
        result.snapshot = Path(tempfile.mkdtemp(prefix=f".{db.name}{_SNAPSHOT_PREFIX}", dir=db.parent))
        for p in [db, *sides]:
            if p.is_file():
                shutil.copy2(p, result.snapshot / p.name)
    except OSError as exc:
        log.warning("could not copy %s before opening it: %s", db, exc)
        result.discard()
        if result.reason:
            raise
    return result


def _remove_stale_snapshots(db: Path, older_than: float = _STALE_SNAPSHOT_S) -> None:
    """Copies left by a process killed while opening the database."""
    for old in db.parent.glob(f".{db.name}{_SNAPSHOT_PREFIX}*"):
        try:
            if time.time() - old.stat().st_mtime >= older_than:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


def remove_snapshots(db: Path) -> None:
    """Every copy taken before opening (wiping the user's data)."""
    _remove_stale_snapshots(db, older_than=-1)


# --------------------------------------------------------------------------- setting aside

def damaged_copies(db: Path) -> list[Path]:
    """Damaged files set aside by earlier recoveries (with their -wal/-shm)."""
    return sorted(db.parent.glob(db.name + DAMAGED_INFIX + "*"))


def _aside_name(db: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target, n = db.with_name(f"{db.name}{DAMAGED_INFIX}{stamp}"), 1
    while any(side(target, s).exists() for s in ("", *SIDE_FILES)):
        n += 1
        target = db.with_name(f"{db.name}{DAMAGED_INFIX}{stamp}-{n}")
    return target


def set_aside(db: Path, pre: Preflight) -> list[Path]:
    """Put the untouched originals beside the database as <name>.damaged-STAMP(-wal, -shm).

    Returns the paths they were put at, the database first (if there was one). Raises OSError
    if the database cannot be moved out of the way.
    """
    target = _aside_name(db)
    kept: list[Path] = []
    if pre.snapshot is not None:
        for suffix in ("", *SIDE_FILES):
            copy = pre.snapshot / (db.name + suffix)
            if copy.exists():
                os.replace(copy, side(target, suffix))
                kept.append(side(target, suffix))
        pre.discard()
        for suffix in ("", *SIDE_FILES):  # what sqlite made of them: the copies are the originals
            try:
                side(db, suffix).unlink()
            except FileNotFoundError:
                pass
            except IsADirectoryError:
                os.replace(side(db, suffix), side(target, suffix))
                kept.append(side(target, suffix))
    else:
        try:
            os.replace(db, target)
            kept.append(target)
        except FileNotFoundError:
            pass  # another copy of the app moved it first
        for suffix in SIDE_FILES:  # made by the failed open, not originals
            try:
                side(db, suffix).unlink()
            except OSError:
                pass
    return kept


# --------------------------------------------------------------------------- salvage

def _scratch_database(originals: Iterable[Path], folder: Path,
                      template: Callable[[Path, int], Path] | None = None) -> Path | None:
    """A copy of the damaged database with its -wal's committed pages written in."""
    originals = list(originals)
    db = next((p for p in originals if not str(p).endswith(SIDE_FILES)), None)
    wal_path = next((p for p in originals if str(p).endswith("-wal")), None)
    data = b""
    if db is not None and db.is_file():
        try:
            data = db.read_bytes()
        except OSError:
            data = b""
    wal = read_wal(wal_path) if wal_path is not None else WalContents()
    if wal.pages:
        size = wal.page_size
        pages = max(wal.db_pages, max(wal.pages))
        image = bytearray(data[:pages * size].ljust(pages * size, b"\0"))
        for pgno, page in wal.pages.items():
            if pgno <= pages:
                image[(pgno - 1) * size:pgno * size] = page
        if not image.startswith(_SQLITE_MAGIC) and template is not None:
            _put_schema_page(image, size, template(folder / "template.sqlite3", size))
        data = bytes(image)
    if not data:
        return None
    scratch = folder / "salvage.sqlite3"
    scratch.write_bytes(data)
    return scratch


_SQLITE_MAGIC = b"SQLite format 3\0"


def _put_schema_page(image: bytearray, size: int, template: Path) -> None:
    """Page 1 (the schema) of a new database in place of a lost one.

    Tables get their root pages in the order the migrations create them, so a new database's
    schema page points at the same root pages as the lost one's: the -wal's pages can be read.
    """
    first = bytearray(template.read_bytes()[:size])
    if len(first) < size or not first.startswith(_SQLITE_MAGIC):
        return
    first[28:32] = struct.pack(">I", len(image) // size)  # the database size in pages
    image[:size] = first


def read_rows(conn: sqlite3.Connection, table: str, wanted: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every row of `table` that sqlite can still read, in rowid order."""
    try:
        have = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    except sqlite3.Error:
        return []
    cols = [c for c in wanted if c in have]
    if not cols:
        return []
    sql = f"SELECT rowid, {', '.join(cols)} FROM {table} WHERE rowid >= ? ORDER BY rowid"
    rows: dict[int, dict[str, Any]] = {}
    start: int | None = _ROWID_MIN
    careful = False  # after a failure: one row per query (see below)
    base, misses = 0, 0  # unreadable rowids since the last good one
    while start is not None:
        try:
            # Python's sqlite3 reads one row ahead and drops the row in hand when that read fails,
            # so past a failure the next row is asked for alone (LIMIT 1 never reads further).
            for row in conn.execute(sql + (" LIMIT 1" if careful else ""), (start,)):
                rowid = row[0]
                rows[rowid] = dict(zip(cols, tuple(row)[1:]))
                start = rowid + 1 if rowid < _ROWID_MAX else None
                misses = 0
            if careful and misses == 0 and start is not None and start - 1 in rows:
                careful = False  # found one: read on in bulk
                continue
            break  # read to the end
        except sqlite3.DatabaseError:
            careful = True
            if start == _ROWID_MIN:
                start, base, misses = 1, 1, 0  # the app's rowids start at 1
                continue
            if misses == 0:
                base = start
                misses = 1
                continue  # ask again for that rowid alone
            step = misses if misses <= DENSE_STEPS else DENSE_STEPS + 2 ** (misses - DENSE_STEPS)
            misses += 1
            start = base + step if base + step <= _ROWID_MAX else None
    return [rows[k] for k in sorted(rows)]


def salvage(originals: Iterable[Path], tables: dict[str, tuple[str, ...]],
            template: Callable[[Path, int], Path] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every readable row of each table in the set-aside files (which are left as they are).

    `template(path, page_size)` makes an empty database of the current schema at `path`: its
    schema page stands in for one that was lost with the main file.
    """
    found: dict[str, list[dict[str, Any]]] = {t: [] for t in tables}
    originals = list(originals)
    if not originals:
        return found
    folder = Path(tempfile.mkdtemp(prefix=".salvage-", dir=originals[0].parent))
    try:
        scratch = _scratch_database(originals, folder, template)
        if scratch is None:
            return found
        try:
            conn = sqlite3.connect(str(scratch), timeout=1.0, isolation_level=None)
            conn.execute("PRAGMA writable_schema=ON")  # read the schema even if some of it is damaged
            conn.execute("PRAGMA query_only=ON")
        except sqlite3.Error:
            return found
        try:
            for table, cols in tables.items():
                found[table] = read_rows(conn, table, cols)
        finally:
            conn.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return found


# --------------------------------------------------------------------------- restore

def _text(value: Any) -> str:
    """A salvaged text field, or "" when it is not text or holds the zeros of a damaged page."""
    if not isinstance(value, str):
        return ""
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
        return ""
    return value


def restore_rows(conn: sqlite3.Connection, found: dict[str, list[dict[str, Any]]], *, stamp: str,
                 new_uid: Any) -> tuple[int, int, int]:
    """Insert salvaged rows into a fresh database; returns (bookmarks, folders, history) kept."""
    folder_ids: set[int] = set()
    for row in found.get("folders", []):
        name = _text(row.get("name")).strip()
        if not name or not isinstance(row.get("id"), int):
            continue
        cur = conn.execute(
            "INSERT OR IGNORE INTO folders(id, uid, name, created) VALUES (?, ?, ?, ?)",
            (row["id"], _text(row.get("uid")) or new_uid(), name, _text(row.get("created")) or stamp),
        )
        if cur.rowcount:
            folder_ids.add(row["id"])
    n_bookmarks = 0
    for row in found.get("bookmarks", []):
        section = _text(row.get("section_id"))
        if not section:
            continue
        folder = row.get("folder_id") if row.get("folder_id") in folder_ids else None
        cur = conn.execute(
            """INSERT OR IGNORE INTO bookmarks(uid, section_id, anchor, section_title, heading_text,
               title, note, folder_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?)""",
            (_text(row.get("uid")) or new_uid(), section, _text(row.get("anchor")),
             _text(row.get("section_title")), _text(row.get("heading_text")), _text(row.get("title")),
             _text(row.get("note")), folder, _text(row.get("created")) or stamp,
             _text(row.get("updated")) or stamp),
        )
        n_bookmarks += cur.rowcount
    n_history = 0
    for row in found.get("history", []):
        if _text(row.get("section_id")):
            cur = conn.execute("INSERT OR IGNORE INTO history(section_id, title, viewed) VALUES (?,?,?)",
                               (row["section_id"], _text(row.get("title")), _text(row.get("viewed")) or stamp))
            n_history += cur.rowcount
    return n_bookmarks, len(folder_ids), n_history
