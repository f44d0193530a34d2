"""Bookmarks and folders. Frozen dataclasses out, typed errors for every refusal.

A bookmark keeps the section id and heading anchor it points at *and* a snapshot of the
section title and heading text, so that after a content update `locate()` can say whether
it still points somewhere, moved, or lost its target; it is never dropped.
"""
from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.store.db import Database, new_uid, now_iso
from app.store.errors import DuplicateBookmarkError, FolderNameError, NotFoundError

_UNSET: Any = object()
FOLDER_NAME_MAX = 80
NOTE_MAX = 20_000


@dataclass(frozen=True)
class Folder:
    id: int
    uid: str
    name: str
    created: str


@dataclass(frozen=True)
class Bookmark:
    id: int
    uid: str
    section_id: str
    anchor: str
    section_title: str
    heading_text: str
    title: str  # the user's own name for it; "" means use the snapshot
    note: str
    folder_id: int | None
    folder_name: str | None
    created: str  # ISO 8601, UTC
    updated: str

    @property
    def label(self) -> str:
        """What to call it in lists: the user's name, else "Section › Heading"."""
        if self.title:
            return self.title
        if self.heading_text and self.heading_text != self.section_title:
            return f"{self.section_title} › {self.heading_text}"
        return self.section_title or self.section_id

    @property
    def location(self) -> tuple[str, str]:
        return self.section_id, self.anchor


class Status(enum.Enum):
    OK = "ok"
    HEADING_MOVED = "heading moved"  # same section, heading found under another anchor
    HEADING_MISSING = "heading missing"  # section is there, heading is gone
    SECTION_MOVED = "section moved"  # section id gone, found again by title or heading
    SECTION_MISSING = "section missing"  # nothing matching in the current guide
    DOCUMENT_REMOVED = "document removed"  # its library document was removed (or replaced)


@dataclass(frozen=True)
class Location:
    """Where a bookmark points in the current guide."""

    status: Status
    section_id: str | None
    anchor: str

    @property
    def openable(self) -> bool:
        return self.section_id is not None

    def describe(self) -> str:
        return {
            Status.OK: "",
            Status.HEADING_MOVED: "The heading has moved within the section.",
            Status.HEADING_MISSING: "The heading is no longer in this section; the section opens at the top.",
            Status.SECTION_MOVED: "The section has moved in the guide.",
            Status.SECTION_MISSING: "This section is no longer in the guide.",
            Status.DOCUMENT_REMOVED: "Its document was removed from the library; the bookmark and note are kept.",
        }[self.status]


def locate(bookmark: Bookmark, sections: Mapping[str, Any]) -> Location:
    """Resolve a bookmark against the current guide's sections (id → Section), or the library's
    (app.library Sections: a key "<document>~<section>" whose document is gone is "document
    removed", never matched to another document's text)."""
    sid, anchor = bookmark.section_id, bookmark.anchor
    section = sections.get(sid)
    has_document = getattr(sections, "has_document", None)
    if section is None and "~" in sid and has_document is not None and not has_document(sid.split("~")[0]):
        return Location(Status.DOCUMENT_REMOVED, None, "")
    if section is not None:
        if not anchor or any(h.anchor == anchor for h in section.headings):
            return Location(Status.OK, sid, anchor)
        match = _heading_by_text(section, bookmark.heading_text)
        if match:
            return Location(Status.HEADING_MOVED, sid, match)
        return Location(Status.HEADING_MISSING, sid, "")
    for other in sections.values():  # the section was renamed or moved
        if bookmark.section_title and other.title == bookmark.section_title:
            new_anchor = ""
            if anchor:
                new_anchor = (anchor if any(h.anchor == anchor for h in other.headings)
                              else _heading_by_text(other, bookmark.heading_text) or "")
            return Location(Status.SECTION_MOVED, other.id, new_anchor)
    if bookmark.heading_text and anchor:
        for other in sections.values():
            match = _heading_by_text(other, bookmark.heading_text)
            if match:
                return Location(Status.SECTION_MOVED, other.id, match)
    return Location(Status.SECTION_MISSING, None, "")


