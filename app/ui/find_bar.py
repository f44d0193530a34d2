"""The find bar under the reader: "3 of 12" with previous/next for the highlighted hits."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.announce import announce


class FindBar(QWidget):
    """'3 of 12' with previous/next for the highlighted hits in the reader."""

    previous_requested = Signal()
    next_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.label = QLabel()
        self.label.setAccessibleDescription("Search hits in this section")  # the name is the count
        self.prev_button = QPushButton("◀ Previous")  # short labels: the bar fits at 200 % text
        self.prev_button.setAccessibleName("Previous hit")
        self.prev_button.setToolTip("Previous hit (Shift+F3)")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setAccessibleName("Next hit")
        self.next_button.setToolTip("Next hit (F3)")
        self.close_button = QPushButton("Clear")
        self.close_button.setToolTip("Clear the search highlights")
        self.close_button.setAccessibleName("Clear search highlights")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.prev_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.close_button.clicked.connect(self.closed)
        self.hide()

    def show_count(self, current: int, total: int) -> None:
        if total == 0:
            self.hide()
            return
        self.label.setText(f"Search hits: {current} of {total}")
        self.show()
        announce(self.label, f"Search hit {current} of {total}")
