"""What's new: sections changed since this user last read them, with the note of each change."""
from __future__ import annotations

from app.guide import load_guide
from app.packs.changes import diff, section_hash
from app.packs.whats_new import whats_new, with_banners
from app.store import open_store


def _edit(content, sid, extra):
    path = next(content.glob(f"*/{sid}.md"))
    path.write_text(path.read_text() + extra)


def test_lists_what_changed_since_the_user_read_it_and_nothing_else(kit, tmp_path):
    old_dir, new_dir = kit.content("2026.1", name="old"), kit.content("2027.1", name="new")
    _edit(new_dir, "welcome", "\n## A new heading\n\nNew words.\n")
    _edit(new_dir, "who-is-a-child", "\nAlso changed, but never read.\n")
    old, new = load_guide(old_dir), load_guide(new_dir)
    store = open_store(tmp_path / "b.sqlite3")
    for sid in ("welcome", "strategy-discussion"):  # read before the update
        store.reads.record(sid, section_hash(old.sections[sid]))
    changes = diff(old, new, notes={"welcome": "A new heading on what comes next."})

    entries = whats_new(new, store.reads.marks(), changes)
    assert [(e.section_id, e.note) for e in entries] == [("welcome", "A new heading on what comes next.")]

    store.reads.record("welcome", section_hash(new.sections["welcome"]))  # read again: no longer new
    assert whats_new(new, store.reads.marks(), changes) == []
    store.history.clear()  # clearing history clears what was read when
    assert store.reads.marks() == {}
    store.close()


def test_a_change_without_its_own_note_says_what_it_added_and_the_update_note(kit, tmp_path):
    old_dir, new_dir = kit.content("2026.1", name="old"), kit.content("2027.1", name="new")
    _edit(new_dir, "welcome", "\n## Recording the discussion\n\nNew words.\n")
    old, new = load_guide(old_dir), load_guide(new_dir)
    store = open_store(tmp_path / "b.sqlite3")
    store.reads.record("welcome", section_hash(old.sections["welcome"]))
    changes = diff(old, new, note="The January update.")  # no note for the section itself
    (entry,) = whats_new(new, store.reads.marks(), changes)
    assert entry.note == "New headings: “Recording the discussion”. The January update."
    store.close()


def test_a_changed_section_shows_what_changed_at_its_top(kit):
    old_dir, new_dir = kit.content("2026.1", name="old"), kit.content("2027.1", name="new")
    _edit(new_dir, "welcome", "\n## A <new> heading\n\nNew words.\n")
    old, new = load_guide(old_dir), load_guide(new_dir)
    changes = diff(old, new, date="2027-01-15", notes={"welcome": "Says <what> comes next."})
    page = with_banners(new, changes).pages["welcome"]
    top = page[: page.find("New words")]
    assert "Updated in content 2027.1 (15 January 2027)" in top
    assert "Says &lt;what&gt; comes next." in top and "<what>" not in page
    assert "New headings: “A &lt;new&gt; heading”" in top
    assert "Updated in content" not in with_banners(new, changes).pages.get("strategy-discussion", "")


def test_the_content_date_is_on_prints_and_citations_and_a_year_old_guide_says_so(fixture_guide):
    import datetime as dt

    from app.guide.render import citation, print_footer
    from app.packs.service import stale_notice

    dated = fixture_guide.replace(content_date="2026-11-24")
    assert "content version test.1 of 24 November 2026" in print_footer(dated)
    assert "content version test.1 of 24 November 2026" in citation(dated, dated.sections["welcome"])
    assert stale_notice(dated, today=dt.date(2027, 6, 1)) == ""
    notice = stale_notice(dated, today=dt.date(2027, 12, 1))
    assert "more than a year ago" in notice and notice.count(".") <= 3
