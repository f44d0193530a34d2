"""Add or edit a bookmark: where (section or a heading in it), name, folder and note.

Before saving, the note is checked (app.store.privacy). If it looks like it holds details of a
child or family, the dialog says so in plain words and the Save button becomes "Save anyway";
the user can edit the note or save it as it is. The same check runs quietly while typing.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.store.bookmark_manager import NewBookmark
from app.store.privacy import check_note, describe

NO_FOLDER = "No folder (top level)"


BookmarkDetails = NewBookmark  # what the dialog returns: the store's own type, one definition


class BookmarkDialog(QDialog):
    def __init__(self, *, section_title: str, headings: list[tuple[str, str]], anchor: str = "",
                 title: str = "", folder: str | None = None, folders: list[str] | None = None,
                 note: str = "", editing: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmark-dialog")
        self.setWindowTitle("Edit bookmark" if editing else "Add bookmark")
        self.place = QComboBox()
        self.place.setAccessibleName("Bookmark place")
        self.place.addItem(f"{section_title} (whole section)", "")
        for text, heading_anchor in headings:
            self.place.addItem(f"{section_title} › {text}", heading_anchor)
        self.place.setCurrentIndex(max(0, self.place.findData(anchor)))
        self.place.setEnabled(not editing)  # moving a bookmark to another place = a new bookmark
        self._headings = dict((a, t) for t, a in headings)
        self.name = QLineEdit(title)
        self.name.setAccessibleName("Bookmark name")
        self.name.setPlaceholderText("Leave empty to use the section's title")
        self.folder = QComboBox()
        self.folder.setEditable(True)
        self.folder.setAccessibleName("Folder")
        self.folder.setToolTip("Choose a folder, or type a new folder name")
        self.folder.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.folder.addItem("")  # the top level: an empty field, "no folder" only as its placeholder
        for name in folders or []:
            self.folder.addItem(name)
        self.folder.setCurrentIndex(max(0, self.folder.findText(folder or "")))
        self.folder.setEditText(folder or "")
        self.folder.lineEdit().setPlaceholderText(NO_FOLDER)
        self.note = QPlainTextEdit(note)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Optional: why this section matters to you. "
                                     "Please don't record details of children or families here.")
        self.note.setTabChangesFocus(True)
        self.warning = QLabel()
        self.warning.setObjectName("privacy-warning")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleDescription("Privacy warning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("QLabel { border: 1px solid palette(mid); padding: 6px; }")
        self.warning.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Place:", self.place)
        form.addRow("&Name:", self.name)
        form.addRow("&Folder:", self.folder)
        form.addRow("N&ote:", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self._acknowledged = ""  # the note text the user chose to save despite the warning
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self._check_quietly)
        self.note.textChanged.connect(self._timer.start)
        self.resize(max(520, self.fontMetrics().averageCharWidth() * 64), 360)
        self._fit()
        # Enter saves from any one-line field (Save is the default button); in the note, where
        # Enter starts a new line, Ctrl+Enter saves.
        self.save_button.setDefault(True)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        self.name.setFocus()  # a new bookmark needs nothing more than Enter

    def _fit(self) -> None:
        """Tall enough for the wrapped warning at any text size: nothing cut off."""
        self.layout().activate()
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _check_quietly(self) -> None:
        findings = check_note(self.note.toPlainText())
        self.warning.setVisible(bool(findings))
        self.warning.setText(describe(findings))
        self._fit()
        if not findings:
            self.save_button.setText("Save")

    def accept(self) -> None:
        """Save, unless the note looks like case details and the user has not yet seen why."""
        text = self.note.toPlainText()
        findings = check_note(text)
        if findings and text != self._acknowledged:
            self._acknowledged = text
            self.warning.setText(describe(findings) + "\n\nEdit the note, or choose “Save anyway”.")
            self.warning.show()
            self._fit()
            self.save_button.setText("Save anyway")
            self.note.setFocus()
            return
        super().accept()

    def details(self) -> BookmarkDetails:
        anchor = str(self.place.currentData() or "")
        folder = " ".join(self.folder.currentText().split())
        return BookmarkDetails(
            anchor=anchor,
            heading_text=self._headings.get(anchor, ""),
            title=" ".join(self.name.text().split()),
            folder=folder or None,
            note=self.note.toPlainText().strip(),
        )
