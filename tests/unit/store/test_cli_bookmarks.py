"""wt-reader bookmarks list/export/import, in the --data-dir folder."""
from __future__ import annotations

import json

from app import paths
from app.store import open_store
from tests.conftest import FIXTURE_CONTENT
from tests.unit.test_cli import wt


def _seed(folder):
    paths.set_data_dir(folder)
    s = open_store()
    f = s.bookmarks.create_folder("Meetings")
    s.bookmarks.add("strategy-discussion", "", section_title="Strategy discussion", note="Who attends",
                    folder_id=f.id)
    s.bookmarks.add("removed-section", "old", section_title="A section that was removed", heading_text="Old")
    s.close()


def test_list_text_and_json_say_which_sections_exist(tmp_path):
    data = tmp_path / "data"
    _seed(data)
    common = ("--data-dir", str(data), "--content-dir", str(FIXTURE_CONTENT), "bookmarks", "list")
    text = wt(*common)
    assert text.returncode == 0, text.stderr
    assert "[Meetings] Strategy discussion  (strategy-discussion; ok)" in text.stdout
    assert "A section that was removed › Old  (removed-section#old; section missing)" in text.stdout
    assert "note: Who attends" in text.stdout
    js = wt(*common, "--json")
    rows = {r["section"]: r for r in json.loads(js.stdout)}
    assert rows["strategy-discussion"]["status"] == "ok"
    assert rows["removed-section"]["status"] == "section missing"
    assert rows["removed-section"]["section_title"] == "A section that was removed"


def test_export_then_import_elsewhere_merges(tmp_path):
    _seed(tmp_path / "a")
    out = tmp_path / "export.json"
    r = wt("--data-dir", str(tmp_path / "a"), "bookmarks", "export", str(out))
    assert r.returncode == 0 and "Exported 2 bookmarks" in r.stdout
    for expected in ("2 bookmarks added", "0 bookmarks added, 0 merged with ones you had, 2 already there"):
        r = wt("--data-dir", str(tmp_path / "b"), "bookmarks", "import", str(out))
        assert r.returncode == 0 and expected in r.stdout, r.stdout + r.stderr
    paths.set_data_dir(tmp_path / "b")
    s = open_store()
    assert s.bookmarks.count() == 2 and [f.name for f in s.bookmarks.folders()] == ["Meetings"]
    s.close()


def test_bad_import_is_one_line_and_changes_nothing(tmp_path):
    _seed(tmp_path / "a")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "wt-reader-bookmarks", "version": 1, "bookmarks": [{"sect')
    r = wt("--data-dir", str(tmp_path / "a"), "bookmarks", "import", str(bad))
    assert r.returncode == 2
    assert r.stderr.startswith("wt-reader: cannot import") and "cut short" in r.stderr
    assert "not changed" in r.stderr and "Traceback" not in r.stderr
    paths.set_data_dir(tmp_path / "a")
    s = open_store()
    assert s.bookmarks.count() == 2
    s.close()


def test_damaged_database_is_reported_not_a_crash(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "bookmarks.sqlite3").write_bytes(b"this is not sqlite" * 100)
    r = wt("--data-dir", str(data), "--content-dir", str(FIXTURE_CONTENT), "bookmarks", "list")
    assert r.returncode == 0
    assert "damaged" in r.stderr and "No bookmarks." in r.stdout
    assert list(data.glob("bookmarks.sqlite3.damaged-*"))


def test_export_warns_about_notes_that_look_like_case_details(tmp_path):
    data = tmp_path / "data"
    _seed(data)
    s = open_store()
    s.bookmarks.add("welcome", "", section_title="Welcome", note="Jayden (age 6) at 14 Elm Road, bruise on arm")
    s.close()
    result = wt("--data-dir", str(data), "--content-dir", str(FIXTURE_CONTENT), "bookmarks", "export",
                str(tmp_path / "out.json"))
    assert result.returncode == 0, result.stderr
    assert "1 of your notes looks like it contains details of a child or family (“Welcome”)" in result.stderr
    assert "Jayden" not in result.stderr  # the warning names the bookmark, never repeats the details
