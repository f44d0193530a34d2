"""Keyboard focus: Tab in reading order, only to what is on screen, with a focus mark you can see."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QToolBar, QWidget

from app.ui import themes
from app.ui.focus import _region, on_screen
from tests.ui.conftest import activate


def tab_cycle(window, qtbot, start: QWidget, limit: int = 80) -> list[QWidget]:
    """Press Tab from `start` until focus comes back to it; the widgets focused on the way."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    seen = []
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start and seen and seen[-1] is not start:
            break
        seen.append(current)
    return seen


def distinct(widgets):
    out = []
    for w in widgets:
        if not out or out[-1] is not w:
            out.append(w)
    return out


def test_tab_reaches_only_what_is_on_screen_in_reading_order(make_window, qtbot):
    window = make_window("welcome")
    first_button = window.toolbar.widgetForAction(window.home_action)
    cycle = distinct(tab_cycle(window, qtbot, first_button))
    hidden = [w.accessibleName() or w.objectName() or type(w).__name__ for w in cycle if not on_screen(w)]
    assert not hidden, f"Tab reached widgets that are not on screen: {hidden}"
    assert not any(w.inherits("QToolBarSeparator") for w in cycle)
    for action in (window.zoom_in_action, window.search_action, window.cite_action, window.bookmark_action):
        assert window.toolbar.widgetForAction(action) in cycle
    assert window.contents.tree in cycle and window.reader in cycle
    regions = [_region(window, w) for w in [first_button, *cycle]]
    assert regions == sorted(regions), "Tab order is not toolbar, left panel, page, bottom, right"
    assert cycle.index(window.contents.tree) < cycle.index(window.reader)


def test_tab_skips_the_panel_behind_another_tab(make_window, qtbot):
    window = make_window("welcome")
    window.show_search()
    qtbot.waitUntil(lambda: on_screen(window.search.box), timeout=2000)
    cycle = distinct(tab_cycle(window, qtbot, window.search.box))
    assert window.search.part in cycle and window.search.results in cycle
    assert not any(window.contents.isAncestorOf(w) for w in cycle)  # contents is behind the Search tab
    assert all(on_screen(w) for w in cycle)


def test_shift_tab_also_only_on_screen(make_window, qtbot):
    window = make_window("welcome")
    window.reader.setFocus()
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        assert on_screen(QApplication.focusWidget())


def test_bookmark_dialog_tab_order_follows_the_form(qtbot):
    from app.ui.bookmark_dialog import BookmarkDialog

    dialog = BookmarkDialog(section_title="Strategy discussion", headings=[("Who takes part", "who")],
                            folders=["Training"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(dialog)
    dialog.place.setFocus()
    qtbot.waitUntil(dialog.place.hasFocus, timeout=2000)
    order = [dialog.place]
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert order[:2] == [dialog.place, dialog.name]
    assert order[2] in (dialog.folder, dialog.folder.lineEdit()) and order[3] is dialog.note
    assert set(order[4:6]) == {dialog.save_button, cancel}
    assert all(on_screen(w) for w in order)
    assert not dialog.warning.isVisible() and dialog.warning not in order


def test_every_toolbar_action_is_in_a_menu_with_a_shortcut(make_window):
    window = make_window()
    in_menus = set()
    for menu in (window.file_menu, window.go_menu, window.view_menu, window.bookmarks_menu,
                 window.tools_menu, window.help_menu):
        in_menus.update(menu.actions())
    for action in window.toolbar.actions():
        if action.isSeparator():
            continue
        assert action in in_menus, action.text()
        assert not action.shortcut().isEmpty(), action.text()


def test_overflowing_toolbar_keeps_its_actions_reachable(make_window, qtbot):
    window = make_window()
    narrow = window.toolbar.sizeHint().width() // 2
    window.resize(narrow, 500)
    more = window.toolbar.findChild(QWidget, "qt_toolbar_ext_button")
    qtbot.waitUntil(lambda: more.isVisible(), timeout=2000)
    assert more.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert more.accessibleName() == "More toolbar actions"


@pytest.mark.parametrize("theme_id", list(themes.THEMES))
def test_focus_mark_is_drawn_in_the_theme_accent(make_window, qtbot, theme_id):
    window = make_window("welcome")
    window.set_theme(theme_id)
    accent = QColor(themes.theme(theme_id).accent)
    button = window.toolbar.widgetForAction(window.zoom_in_action)
    for widget in (button, window.contents.tree, window.reader):
        window.activateWindow()
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=2000)
        image = widget.grab().toImage()
        edge = [image.pixelColor(x, image.height() // 2) for x in range(0, 3)]
        assert any(abs(c.red() - accent.red()) + abs(c.green() - accent.green()) + abs(c.blue() - accent.blue()) < 40
                   for c in edge), f"{theme_id}: no focus mark on {widget.accessibleName()}"


def test_the_link_tab_moves_to_is_marked_in_the_selection_colours(make_window, qtbot):
    from PySide6.QtGui import QPalette

    from tests.ui.test_screen_reader_reach import tab_to_link

    window = make_window("welcome")
    assert tab_to_link(window.reader, qtbot, "section:")
    link = window.reader.textCursor()
    marks = [s for s in window.reader.extraSelections()
             if (s.cursor.selectionStart(), s.cursor.selectionEnd()) == (link.selectionStart(), link.selectionEnd())]
    assert marks, "the focused link has only Qt's faint dotted box"
    highlight = window.reader.palette().color(QPalette.ColorRole.Highlight)
    assert marks[0].format.background().color() == highlight
    window.contents.tree.setFocus()
    qtbot.waitUntil(lambda: not window.reader.hasFocus(), timeout=2000)
    assert not any(s.format.background().color() == highlight for s in window.reader.extraSelections())


def test_going_to_the_contents_shows_the_section_being_read(make_window, qtbot):
    """F6 (Go to contents) put the keyboard on the tree scrolled wherever it was left: at 150 %
    text, or after the Search tab was in front, the highlighted current section was out of sight."""
    window = make_window("long-section")
    window.resize(900, 320)
    tree = window.contents.tree
    tree.expandAll()  # each section's headings too: more rows than the tree has room for
    qtbot.waitUntil(lambda: tree.visualItemRect(tree.currentItem()).top() > tree.viewport().height(), timeout=2000)
    tree.scrollToTop()  # as the tree is left when it is resized or behind another tab
    assert not tree.viewport().rect().contains(tree.visualItemRect(tree.currentItem()))
    window.focus_contents_action.trigger()
    qtbot.waitUntil(tree.hasFocus, timeout=2000)
    assert tree.viewport().rect().contains(tree.visualItemRect(tree.currentItem()))
