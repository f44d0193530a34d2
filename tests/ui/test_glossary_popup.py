"""A glossary definition opened by clicking a term closes when the user moves on."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QToolTip


@pytest.fixture
def popup(make_window, fixture_guide, qtbot):
    window = make_window("welcome")
    term = next(iter(fixture_guide.glossary))

    def open_term():
        window.reader.anchorClicked.emit(QUrl(f"term:{term}"))
        qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
        assert fixture_guide.glossary[term].term in QToolTip.text()
    open_term()
    return window, open_term


def test_escape_closes_it(popup, qtbot):
    window, _ = popup
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_moving_the_mouse_away_closes_it_and_a_small_move_does_not(popup, qtbot):
    window, _ = popup
    viewport = window.reader.viewport()
    opened_at = window.reader.cursorRect().bottomLeft()  # where a clicked definition opens
    qtbot.mouseMove(viewport, opened_at + QPoint(5, 0))
    assert QToolTip.isVisible()
    qtbot.mouseMove(viewport, opened_at + QPoint(200, 120))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_going_back_or_to_another_page_closes_it(popup, qtbot):
    window, open_term = popup
    window.open_section("strategy-discussion")
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    open_term()
    window.back_action.trigger()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    open_term()
    window.forward_action.trigger()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
