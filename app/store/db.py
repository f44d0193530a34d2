"""The bookmarks database: connection, transactions, migrations and recovery of a damaged file.

One sqlite3 file (app.paths.bookmarks_db()) holds folders, bookmarks (with notes) and the
recently viewed list. Rules that keep it safe:

* WAL journal, synchronous=FULL: a write that returned has reached the disk, and a process
  killed half way through a write leaves the last committed state.
* Every write is one short ``BEGIN IMMEDIATE`` transaction, and a busy_timeout lets a second
  window or a second copy of the app wait its turn instead of failing.
* ``PRAGMA user_version`` is the schema version. MIGRATIONS[i] takes version i to i+1, each
  in its own transaction; a database from a newer app is never touched (SchemaTooNewError).
* On open, a file that is not a database, fails ``quick_check`` or cannot be read is moved
  aside as ``<name>.damaged-YYYYmmdd-HHMMSS`` (with its -wal/-shm), a fresh database is made,
  and every row that can still be read is copied over. ``Database.recovery`` says what happened.
* sqlite errors never escape: they become the typed errors of app.store.errors.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.store.errors import (
    CorruptDatabaseError,
    DiskFullError,
    SchemaTooNewError,
    StoreBusyError,
    StoreError,
    StoreUnavailableError,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0
DAMAGED_INFIX = ".damaged-"

# sqlite primary result codes (the low byte of an extended code)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


# --------------------------------------------------------------------------- migrations

def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE folders (
            id       INTEGER PRIMARY KEY,
            uid      TEXT NOT NULL UNIQUE,
            name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
            created  TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE bookmarks (
            id             INTEGER PRIMARY KEY,
            uid            TEXT NOT NULL UNIQUE,
            section_id     TEXT NOT NULL,
            anchor         TEXT NOT NULL DEFAULT '',
            section_title  TEXT NOT NULL DEFAULT '',
            heading_text   TEXT NOT NULL DEFAULT '',
            title          TEXT NOT NULL DEFAULT '',
            note           TEXT NOT NULL DEFAULT '',
            folder_id      INTEGER REFERENCES folders(id) ON DELETE SET NULL,
            created        TEXT NOT NULL,
            updated        TEXT NOT NULL,
            UNIQUE (section_id, anchor)
        )"""
    )
    conn.execute("CREATE INDEX bookmarks_folder ON bookmarks(folder_id)")
    conn.execute(
        """CREATE TABLE history (
            section_id  TEXT PRIMARY KEY,
            title       TEXT NOT NULL DEFAULT '',
            viewed      TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX history_viewed ON history(viewed)")


Migration = Callable[[sqlite3.Connection], None]

#: MIGRATIONS[i] upgrades a database at user_version i to i + 1. Append only; never edit one
#: that has shipped.
MIGRATIONS: list[Migration] = [_migrate_to_1]

#: Tables (and the columns worth copying) that recovery salvages, parents first.
SALVAGE: dict[str, tuple[str, ...]] = {
    "folders": ("id", "uid", "name", "created"),
    "bookmarks": ("id", "uid", "section_id", "anchor", "section_title", "heading_text", "title",
                  "note", "folder_id", "created", "updated"),
    "history": ("section_id", "title", "viewed"),
}


def schema_version() -> int:
    return len(MIGRATIONS)


# --------------------------------------------------------------------------- values

def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def new_uid() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class RecoveryReport:
    """What happened when the database could not be opened as it was."""

    reason: str
    moved_to: Path | None
    bookmarks: int = 0
    folders: int = 0
    history: int = 0

    def message(self) -> str:
        where = f" The damaged file was kept as {self.moved_to}." if self.moved_to else ""
        if self.bookmarks or self.folders:
            saved = (f"{self.bookmarks} bookmark(s) and {self.folders} folder(s) were recovered; "
                     "anything else could not be read.")
        else:
            saved = "No bookmarks could be recovered from it."
        return f"Your bookmarks file was damaged ({self.reason}), so a new one was started. {saved}{where}"


# --------------------------------------------------------------------------- errors

def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", -1) or -1) & 0xFF


def translate(exc: sqlite3.Error) -> StoreError:
    """A sqlite error as one of our typed errors with a plain message."""
    code, text = _code(exc), str(exc).lower()
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return StoreBusyError("The bookmarks are in use by another window or copy of the app; "
                              "please try again in a moment.")
    if code == _SQLITE_FULL or "full" in text:
        return DiskFullError("The disk is full, so this change was not saved. "
                             "Your existing bookmarks are safe.")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return CorruptDatabaseError("The bookmarks file is damaged. Restart the app to recover "
                                    "what can be read from it.")
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN, _SQLITE_IOERR) or "readonly" in text:
        return StoreUnavailableError(f"The bookmarks file cannot be written ({exc}).")
    return StoreError(f"Bookmarks problem: {exc}")


def _is_damage(exc: sqlite3.Error) -> bool:
    code, text = _code(exc), str(exc).lower()
    return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text


class _Damaged(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- database

class Database:
    """An open bookmarks database. Use `open_database`; share one per process."""

    def __init__(self, conn: sqlite3.Connection, path: Path, recovery: RecoveryReport | None) -> None:
        self._conn = conn
        self.path = path
        self.recovery = recovery
        self._depth = 0

    # transactions -----------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        if self._depth:  # nested use joins the outer transaction
            self._depth += 1
            try:
                yield self._conn
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        self._depth = 1
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            try:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback failed")
            if isinstance(exc, sqlite3.Error):
                raise translate(exc) from exc
            raise
        finally:
            self._depth = 0

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    def data_version(self) -> int:
        """Changes when another connection (window, app instance, CLI) commits."""
        return int(self.query("PRAGMA data_version")[0][0])

    def user_version(self) -> int:
        return int(self.query("PRAGMA user_version")[0][0])

    def compact(self) -> None:
        """Rewrite the file and empty the WAL, so deleted notes do not linger on disk."""
        try:
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            log.warning("could not compact %s: %s", self.path, exc)

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:
            log.exception("closing the bookmarks database")


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def _configure_and_check(conn: sqlite3.Connection) -> None:
    """PRAGMAs, then raise _Damaged if the file is not a sound database."""
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            raise _Damaged(str(exc)) from exc
        raise
    if [tuple(r) for r in rows] != [("ok",)]:
        raise _Damaged("integrity check failed: " + "; ".join(str(r[0]) for r in rows[:3]))
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if 1 <= version <= schema_version():
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = set(SALVAGE) - names
        if missing:
            raise _Damaged("tables missing: " + ", ".join(sorted(missing)))


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] | None = None) -> int:
    """Bring the schema up to date, one transaction per step. Returns the final version."""
    steps = list(MIGRATIONS if migrations is None else migrations)
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > len(steps):
                raise SchemaTooNewError(version, len(steps))
            if version == len(steps):
                conn.execute("COMMIT")
                return version
            log.info("migrating bookmarks database from version %d to %d", version, version + 1)
            steps[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def open_database(path: Path | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S) -> Database:
    """Open (creating, migrating or recovering as needed) the bookmarks database.

    Raises SchemaTooNewError for a file from a newer app, StoreUnavailableError when no
    database can be had at all; anything else comes back as a Database, with `.recovery`
    set if the old file had to be replaced.
    """
    if path is None:
        from app import paths

        path = paths.bookmarks_db()
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailableError(f"The folder for bookmarks cannot be created ({exc}).") from exc

    reason = _unreadable_reason(path)
    if reason is None:
        conn = None
        try:
            conn = _connect(path, busy_timeout)
            _configure_and_check(conn)
            migrate(conn)
            return Database(conn, path, None)
        except _Damaged as exc:
            reason = exc.reason
            conn.close() if conn else None
        except StoreError:
            conn.close() if conn else None
            raise
        except sqlite3.Error as exc:
            conn.close() if conn else None
            if not _is_damage(exc):
                raise translate(exc) from exc
            reason = str(exc)
    log.error("bookmarks database %s is damaged (%s); recovering", path, reason)
    return _recover(path, reason, busy_timeout)


def _unreadable_reason(path: Path) -> str | None:
    if not path.exists():
        return None
    if path.is_dir():
        return "a folder is in its place"
    try:
        with open(path, "rb") as fh:
            fh.read(100)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return None


# --------------------------------------------------------------------------- recovery

def damaged_copies(path: Path) -> list[Path]:
    """Damaged files set aside by earlier recoveries (with their -wal/-shm)."""
    return sorted(path.parent.glob(path.name + DAMAGED_INFIX + "*"))


def _move_aside(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}{DAMAGED_INFIX}{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}{DAMAGED_INFIX}{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            try:
                os.replace(side, Path(str(target) + suffix))
            except OSError:
                log.warning("could not move %s aside", side)
    return target


def _read_rows(conn: sqlite3.Connection, table: str, wanted: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every row of `table` that can be read, stepping over damaged pages (like .recover)."""
    try:
        have = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    except sqlite3.Error:
        return []
    cols = [c for c in wanted if c in have]
    if not cols:
        return []
    sql = f"SELECT rowid AS _rowid, {', '.join(cols)} FROM {table} WHERE rowid > ? ORDER BY rowid"
    rows: list[dict[str, Any]] = []
    last, skip, failures = -(2**62), 1, 0
    while failures < 64 and last < 2**62:
        try:
            for row in conn.execute(sql, (last,)):
                rows.append({c: row[c] for c in cols})
                last, skip = row["_rowid"], 1
            break
        except sqlite3.Error:
            failures += 1
            last = max(last, 0) + skip  # step over the unreadable stretch, further each time
            skip = min(skip * 4, 2**40)
    return rows


def _salvage(damaged: Path) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {t: [] for t in SALVAGE}
    try:
        conn = sqlite3.connect(str(damaged), timeout=1.0, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA writable_schema=ON")  # read the schema even if some of it is damaged
        conn.execute("PRAGMA query_only=ON")
    except sqlite3.Error:
        return found
    try:
        for table, cols in SALVAGE.items():
            found[table] = _read_rows(conn, table, cols)
    finally:
        conn.close()
    return found


def _text(value: Any) -> str:
    """A salvaged text field, or "" when it is not text or holds the zeros of a damaged page."""
    if not isinstance(value, str):
        return ""
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
        return ""
    return value


def _restore_rows(conn: sqlite3.Connection, found: dict[str, list[dict[str, Any]]]) -> tuple[int, int, int]:
    stamp = now_iso()
    folder_ids: set[int] = set()
    for row in found["folders"]:
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
    for row in found["bookmarks"]:
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
    for row in found["history"]:
        if _text(row.get("section_id")):
            cur = conn.execute("INSERT OR IGNORE INTO history(section_id, title, viewed) VALUES (?,?,?)",
                               (row["section_id"], _text(row.get("title")), _text(row.get("viewed")) or stamp))
            n_history += cur.rowcount
    return n_bookmarks, len(folder_ids), n_history


def _recover(path: Path, reason: str, busy_timeout: float) -> Database:
    moved: Path | None = None
    found: dict[str, list[dict[str, Any]]] = {t: [] for t in SALVAGE}
    try:
        moved = _move_aside(path)
    except FileNotFoundError:
        pass  # another instance moved it first; fall through to a fresh file
    except OSError as exc:
        raise StoreUnavailableError(
            f"The bookmarks file is damaged ({reason}) and could not be moved aside ({exc})."
        ) from exc
    if moved is not None:
        found = _salvage(moved)
    try:
        conn = _connect(path, busy_timeout)
        _configure_and_check(conn)
        migrate(conn)
    except (sqlite3.Error, _Damaged) as exc:
        raise StoreUnavailableError(f"A new bookmarks file could not be made ({exc}).") from exc
    db = Database(conn, path, None)
    with db.write() as c:
        counts = _restore_rows(c, found)
    db.recovery = RecoveryReport(reason=reason, moved_to=moved, bookmarks=counts[0],
                                 folders=counts[1], history=counts[2])
    log.warning("%s", db.recovery.message())
    return db
