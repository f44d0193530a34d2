"""Panels' title bars: float and close buttons at least 24 px square at every text size (WCAG 2.2
2.5.8), the title at the text size, and the buttons doing what Qt's own did."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDockWidget

from app.ui import text_size
from app.ui.dock_title import MIN_TARGET, DockTitle


@pytest.fixture(autouse=True)
def back_to_usual_size():
    yield
    text_size.apply(100)


@pytest.mark.parametrize("percent", [100, 200])
def test_every_panel_s_buttons_are_big_enough_to_hit(make_window, qtbot, percent):
    window = make_window("welcome")
    window.show_bookmarks()
    window.text_size_actions[percent].trigger()
    QApplication.processEvents()
    docks = window.findChildren(QDockWidget)
    assert len(docks) >= 4
    for dock in docks:
        title = dock.titleBarWidget()
        assert isinstance(title, DockTitle), dock.objectName()
        for button in (title.float_button, title.close_button):
            assert button.width() >= MIN_TARGET and button.height() >= MIN_TARGET, (dock.objectName(), button.size())
            assert button.accessibleName()
        assert title.label.text() == dock.windowTitle()
        assert title.label.font().pointSizeF() == pytest.approx(QApplication.font("QDockWidgetTitle").pointSizeF())


def test_the_buttons_float_and_close_the_panel(make_window, qtbot):
    window = make_window("welcome")
    dock = window.bookmarks_dock
    window.show_bookmarks()
    qtbot.waitUntil(dock.isVisible, timeout=2000)
    title = dock.titleBarWidget()
    title.float_button.click()
    assert dock.isFloating()
    title.float_button.click()
    assert not dock.isFloating()
    title.close_button.click()
    qtbot.waitUntil(lambda: not dock.isVisible(), timeout=2000)
