"""Export/import: a round trip, merging without duplicates, and bad files rejected with a reason."""
from __future__ import annotations

import json

import pytest

from app.store import DiskFullError, ImportFormatError, open_store
from app.store import export as ex
from tests.unit.store.conftest import add


def _fill(store):
    f = store.bookmarks.create_folder("Conferences")
    store.bookmarks.create_folder("Empty folder")
    add(store, "initial-conference", "quorum", heading_text="Quorum", note="Check who must attend",
        folder_id=f.id)
    add(store, "welcome", title="Start here", note="Ünïcode “quotes” ✓")


def _snapshot(store):
    return sorted((b.uid, b.section_id, b.anchor, b.section_title, b.heading_text, b.title, b.note,
                   b.folder_name, b.created, b.updated) for b in store.bookmarks.list())


def test_round_trip_to_a_new_laptop(store, tmp_path):
    _fill(store)
    path = tmp_path / "out" / "my bookmarks.json"
    path.parent.mkdir()
    assert ex.export_to_file(store.bookmarks, path) == 2
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format"] == "wt-reader-bookmarks" and doc["version"] == 1
    other = open_store(tmp_path / "other.sqlite3")
    result = ex.import_file(other.bookmarks, path)
    assert (result.added, result.merged, result.unchanged, result.folders_created) == (2, 0, 0, 2)
    assert _snapshot(other) == _snapshot(store)
    assert {f.name for f in other.bookmarks.folders()} == {"Conferences", "Empty folder"}
    again = ex.import_file(other.bookmarks, path)
    assert (again.added, again.merged, again.unchanged) == (0, 0, 2)
    assert other.bookmarks.count() == 2
    other.close()


def test_merge_same_place_different_laptop_adds_note_once(store, tmp_path):
    mine = add(store, "welcome", note="my note")
    other = open_store(tmp_path / "other.sqlite3")
    add(other, "welcome", note="their note")  # same place, different uid
    add(other, "who-is-a-child", note="new")
    path = tmp_path / "e.json"
    ex.export_to_file(other.bookmarks, path)
    r = ex.import_file(store.bookmarks, path)
    assert (r.added, r.merged, r.unchanged) == (1, 1, 0)
    assert store.bookmarks.get(mine.id).note == "my note\n\ntheir note"
    r2 = ex.import_file(store.bookmarks, path)
    assert (r2.added, r2.merged, r2.unchanged) == (0, 0, 2)
    assert store.bookmarks.count() == 2
    other.close()


def _doc(**over):
    doc = {"format": "wt-reader-bookmarks", "version": 1, "folders": [],
           "bookmarks": [{"section": "welcome", "anchor": "", "note": "imported"}]}
    doc.update(over)
    return json.dumps(doc).encode()


GOOD = _doc()
BAD_FILES = {
    "empty": (b"", "empty"),
    "truncated": (GOOD[: len(GOOD) // 2], "cut short"),
    "not json": (b"{format: wt}", "not valid JSON"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8"),
    "browser bookmarks": (b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL>", "web browser"),
    "foreign json": (b'{"roots": {"bookmark_bar": {}}}', "not a Working Together Reader"),
    "json list": (b"[1, 2]", "not a Working Together Reader"),
    "newer version": (_doc(version=2), "newer version"),
    "bad version": (_doc(version="1"), "version"),
    "no bookmarks": (json.dumps({"format": "wt-reader-bookmarks", "version": 1}).encode(), "“bookmarks” is missing"),
    "bookmarks not list": (_doc(bookmarks={}), "should be a list"),
    "item not object": (_doc(bookmarks=["welcome"]), "bookmarks[0]"),
    "section missing": (_doc(bookmarks=[{"section": "a"}, {"note": "x"}]), "bookmarks[1]: “section” is missing"),
    "section wrong type": (_doc(bookmarks=[{"section": 5}]), "should be text, not int"),
    "bad date": (_doc(bookmarks=[{"section": "a", "created": "yesterday"}]), "not a date"),
    "bad folder": (_doc(folders=[{"name": ""}]), "folders[0]"),
    "note too long": (_doc(bookmarks=[{"section": "a", "note": "x" * 30_000}]), "too long"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_import_files_are_rejected_and_change_nothing(store, tmp_path, name):
    raw, words = BAD_FILES[name]
    _fill(store)
    before = _snapshot(store), store.bookmarks.folders()
    path = tmp_path / "import.json"
    path.write_bytes(raw)
    with pytest.raises(ImportFormatError) as info:
        ex.import_file(store.bookmarks, path)
    assert words in str(info.value), str(info.value)
    assert (_snapshot(store), store.bookmarks.folders()) == before


def test_an_error_late_in_the_file_adds_nothing_from_earlier_items(store, tmp_path):
    items = [{"section": f"s{i}"} for i in range(50)] + [{"section": None}]
    path = tmp_path / "i.json"
    path.write_bytes(_doc(bookmarks=items))
    with pytest.raises(ImportFormatError, match=r"bookmarks\[50\]"):
        ex.import_file(store.bookmarks, path)
    assert store.bookmarks.count() == 0


def test_missing_file_and_folder(store, tmp_path):
    with pytest.raises(ImportFormatError, match="not found"):
        ex.import_file(store.bookmarks, tmp_path / "nope.json")
    with pytest.raises(ImportFormatError, match="folder"):
        ex.import_file(store.bookmarks, tmp_path)


def test_minimal_and_bom_files_import(store, tmp_path):
    path = tmp_path / "i.json"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD)
    assert ex.import_file(store.bookmarks, path).added == 1
    assert store.bookmarks.find("welcome").note == "imported"


def test_export_to_a_full_disk_leaves_the_old_file(store, tmp_path, monkeypatch):
    import errno
    import os

    _fill(store)
    path = tmp_path / "e.json"
    path.write_text("old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFullError):
        ex.export_to_file(store.bookmarks, path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
