"""Windows that fit the screen they open on.

The window's first size (1180 × 800) is taller than a 1366 × 768 laptop screen, still common on
work laptops: its status bar and the panels' bottom edge would open off the screen. A first
start, and the print preview, are shrunk to the screen's free area (taskbar excluded) and
centred on it. A size the user chose is restored as it was (Qt keeps restored windows on a screen).
"""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SHARE = 0.95  # of the free area at most: room for the title bar the window manager adds


def fit_to_screen(widget: QWidget, area: QRect | None = None) -> None:
    """Shrink `widget` to fit `area` (its screen's available geometry by default) and centre it."""
    if area is None:
        screen = widget.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
    width = min(widget.width(), int(area.width() * SHARE))
    height = min(widget.height(), int(area.height() * SHARE))
    widget.resize(width, height)
    widget.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)
