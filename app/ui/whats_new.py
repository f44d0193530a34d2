"""What's new: the sections changed since this user last read them, each with its change note."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

SECTION_ROLE = Qt.ItemDataRole.UserRole


class WhatsNewDialog(QDialog):
    """Signals: open_requested(section_id, anchor)."""

    open_requested = Signal(str, str)

    def __init__(self, guide, entries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.packs.service import last_changes
        from app.packs.whats_new import date_label

        self.setWindowTitle("What's new")
        self.setAccessibleName("What's new")
        changes = last_changes()
        if changes.get("from") or changes.get("added"):
            what = "local pages" if changes.get("kind") == "local" else "guide content"
            head = f"Last update: {what} {changes.get('to')}"
            if changes.get("date"):
                head += f" of {date_label(changes['date'])}"
            if changes.get("publisher"):
                head += f", from {changes['publisher']}"
            if changes.get("note"):
                head += f". {changes['note']}"
        else:
            head = f"Guide content {guide.content_version}, as it came with the app."
        self.header = QLabel(head, self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Sections changed since you last read them")
        for entry in entries:
            text = f"{entry.title} — {entry.reason}" + (f"\n{entry.note}" if entry.note else "")
            item = QListWidgetItem(text)  # list items show plain text
            item.setData(SECTION_ROLE, entry.section_id)
            item.setToolTip(entry.note or entry.reason)
            self.list.addItem(item)
        self.empty = QLabel("Nothing has changed in the sections you have read.", self)
        self.empty.setVisible(not entries)
        self.list.setVisible(bool(entries))
        if entries:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(self._open)
        self.list.itemDoubleClicked.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setVisible(bool(entries))  # nothing to open: no dead button to Tab to
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        if entries:
            self.resize(520, 420)
        else:  # two lines and a Close button: no empty box around them
            buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()
            self.resize(520, self.sizeHint().height())

    def section_ids(self) -> list[str]:
        return [self.list.item(i).data(SECTION_ROLE) for i in range(self.list.count())]

    def _open(self, item) -> None:
        if item is not None:
            self.open_requested.emit(str(item.data(SECTION_ROLE)), "")
