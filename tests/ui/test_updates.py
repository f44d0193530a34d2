"""Help › Install content update…, What's new and local timescales in the real window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app import paths
from app.guide import load_guide
from tests.unit.packs.packkit import Kit, local_content

PARTNERSHIP = "Testshire Safeguarding Partnership"
_REPLACED: list = []  # windows opened by an update (the one they replace is closed and deleted)


@pytest.fixture
def kit(tmp_path, monkeypatch):
    kit = Kit(tmp_path)
    bundled = kit.content("2026.1", name="bundled")
    monkeypatch.setattr(paths, "resources_dir", lambda: kit.resources)
    monkeypatch.setattr(paths, "content_dir", lambda: bundled)
    paths.set_data_dir(kit.data)
    kit.bundled = bundled
    return kit


@pytest.fixture
def window(qtbot, kit):
    from app.ui.application import create_main_window

    made = []

    def make(section="welcome"):
        w = create_main_window(load_guide(paths.guide_content_dir()))
        w.restore_session(section)
        w.show()
        qtbot.waitUntil(lambda: w.start_finished, timeout=5000)
        made.append(w)
        return w

    yield make
    from shiboken6 import isValid

    for w in made + _REPLACED:
        if isValid(w):  # a window replaced by an update is already closed and deleted
            w.close()


def _changed_guide_pack(kit):
    new = kit.content("2027.1")
    page = new / "basics" / "welcome.md"
    page.write_text(page.read_text() + "\n## What is new\n\nA new closing paragraph.\n")
    (new / "pack.yaml").write_text("note: The January update.\nnotes: {welcome: A closing paragraph on what is new.}\n")
    return kit.pack(new)


def _install(qtbot, controller, pack):
    controller.install_file(pack)
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=10000)
    dialog = controller.dialog
    summary = (dialog.publisher.text(), dialog.summary.text())
    from PySide6.QtGui import QAccessible

    for label in (dialog.publisher, dialog.summary):  # a screen reader reads what the dialog shows
        assert QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name) == label.text()
    with qtbot.waitSignal(controller.window_replaced, timeout=15000) as replaced:
        qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
    _REPLACED.append(replaced.args[0])
    return replaced.args[0], summary


def test_install_a_pack_from_the_dialog_shows_its_summary_and_then_its_content(qtbot, kit, window):
    old = window("who-is-a-child")
    assert "guide content 2026.1" in old.version_label.text()
    new, (publisher, summary) = _install(qtbot, old.updates, _changed_guide_pack(kit))
    assert "Working Together Reader project" in publisher and "key " in publisher
    assert "Version 2027.1 of" in summary and "The January update." in summary
    assert "1 section changed: Welcome" in summary
    assert new.guide.content_version == "2027.1"
    assert "guide content 2027.1 of" in new.version_label.text()
    import datetime as dt

    from app.guide.render import print_footer
    from app.packs.whats_new import date_label

    dated = f"content version 2027.1 of {date_label(dt.date.today().isoformat())}"  # the pack's date
    assert dated in print_footer(new.guide) and dated in new.copy_citation()  # on prints and citations
    assert new.reader.current_section == "who-is-a-child"  # the same page, new content
    new.open_section("welcome")
    assert "A new closing paragraph." in new.reader.toPlainText()
    assert "Updated in content 2027.1" in new.reader.toPlainText()  # what changed, at its top
    qtbot.waitUntil(lambda: new.search_service.is_ready, timeout=20000)  # index rebuilt in the background


def test_a_refused_pack_says_why_and_changes_nothing(qtbot, kit, window, tmp_path):
    w = window()
    bad = tmp_path / "bad.wtpack"
    bad.write_bytes(b"not a zip")
    with qtbot.waitSignal(w.updates.refused, timeout=10000) as refused:
        w.updates.install_file(bad)
    assert "not a valid zip" in refused.args[0]
    assert w.guide.content_version == "2026.1" and paths.guide_content_dir() == kit.bundled


def test_whats_new_lists_the_sections_changed_since_they_were_read(qtbot, kit, window):
    old = window("welcome")  # read before the update
    old.open_section("strategy-discussion")
    new, _ = _install(qtbot, old.updates, _changed_guide_pack(kit))
    dialog = new.updates.show_whats_new()
    assert dialog.section_ids() == ["welcome"]
    assert "A closing paragraph on what is new." in dialog.list.item(0).text()
    item = new.contents.item_for("welcome")
    qtbot.waitUntil(lambda: "changed since you last read it" in (item.data(0, Qt.ItemDataRole.AccessibleTextRole) or ""))
    with qtbot.waitSignal(new.reader.section_shown, timeout=3000):
        dialog.list.itemActivated.emit(dialog.list.item(0))
    assert new.reader.current_section == "welcome"
    assert new.updates.entries() == []  # read now: no longer new
    again = new.updates.show_whats_new()
    qtbot.waitExposed(again)
    assert again.empty.isVisible() and not again.list.isVisible()
    assert not again.open_button.isVisible(), "no Open button with nothing to open"
    assert again.height() < 300, "no empty box under the one line"


def _badge(item):
    return item.icon(0).pixmap(28, 14).toImage()


def test_a_section_changed_since_it_was_read_has_its_own_badge_until_it_is_read(qtbot, kit, window):
    old = window("welcome")
    old.open_section("strategy-discussion")
    new, _ = _install(qtbot, old.updates, _changed_guide_pack(kit))
    contents = new.contents
    welcome, edition_changed, plain = (contents.item_for(s) for s in ("welcome", "who-is-a-child", "strategy-discussion"))
    qtbot.waitUntil(lambda: "changed since you last read it" in welcome.data(0, Qt.ItemDataRole.AccessibleTextRole),
                    timeout=5000)
    # not the dot of "changed in the 2026 edition": another mark, and the key says what it means
    assert _badge(welcome) != _badge(edition_changed) and _badge(welcome) != _badge(plain)

    def key_shown():
        return [label for label in contents.legend.findChildren(QLabel)
                if "since you last read it" in label.text() and label.isVisible()]

    assert key_shown()
    with qtbot.waitSignal(new.reader.section_shown, timeout=3000):
        new.open_section("welcome")
    assert "changed since you last read it" not in welcome.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert _badge(welcome) == _badge(plain) and not key_shown()


def test_rollback_returns_the_window_to_the_previous_content(qtbot, kit, window, monkeypatch):
    from app.ui import plain

    asked, told = [], []
    monkeypatch.setattr(plain, "ask", lambda parent, title, text: asked.append(text) or True)
    monkeypatch.setattr(plain, "inform", lambda parent, title, text: told.append(text))
    w = window()
    w.updates.confirm_rollback()  # nothing installed yet: said, nothing asked
    assert told == ["There is no earlier content to roll back to; nothing was changed."] and asked == []
    new, _ = _install(qtbot, w.updates, _changed_guide_pack(kit))
    with qtbot.waitSignal(new.updates.window_replaced, timeout=15000) as replaced:
        new.updates.rollback_action.trigger()  # Help › Roll back content update: one question, then done
    assert asked == ["Go back from guide content 2027.1 to guide content 2026.1, as it came with the app? "
                     "Your bookmarks and notes are kept."]
    back = replaced.args[0]
    _REPLACED.append(back)
    assert back.guide.content_version == "2026.1"
    assert "Rolled back the guide content to 2026.1" in back.statusBar().currentMessage()


def test_a_local_timescale_shows_beside_the_national_one(qtbot, kit, window):
    key = kit.partnership_key(PARTNERSHIP)
    w = window()
    new, (publisher, summary) = _install(qtbot, w.updates, kit.pack(local_content(kit.tmp), key=key, local=PARTNERSHIP))
    assert PARTNERSHIP in publisher and "3 sections added" in summary
    assert f"local pages: {PARTNERSHIP}" in new.version_label.text()
    assert PARTNERSHIP in new.statusBar().currentMessage()  # not "now showing guide content …"
    qtbot.waitUntil(lambda: new.contents.document_book("local-testshire-safeguarding-partnership") is not None,
                    timeout=10000)
    book = new.contents.document_book("local-testshire-safeguarding-partnership")
    assert book.text(0) == f"Local — {PARTNERSHIP}"
    assert [book.child(i).text(0) for i in range(book.childCount())] == [
        "Front door (MASH)", "Local authority designated officer (LADO)", "Out of hours"]  # every page listed
    new.show_timescales()
    panel = new.timeline.timescales
    panel.start.setCurrentIndex(panel.start.findData("strategy-discussion-held"))
    panel.recalculate()
    row = panel.table.topLevelItem(0)
    assert row.text(3) == "local: 10 working days; national: 15 working days"
    assert "10 working days" in row.text(2)


def test_screenshots_for_review(qtbot, kit, window, tmp_path):
    """Not an assertion of looks: saves the dialog, What's new and calculator for a person to see."""
    import os

    out = os.environ.get("WT_READER_SHOTS")
    if not out:
        pytest.skip("set WT_READER_SHOTS=DIR to save screenshots")
    w = window("welcome")
    w.updates.install_file(_changed_guide_pack(kit))
    qtbot.waitUntil(lambda: w.updates.dialog is not None and w.updates.dialog.isVisible(), timeout=10000)
    w.updates.dialog.grab().save(f"{out}/update-dialog.png")
    with qtbot.waitSignal(w.updates.window_replaced, timeout=15000) as replaced:
        w.updates.dialog.accept()
    new = replaced.args[0]
    _REPLACED.append(new)
    new.open_section("welcome")
    new.grab().save(f"{out}/updated-window.png")
    new.updates.show_whats_new().grab().save(f"{out}/whats-new.png")


