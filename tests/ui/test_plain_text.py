"""A stranger's text is shown as text: markup in titles, notes, folder names and file contents is
never rendered as HTML (no bold, no headings, no images fetched, no links) in tooltips, the undo
bar or message boxes.

`shown` does what Qt does with a string: a label or message box in AutoText, and every tooltip,
renders it as HTML when `Qt.mightBeRichText` says it looks like HTML.
"""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox

from app.store.shared import close_shared_stores
from app.ui import bookmarks_panel as bp
from app.ui import plain

TITLE = '<b>BOLD</b><img src="https://example.org/pixel.png">'
NOTE = '<h1>Shouting</h1> see <a href="https://example.org/">this</a>'
FOLDER = "<i>Secret</i> folder"


@pytest.fixture(autouse=True)
def _close_stores():
    yield
    close_shared_stores()


def shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """The characters a user sees for `text` in a widget with text format `fmt`."""
    if fmt == Qt.TextFormat.PlainText or (fmt == Qt.TextFormat.AutoText and not QtGui_Qt.mightBeRichText(text)):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def rendered_resources(text: str) -> list[str]:
    """Images Qt would ask for if it rendered `text` as HTML."""
    if not QtGui_Qt.mightBeRichText(text):
        return []
    asked = []

    class Doc(QTextDocument):
        def loadResource(self, kind, url):  # noqa: N802
            asked.append(url.toString())
            return None

    doc = Doc()
    doc.setHtml(text)
    doc.size()  # lay out, which loads images
    return asked


def _bookmarked(window):
    store = window.bookmarks.store
    folder = store.bookmarks.create_folder(FOLDER)
    b = store.bookmarks.add("welcome", "", section_title="Welcome", title=TITLE, note=NOTE, folder_id=folder.id)
    window.bookmarks.reload()
    return b, folder


def test_bookmark_tooltip_shows_title_and_note_as_typed(make_window):
    window = make_window()
    b, _folder = _bookmarked(window)
    tip = window.bookmarks.index_of_bookmark(b.id).data(Qt.ItemDataRole.ToolTipRole)
    seen = shown(tip)
    assert TITLE in seen and NOTE in seen
    assert rendered_resources(tip) == []


def test_undo_bar_shows_deleted_names_as_typed(make_window):
    window = make_window()
    b, folder = _bookmarked(window)
    window.bookmarks.delete([b.id])
    label = window.bookmarks.undo_label
    assert TITLE in shown(label.text(), label.textFormat())
    window.bookmarks.delete_folder(folder.id)
    assert FOLDER in shown(label.text(), label.textFormat())


def test_message_boxes_show_file_contents_as_typed(make_window, tmp_path, monkeypatch):
    """The import error quotes the bad value from the file: it must not become HTML."""
    window = make_window()
    boxes = []

    def fake_exec(box):
        boxes.append((box.text(), box.textFormat(), box.findChild(QLabel, "qt_msgbox_label")))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "wt-reader-bookmarks", "version": 1,
                               "bookmarks": [{"section": "welcome", "created": "<h1>" + TITLE}]}))
    monkeypatch.setattr(bp, "choose_file", lambda _parent, save: str(bad))
    window.bookmarks.import_dialog()
    [(text, fmt, label)] = boxes
    assert "<h1>" + TITLE[:30] in shown(text, fmt)
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText


def test_contents_tooltips_and_glossary_text_are_escaped():
    """Section summaries and glossary entries come from content layers and packs too."""
    tip = plain.tooltip(NOTE + "\nsecond line")
    assert shown(tip) == NOTE + "\nsecond line"
    assert rendered_resources(tip) == []
    assert shown(f"<b>{plain.html(TITLE)}</b>") == TITLE
    assert rendered_resources(f"<p>{plain.html(TITLE)}</p>") == []



def test_a_pack_named_version_is_shown_as_typed(make_window):
    """The status bar names the guide's content version, which a content pack sets."""
    window = make_window()
    label = window.version_label
    label.setText("<h1>" + TITLE)
    assert "<h1>" + TITLE in shown(label.text(), label.textFormat())


def test_a_documents_title_in_search_results_is_shown_as_typed(qapp):
    """Library documents and packs name their own titles and parts: the result list draws HTML."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from app.search.results import SearchResult
    from app.ui.search_panel import ResultDelegate

    result = SearchResult(kind="section", section_id="doc~start", anchor="", title=TITLE, heading="",
                          part_title=FOLDER, score=1.0, snippet_html="plain words", snippet_text="plain words",
                          why=("<b>word</b>",), highlight_terms=(), document="doc",
                          citation="<h1>" + TITLE)
    doc = ResultDelegate()._document(QStyleOptionViewItem(), result)
    seen = doc.toPlainText()
    assert TITLE in seen and "<b>word</b>" in seen
    assert rendered_resources(doc.toHtml()) == []
