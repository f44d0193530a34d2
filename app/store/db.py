"""The bookmarks database: connection, transactions, migrations and recovery of a damaged file.

One sqlite3 file (app.paths.bookmarks_db()) holds folders, bookmarks (with notes) and the
recently viewed list. Rules that keep it safe:

* WAL journal, synchronous=FULL: a write that returned has reached the disk, and a process
  killed half way through a write leaves the last committed state.
* Every write is one short ``BEGIN IMMEDIATE`` transaction, and a busy_timeout lets a second
  window or a second copy of the app wait its turn instead of failing.
* ``PRAGMA user_version`` is the schema version. MIGRATIONS[i] takes version i to i+1, each
  in its own transaction; a database from a newer app is never touched (SchemaTooNewError).
* On open, a file that is not a database, fails ``quick_check``, cannot be read, or whose -wal
  has lost saved changes has its untouched originals (database, -wal, -shm) set aside as
  ``<name>.damaged-YYYYmmdd-HHMMSS``, a fresh database is made, and every row that can still be
  read is copied over (app/store/salvage.py). ``Database.recovery`` says what happened.
* Environment errors (locked, full, read-only, damaged) become the typed errors of
  app.store.errors; any other sqlite error is a bug in our SQL and surfaces as StoreBugError.
"""
from __future__ import annotations

import datetime as dt
import logging
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
    StoreBugError,
    StoreError,
    StoreUnavailableError,
)
from app.wording import count

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0

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


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    # What each section said when this user last read it (app/store/reads.py): "What's new".
    conn.execute(
        """CREATE TABLE section_reads (
            section_id    TEXT PRIMARY KEY,
            content_hash  TEXT NOT NULL,
            read          TEXT NOT NULL
        )"""
    )


Migration = Callable[[sqlite3.Connection], None]

#: MIGRATIONS[i] upgrades a database at user_version i to i + 1. Append only; never edit one
#: that has shipped.
MIGRATIONS: list[Migration] = [_migrate_to_1, _migrate_to_2]

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
    originals: tuple[Path, ...] = ()  # the files as they were found, set aside untouched

    def message(self) -> str:
        kept = self.originals or ((self.moved_to,) if self.moved_to else ())
        if len(kept) > 1:
            where = " The original files, untouched, were kept as " + ", ".join(map(str, kept)) + "."
        elif kept:
            where = f" The original file, untouched, was kept as {kept[0]}."
        else:
            where = ""
        if self.bookmarks or self.folders:
            saved = (f"{count(self.bookmarks, 'bookmark')} and {count(self.folders, 'folder')} were recovered; "
                     "anything else could not be read.")
        else:
            saved = "No bookmarks could be recovered from it."
        return f"Your bookmarks file was damaged ({self.reason}), so a new one was started. {saved}{where}"


# --------------------------------------------------------------------------- errors

def _code(exc: sqlite3.Error) -> int:
    code = getattr(exc, "sqlite_errorcode", None)
    return int(code) & 0xFF if isinstance(code, int) and code > 0 else -1


# sqlite's own messages for those codes, for errors that carry no code
_MESSAGES = {
    "database is locked": _SQLITE_BUSY, "database table is locked": _SQLITE_LOCKED,
    "database or disk is full": _SQLITE_FULL, "database disk image is malformed": _SQLITE_CORRUPT,
    "file is not a database": _SQLITE_NOTADB, "attempt to write a readonly database": _SQLITE_READONLY,
    "unable to open database file": _SQLITE_CANTOPEN, "disk i/o error": _SQLITE_IOERR,
    "access permission denied": _SQLITE_PERM,
}


def _environment_code(exc: sqlite3.Error) -> int | None:
    """The sqlite result code if the error comes from the machine (not from our SQL), else None."""
    code = _code(exc)
    if code < 0 or code == 1:  # no code, or SQLITE_ERROR (which a real lock also never gives)
        code = _MESSAGES.get(str(exc).strip().lower(), -1)
    known = (_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_FULL, _SQLITE_CORRUPT, _SQLITE_NOTADB,
             _SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN, _SQLITE_IOERR)
    return code if code in known else None


