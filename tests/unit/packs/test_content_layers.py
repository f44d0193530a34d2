"""Installed content lives in layers in the data folder; only a complete layer is ever used."""
from __future__ import annotations

import json
import shutil

import pytest
from packkit import FIXTURE_CONTENT

from app.guide import load_guide
from app.packs import PackRefused
from app.packs.active import active_guide_dir, active_local_layer, read_state
from app.packs.layers import prepare, rollback


def install(kit, pack, current=None, local=None):
    prepared = prepare(pack, kit.trust, kit.root, current, local)
    return prepared.commit(), prepared


@pytest.fixture
def bundled(kit):
    """Stands in for the content shipped with the app, at an older version."""
    folder = kit.content("2026.1", name="bundled")
    return folder


def test_an_installed_pack_becomes_the_guide_in_use(kit, bundled):
    assert active_guide_dir(kit.root, bundled) == bundled
    new = kit.content("2027.1")
    (new / "basics" / "welcome.md").write_text((new / "basics" / "welcome.md").read_text() + "\nNew words.\n")
    layer, _ = install(kit, kit.pack(new), load_guide(bundled))
    used = active_guide_dir(kit.root, bundled)
    assert used == layer.content and used.is_relative_to(kit.data)
    assert "New words." in load_guide(used).sections["welcome"].body
    assert layer.publisher == "Working Together Reader project"


def test_rollback_returns_to_the_previous_content_in_one_step(kit, bundled):
    v1, v2 = kit.content("2027.1"), kit.content("2027.2")
    (v2 / "basics" / "welcome.md").write_text((v2 / "basics" / "welcome.md").read_text() + "\nSecond.\n")
    first, _ = install(kit, kit.pack(v1), load_guide(bundled))
    second, _ = install(kit, kit.pack(v2), load_guide(first.content))
    assert active_guide_dir(kit.root, bundled) == second.content
    state = rollback(kit.root, "2026.1")
    assert active_guide_dir(kit.root, bundled) == first.content
    assert (state.changes["from"], state.changes["to"]) == ("2027.2", "2027.1")
    rollback(kit.root, "2026.1")
    assert active_guide_dir(kit.root, bundled) == bundled
    with pytest.raises(PackRefused, match="no earlier content"):
        rollback(kit.root, "2026.1")


def test_an_older_pack_or_the_same_content_is_refused(kit, bundled):
    layer, _ = install(kit, kit.pack(kit.content("2027.2")), load_guide(bundled))
    current = load_guide(layer.content)
    with pytest.raises(PackRefused, match="older than the content in use"):
        prepare(kit.pack(_changed(kit.content("2027.1"))), kit.trust, kit.root, current)
    with pytest.raises(PackRefused, match="already in use"):
        prepare(kit.pack(kit.content("2027.2")), kit.trust, kit.root, current)
    assert [p.name for p in kit.root.iterdir() if p.name.startswith(".staging")] == []


def _changed(folder):
    path = folder / "basics" / "welcome.md"
    path.write_text(path.read_text() + "\nChanged.\n")
    return folder


def test_bundled_content_newer_than_the_installed_layer_wins(kit, bundled):
    install(kit, kit.pack(kit.content("2027.1")), load_guide(bundled))
    newer_bundle = kit.content("2028.1", name="newer-bundle")
    assert active_guide_dir(kit.root, newer_bundle) == newer_bundle


def test_a_half_made_layer_is_never_used(kit, bundled):
    layer, _ = install(kit, kit.pack(kit.content("2027.1")), load_guide(bundled))
    (layer.folder / "layer.json").unlink()
    assert active_guide_dir(kit.root, bundled) == bundled
    # a pointer naming a folder that is not there, or a damaged pointer
    (kit.root / "active.json").write_text(json.dumps({"guide": "guide-9-nothing"}))
    assert active_guide_dir(kit.root, bundled) == bundled
    (kit.root / "active.json").write_text("{not json")
    assert active_guide_dir(kit.root, bundled) == bundled


def test_a_pack_that_is_not_confirmed_changes_nothing(kit, bundled):
    prepared = prepare(kit.pack(kit.content("2027.1")), kit.trust, kit.root, load_guide(bundled))
    prepared.discard()
    assert active_guide_dir(kit.root, bundled) == bundled
    assert list(kit.root.iterdir()) == []


def test_a_disk_full_while_writing_the_pointer_keeps_the_old_content(kit, bundled, monkeypatch):
    first, _ = install(kit, kit.pack(kit.content("2027.1")), load_guide(bundled))
    prepared = prepare(kit.pack(_changed(kit.content("2027.2"))), kit.trust, kit.root, load_guide(first.content))
    import app.packs.active as active

    real_replace = active.os.replace

    def full(src, dst):
        if str(dst).endswith("active.json"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(active.os, "replace", full)
    with pytest.raises(OSError):
        prepared.commit()
    monkeypatch.undo()
    assert active_guide_dir(kit.root, bundled) == first.content
    assert not [p for p in kit.root.iterdir() if p.name.endswith(".tmp")]


def test_one_local_layer_at_a_time_the_next_replaces_it_and_says_so(kit, bundled):
    a = kit.partnership_key("Northshire Safeguarding Partnership")
    b = kit.partnership_key("Southshire Safeguarding Partnership")
    first, _ = install(kit, kit.pack(kit.content("1"), key=a, local="Northshire Safeguarding Partnership"))
    assert active_local_layer(kit.root).publisher == "Northshire Safeguarding Partnership"
    prepared = prepare(kit.pack(kit.content("1"), key=b, local="Southshire Safeguarding Partnership"),
                       kit.trust, kit.root, None, load_guide(first.content))
    assert prepared.changes["replaces_local"] == "Northshire Safeguarding Partnership"
    prepared.commit()
    assert active_local_layer(kit.root).publisher == "Southshire Safeguarding Partnership"
    assert read_state(kit.root).guide is None  # the national guide untouched
    assert active_guide_dir(kit.root, bundled) == bundled


def test_layers_no_state_refers_to_are_swept(kit, bundled):
    guide = load_guide(bundled)
    names = []
    for n in range(8):
        layer, _ = install(kit, kit.pack(_changed(kit.content(f"2027.{n + 1}"))), guide)
        guide = load_guide(layer.content)
        names.append(layer.name)
    on_disk = {p.name for p in kit.root.iterdir() if p.is_dir()}
    assert names[-1] in on_disk and names[0] not in on_disk
    assert len(on_disk) <= 6


def test_layers_are_never_written_into_the_bundled_folder(kit, bundled):
    before = sorted(p.relative_to(FIXTURE_CONTENT) for p in FIXTURE_CONTENT.rglob("*"))
    snapshot = shutil.copytree(bundled, kit.tmp / "snap")
    install(kit, kit.pack(kit.content("2027.1")), load_guide(bundled))
    assert sorted(p.relative_to(FIXTURE_CONTENT) for p in FIXTURE_CONTENT.rglob("*")) == before
    assert sorted(p.name for p in bundled.rglob("*")) == sorted(p.name for p in snapshot.rglob("*"))
