"""Bookmarks, folders, undo, history and locating bookmarks after a content update."""
from __future__ import annotations

import dataclasses

import pytest

from app.store import (
    DuplicateBookmarkError,
    FolderNameError,
    NotFoundError,
    Status,
    locate,
)
from tests.unit.store.conftest import add


def test_add_get_find_list(store):
    b = add(store, "strategy-discussion", "who-attends", heading_text="Who attends", note="  remember  ")
    assert b.note == "remember" and b.anchor == "who-attends"
    assert store.bookmarks.get(b.id) == b
    assert store.bookmarks.find("strategy-discussion", "who-attends") == b
    assert store.bookmarks.find("strategy-discussion") is None
    assert store.bookmarks.list() == [b]
    assert store.bookmarks.bookmarked_sections() == {"strategy-discussion"}
    assert b.label == "Strategy discussion › Who attends"
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.note = "x"  # type: ignore[misc]


def test_duplicate_place_is_refused_with_the_existing_one(store):
    b = add(store, "welcome")
    with pytest.raises(DuplicateBookmarkError) as info:
        add(store, "welcome", note="again")
    assert info.value.existing == b
    assert store.bookmarks.count() == 1
    add(store, "welcome", "a-heading")  # a heading in the same section is another place
    assert store.bookmarks.count() == 2


def test_edit_note_rename_move_and_back(store):
    b = add(store, "welcome")
    folder = store.bookmarks.create_folder("  Child  protection ")
    assert folder.name == "Child protection"
    b2 = store.bookmarks.update(b.id, note="new note", title="My start page", folder_id=folder.id)
    assert (b2.note, b2.title, b2.label, b2.folder_name) == ("new note", "My start page", "My start page",
                                                            "Child protection")
    assert b2.updated >= b.updated and b2.created == b.created
    assert store.bookmarks.list(folder.id) == [b2] and store.bookmarks.list(None) == []
    b3 = store.bookmarks.update(b.id, folder_id=None, title="")
    assert b3.folder_id is None and b3.label == "Welcome" and b3.note == "new note"
    with pytest.raises(NotFoundError):
        store.bookmarks.update(999, note="x")
    with pytest.raises(NotFoundError):
        store.bookmarks.update(b.id, folder_id=999)


def test_folders_unique_rename_delete_keeps_bookmarks(store):
    a = store.bookmarks.create_folder("Meetings")
    with pytest.raises(FolderNameError):
        store.bookmarks.create_folder("meetings")
    with pytest.raises(FolderNameError):
        store.bookmarks.create_folder("   ")
    b = store.bookmarks.create_folder("Assessments")
    assert [f.name for f in store.bookmarks.folders()] == ["Assessments", "Meetings"]
    with pytest.raises(FolderNameError):
        store.bookmarks.rename_folder(b.id, "MEETINGS")
    assert store.bookmarks.rename_folder(b.id, "Assessment").name == "Assessment"
    assert store.bookmarks.rename_folder(a.id, "meetings").name == "meetings"  # own name, new case
    m1 = add(store, "welcome", folder_id=a.id)
    m2 = add(store, "who-is-a-child", folder_id=a.id)
    folder, ids = store.bookmarks.delete_folder(a.id)
    assert sorted(ids) == sorted([m1.id, m2.id])
    assert store.bookmarks.count() == 2 and all(x.folder_id is None for x in store.bookmarks.list())
    again = store.bookmarks.restore_folder(folder, ids)
    assert {x.folder_name for x in store.bookmarks.list()} == {again.name}


def test_delete_and_undo_restores_exactly(store):
    folder = store.bookmarks.create_folder("F")
    b = add(store, "welcome", "h", heading_text="H", note="n", folder_id=folder.id, title="T")
    other = add(store, "who-is-a-child")
    gone = store.bookmarks.delete(b.id)
    assert gone == b and store.bookmarks.list() == [other]
    with pytest.raises(NotFoundError):
        store.bookmarks.get(b.id)
    store.bookmarks.delete_folder(folder.id)  # folder gone too: undo brings it back by name
    [back] = store.bookmarks.restore([gone])
    assert dataclasses.replace(back, folder_id=None) == dataclasses.replace(b, folder_id=None)
    assert back.folder_name == "F"
    assert store.bookmarks.restore([gone]) == []  # undoing twice adds nothing


def test_delete_many_is_all_or_nothing(store):
    a, b = add(store, "a"), add(store, "b")
    with pytest.raises(NotFoundError):
        store.bookmarks.delete_many([a.id, 999])
    assert store.bookmarks.count() == 2
    assert len(store.bookmarks.delete_many([a.id, b.id])) == 2


