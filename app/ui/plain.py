"""Text from a user, a file or a pack, shown as text and never as HTML.

Qt guesses: a QLabel, a QMessageBox or a tooltip whose text starts like markup
(``Qt.mightBeRichText``) is rendered as HTML, so a bookmark titled ``<img src=…>`` would load an
image and ``<h1>`` would shout. Every string we did not write goes through one of these:

* `label(widget)`: a QLabel (or anything with setTextFormat) set to plain text for good;
* `tooltip(text)`: for setToolTip / QToolTip.showText, which have no format switch: the text
  escaped and wrapped so Qt shows it literally, line breaks kept;
* `html(text)`: a piece to put inside HTML we build ourselves;
* `box(...)`, `message(...)`, `warn`, `inform`, `ask`: message boxes with plain-text bodies (the
  static QMessageBox functions guess).
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

PLAIN = Qt.TextFormat.PlainText


def html(text: str) -> str:
    """`text` escaped for use inside HTML we write; line breaks become <br>."""
    return escape(str(text), quote=True).replace("\n", "<br>")


def tooltip(text: str) -> str:
    """A tooltip that shows `text` exactly as it is (tooltips are rich text when they look it)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(str(text), quote=True)}</p>"


def label(widget: QWidget) -> QWidget:
    """Make a label show its text as plain text from now on; returns it."""
    widget.setTextFormat(PLAIN)  # type: ignore[attr-defined]
    return widget


def box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
        buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox:
    """A message box whose text is plain text, for callers that add their own buttons or open it
    without waiting (`open()`)."""
    result = QMessageBox(icon, title, text, buttons, parent)
    result.setTextFormat(PLAIN)
    return result


def message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
            buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
            default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox.StandardButton:
    """A modal message box whose text is plain text; returns the button pressed."""
    shown = box(parent, icon, title, text, buttons)
    if default != QMessageBox.StandardButton.NoButton:
        shown.setDefaultButton(default)
    return QMessageBox.StandardButton(shown.exec())


def warn(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, QMessageBox.Icon.Warning, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, QMessageBox.Icon.Information, title, text)


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes / Cancel (Cancel the default)."""
    yes, cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel
    return message(parent, QMessageBox.Icon.Warning, title, text, yes | cancel, cancel) == yes
