"""Bookmarks in the real window: add from the reader, open from the panel, undo a delete, warn on notes."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.store.shared import close_shared_stores
from app.ui import bookmarks_panel as bp
from app.ui.bookmark_dialog import BookmarkDetails, BookmarkDialog
from app.ui.reader import heading_at
from tests.ui.conftest import activate


@pytest.fixture(autouse=True)
def _close_stores():
    yield
    close_shared_stores()


@pytest.fixture
def answers(monkeypatch):
    """Replace the modal questions; tests put the answers in this dict and read what was asked."""
    given = {"details": None, "confirm": True, "text": None, "file": "", "warned": [], "asked": []}

    def ask_details(_parent, **kwargs):
        given["asked"].append(kwargs)
        return given["details"]

    monkeypatch.setattr(bp, "ask_details", ask_details)
    monkeypatch.setattr(bp, "confirm", lambda *_a: given["confirm"])
    monkeypatch.setattr(bp, "ask_text", lambda *_a: given["text"])
    monkeypatch.setattr(bp, "choose_file", lambda _p, save: given["file"])
    monkeypatch.setattr(bp, "warn", lambda _p, title, text: given["warned"].append((title, text)))
    monkeypatch.setattr(bp, "info", lambda _p, title, text: given["warned"].append((title, text)))
    return given


def _store(window):
    return window.bookmarks.store


def test_ctrl_d_bookmarks_the_section_in_the_reader(make_window, qtbot, answers):
    window = make_window("strategy-discussion")
    answers["details"] = BookmarkDetails(anchor="", heading_text="", title="", folder="Meetings",
                                         note="Check who must attend")
    assert not window.bookmark_action.isChecked()
    with qtbot.waitSignal(window.bookmarks.bookmarks_changed, timeout=2000):
        qtbot.keyClick(window.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    [b] = _store(window).bookmarks.list()
    assert (b.section_id, b.note, b.folder_name, b.section_title) == (
        "strategy-discussion", "Check who must attend", "Meetings", "Strategy discussion")
    assert answers["asked"][0]["section_title"] == "Strategy discussion"
    # marked in the reader's toolbar and in the contents tree
    assert window.bookmark_action.isChecked() and "Bookmarked" in window.bookmark_action.text()
    item = window.contents.item_for("strategy-discussion")
    assert "bookmarked" in item.data(0, Qt.ItemDataRole.AccessibleTextRole)
    # and listed in the panel, in its folder
    assert window.bookmarks.index_of_bookmark(b.id).parent().data() == "Meetings"


def test_ctrl_d_again_edits_instead_of_duplicating(make_window, qtbot, answers):
    window = make_window("welcome")
    answers["details"] = BookmarkDetails("", "", "", None, "first")
    window.bookmark_current()
    answers["details"] = BookmarkDetails("", "", "Start", None, "second")
    window.bookmark_current()
    [b] = _store(window).bookmarks.list()
    assert (b.note, b.title) == ("second", "Start") and answers["asked"][1]["editing"]


def test_bookmark_a_heading_from_the_reader_context_menu(make_window, qtbot, answers):
    window = make_window()
    window.resize(900, 300)
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        window.open_section("long-section", "part-10")
    qtbot.waitUntil(lambda: window.reader.verticalScrollBar().value() > 0, timeout=2000)
    assert heading_at(window.reader, QPoint(5, 5)) == "part-10"
    answers["details"] = BookmarkDetails("part-10", "Part 10", "", None, "")
    window._reader_menu(QPoint(5, 5))
    action = next(a for a in window._context.actions() if a.text().startswith("Bookmark this heading"))
    window._context.close()
    action.trigger()
    assert answers["asked"][0]["anchor"] == "part-10"
    assert _store(window).bookmarks.find("long-section", "part-10") is not None


def test_contents_tree_context_menu_offers_bookmark(make_window, answers):
    window = make_window()
    tree = window.contents.tree
    item = window.contents.item_for("who-is-a-child")
    tree.customContextMenuRequested.emit(tree.visualItemRect(item).center())  # what a right-click does
    texts = [a.text() for a in window._context.actions()]
    window._context.close()
    assert "Bookmark this section…" in texts


def test_open_a_bookmark_from_the_panel_jumps_to_the_heading(make_window, qtbot):
    window = make_window("welcome")
    b = _store(window).bookmarks.add("strategy-discussion", "what-it-decides", section_title="Strategy discussion",
                                     heading_text="What it decides")
    window.bookmarks.reload()
    window.bookmarks_dock.show()
    qtbot.waitExposed(window.bookmarks.tree)
    index = window.bookmarks.index_of_bookmark(b.id)
    tree = window.bookmarks.tree
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center())
    assert tree.currentIndex() == index
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000) as blocker:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert blocker.args == ["strategy-discussion", "what-it-decides"]


def test_a_bookmark_whose_section_is_gone_is_shown_not_dropped(make_window, qtbot):
    window = make_window("welcome")
    b = _store(window).bookmarks.add("removed", "", section_title="An old section", note="my note")
    window.bookmarks.reload()
    index = window.bookmarks.index_of_bookmark(b.id)
    assert index.data() == "Section missing: An old section"
    assert "my note" in index.data(Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(window.bookmarks.message, timeout=1000) as blocker:
        window.bookmarks.tree.activated.emit(index)
    assert "no longer in the guide" in blocker.args[0]


def test_delete_then_undo(make_window, qtbot):
    window = make_window("welcome")
    store = _store(window)
    keep = store.bookmarks.add("welcome", "", section_title="Welcome")
    gone = store.bookmarks.add("who-is-a-child", "", section_title="Who is a child", note="n")
    panel = window.bookmarks
    panel.reload()
    window.bookmarks_dock.show()
    panel.tree.setCurrentIndex(panel.index_of_bookmark(gone.id))
    panel.tree.setFocus()
    with qtbot.waitSignal(panel.bookmarks_changed, timeout=2000):
        qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert [b.id for b in store.bookmarks.list()] == [keep.id]
    assert panel.undo_bar.isVisible() and "Who is a child" in panel.undo_label.text()
    with qtbot.waitSignal(panel.bookmarks_changed, timeout=2000):
        qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    back = store.bookmarks.get(gone.id)
    assert (back.uid, back.note) == (gone.uid, "n") and not panel.undo_bar.isVisible()


def test_filter_sort_and_folders(make_window, qtbot, answers, qtmodeltester):
    window = make_window("welcome")
    store = _store(window)
    folder = store.bookmarks.create_folder("Meetings")
    store.bookmarks.add("strategy-discussion", "", section_title="Strategy discussion", folder_id=folder.id,
                        note="quorum rules")
    store.bookmarks.add("welcome", "", section_title="Welcome")
    store.bookmarks.add("who-is-a-child", "", section_title="Who is a child")
    panel = window.bookmarks
    panel.reload()
    qtmodeltester.check(panel.model)
    top = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert top == ["Meetings", "Welcome", "Who is a child"]  # folders first, then by name
    panel.sort.setCurrentIndex(1)  # newest first
    assert [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())][1:] == ["Who is a child", "Welcome"]
    qtbot.keyClicks(panel.filter, "QUORUM")
    assert panel.proxy.rowCount() == 1
    meetings = panel.proxy.index(0, 0)
    assert panel.proxy.rowCount(meetings) == 1 and panel.proxy.index(0, 0, meetings).data() == "Strategy discussion"
    panel.filter.clear()
    answers["text"] = "Team meetings"
    panel.rename_folder(folder.id)
    assert store.bookmarks.folder(folder.id).name == "Team meetings"
    welcome = store.bookmarks.find("welcome")
    panel.move([welcome.id], folder.id)
    assert store.bookmarks.get(welcome.id).folder_name == "Team meetings"
    panel.delete_folder(folder.id)
    assert store.bookmarks.count() == 3 and store.bookmarks.folders() == []
    panel.undo_delete()
    assert len(store.bookmarks.list(store.bookmarks.folders()[0].id)) == 2


def test_recently_viewed_and_clear(make_window, qtbot):
    window = make_window("welcome")
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        window.open_section("strategy-discussion")
    recent = window.bookmarks.recent
    assert [recent.item(i).text() for i in range(recent.count())][:2] == ["Strategy discussion", "Welcome"]
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000) as blocker:
        recent.itemActivated.emit(recent.item(1))
    assert blocker.args[0] == "welcome"
    qtbot.mouseClick(window.bookmarks.clear_history_button, Qt.MouseButton.LeftButton)
    assert recent.count() == 0 and _store(window).history.recent() == []


def test_wipe_my_data_asks_first(make_window, answers):
    window = make_window("welcome")
    store = _store(window)
    store.bookmarks.add("welcome", "", section_title="Welcome", note="n")
    answers["confirm"] = False
    window.wipe_action.trigger()
    assert store.bookmarks.count() == 1
    answers["confirm"] = True
    window.wipe_action.trigger()
    assert store.bookmarks.count() == 0 and store.history.recent() == []
    assert not window.bookmark_action.isChecked()


def test_import_a_bad_file_says_why_and_changes_nothing(make_window, answers, tmp_path):
    window = make_window("welcome")
    store = _store(window)
    store.bookmarks.add("welcome", "", section_title="Welcome")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    answers["file"] = str(bad)
    window.import_bookmarks_action.trigger()
    [(title, text)] = answers["warned"]
    assert title == "Bookmarks not imported" and "not a Working Together Reader" in text
    assert store.bookmarks.count() == 1
    good = tmp_path / "good.json"
    answers["file"] = str(good)
    window.export_bookmarks_action.trigger()
    answers["file"] = str(good)
    window.import_bookmarks_action.trigger()
    assert "1 already there" in answers["warned"][-1][1] and store.bookmarks.count() == 1


def test_damaged_database_is_reported_in_the_panel(data_dir, make_window, qtbot):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "bookmarks.sqlite3").write_bytes(b"garbage" * 1000)
    window = make_window("welcome")
    qtbot.waitUntil(window.bookmarks_dock.isVisible, timeout=2000)  # shown once the panel is built
    assert window.bookmarks.notice.isVisible() and "damaged" in window.bookmarks.notice.text()
    assert list(data_dir.glob("bookmarks.sqlite3.damaged-*"))


def test_dialog_warns_before_saving_a_note_with_case_details(qtbot):
    dialog = BookmarkDialog(section_title="Strategy discussion", headings=[("Who takes part", "who-takes-part")],
                            anchor="who-takes-part", folders=["Meetings"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.setPlainText("Jane Smith 03/04/2015, NHS 943 476 5919")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.warning.isVisible()
    assert "NHS number" in dialog.warning.text() and "case record" in dialog.warning.text()
    assert save.text() == "Save anyway"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    d = dialog.details()
    assert (d.anchor, d.heading_text, d.folder) == ("who-takes-part", "Who takes part", None)


def test_dialog_saves_a_plain_note_at_once(qtbot):
    dialog = BookmarkDialog(section_title="Welcome", headings=[], folders=["Meetings"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.setPlainText("Good overview for new staff")
    dialog.folder.setCurrentText("Induction")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.details().folder == "Induction" and not dialog.warning.isVisible()


def test_dialog_folder_field_starts_empty_and_takes_a_typed_name(qtbot):
    dialog = BookmarkDialog(section_title="Welcome", headings=[], folders=["Meetings"])
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.folder.lineEdit()
    assert field.text() == "" and "no folder" in field.placeholderText().lower()
    field.setFocus()
    qtbot.keyClicks(field, "Info sharing")
    assert dialog.details().folder == "Info sharing"
    dialog.folder.setCurrentIndex(dialog.folder.findText("Meetings"))
    assert dialog.details().folder == "Meetings"


def test_dialog_opens_in_the_name_and_enter_saves(qtbot):
    dialog = BookmarkDialog(section_title="Welcome", headings=[], folders=[])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.name, timeout=2000)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)


def test_dialog_note_takes_enter_as_a_new_line_and_ctrl_enter_saves(qtbot):
    dialog = BookmarkDialog(section_title="Welcome", headings=[], folders=[])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(dialog)  # shortcuts reach only the active window
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "first")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.note, "second")
    assert dialog.isVisible() and dialog.note.toPlainText() == "first\nsecond"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.details().note == "first\nsecond"


def test_export_asks_first_when_notes_look_like_case_details(make_window, answers, monkeypatch, tmp_path):
    window = make_window("welcome")
    _store(window).bookmarks.add("welcome", "", section_title="Welcome",
                                 note="Jayden (age 6) at 14 Elm Road, bruise on arm")
    asked = []
    monkeypatch.setattr(bp, "confirm", lambda _p, title, text: asked.append(text) or answers["confirm"])
    answers["file"] = str(tmp_path / "out.json")
    answers["confirm"] = False
    window.export_bookmarks_action.trigger()
    assert asked and "1 of your notes looks like it contains details of a child or family" in asked[0]
    assert not (tmp_path / "out.json").exists()
    answers["confirm"] = True
    window.export_bookmarks_action.trigger()
    assert (tmp_path / "out.json").exists()


def test_export_of_ordinary_notes_asks_nothing(make_window, answers, monkeypatch, tmp_path):
    window = make_window("welcome")
    _store(window).bookmarks.add("welcome", "", section_title="Welcome", note="Good overview for new staff")
    monkeypatch.setattr(bp, "confirm", lambda *_a: pytest.fail("asked about an ordinary note"))
    answers["file"] = str(tmp_path / "out.json")
    window.export_bookmarks_action.trigger()
    assert (tmp_path / "out.json").exists()


def test_a_locked_bookmarks_file_is_said_plainly_and_never_reaches_the_crash_dialog(make_window, answers,
                                                                                     monkeypatch, qtbot):
    """Another copy of the app holding the file: every bookmark action says so in a sentence."""
    from app.store import BookmarkStore, StoreBusyError

    window = make_window("strategy-discussion")
    _store(window).bookmarks.add("welcome", "", section_title="Welcome")
    window.bookmarks.reload()

    def busy(*_args, **_kwargs):
        raise StoreBusyError("The bookmarks are in use by another window or copy of the app.")
    for name in ("find", "folders", "get", "add", "update", "list", "bookmarked_sections", "delete_many"):
        monkeypatch.setattr(BookmarkStore, name, busy)
    qtbot.keyClick(window.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # Ctrl+D: bookmark
    assert answers["warned"] and "in use by another window" in answers["warned"][-1][1]
    panel = window.bookmarks
    index = panel.index_of_bookmark(panel.model.item(0).data(bp.ID_ROLE))
    panel._context_menu(panel.tree.visualRect(index).center())  # the Move to menu lists folders
    for action in (lambda: panel.edit(1), lambda: panel.rename(1), lambda: panel.delete([1]),
                   lambda: panel.relocate(1), window.export_bookmarks_action.trigger):
        before = len(answers["warned"])
        action()
        assert len(answers["warned"]) > before
