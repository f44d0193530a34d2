"""The index is reused when it matches, rebuilt when it does not, and never left broken."""
from __future__ import annotations

import shutil

import pytest

from app.guide import load_guide
from app.search import IndexManager, Searcher
from app.search import index as index_module
from tests.conftest import FIXTURE_CONTENT


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def test_built_once_then_reused(fixture_guide, tmp_path):
    first = IndexManager(fixture_guide, tmp_path / "index")
    first.ensure()
    assert first.source == "built" and first.last_build_seconds is not None
    first.close()
    again = IndexManager(fixture_guide, tmp_path / "index")
    again.ensure()
    assert again.source == "cache"


def test_rebuilt_when_content_changes(content, tmp_path):
    guide = load_guide(content)
    IndexManager(guide, tmp_path / "index").ensure()
    page = content / "basics" / "welcome.md"
    page.write_text(page.read_text() + "\nA brand new word: zebracrossing.\n")
    changed = load_guide(content)
    manager = IndexManager(changed, tmp_path / "index")
    manager.ensure()
    assert manager.source == "built"
    assert Searcher(changed, manager).search("zebracrossing").results[0].section_id == "welcome"


def test_rebuilt_when_schema_version_changes(fixture_guide, tmp_path, monkeypatch):
    IndexManager(fixture_guide, tmp_path / "index").ensure()
    monkeypatch.setattr(index_module, "SCHEMA_VERSION", index_module.SCHEMA_VERSION + 1)
    manager = IndexManager(fixture_guide, tmp_path / "index")
    manager.ensure()
    assert manager.source == "built"


@pytest.mark.parametrize("damage", ["delete_segments", "garbage", "no_key", "empty_folder"])
def test_damaged_index_is_rebuilt(fixture_guide, tmp_path, damage):
    folder = tmp_path / "index"
    IndexManager(fixture_guide, folder).ensure()
    if damage == "delete_segments":
        for f in folder.glob("*.seg"):
            f.unlink()
    elif damage == "garbage":
        for f in folder.iterdir():
            if f.name != index_module.KEY_FILE:
                f.write_bytes(b"\x00garbage" * 10)
    elif damage == "no_key":
        (folder / index_module.KEY_FILE).unlink()
    else:
        shutil.rmtree(folder)
        folder.mkdir()
    manager = IndexManager(fixture_guide, folder)
    manager.ensure()
    assert manager.source == "built"
    assert Searcher(fixture_guide, manager).search("strategy").results


def test_crash_during_build_keeps_the_old_index(fixture_guide, content, tmp_path, monkeypatch):
    folder = tmp_path / "index"
    IndexManager(fixture_guide, folder).ensure()
    page = content / "basics" / "welcome.md"
    page.write_text(page.read_text() + "\nchanged\n")
    changed = load_guide(content)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(index_module, "build_index", explode)
    with pytest.raises(index_module.IndexUnavailable):
        IndexManager(changed, folder).ensure()
    monkeypatch.undo()
    survivor = IndexManager(fixture_guide, folder)  # the previous, complete index is still there
    survivor.ensure()
    assert survivor.source == "cache"
    assert not list(tmp_path.glob("index-building-*")) or all(not any(p.iterdir()) for p in tmp_path.glob("index-building-*"))


def test_prebuilt_index_is_used_without_building(fixture_guide, tmp_path):
    prebuilt = tmp_path / "bundle-index"
    index_module.build_index(fixture_guide, prebuilt)
    manager = IndexManager(fixture_guide, tmp_path / "cache" / "index", prebuilt)
    manager.ensure()
    assert manager.source == "prebuilt"
    assert not (tmp_path / "cache" / "index").exists()


def test_progress_is_reported(fixture_guide, tmp_path):
    seen = []
    IndexManager(fixture_guide, tmp_path / "index").ensure(progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