def _heading_by_text(section: Any, text: str) -> str | None:
    if not text:
        return None
    want = " ".join(text.split()).casefold()
    for h in section.headings:
        if " ".join(h.text.split()).casefold() == want:
            return str(h.anchor)
    return None


_SELECT = """SELECT b.*, f.name AS folder_name FROM bookmarks b
             LEFT JOIN folders f ON f.id = b.folder_id"""


def _bookmark(row: sqlite3.Row) -> Bookmark:
    return Bookmark(
        id=row["id"], uid=row["uid"], section_id=row["section_id"], anchor=row["anchor"],
        section_title=row["section_title"], heading_text=row["heading_text"], title=row["title"],
        note=row["note"], folder_id=row["folder_id"], folder_name=row["folder_name"],
        created=row["created"], updated=row["updated"],
    )


def _folder(row: sqlite3.Row) -> Folder:
    return Folder(id=row["id"], uid=row["uid"], name=row["name"], created=row["created"])


def clean_folder_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise FolderNameError("A folder needs a name.")
    if len(cleaned) > FOLDER_NAME_MAX:
        raise FolderNameError(f"Folder names can be at most {FOLDER_NAME_MAX} characters.")
    return cleaned


def _clean_note(note: str) -> str:
    note = str(note).replace("\r\n", "\n").strip()
    return note[:NOTE_MAX]


