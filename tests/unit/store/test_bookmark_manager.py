"""The bookmark rules, without a screen: saving over a place already bookmarked, renames,
relocation, sort keys in guide order, undo."""
from __future__ import annotations

import pytest

from app.store import StoreUnavailableError, open_store
from app.store.bookmark_manager import SORTS, BookmarkManager, NewBookmark


@pytest.fixture
def manager(fixture_guide, tmp_path):
    store = open_store(tmp_path / "b.sqlite3")
    yield BookmarkManager(store, fixture_guide.sections)
    store.close()


def _new(anchor="", note="", title="", folder=None):
    return NewBookmark(anchor, "", title, folder, note)


def test_saving_a_place_already_bookmarked_updates_it(manager):
    first = manager.save("welcome", "Welcome", _new(note="first"))
    again = manager.save("welcome", "Welcome", _new(note="second", folder="Induction"))
    assert again.id == first.id and again.note == "second" and again.folder_name == "Induction"
    assert len(manager.rows()[1]) == 1


def test_renaming_to_the_section_title_goes_back_to_following_it(manager):
    b = manager.save("welcome", "Welcome", _new(title="Mine"))
    assert manager.rename(b.id, "  Start   here ").title == "Start here"
    assert manager.rename(b.id, "Welcome").title == ""
    assert manager.get(b.id).label == "Welcome"


def test_relocation_points_a_moved_bookmark_at_its_section_now(manager, fixture_guide):
    section = fixture_guide.sections["strategy-discussion"]
    moved = manager.store.bookmarks.add("old-id", "", section_title=section.title)
    assert manager.rows()[1][0].where.status.value == "section moved"
    after = manager.relocate(moved.id)
    assert (after.section_id, after.section_title) == ("strategy-discussion", section.title)
    gone = manager.store.bookmarks.add("nowhere", "", section_title="Not in any guide")
    assert manager.relocate(gone.id) is None


def test_guide_order_follows_the_guide_and_its_headings(manager, fixture_guide):
    ids = [sid for sid in fixture_guide.sections if sid != "long-section"]
    long = fixture_guide.sections["long-section"]
    places = [(ids[-1], ""), ("long-section", long.headings[3].anchor), ("long-section", long.headings[1].anchor),
              (ids[0], "")]
    for sid, anchor in places:
        manager.save(sid, sid, _new(anchor=anchor))
    order = list(fixture_guide.sections)
    expected = sorted(places, key=lambda p: (order.index(p[0]), p[1] != "", p[1] == long.headings[3].anchor))
    guide_order = [name for name, _ in SORTS].index("Guide order")
    rows = sorted(manager.rows()[1], key=lambda r: r.keys.for_sort(guide_order))
    assert [(r.bookmark.section_id, r.bookmark.anchor) for r in rows] == expected


def test_folders_sort_before_bookmarks_by_name_and_date(manager):
    manager.save("welcome", "Welcome", _new(title="Aardvark"))
    manager.create_folder("Zebra")
    folders, rows = manager.rows()
    for index, (_name, newest_first) in enumerate(SORTS[:2]):
        folder_key, bookmark_key = folders[0].keys.for_sort(index), rows[0].keys.for_sort(index)
        assert (folder_key > bookmark_key) if newest_first else (folder_key < bookmark_key)


def test_undo_brings_back_deleted_bookmarks_then_a_deleted_folder(manager):
    b = manager.save("welcome", "Welcome", _new(folder="Induction"))
    manager.delete([b.id])
    assert manager.can_undo and manager.find("welcome") is None
    assert manager.undo() == "1 bookmark restored."
    folder = manager.folders()[0]
    manager.delete_folder(folder.id)
    assert manager.get(b.id).folder_id is None
    assert manager.undo() == "Folder restored." and manager.get(b.id).folder_name == "Induction"
    assert not manager.can_undo


def test_without_a_store_every_change_is_one_clear_error(fixture_guide):
    manager = BookmarkManager(None, fixture_guide.sections, unavailable="The bookmarks file is read-only.")
    assert not manager.is_bookmarked("welcome") and manager.bookmarked_sections() == set()
    with pytest.raises(StoreUnavailableError, match="read-only"):
        manager.save("welcome", "Welcome", _new())
