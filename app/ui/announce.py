"""Say a change out loud to a screen reader: counts, results, "citation copied", saved files.

`announce(widget, message)` sends Qt's QAccessibleAnnouncementEvent (Qt 6.8+; AT-SPI
`object:announcement`, UI Automation notification) from the widget the change happened in.
Status text that only appears on screen is missed by a screen reader that is reading
something else; every count or confirmation a sighted user would notice goes through here.
`announcer().said` repeats each message for tests and anything else that listens.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent


class Announcer(QObject):
    """Signals: said(message)."""

    said = Signal(str)


_announcer: Announcer | None = None


def announcer() -> Announcer:
    global _announcer
    if _announcer is None:
        _announcer = Announcer()
    return _announcer


def announce(widget: QObject, message: str, assertive: bool = False) -> None:
    """Polite by default: spoken when the screen reader has finished its sentence."""
    message = " ".join(message.split())
    if not message:
        return
    if QAccessible.isActive():  # no screen reader: nothing to build
        event = QAccessibleAnnouncementEvent(widget, message)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                            else QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)
    announcer().said.emit(message)
