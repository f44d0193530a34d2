"""The library in the real window: add a document (menu or drop), find it in the contents, search
across the guide and it, open a hit, bookmark and cite it, remove it; the official text from a
guide section; the window usable while a file is read, and Cancel."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.library.sample import sample_html
from app.store.shared import close_shared_stores
from app.ui import bookmarks_panel as bp
from app.ui import library_actions as la
from app.ui import plain
from app.ui.bookmark_dialog import BookmarkDetails
from app.ui.search_panel import RESULT_ROLE

MARKER = "zanzibarite"


@pytest.fixture(autouse=True)
def _close_stores():
    yield
    close_shared_stores()


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes are recorded and answered (clickedButton None: as if closed)."""
    shown: list[tuple[str, str]] = []

    class Box:
        def __init__(self, _icon, title, text, *_a):
            shown.append((title, text))

        def setTextFormat(self, fmt):  # noqa: N802
            assert fmt == Qt.TextFormat.PlainText

        def addButton(self, *_a):  # noqa: N802
            return object()

        def exec(self):
            return 0

        def clickedButton(self):  # noqa: N802
            return None

    # the library's message boxes are made by plain.box (plain text, always)
    monkeypatch.setattr(plain, "QMessageBox", type("QMessageBox", (), {
        "Icon": la.QMessageBox.Icon, "StandardButton": la.QMessageBox.StandardButton,
        "ButtonRole": la.QMessageBox.ButtonRole, "__new__": lambda cls, *a: Box(*a)}))
    return shown


def _add(window, qtbot, path) -> str:
    with qtbot.waitSignal(window.library_actions.document_added, timeout=30000) as added:
        assert window.library_actions.add_file(path)
    return added.args[0]


def _handbook(tmp_path, name="handbook.html", **options):
    page = tmp_path / name
    page.write_text(sample_html(marker=MARKER, **options), encoding="utf-8")
    return page


def test_add_find_search_open_bookmark_cite_and_remove(make_window, qtbot, tmp_path, boxes, monkeypatch):
    window = make_window()
    doc = window.library.document(_add(window, qtbot, _handbook(tmp_path)))
    # a book in the contents, with its chapters; its first page open in the reader
    book = window.contents.document_book(doc.id)
    assert book.text(0) == doc.title
    assert [book.child(i).text(0) for i in range(book.childCount())] == [s.title for s in doc.sections[1:]]
    assert window.reader.current_section == doc.sections[0].id
    assert doc.title in window.reader.toPlainText() and "handbook.html" in window.reader.toPlainText()
    # searched with the guide; the result says which document and cites the paragraph
    window.show_search()
    panel = window.search
    qtbot.waitUntil(lambda: window.search_service.is_ready, timeout=30000)
    panel.box.setText(MARKER)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    index = panel.model.index(0, 0)
    hit = index.data(RESULT_ROLE)
    section, piece = next((s, p) for s in doc.sections for p in s.pieces if MARKER in p.text)
    assert (hit.document, hit.section_id, hit.anchor) == (doc.id, section.id, piece.anchor)
    assert doc.title in index.data(Qt.ItemDataRole.AccessibleTextRole)
    panel.document.setCurrentIndex(panel.document.findData("guide"))  # the guide alone: not there
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10000)
    panel.document.setCurrentIndex(panel.document.findData(doc.id))
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    # opened at the paragraph, hits highlighted as for the guide
    with qtbot.waitSignal(window.reader.section_shown, timeout=5000):
        panel.results.activated.emit(panel.model.index(0, 0))
    assert window.reader.current_section == section.id
    assert window.reader.hit_count() == 1
    assert window.contents.tree.currentItem().text(0) == section.title
    # bookmarked like a guide section
    monkeypatch.setattr(bp, "ask_details", lambda _p, **kw: BookmarkDetails(
        anchor=kw["anchor"], heading_text=dict((a, t) for t, a in kw["headings"])[kw["anchor"]],
        title="", folder=None, note="read this"))
    with qtbot.waitSignal(window.bookmarks.bookmarks_changed, timeout=5000):
        window.bookmark_current(anchor=piece.anchor)
    [mark] = window.bookmarks.store.bookmarks.list()
    assert (mark.section_id, mark.anchor) == (section.id, piece.anchor)
    assert window.bookmark_action.isChecked()
    # cited by title, chapter and printed paragraph number
    expected = f"{doc.title}, chapter {section.number}, paragraph {piece.number}"
    assert window.copy_citation(anchor=piece.anchor) == expected
    assert QApplication.clipboard().text() == expected
    # removed: gone from the tree and the search; the bookmark kept, marked
    monkeypatch.setattr(la.LibraryActions, "confirm_remove", lambda self, info: True)
    with qtbot.waitSignal(window.library_actions.document_removed, timeout=5000):
        window.library_actions.remove_current()
    assert window.contents.document_book(doc.id) is None
    assert window.reader.current_section == window.guide.home
    row = window.bookmarks.index_of_bookmark(mark.id)
    assert row.data().startswith("Document removed: ")
    assert window.search_service.search_now(MARKER).total == 0


