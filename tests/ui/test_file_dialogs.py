"""Export dialogs offer the user's Documents folder, not the folder the app was started from."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from app.ui import bookmarks_panel
from app.ui.file_dialogs import documents_folder


def _offered(monkeypatch) -> list[str]:
    offered: list[str] = []

    def fake(_parent, _title, directory, _filters):
        offered.append(directory)
        return "", ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    return offered


def test_pdf_and_bookmark_exports_open_in_documents(make_window, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # started from somewhere else entirely
    offered = _offered(monkeypatch)
    window = make_window("welcome")
    window.export_pdf_dialog()
    bookmarks_panel.choose_file(window, save=True)
    bookmarks_panel.choose_file(window, save=False)
    documents = documents_folder()
    assert [Path(p).parent if p.endswith((".pdf", ".json")) else Path(p) for p in offered] == [documents] * 3
    assert offered[0].endswith("welcome.pdf") and offered[1].endswith("wt-reader-bookmarks.json")
    assert documents != tmp_path


def test_documents_falls_back_to_home_when_there_is_none(monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda _l: str(tmp_path / "nowhere")))
    assert documents_folder() == Path.home()


def test_printing_to_a_file_offers_a_named_pdf_in_documents(make_window, monkeypatch):
    """Without a printer the print dialog's "Print to File (PDF)" offered the home folder
    itself ("/home/me/") as the file: Print then had nowhere to write."""
    from PySide6.QtPrintSupport import QPrintDialog

    offered: list[str] = []

    def fake_exec(dialog):
        offered.append(dialog.printer().outputFileName())
        return QPrintDialog.DialogCode.Rejected
    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    window = make_window("welcome")
    window.print_section()
    window.timescales_action.trigger()
    window.timeline.timescales.print_button.click()
    documents = documents_folder()
    assert [Path(p).parent for p in offered] == [documents, documents], offered
    assert Path(offered[0]).name == "welcome.pdf"
    assert Path(offered[1]).name.startswith("case-timescales") and offered[1].endswith(".pdf")
