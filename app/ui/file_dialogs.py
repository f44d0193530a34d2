"""Save and open dialogs that start in the user's Documents folder, not wherever the app was
started from (on a work laptop that is often the install folder, which the user cannot write)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> Path:
    """Documents if the system has one that exists, else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def save_file_name(parent: QWidget, title: str, file_name: str, filters: str) -> str:
    """The path the user chose to save to ("" if they cancelled), offered in Documents."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(documents_folder() / file_name), filters)
    return name


def open_file_name(parent: QWidget, title: str, filters: str) -> str:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(documents_folder()), filters)
    return name
