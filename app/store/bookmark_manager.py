"""The bookmark rules in one place, without Qt: what a new bookmark, an edit, a rename, a move to a
folder or a relocation does to the store, how bookmarks sort, and what undo brings back.

The panel (app/ui/bookmarks_panel.py) only shows rows and asks; this class persists, as calibre's
BookmarkManager leaves saving to its owner. Every method raises only StoreError (a locked or
damaged file, a name already taken...), whose message is one sentence for the user.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.store import Bookmark, Folder, Location, Store, StoreUnavailableError, locate
from app.wording import count

# (name shown, newest first?) — the sorts the panel offers, in order.
SORTS = (("Name", False), ("Newest first", True), ("Guide order", False))


@dataclass(frozen=True)
class SortKeys:
    """One key per entry of SORTS. Folders sort before bookmarks in every order."""
    name: str
    newest: str
    guide: int

    def for_sort(self, index: int):
        return (self.name, self.newest, self.guide)[index]


@dataclass(frozen=True)
class BookmarkRow:
    bookmark: Bookmark
    where: Location  # where it opens now (the guide may have changed since it was made)
    keys: SortKeys


@dataclass(frozen=True)
class FolderRow:
    folder: Folder
    keys: SortKeys


@dataclass(frozen=True)
class NewBookmark:
    """What the user chose in the add/edit dialog."""
    anchor: str
    heading_text: str
    title: str
    folder: str | None  # a folder name (created if new), None for the top level
    note: str


def folder_keys(folder: Folder) -> SortKeys:
    # "0"/"1" and "~" keep folders above bookmarks whichever way the names or dates sort.
    return SortKeys("0" + folder.name.casefold(), "~" + folder.name, -1)


def bookmark_keys(bookmark: Bookmark, where: Location, sections: Mapping[str, Any]) -> SortKeys:
    order = {sid: i for i, sid in enumerate(sections)}
    section = sections.get(where.section_id or "")
    heading = 0
    if section is not None and where.anchor:
        heading = next((i + 1 for i, h in enumerate(section.headings) if h.anchor == where.anchor), 0)
    return SortKeys("1" + bookmark.label.casefold(), bookmark.created,
                    order.get(where.section_id or "", len(order)) * 1000 + heading)


def title_from_rename(bookmark: Bookmark, typed: str) -> str:
    """The name to store: "" (use the section's title, and follow it if it changes) when the
    user typed the section's own title or nothing."""
    name = " ".join(typed.split())
    return "" if name == bookmark.section_title else name


class BookmarkManager:
    """The user's bookmarks, folders and recently viewed list over one Store (None: unavailable,
    with `unavailable` saying why), resolved against `sections` (section id → Section)."""

    def __init__(self, store: Store | None, sections: Mapping[str, Any], unavailable: str = "") -> None:
        self.store = store
        self.sections = sections
        self.unavailable = unavailable if store is None else ""
        self._deleted: list[Bookmark] = []
        self._deleted_folder: tuple[Folder, list[int]] | None = None

    def _store(self) -> Store:
        if self.store is None:
            raise StoreUnavailableError(self.unavailable or "Bookmarks are not available.")
        return self.store

    # ------------------------------------------------------------------ reading
    def rows(self) -> tuple[list[FolderRow], list[BookmarkRow]]:
        store = self._store()
        folders = [FolderRow(f, folder_keys(f)) for f in store.bookmarks.folders()]
        rows = []
        for b in store.bookmarks.list():
            where = locate(b, self.sections)
            rows.append(BookmarkRow(b, where, bookmark_keys(b, where, self.sections)))
        return folders, rows

    def folders(self) -> list[Folder]:
        return self._store().bookmarks.folders()

    def get(self, bookmark_id: int) -> Bookmark:
        return self._store().bookmarks.get(bookmark_id)

    def find(self, section_id: str, anchor: str = "") -> Bookmark | None:
        return self._store().bookmarks.find(section_id, anchor)

    def bookmarked_sections(self) -> set[str]:
        return self._store().bookmarks.bookmarked_sections() if self.store is not None else set()

    def is_bookmarked(self, section_id: str, anchor: str = "") -> bool:
        """The heading is bookmarked, or the section (anywhere in it)."""
        if self.store is None or not section_id:
            return False
        return section_id in self.bookmarked_sections() or self.find(section_id, anchor) is not None

    def data_version(self) -> int:
        return self._store().db.data_version()

    def recent(self):
        return self._store().history.recent()

    # ------------------------------------------------------------------ writing
    def _folder_id(self, name: str | None) -> int | None:
        return self._store().bookmarks.ensure_folder(name).id if name else None

    def save(self, section_id: str, section_title: str, chosen: NewBookmark) -> Bookmark:
        """Add a bookmark, or, where that place is already bookmarked, update that one."""
        existing = self.find(section_id, chosen.anchor)
        if existing is not None:
            return self.update(existing.id, chosen)
        return self._store().bookmarks.add(section_id, chosen.anchor, section_title=section_title,
                                           heading_text=chosen.heading_text, note=chosen.note,
                                           title=chosen.title, folder_id=self._folder_id(chosen.folder))

    def update(self, bookmark_id: int, chosen: NewBookmark) -> Bookmark:
        """Edit note, name and folder (the place of a bookmark never changes: that is a new one)."""
        return self._store().bookmarks.update(bookmark_id, note=chosen.note, title=chosen.title,
                                              folder_id=self._folder_id(chosen.folder))

    def rename(self, bookmark_id: int, typed: str) -> Bookmark:
        return self._store().bookmarks.update(bookmark_id, title=title_from_rename(self.get(bookmark_id), typed))

    def move(self, bookmark_ids: list[int], folder_id: int | None) -> None:
        for bookmark_id in bookmark_ids:
            self._store().bookmarks.update(bookmark_id, folder_id=folder_id)

    def relocate(self, bookmark_id: int) -> Bookmark | None:
        """Point a bookmark whose section moved at where it is now (None if it is nowhere)."""
        b = self.get(bookmark_id)
        where = locate(b, self.sections)
        section = self.sections.get(where.section_id or "")
        if section is None:
            return None
        heading = next((h.text for h in section.headings if h.anchor == where.anchor), "")
        return self._store().bookmarks.relocate(bookmark_id, section.id, where.anchor,
                                                section_title=section.title, heading_text=heading)

    def create_folder(self, name: str) -> Folder:
        return self._store().bookmarks.create_folder(name)

    def folder(self, folder_id: int) -> Folder:
        return self._store().bookmarks.folder(folder_id)

    def rename_folder(self, folder_id: int, name: str) -> Folder:
        return self._store().bookmarks.rename_folder(folder_id, name)

    # ------------------------------------------------------------------ delete and undo
    def delete(self, bookmark_ids: list[int]) -> list[Bookmark]:
        gone = self._store().bookmarks.delete_many(bookmark_ids)
        self._deleted, self._deleted_folder = gone, None
        return gone

    def delete_folder(self, folder_id: int) -> tuple[Folder, list[int]]:
        """Delete a folder; its bookmarks move to the top level (kept)."""
        folder, ids = self._store().bookmarks.delete_folder(folder_id)
        self._deleted, self._deleted_folder = [], (folder, ids)
        return folder, ids

    @property
    def can_undo(self) -> bool:
        return bool(self._deleted or self._deleted_folder)

    def undo(self) -> str:
        """Bring back what was deleted last; returns what to tell the user."""
        if self._deleted_folder is not None:
            self._store().bookmarks.restore_folder(*self._deleted_folder)
            text = "Folder restored."
        else:
            text = f"{count(len(self._store().bookmarks.restore(self._deleted)), 'bookmark')} restored."
        self.forget_undo()
        return text

    def forget_undo(self) -> None:
        self._deleted, self._deleted_folder = [], None

    # ------------------------------------------------------------------ history and the rest
    def record_view(self, section_id: str) -> bool:
        """Note a section in recently viewed (False for pages that are not sections)."""
        section = self.sections.get(section_id)
        if section is None:
            return False
        self._store().history.record(section_id, section.title)
        return True

    def clear_history(self) -> None:
        self._store().history.clear()

    def wipe(self) -> None:
        self._store().wipe()
        self.forget_undo()

    def notes_with_case_details(self) -> list[Bookmark]:
        from app.store.privacy import notes_with_case_details

        return notes_with_case_details(self._store().bookmarks.list())

    def export(self, path: str, content_version: str) -> int:
        from app.store.export import export_to_file

        return export_to_file(self._store().bookmarks, path, content_version)

    def import_file(self, path: str):
        from app.store.export import import_file

        return import_file(self._store().bookmarks, path)