def translate(exc: sqlite3.Error) -> StoreError | StoreBugError:
    """A sqlite error as one of our typed errors with a plain message.

    Only what the machine causes (locked, full, read-only, damaged, unreadable) becomes a
    StoreError the UI shows politely; anything else (a constraint, a missing column, a syntax
    error) is a bug, returned as StoreBugError so that it reaches the crash report.
    """
    code = _environment_code(exc)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusyError("The bookmarks are in use by another window or copy of the app; "
                              "please try again in a moment.")
    if code == _SQLITE_FULL:
        return DiskFullError("The disk is full, so this change was not saved. "
                             "Your existing bookmarks are safe.")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return CorruptDatabaseError("The bookmarks file is damaged. Restart the app to recover "
                                    "what can be read from it.")
    if code is not None:
        return StoreUnavailableError(f"The bookmarks file cannot be read or written ({exc}).")
    return StoreBugError(f"sqlite error in the bookmarks store (a bug): {type(exc).__name__}: {exc}")


def _is_damage(exc: sqlite3.Error) -> bool:
    return _environment_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


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
        self.closed = False

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
        self._check_open()
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

    def _check_open(self) -> None:
        if self.closed:  # a panel's timer firing while the app shuts down, not a SQL mistake
            raise StoreUnavailableError("The bookmarks are closed (the app is shutting down).")

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        self._check_open()
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
        self.closed = True
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
    try:  # checked before journal_mode, which would write to a damaged file's header
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in rows] == [("ok",)]:
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
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

    from app.store import salvage

    try:  # before sqlite opens anything: it would delete or merge a -wal
        pre = salvage.preflight(path)
    except OSError as exc:
        raise StoreUnavailableError(f"The bookmarks file needs repair but no copy of it could be "
                                    f"made first, so it was left untouched ({exc}).") from exc
    reason = pre.reason or _unreadable_reason(path)
    if reason is None:
        conn = None
        try:
            conn = _connect(path, busy_timeout)
            _configure_and_check(conn)
            migrate(conn)
            pre.discard()
            return Database(conn, path, None)
        except _Damaged as exc:
            reason = exc.reason
            conn.close() if conn else None
        except StoreError:
            conn.close() if conn else None
            pre.discard()
            raise
        except sqlite3.Error as exc:
            conn.close() if conn else None
            if not _is_damage(exc):
                pre.discard()
                raise translate(exc) from exc
            reason = str(exc)
    log.error("bookmarks database %s is damaged (%s); recovering", path, reason)
    return _recover(path, reason, busy_timeout, pre)


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
    from app.store import salvage

    return salvage.damaged_copies(path)


def _empty_database(path: Path, page_size: int) -> Path:
    """A new database of the current schema (salvage borrows its schema page)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA page_size = {int(page_size)}")
        conn.execute("PRAGMA journal_mode=WAL")
        migrate(conn)
    finally:
        conn.close()
    return path


def _recover(path: Path, reason: str, busy_timeout: float, pre: Any) -> Database:
    from app.store import salvage

    try:
        originals = salvage.set_aside(path, pre)
    except OSError as exc:
        raise StoreUnavailableError(
            f"The bookmarks file is damaged ({reason}) and could not be moved aside ({exc})."
        ) from exc
    found = salvage.salvage(originals, SALVAGE, _empty_database)
    try:
        conn = _connect(path, busy_timeout)
        _configure_and_check(conn)
        migrate(conn)
    except (sqlite3.Error, _Damaged) as exc:
        raise StoreUnavailableError(f"A new bookmarks file could not be made ({exc}).") from exc
    db = Database(conn, path, None)
    with db.write() as c:
        counts = salvage.restore_rows(c, found, stamp=now_iso(), new_uid=new_uid)
    db.recovery = RecoveryReport(reason=reason, moved_to=originals[0] if originals else None,
                                 bookmarks=counts[0], folders=counts[1], history=counts[2],
                                 originals=tuple(originals))
    log.warning("%s", db.recovery.message())
    return db
