"""Hostile import files: each is refused with one sentence, and the bookmarks are left as they were."""
from __future__ import annotations

import json
import os
import sys

import pytest

from app.store import ImportFormatError
from app.store import export as ex
from tests.unit.store.conftest import add
from tests.unit.test_cli import wt


def _doc(**bookmark) -> dict:
    item = {"section": "welcome", "title": "A title"}
    item.update(bookmark)
    return {"format": "wt-reader-bookmarks", "version": 1, "bookmarks": [item]}


def _text(doc) -> str:
    return json.dumps(doc, ensure_ascii=True)


HOSTILE = {
    "nested 50,000 deep": '{"format": "wt-reader-bookmarks", "version": 1, "bookmarks": [{"note": '
                          + "[" * 50_000 + "]" * 50_000 + "}]}",
    "a date at the start of the calendar": _text(_doc(created="0001-01-01T00:00:00+14:00")),
    "a date at the end of the calendar": _text(_doc(updated="9999-12-31T23:59:59-14:00")),
    "a date in the year 1": _text(_doc(created="0001-01-02T00:00:00+00:00")),
    "a 5,000-digit version": '{"format": "wt-reader-bookmarks", "version": ' + "9" * 5000 + ', "bookmarks": []}',
    "a 5,000-digit number in a bookmark": _text(_doc()).replace('"A title"', "1" + "0" * 4999),
    "NaN": _text(_doc()).replace('"A title"', "NaN"),
    "a lone surrogate in a title": _text(_doc(title="s\ud800x")),
    "a lone surrogate in a note": _text(_doc(note="\udfff")),
    "a lone surrogate in a folder name": _text(_doc(folder="F\ud83d")),
    "a NUL in a section id": _text(_doc(section="wel\u0000come")),
}


def _state(store):
    return (sorted((b.uid, b.section_id, b.title, b.note, b.folder_name, b.updated) for b in store.bookmarks.list()),
            sorted(f.name for f in store.bookmarks.folders()))


def _one_sentence(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message
    assert message.endswith(".") and 10 < len(message) < 300, message


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_in_one_sentence_and_changes_nothing(store, tmp_path, name):
    add(store, "existing", note="keep me")
    before = _state(store)
    path = tmp_path / "hostile.json"
    path.write_text(HOSTILE[name], encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ImportFormatError) as info:
        ex.import_file(store.bookmarks, path)
    _one_sentence(str(info.value))
    assert _state(store) == before


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
def test_special_files_are_refused_without_reading_them_forever(store, tmp_path, special):
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        special = str(tmp_path / "pipe")
        os.mkfifo(special)  # nobody writes: opening it for reading would wait forever
    before = _state(store)
    with pytest.raises(ImportFormatError) as info:
        ex.import_file(store.bookmarks, special)
    _one_sentence(str(info.value))
    assert _state(store) == before


def test_reading_stops_at_the_limit_whatever_the_file_says(monkeypatch):
    class Endless:
        asked = []

        def read(self, n=-1):
            self.asked.append(n)
            assert n >= 0, "read without a limit"
            return b" " * n

    with pytest.raises(ImportFormatError, match="too large"):
        ex.read_limited(Endless(), limit=1000)
    assert Endless.asked == [1001]


@pytest.mark.skipif(sys.platform == "win32" or not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_cli_import_of_dev_zero_and_deep_nesting_says_one_sentence(tmp_path):
    data = tmp_path / "data"
    deep = tmp_path / "deep.json"
    deep.write_text(HOSTILE["nested 50,000 deep"])
    for target in ("/dev/zero", str(deep)):
        result = wt("--data-dir", str(data), "bookmarks", "import", target)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("wt-reader: "), result.stderr
