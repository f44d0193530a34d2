from __future__ import annotations

import warnings

import pytest
from PySide6.QtWidgets import QApplication


def activate(window) -> None:
    """Keyboard shortcuts only reach the active window; the offscreen platform needs a push."""
    window.activateWindow()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)


@pytest.fixture
def make_window(qtbot, fixture_guide):
    """Build a real main window over the fixture guide; call again to 'restart' the app."""
    from app.ui.application import create_main_window

    windows = []

    def make(section: str | None = None):
        window = create_main_window(fixture_guide)
        qtbot.addWidget(window)
        window.restore_session(section)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.start_finished, timeout=5000)  # the panels built after the first paint
        activate(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
