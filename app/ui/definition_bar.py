"""The definition bar under the reader: a glossary term's meaning, there until it is closed.

A tooltip times out and needs a pointer; this bar is opened by Enter on a term (or a click),
read out by a screen reader, reachable by Tab, and closed with its button or Escape.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.guide import Guide
from app.ui.announce import announce


class DefinitionBar(QFrame):
    """Signals: closed()."""

    closed = Signal()

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.setObjectName("definition-bar")
        self.setAccessibleName("Definition")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.term = QLabel()
        self.term.setObjectName("definition-term")
        self.term.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont()  # bold only: the size follows the interface's text size
        font.setBold(True)
        self.term.setFont(font)
        self.text = QLabel()
        self.text.setObjectName("definition-text")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop only while it has a definition
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the definition")
        self.close_button.setToolTip("Close the definition (Escape)")
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.term)
        words.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 6, 4)
        row.addLayout(words, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.close_button.clicked.connect(self.close_bar)
        self.term_id = ""
        self.hide()

    def show_term(self, term_id: str) -> None:
        term = self.guide.glossary.get(term_id)
        if term is None:
            return
        self.term_id = term_id
        self.term.setText(term.term)
        also = f" Also called: {', '.join(term.also)}." if term.also else ""
        self.text.setText(f"{term.definition}{also}")
        self.text.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches it; arrows select
        self.show()
        announce(self.text, f"{term.term}: {term.definition}{also}")

    def close_bar(self) -> None:
        if self.isVisible():
            self.hide()
            self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.term_id = ""
            self.closed.emit()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        """Escape in the reader closes an open definition (installed on the reader)."""
        if (self.isVisible() and event.type() == event.Type.KeyPress
                and event.matches(QKeySequence.StandardKey.Cancel)):
            self.close_bar()  # and the reader closes its tooltip as well
        return False

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Cancel):
            self.close_bar()
            return
        super().keyPressEvent(event)
