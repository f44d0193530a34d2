"""Windows that fit the screen they open on.

The window's first size (1180 × 800) is taller than a 1366 × 768 laptop screen, still common on
work laptops: its status bar and the panels' bottom edge would open off the screen. A window
that does not fit the screen's free area (taskbar excluded) — a first start, a size saved on a
bigger monitor, the print preview — is shrunk to it and centred; one that fits stays as it is.
"""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SHARE = 0.95  # of the free area at most: room for the title bar the window manager adds


def fit_to_screen(widget: QWidget, area: QRect | None = None) -> None:
    """Shrink `widget` to fit `area` (its screen's available geometry by default) and centre it
    there; a widget that fits is left as it is."""
    if area is None:
        screen = widget.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
    if widget.width() <= area.width() and widget.height() <= area.height():
        return  # it fits: where the user (or the window manager) put it stays
    width = min(widget.width(), int(area.width() * SHARE))
    height = min(widget.height(), int(area.height() * SHARE))
    widget.resize(width, height)
    widget.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)
