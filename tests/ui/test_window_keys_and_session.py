"""What a new user tripped over in the window: shortcuts, the contents key, reopening where they were."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def test_no_key_is_bound_twice(make_window):
    """Qt ignores a key two actions (or one action twice) claim: "Ambiguous shortcut overload"."""
    window = make_window()
    owners: dict[str, str] = {}
    for action in window.actions():
        keys = [k.toString() for k in action.shortcuts()]
        assert len(keys) == len(set(keys)), f"{action.text()} lists a key twice: {keys}"
        for key in keys:
            assert key not in owners, f"{key} is bound to both {owners[key]} and {action.text()}"
            owners[key] = action.text()


def test_ctrl_q_quits(make_window, qtbot):
    window = make_window()
    qtbot.keyClick(window.reader, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def _on_screen(widget) -> bool:
    """A dock tab behind another is moved off screen, not hidden: isVisible() stays True."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def test_f6_brings_the_contents_forward_from_behind_search(make_window, qtbot):
    window = make_window()
    window.show_search()
    qtbot.waitUntil(lambda: _on_screen(window.search) and not _on_screen(window.contents), timeout=2000)
    qtbot.keyClick(window.reader, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: _on_screen(window.contents) and not _on_screen(window.search), timeout=2000)
    qtbot.waitUntil(lambda: window.contents.isAncestorOf(QApplication.focusWidget()), timeout=2000)


def test_reopens_at_the_scroll_position_it_closed_at(qtbot, real_guide):
    """The page is laid out before the window is shown (restore_session sizes the reader), so
    showing it must not put the cursor, and the page, back at the top."""
    from app.ui.application import create_main_window
    from app.ui.settings import Settings

    section = next(s.id for s in real_guide.sections.values() if len(s.body) > 4000)
    settings = Settings()
    settings.save_position(section, 0.5)
    settings.sync()
    window = create_main_window(real_guide)
    qtbot.addWidget(window)
    window.restore_session()
    window.show()
    qtbot.waitExposed(window)
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: window.start_finished, timeout=5000)
    assert window.reader.current_section == section
    assert bar.maximum() > 0 and 0.45 < bar.value() / bar.maximum() < 0.55, (bar.value(), bar.maximum())
    window.close()


def test_help_lists_every_keyboard_shortcut(make_window, qtbot):
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QTreeWidget

    window = make_window()
    assert window.shortcuts_action in window.help_menu.actions()
    window.shortcuts_action.trigger()
    dialog = window.findChild(QWidget, "shortcuts-dialog")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=2000)
    table = dialog.findChild(QTreeWidget)
    listed = " | ".join(f"{table.topLevelItem(i).text(0)}: {table.topLevelItem(i).text(1)}"
                        for i in range(table.topLevelItemCount()))
    for action in window.actions():
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in listed, action.text()
    assert "Quit: Ctrl+Q" in listed and "Go to contents: Ctrl+Shift+T or F6" in listed
    assert "Close a glossary definition: Escape" in listed
    dialog.close()