class BookmarkStore:
    """Bookmarks and folders in one Database. Every method is one short transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ folders
    def folders(self) -> list[Folder]:
        return [_folder(r) for r in self.db.query("SELECT * FROM folders ORDER BY name COLLATE NOCASE")]

    def folder(self, folder_id: int) -> Folder:
        rows = self.db.query("SELECT * FROM folders WHERE id = ?", (folder_id,))
        if not rows:
            raise NotFoundError("That folder no longer exists.")
        return _folder(rows[0])

    def folder_by_name(self, name: str) -> Folder | None:
        rows = self.db.query("SELECT * FROM folders WHERE name = ? COLLATE NOCASE", (" ".join(name.split()),))
        return _folder(rows[0]) if rows else None

    def create_folder(self, name: str) -> Folder:
        name = clean_folder_name(name)
        with self.db.write() as c:
            if c.execute("SELECT 1 FROM folders WHERE name = ? COLLATE NOCASE", (name,)).fetchone():
                raise FolderNameError(f"There is already a folder called “{name}”.")
            cur = c.execute("INSERT INTO folders(uid, name, created) VALUES (?, ?, ?)",
                            (new_uid(), name, now_iso()))
            folder_id = cur.lastrowid
        return self.folder(int(folder_id or 0))

    def ensure_folder(self, name: str) -> Folder:
        existing = self.folder_by_name(name)
        return existing if existing else self.create_folder(name)

    def rename_folder(self, folder_id: int, name: str) -> Folder:
        name = clean_folder_name(name)
        with self.db.write() as c:
            clash = c.execute("SELECT id FROM folders WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
            if clash and clash[0] != folder_id:
                raise FolderNameError(f"There is already a folder called “{name}”.")
            if not c.execute("UPDATE folders SET name = ? WHERE id = ?", (name, folder_id)).rowcount:
                raise NotFoundError("That folder no longer exists.")
        return self.folder(folder_id)

    def delete_folder(self, folder_id: int) -> tuple[Folder, list[int]]:
        """Delete a folder; its bookmarks are kept, moved out to the top level.

        Returns the folder and the ids of the bookmarks that were in it (for undo).
        """
        with self.db.write() as c:
            row = c.execute("SELECT * FROM folders WHERE id = ?", (folder_id,)).fetchone()
            if row is None:
                raise NotFoundError("That folder no longer exists.")
            ids = [r[0] for r in c.execute("SELECT id FROM bookmarks WHERE folder_id = ?", (folder_id,))]
            c.execute("UPDATE bookmarks SET folder_id = NULL, updated = ? WHERE folder_id = ?",
                      (now_iso(), folder_id))
            c.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
        return _folder(row), ids

    # ------------------------------------------------------------------ bookmarks
    def add(self, section_id: str, anchor: str = "", *, section_title: str, heading_text: str = "",
            note: str = "", title: str = "", folder_id: int | None = None) -> Bookmark:
        """Bookmark a section (anchor "") or a heading in it. DuplicateBookmarkError if already there."""
        if not section_id:
            raise ValueError("section_id is required")
        stamp = now_iso()
        with self.db.write() as c:
            existing = c.execute(_SELECT + " WHERE b.section_id = ? AND b.anchor = ?",
                                 (section_id, anchor)).fetchone()
            if existing:
                raise DuplicateBookmarkError(_bookmark(existing))
            if folder_id is not None and not c.execute("SELECT 1 FROM folders WHERE id = ?",
                                                       (folder_id,)).fetchone():
                raise NotFoundError("That folder no longer exists.")
            cur = c.execute(
                """INSERT INTO bookmarks(uid, section_id, anchor, section_title, heading_text, title,
                   note, folder_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                (new_uid(), section_id, anchor, section_title, heading_text, title.strip(),
                 _clean_note(note), folder_id, stamp, stamp),
            )
            row = c.execute(_SELECT + " WHERE b.id = ?", (cur.lastrowid,)).fetchone()
        return _bookmark(row)

    def get(self, bookmark_id: int) -> Bookmark:
        rows = self.db.query(_SELECT + " WHERE b.id = ?", (bookmark_id,))
        if not rows:
            raise NotFoundError("That bookmark no longer exists.")
        return _bookmark(rows[0])

    def find(self, section_id: str, anchor: str = "") -> Bookmark | None:
        rows = self.db.query(_SELECT + " WHERE b.section_id = ? AND b.anchor = ?", (section_id, anchor))
        return _bookmark(rows[0]) if rows else None

    def list(self, folder_id: int | None = _UNSET) -> list[Bookmark]:
        """All bookmarks (oldest first), or those in one folder (None: the top level)."""
        if folder_id is _UNSET:
            rows = self.db.query(_SELECT + " ORDER BY b.created, b.id")
        elif folder_id is None:
            rows = self.db.query(_SELECT + " WHERE b.folder_id IS NULL ORDER BY b.created, b.id")
        else:
            rows = self.db.query(_SELECT + " WHERE b.folder_id = ? ORDER BY b.created, b.id", (folder_id,))
        return [_bookmark(r) for r in rows]

    def count(self) -> int:
        return int(self.db.query("SELECT count(*) FROM bookmarks")[0][0])

    def bookmarked_sections(self) -> set[str]:
        return {r[0] for r in self.db.query("SELECT DISTINCT section_id FROM bookmarks")}

    def update(self, bookmark_id: int, *, note: str = _UNSET, title: str = _UNSET,
               folder_id: int | None = _UNSET) -> Bookmark:
        """Edit the note, rename (title "" goes back to the snapshot) or move to a folder (None: top)."""
        sets: dict[str, Any] = {}
        if note is not _UNSET:
            sets["note"] = _clean_note(note)
        if title is not _UNSET:
            sets["title"] = " ".join(str(title).split())
        if folder_id is not _UNSET:
            sets["folder_id"] = folder_id
        with self.db.write() as c:
            if sets.get("folder_id") is not None and not c.execute(
                    "SELECT 1 FROM folders WHERE id = ?", (sets["folder_id"],)).fetchone():
                raise NotFoundError("That folder no longer exists.")
            sets["updated"] = now_iso()
            assignments = ", ".join(f"{k} = :{k}" for k in sets)
            cur = c.execute(f"UPDATE bookmarks SET {assignments} WHERE id = :id", {**sets, "id": bookmark_id})
            if not cur.rowcount:
                raise NotFoundError("That bookmark no longer exists.")
        return self.get(bookmark_id)

    def relocate(self, bookmark_id: int, section_id: str, anchor: str, *, section_title: str,
                 heading_text: str = "") -> Bookmark:
        """Point a bookmark whose section moved at its new place (the user's choice, never automatic)."""
        with self.db.write() as c:
            clash = c.execute("SELECT id FROM bookmarks WHERE section_id = ? AND anchor = ?",
                              (section_id, anchor)).fetchone()
            if clash and clash[0] != bookmark_id:
                raise DuplicateBookmarkError(self.get(clash[0]))
            cur = c.execute(
                """UPDATE bookmarks SET section_id = ?, anchor = ?, section_title = ?, heading_text = ?,
                   updated = ? WHERE id = ?""",
                (section_id, anchor, section_title, heading_text, now_iso(), bookmark_id))
            if not cur.rowcount:
                raise NotFoundError("That bookmark no longer exists.")
        return self.get(bookmark_id)

    def delete(self, bookmark_id: int) -> Bookmark:
        """Delete one bookmark and return it, so that `restore` can undo."""
        return self.delete_many([bookmark_id])[0]

    def delete_many(self, bookmark_ids: Iterable[int]) -> list[Bookmark]:
        ids = list(bookmark_ids)
        with self.db.write() as c:
            gone = []
            for bookmark_id in ids:
                row = c.execute(_SELECT + " WHERE b.id = ?", (bookmark_id,)).fetchone()
                if row is None:
                    raise NotFoundError("That bookmark no longer exists.")
                gone.append(_bookmark(row))
                c.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return gone

    def restore(self, bookmarks: Iterable[Bookmark]) -> list[Bookmark]:
        """Undo a delete: put bookmarks back as they were (same id, uid, dates, folder by name)."""
        restored_ids = []
        with self.db.write() as c:
            for b in bookmarks:
                folder_id = None
                if b.folder_name:
                    row = c.execute("SELECT id FROM folders WHERE name = ? COLLATE NOCASE",
                                    (b.folder_name,)).fetchone()
                    folder_id = row[0] if row else c.execute(
                        "INSERT INTO folders(uid, name, created) VALUES (?,?,?)",
                        (new_uid(), b.folder_name, now_iso())).lastrowid
                if c.execute("SELECT 1 FROM bookmarks WHERE uid = ? OR (section_id = ? AND anchor = ?)",
                             (b.uid, b.section_id, b.anchor)).fetchone():
                    continue  # already back (or re-added meanwhile): keep what is there
                id_free = not c.execute("SELECT 1 FROM bookmarks WHERE id = ?", (b.id,)).fetchone()
                cur = c.execute(
                    """INSERT INTO bookmarks(id, uid, section_id, anchor, section_title, heading_text,
                       title, note, folder_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                    (b.id if id_free else None, b.uid, b.section_id, b.anchor, b.section_title,
                     b.heading_text, b.title, b.note, folder_id, b.created, b.updated))
                restored_ids.append(int(cur.lastrowid or 0))
        return [self.get(i) for i in restored_ids]

    def restore_folder(self, folder: Folder, bookmark_ids: Iterable[int]) -> Folder:
        """Undo delete_folder: recreate it (same name) and move its bookmarks back in."""
        with self.db.write() as c:
            row = c.execute("SELECT id FROM folders WHERE name = ? COLLATE NOCASE", (folder.name,)).fetchone()
            folder_id = row[0] if row else c.execute(
                "INSERT INTO folders(uid, name, created) VALUES (?,?,?)",
                (folder.uid, folder.name, folder.created)).lastrowid
            for bookmark_id in bookmark_ids:
                c.execute("UPDATE bookmarks SET folder_id = ? WHERE id = ?", (folder_id, bookmark_id))
        return self.folder(int(folder_id or 0))