def test_data_survives_reopen(tmp_path):
    from app.store import open_store

    s = open_store(tmp_path / "b.sqlite3")
    b = add(s, "welcome", note="kept")
    s.close()
    s2 = open_store(tmp_path / "b.sqlite3")
    assert s2.bookmarks.list() == [b] and s2.recovery is None
    s2.close()


def test_two_connections_see_each_others_writes(tmp_path):
    """Two windows (or two app instances) share the file; data_version tells one the other wrote."""
    from app.store import open_store

    one, two = open_store(tmp_path / "b.sqlite3"), open_store(tmp_path / "b.sqlite3")
    before = one.db.data_version()
    add(two, "welcome")
    assert one.db.data_version() != before
    assert [b.section_id for b in one.bookmarks.list()] == ["welcome"]
    one.close(), two.close()


def test_history_recent_limit_and_clear(store):
    store.history.limit = 3
    for sid in ["a", "b", "c", "a", "d"]:
        store.history.record(sid, sid.upper())
    assert [h.section_id for h in store.history.recent()] == ["d", "a", "c"]
    store.history.remove("a")
    assert [h.section_id for h in store.history.recent()] == ["d", "c"]
    assert store.history.clear() == 2 and store.history.recent() == []


def test_wipe_removes_everything_including_damaged_copies(store, tmp_path):
    folder = store.bookmarks.create_folder("F")
    add(store, "welcome", note="Secret note text", folder_id=folder.id)
    store.history.record("welcome", "Welcome")
    old = tmp_path / "bookmarks.sqlite3.damaged-20240101-000000"
    old.write_bytes(b"Secret note text")
    (tmp_path / "bookmarks.sqlite3.damaged-20240101-000000-wal").write_bytes(b"Secret note text")
    snapshot = tmp_path / ".bookmarks.sqlite3.opening-x1"  # a start killed while copying
    snapshot.mkdir()
    (snapshot / "bookmarks.sqlite3").write_bytes(b"Secret note text")
    store.wipe()
    assert store.bookmarks.list() == [] and store.bookmarks.folders() == [] and store.history.recent() == []
    assert not old.exists() and not snapshot.exists()
    assert list(tmp_path.glob("*.damaged-*")) == []
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("bookmarks.sqlite3*"))
    assert b"Secret note text" not in raw


# ------------------------------------------------------------------ after a content update

@dataclasses.dataclass(frozen=True)
class H:
    text: str
    anchor: str


@dataclasses.dataclass(frozen=True)
class S:
    id: str
    title: str
    headings: tuple = ()


def test_locate_statuses(store):
    b = add(store, "conf", "quorum", section_title="Initial conference", heading_text="Quorum")
    whole = add(store, "old-id", section_title="Strategy discussion")
    assert locate(b, {"conf": S("conf", "Initial conference", (H("Quorum", "quorum"),))}).status is Status.OK
    moved = locate(b, {"conf": S("conf", "Initial conference", (H("Quorum", "quorum-2"),))})
    assert (moved.status, moved.anchor) == (Status.HEADING_MOVED, "quorum-2")
    gone = locate(b, {"conf": S("conf", "Initial conference")})
    assert (gone.status, gone.section_id, gone.anchor) == (Status.HEADING_MISSING, "conf", "")
    renamed = locate(b, {"icpc": S("icpc", "Initial conference", (H("Quorum", "quorum"),))})
    assert (renamed.status, renamed.section_id, renamed.anchor) == (Status.SECTION_MOVED, "icpc", "quorum")
    by_heading = locate(b, {"x": S("x", "Conferences", (H("quorum", "q"),))})
    assert (by_heading.status, by_heading.section_id) == (Status.SECTION_MOVED, "x")
    missing = locate(whole, {"conf": S("conf", "Initial conference")})
    assert missing.status is Status.SECTION_MISSING and not missing.openable and missing.describe()
    # never dropped: the bookmark is still listed with its snapshot and note
    assert {x.section_title for x in store.bookmarks.list()} == {"Initial conference", "Strategy discussion"}


def test_locate_against_real_fixture_guide(store, fixture_guide):
    section = next(s for s in fixture_guide.sections.values() if s.headings)
    b = add(store, section.id, section.headings[0].anchor, section_title=section.title,
            heading_text=section.headings[0].text)
    assert locate(b, fixture_guide.sections).status is Status.OK


def test_relocate_is_explicit(store):
    b = add(store, "old", "h", section_title="Old", heading_text="H")
    moved = store.bookmarks.relocate(b.id, "new", "h", section_title="New", heading_text="H")
    assert (moved.section_id, moved.section_title, moved.uid) == ("new", "New", b.uid)
    other = add(store, "x")
    with pytest.raises(DuplicateBookmarkError):
        store.bookmarks.relocate(b.id, "x", "", section_title="X")
    assert store.bookmarks.get(other.id) == other
