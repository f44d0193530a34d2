"""The Qt binding itself must not wear out: a refcount bug in PySide6 6.12.0 made the app abort.

That release dropped a reference to None on every Qt call that returns nothing. On Python 3.11
and older, where None is an ordinary object, a few thousand clicks and page loads brought its
count to zero and the process died ("Fatal Python error: none_dealloc"). pyproject.toml keeps
such a release away; this test fails if one comes back.
"""
from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")


def test_qt_calls_that_return_nothing_keep_none_alive(qapp):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QTextBrowser

    browser = QTextBrowser()
    palette = QPalette()
    before = sys.getrefcount(None)
    for _ in range(500):
        browser.setHtml("<p>a page</p>")
        palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    assert sys.getrefcount(None) - before > -50  # a leak would be -1000