def test_a_year_old_guide_says_so_once(qtbot, kit, window):
    old = kit.content("2027.1")
    (old / "pack.yaml").write_text("date: 2025-06-01\n")  # signed long ago, installed only now
    w = window()
    new, _ = _install(qtbot, w.updates, kit.pack(old))
    qtbot.waitUntil(lambda: "more than a year ago" in new.statusBar().currentMessage(), timeout=5000)
    assert "1 June 2025" in new.statusBar().currentMessage()
    again = window()  # the next start: said already for this content
    qtbot.waitUntil(lambda: again.start_finished, timeout=5000)
    assert "more than a year ago" not in again.statusBar().currentMessage()


def test_bookmarks_on_local_pages_name_the_partnership_and_stay_flagged_when_another_replaces_it(qtbot, kit, window):
    from app.store.shared import shared_store

    key = kit.partnership_key(PARTNERSHIP)
    new, _ = _install(qtbot, window().updates, kit.pack(local_content(kit.tmp), key=key, local=PARTNERSHIP))
    lado = "local-testshire-safeguarding-partnership~lado"
    mark = shared_store()[0].bookmarks.add(lado, "", section_title="Local authority designated officer (LADO)")
    new.show_bookmarks()
    new.bookmarks.reload()
    row = new.bookmarks.index_of_bookmark(mark.id)
    assert row.data() == f"Local authority designated officer (LADO) · Local — {PARTNERSHIP}"
    other = "Otherton Children's Partnership"
    replaced, (_, summary) = _install(qtbot, new.updates, kit.pack(local_content(kit.tmp, "otherton"),
                                                                   key=kit.partnership_key(other), local=other))
    assert f"This replaces the local pages of {PARTNERSHIP}." in summary
    replaced.show_bookmarks()
    replaced.bookmarks.reload()
    row = replaced.bookmarks.index_of_bookmark(mark.id)  # kept, flagged, and still says whose page it was
    assert row.data() == f"Document removed: Local authority designated officer (LADO) · Local — {PARTNERSHIP}"


