"""Example text in an empty box that is never cut short: the longest of a few wordings that
fits the box as it is now (at 200 % text size, or in a narrow panel, "Search, e.g. s47, icpc
timescal…" becomes "Search, e.g. s47, lado"). The box's accessible name says what it is for,
so a shorter example loses no meaning."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLineEdit

class _Fitter(QObject):
    def __init__(self, edit: QLineEdit, wordings: tuple[str, ...]) -> None:
        super().__init__(edit)
        self.edit = edit
        self.wordings = wordings
        edit.installEventFilter(self)
        self.fit()

    def room(self) -> int:
        """The width text has inside the box: the frame, its margins and the clear button out.
        (Reckoned without QStyle: wrapping it for Python costs the start-up some milliseconds.)"""
        margins = self.edit.textMargins()
        frame = 6  # the frame and the style's inner margin, both sides
        clear = self.edit.height() if self.edit.isClearButtonEnabled() else 0  # a square button
        return self.edit.contentsRect().width() - margins.left() - margins.right() - frame - clear - 4

    def fit(self) -> None:
        metrics = self.edit.fontMetrics()
        room = self.room()
        chosen = next((w for w in self.wordings if metrics.horizontalAdvance(w) <= room), self.wordings[-1])
        if self.edit.placeholderText() != chosen:
            self.edit.setPlaceholderText(chosen)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        return False


def fit_placeholder(edit: QLineEdit, *wordings: str) -> None:
    """Show the longest of `wordings` (longest first) that fits `edit`, kept up to date."""
    _Fitter(edit, tuple(wordings))