def test_a_title_is_shown_as_text_never_markup(make_window, qtbot, tmp_path, boxes):
    window = make_window()
    page = tmp_path / "evil.html"
    page.write_text(sample_html("<b>Bold</b> &amp; <i>claims</i> 2026", chapters=1, paragraphs=2), encoding="utf-8")
    doc = window.library.document(_add(window, qtbot, page))
    assert "<b>" in doc.title
    assert window.contents.document_book(doc.id).text(0) == doc.title
    assert doc.title in window.reader.toPlainText()  # escaped: shown with its angle brackets
    assert doc.title in window.windowTitle()


def test_window_stays_usable_while_a_file_is_read_and_cancel_adds_nothing(make_window, qtbot, tmp_path,
                                                                          boxes, monkeypatch):
    window = make_window()
    reading = threading.Event()

    def slow_importer(path, progress=None, cancelled=None):
        reading.set()
        while not cancelled():  # an importer polls between pages
            progress(1, 10)
            threading.Event().wait(0.01)
        from app.library.parsed import ImportCancelled
        raise ImportCancelled()

    monkeypatch.setattr("app.library.adding._default_importer", lambda: slow_importer)
    actions = window.library_actions
    assert actions.add_file(_handbook(tmp_path))
    qtbot.waitUntil(reading.is_set, timeout=5000)
    qtbot.waitUntil(lambda: actions.progress.maximum() == 10, timeout=5000)
    assert actions.progress.isVisible() and actions.cancel_button.isVisible()
    target = next(s for s in window.guide.sections if s != window.reader.current_section)
    assert window.open_section(target) and window.reader.current_section == target  # not blocked
    assert not actions.add_file(_handbook(tmp_path, "second.html"))  # one at a time
    with qtbot.waitSignal(actions.import_ended, timeout=5000) as ended:
        actions.cancel_button.click()
    assert "cancelled" in ended.args[0] and not actions.progress.isVisible()
    assert window.library.documents() == [] and boxes == []


def test_closing_the_window_mid_import_stops_the_import_and_its_worker(make_window, qtbot, tmp_path,
                                                                       boxes, monkeypatch):
    window = make_window()
    reading, stopped = threading.Event(), threading.Event()

    def slow_importer(path, progress=None, cancelled=None):
        reading.set()
        for _ in range(3000):  # half a minute of pages unless told to stop
            if cancelled():
                stopped.set()
                from app.library.parsed import ImportCancelled
                raise ImportCancelled()
            threading.Event().wait(0.01)
        raise AssertionError("never cancelled")

    monkeypatch.setattr("app.library.adding._default_importer", lambda: slow_importer)
    actions = window.library_actions
    assert actions.add_file(_handbook(tmp_path))
    qtbot.waitUntil(reading.is_set, timeout=5000)
    window.close()
    assert stopped.is_set(), "the import was told to stop"
    assert actions.pool.activeThreadCount() == 0, "no worker left running"
    assert window.library.documents() == []


def test_a_bad_file_gets_one_sentence_and_adds_nothing(make_window, qtbot, tmp_path, boxes):
    window = make_window()
    bad = tmp_path / "report.pdf"
    bad.write_bytes(b"this is not a PDF at all")
    with qtbot.waitSignal(window.library_actions.import_ended, timeout=30000) as ended:
        window.library_actions.add_file(bad)
    assert window.library.documents() == []
    [(title, text)] = boxes
    assert text == ended.args[0] and text.endswith(".") and "\n" not in text


def test_a_dropped_file_is_added(make_window, qtbot, tmp_path, boxes):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_handbook(tmp_path)))])
    enter = QDragEnterEvent(QPoint(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # a file may be dropped anywhere on the window
    drop = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.library_actions.document_added, timeout=30000):
        QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    assert [i.source_file for i in window.library.documents()] == ["handbook.html"]


def test_read_the_official_text_opens_its_chapter_or_explains(make_window, qtbot, tmp_path, boxes):
    window = make_window()
    section = next(s for s in window.guide.sections.values() if "chapter 3" in s.source)
    window.open_section(section.id)
    assert "Read the official text" in window.reader.toPlainText()
    window.reader.anchorClicked.emit(QUrl(f"official:{section.id}"))
    [(title, text)] = boxes
    assert "not in your library" in title and "File › Add document" in text
    page = tmp_path / "wt.html"
    page.write_text(sample_html("Working Together to Safeguard Children 2026", chapters=4), encoding="utf-8")
    doc = window.library.document(_add(window, qtbot, page))
    window.open_section(section.id)
    with qtbot.waitSignal(window.reader.section_shown, timeout=5000):
        window.reader.anchorClicked.emit(QUrl(f"official:{section.id}"))
    chapter = window.library.section(window.reader.current_section)
    assert chapter in doc.sections and chapter.label == "chapter 3"
