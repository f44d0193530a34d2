"""Keyboard focus in the main window: Tab in reading order, and only to what is on screen.

Qt's Tab order is the order widgets were made in (the reader first, panels built later last)
and it visits widgets of a dock hidden behind another dock's tab. `reading_order` puts the
chain in the order a reader meets things — toolbar, left panels, the page and the bars under it,
bottom panels, right panels — and `next_visible` skips anything not on screen.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget


def on_screen(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and not widget.visibleRegion().isEmpty()


def tab_stops(window: QWidget) -> list[QWidget]:
    """The window's focus chain, widgets that take Tab focus only (a focus proxy stands for its owner)."""
    stops, widget = [], window.nextInFocusChain()
    while widget is not None and widget is not window and len(stops) < 2000:
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None \
                and widget.window() is window:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def _region(window: QMainWindow, widget: QWidget) -> int:
    """0 toolbar, 1 left, 2 centre (the page and the bars under it), 3 bottom, 4 right."""
    central = window.centralWidget()
    if central is not None and (widget is central or central.isAncestorOf(widget)):
        return 2
    for bar in window.findChildren(QWidget, "main-toolbar"):
        if bar.isAncestorOf(widget):
            return 0
    area = central.geometry() if central is not None else window.rect()
    centre = widget.mapTo(window, widget.rect().center())
    if centre.y() < area.top():
        return 0
    if centre.x() < area.left():
        return 1
    if centre.x() > area.right():
        return 4
    return 3


def reading_order(window: QMainWindow) -> None:
    """Put the Tab chain in reading order (within a region, the order it had)."""
    stops = tab_stops(window)
    ordered = sorted(stops, key=lambda w: _region(window, w))  # stable: keeps order inside a region
    for first, second in zip(ordered, ordered[1:]):
        QWidget.setTabOrder(first, second)


def next_visible(window: QWidget, forward: bool, step) -> bool:
    """Move focus with `step(forward)` (QWidget.focusNextPrevChild) until it lands on screen."""
    start = window.focusWidget()
    for _ in range(len(tab_stops(window)) + 1):
        moved = step(forward)
        current = window.focusWidget()
        if not moved or current is None or on_screen(current) or current is start:
            return moved
    return True
