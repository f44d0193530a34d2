"""What an update changed, and bookmarks that survive it (kept, moved by `replaces`, or flagged)."""
from __future__ import annotations

import re

from app.guide import load_guide
from app.packs.changes import diff, moves, section_hash
from app.packs.layers import prepare, rollback
from app.store import Status, locate, open_store
from app.store.moves import follow_section_moves


def rename_section(content, old, new, title=None):
    """Give a section a new id (and file), as an editor reorganising the guide would."""
    src = next(content.glob(f"*/{old}.md"))
    text = src.read_text().replace(f"id: {old}", f"id: {new}")
    if title:
        text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
    (src.parent / f"{new}.md").write_text(text)
    src.unlink()
    for name in ("guide.yaml", "timescales.yaml", "glossary.yaml", "timeline.yaml"):
        path = content / name
        path.write_text(re.sub(rf"\b{old}\b", new, path.read_text()))
    for md in content.glob("*/*.md"):
        md.write_text(md.read_text().replace(f"section:{old}", f"section:{new}"))


def remove_section(content, sid):
    next(content.glob(f"*/{sid}.md")).unlink()
    guide = content / "guide.yaml"
    guide.write_text(re.sub(rf",\s*{sid}\b|\b{sid},\s*", "", guide.read_text()))


def updated(kit):
    old = kit.content("2026.1", name="old")
    new = kit.content("2027.1", name="new")
    rename_section(new, "strategy-discussion", "strategy-meeting", title="Strategy meeting")
    remove_section(new, "long-section")
    (new / "basics" / "welcome.md").write_text((new / "basics" / "welcome.md").read_text() + "\nMore.\n")
    steps = new / "timescales.yaml"
    steps.write_text(steps.read_text().replace("amount: 15", "amount: 10"))
    (new / "pack.yaml").write_text("note: The 2027 update.\nreplaces: {strategy-discussion: strategy-meeting}\n"
                                   "notes: {welcome: A new closing line.}\n")
    return old, new


def test_diff_names_sections_added_changed_removed_and_replaced(kit):
    old, new = updated(kit)
    changes = diff(load_guide(old), load_guide(new), replaces={"strategy-discussion": "strategy-meeting"},
                   notes={"welcome": "A new closing line."})
    assert [c["id"] for c in changes["removed"]] == ["long-section"]
    assert changes["added"] == []
    changed = {c["id"]: c for c in changes["changed"]}
    assert changed["welcome"]["note"] == "A new closing line."
    assert changed["strategy-meeting"]["replaces"] == "strategy-discussion"
    assert "who-is-a-child" not in changed  # unchanged sections are not listed
    assert changes["timescales"] == [{"id": "icpc-held", "name": "Initial child protection conference held",
                                      "from": {"amount": 15, "unit": "working_days"},
                                      "to": {"amount": 10, "unit": "working_days"}}]
    assert (changes["from"], changes["to"]) == ("2026.1", "2027.1")


def test_without_replaces_a_renamed_section_is_removed_and_added(kit):
    old, new = updated(kit)
    changes = diff(load_guide(old), load_guide(new))
    assert "strategy-discussion" in [c["id"] for c in changes["removed"]]
    assert "strategy-meeting" in [c["id"] for c in changes["added"]]


def test_section_hash_follows_what_a_reader_sees(fixture_guide):
    s = fixture_guide.sections["welcome"]
    assert section_hash(s) == section_hash(s._replace(reviewed=None, path=s.path.parent))
    assert section_hash(s) != section_hash(s._replace(body=s.body + " more"))


def test_bookmarks_survive_an_update_that_renames_and_removes_sections(kit, tmp_path):
    old, new = updated(kit)
    store = open_store(tmp_path / "bookmarks.sqlite3")
    kept = store.bookmarks.add("welcome", "", section_title="Welcome", note="kept note")
    renamed = store.bookmarks.add("strategy-discussion", "who-takes-part", section_title="Strategy discussion",
                                  heading_text="Who takes part", note="renamed note")
    removed = store.bookmarks.add("long-section", "", section_title="A long section", note="removed note")
    store.history.record("strategy-discussion", "Strategy discussion")

    prepared = prepare(kit.pack(new), kit.trust, kit.root, load_guide(old))
    layer = prepared.commit()
    assert follow_section_moves(store.db, moves(prepared.changes)) == 1
    guide = load_guide(layer.content)

    after = {b.id: b for b in store.bookmarks.list()}
    assert len(after) == 3  # nothing dropped
    assert locate(after[kept.id], guide.sections).status is Status.OK
    moved = after[renamed.id]
    assert (moved.section_id, moved.anchor, moved.note) == ("strategy-meeting", "who-takes-part", "renamed note")
    assert locate(moved, guide.sections).status is Status.OK
    gone = after[removed.id]
    assert gone.note == "removed note"
    assert locate(gone, guide.sections).status is Status.SECTION_MISSING  # kept, flagged
    assert store.history.recent()[0].section_id == "strategy-meeting"

    # rolling back moves them home again
    state = rollback(kit.root, "2026.1")
    follow_section_moves(store.db, moves(state.changes))
    assert store.bookmarks.get(renamed.id).section_id == "strategy-discussion"
    # and running the moves twice changes nothing
    assert follow_section_moves(store.db, moves(state.changes)) == 0
    store.close()
