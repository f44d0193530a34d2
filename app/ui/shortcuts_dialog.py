"""Help › Keyboard shortcuts: every key the window answers to, read from its actions (so the
list cannot drift from the keys), plus the few keys handled inside one widget."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

# Keys that belong to one widget rather than to a window action.
WIDGET_KEYS = (
    ("Next / previous search hit in the page", "Enter / Shift+Enter"),
    ("Close a glossary definition", "Escape"),
    ("Move between panels and the page", "Tab / Shift+Tab"),
    ("Save a bookmark from its note", "Ctrl+Enter"),
    ("Delete the selected bookmarks / undo", "Delete / Ctrl+Z"),
    ("Back / forward", "Mouse back / forward buttons"),
)


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for every action with a key, in menu order, then WIDGET_KEYS."""
    rows = []
    for action in actions:
        keys = " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…").lstrip("☆★ ").strip(), keys))
    return rows + list(WIDGET_KEYS)


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts-dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTreeWidget()
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHeaderLabels(["Action", "Keys"])
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        for what, keys in shortcut_rows(actions):
            QTreeWidgetItem(self.table, [what, keys])
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 620)