def test_whats_new_lists_local_pages_changed_since_they_were_read(qtbot, kit, window):
    key = kit.partnership_key(PARTNERSHIP)
    first, _ = _install(qtbot, window().updates, kit.pack(local_content(kit.tmp), key=key, local=PARTNERSHIP))
    lado = "local-testshire-safeguarding-partnership~lado"
    assert lado in {e.section_id for e in first.updates.entries()}  # new in this update, not read yet
    qtbot.waitUntil(lambda: first.contents.item_for(lado) is not None, timeout=10000)
    with qtbot.waitSignal(first.reader.section_shown, timeout=3000):
        first.open_section(lado)
    assert lado not in {e.section_id for e in first.updates.entries()}
    first.open_section("welcome")  # read earlier, not on screen when the update comes
    newer = local_content(kit.tmp, "newer")
    page = newer / "local" / "lado.md"
    page.write_text(page.read_text().replace("01632 960 002", "01632 960 010"))
    (newer / "pack.yaml").write_text("content_version: '2027.02'\nnote: The LADO has a new number.\n")
    second, _ = _install(qtbot, first.updates, kit.pack(newer, key=key, local=PARTNERSHIP))
    from app.packs.service import last_changes

    assert (last_changes()["from"], last_changes()["to"]) == ("2027.01", "2027.02")  # as the packs say
    entries = {e.section_id: e for e in second.updates.entries()}
    assert set(entries) == {lado}  # the pages not read stay listed only while new; this one changed
    assert entries[lado].title == f"Local authority designated officer (LADO) (Local — {PARTNERSHIP})"
    assert entries[lado].reason == "changed since you last read it"
    assert entries[lado].note == "The LADO has a new number."
    qtbot.waitUntil(lambda: second.contents.item_for(lado) is not None, timeout=10000)
    item = second.contents.item_for(lado)
    qtbot.waitUntil(lambda: "changed since you last read it" in (item.data(0, Qt.ItemDataRole.AccessibleTextRole) or ""),
                    timeout=5000)
    dialog = second.updates.show_whats_new()
    with qtbot.waitSignal(second.reader.section_shown, timeout=3000):
        dialog.list.itemActivated.emit(dialog.list.item(0))
    assert second.reader.current_section == lado and "01632 960 010" in second.reader.toPlainText()
    assert second.updates.entries() == []


