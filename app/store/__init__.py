"""The user's own data: bookmarks (with folders and notes) and recently viewed sections.

No Qt here. The UI gets frozen dataclasses and typed errors (app.store.errors):

    store = open_store()          # never raises for a damaged file: see store.recovery
    b = store.bookmarks.add("strategy-discussion", "", section_title="Strategy discussion")
    store.history.record("strategy-discussion", "Strategy discussion")
    store.wipe()                  # everything the user has stored, gone
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from app.store.bookmarks import Bookmark, BookmarkStore, Folder, Location, Status, locate
from app.store.db import Database, RecoveryReport, damaged_copies, open_database
from app.store.errors import (
    CorruptDatabaseError,
    DiskFullError,
    DuplicateBookmarkError,
    FolderNameError,
    ImportFormatError,
    NotFoundError,
    SchemaTooNewError,
    StoreBugError,
    StoreBusyError,
    StoreError,
    StoreUnavailableError,
)
from app.store.history import HistoryEntry, HistoryStore
from app.store.reads import ReadMarks

log = logging.getLogger(__name__)

__all__ = [
    "Bookmark", "BookmarkStore", "CorruptDatabaseError", "Database", "DiskFullError",
    "DuplicateBookmarkError", "Folder", "FolderNameError", "HistoryEntry", "HistoryStore",
    "ImportFormatError", "Location", "NotFoundError", "RecoveryReport", "SchemaTooNewError",
    "Status", "Store", "StoreBugError", "StoreBusyError", "StoreError", "StoreUnavailableError", "locate", "open_store",
]


class Store:
    """One open database with its bookmarks and history; share one per process."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.bookmarks = BookmarkStore(db)
        self.history = HistoryStore(db)
        self.reads = ReadMarks(db)

    @property
    def recovery(self) -> RecoveryReport | None:
        """Set when the file was damaged at start and a new one was made (tell the user)."""
        return self.db.recovery

    @property
    def path(self) -> Path:
        return self.db.path

    def wipe(self) -> None:
        """Delete every bookmark, folder, note and history entry, and old damaged copies."""
        with self.db.write() as c:
            c.execute("DELETE FROM bookmarks")
            c.execute("DELETE FROM folders")
            c.execute("DELETE FROM history")
            c.execute("DELETE FROM section_reads")
        self.db.compact()
        for copy in damaged_copies(self.db.path):
            try:
                shutil.rmtree(copy) if copy.is_dir() else copy.unlink()
            except OSError as exc:
                log.warning("could not delete %s: %s", copy, exc)
        from app.store import salvage

        salvage.remove_snapshots(self.db.path)  # copies a killed start left behind
        self.db.recovery = None

    def close(self) -> None:
        self.db.close()


def open_store(path: Path | None = None) -> Store:
    """Open the user's store (app.paths.bookmarks_db() by default). See app.store.db.open_database."""
    return Store(open_database(path))
