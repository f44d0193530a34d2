"""Typed errors from the store. The UI decides what to show; every message is plain English.

StoreError
├── StoreUnavailableError   the database cannot be opened or created at all
├── SchemaTooNewError       made by a newer version of the app; left untouched
├── CorruptDatabaseError    the file turned out to be damaged while in use
├── StoreBusyError          another window or copy of the app held the database too long
├── DiskFullError           nothing was saved because the disk (or quota) is full
├── DuplicateBookmarkError  that place is already bookmarked (carries the existing one)
├── NotFoundError           a bookmark or folder that no longer exists
├── FolderNameError         an empty or already used folder name
└── ImportFormatError       an import file that is malformed, truncated or foreign

StoreBugError (not a StoreError: never shown as a polite message) a sqlite error our own SQL
caused; it must reach the crash report and the log.
"""
from __future__ import annotations

from typing import Any


class StoreError(Exception):
    """Base for every problem the store reports; str(exc) is a sentence for the user."""


class StoreUnavailableError(StoreError):
    pass


class StoreBugError(RuntimeError):
    """A sqlite error that is not the machine's fault (constraint, syntax, missing column)."""


class SchemaTooNewError(StoreError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"Your bookmarks were saved by a newer version of the app (data version {found}; "
            f"this version understands up to {supported}). They have been left untouched; "
            "please update the app."
        )
        self.found = found
        self.supported = supported


class CorruptDatabaseError(StoreError):
    pass


class StoreBusyError(StoreError):
    pass


class DiskFullError(StoreError):
    pass


class DuplicateBookmarkError(StoreError):
    def __init__(self, existing: Any) -> None:
        super().__init__("That place is already bookmarked.")
        self.existing = existing


class NotFoundError(StoreError):
    pass


class FolderNameError(StoreError):
    pass


class ImportFormatError(StoreError):
    """The file cannot be imported; nothing was changed. `where` names the bad field if known."""

    def __init__(self, message: str, where: str = "") -> None:
        message = message if message.endswith((".", "!", "?")) else message + "."
        super().__init__(f"In {where}: {message}" if where else message)
        self.reason = message
        self.where = where