def test_a_pack_from_an_unknown_signer_is_refused_in_the_window_with_its_fingerprint(qtbot, kit, window):
    from app.packs import keys

    stranger = kit.tmp / "stranger.key"
    fingerprint = keys.fingerprint(keys.generate(stranger))
    w = window()
    with qtbot.waitSignal(w.updates.refused, timeout=10000) as refused:
        w.updates.install_file(kit.pack(local_content(kit.tmp), key=stranger, local="Strangers"))
    assert fingerprint in refused.args[0] and "add it in Help › Trusted publishers…" in refused.args[0]
    assert fingerprint in w.statusBar().currentMessage()
    assert w.updates.dialog is None and paths.guide_content_dir() == kit.bundled


def test_a_local_page_on_screen_when_its_update_installs_shows_what_changed(qtbot, kit, window):
    key = kit.partnership_key(PARTNERSHIP)
    first, _ = _install(qtbot, window().updates, kit.pack(local_content(kit.tmp), key=key, local=PARTNERSHIP))
    lado = "local-testshire-safeguarding-partnership~lado"
    qtbot.waitUntil(lambda: first.contents.item_for(lado) is not None, timeout=10000)
    with qtbot.waitSignal(first.reader.section_shown, timeout=3000):
        first.open_section(lado)  # on screen when the next update comes
    newer = local_content(kit.tmp, "newer")
    page = newer / "local" / "lado.md"
    page.write_text(page.read_text().replace("01632 960 002", "01632 960 010"))
    (newer / "pack.yaml").write_text("content_version: '2027.02'\nnote: The LADO has a new number.\n")
    second, _ = _install(qtbot, first.updates, kit.pack(newer, key=key, local=PARTNERSHIP))
    qtbot.waitUntil(lambda: second.reader.current_section == lado, timeout=10000)
    shown = second.reader.toPlainText()
    assert "01632 960 010" in shown  # the new text, on the same page
    assert "Updated in version 2027.02" in shown and "The LADO has a new number." in shown
