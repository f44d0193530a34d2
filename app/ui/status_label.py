"""The status bar's content version: the longest of its wordings that leaves the status bar room
for its messages. At 200 % text the whole "Offline · guide content … · covers the 2026 edition"
took the bar, and a message such as "Text size 200 %" showed as "Text s"."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from app.ui import plain

SHARE = 0.5  # of the status bar's width at most; messages and the text-size button have the rest


class FittingLabel(QLabel):
    def __init__(self, wordings: tuple[str, ...], bar: QStatusBar) -> None:
        super().__init__(wordings[0])
        self.setTextFormat(Qt.TextFormat.PlainText)  # a pack names the version and publisher
        self.setToolTip(plain.tooltip(wordings[0]))  # the whole wording, whatever is shown
        self.wordings = wordings
        self._bar = bar
        bar.installEventFilter(self)

    def fit(self) -> None:
        room = int(self._bar.width() * SHARE)
        metrics = self.fontMetrics()
        chosen = next((w for w in self.wordings if metrics.horizontalAdvance(w) <= room), self.wordings[-1])
        if chosen != self.text():
            self.setText(chosen)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        return False

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        return super().event(event)
