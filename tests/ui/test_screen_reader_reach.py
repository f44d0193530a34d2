"""What a keyboard or screen-reader user gets without a mouse: definitions, notes, announcements."""
from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAccessible

from app.ui.announce import announcer

NAME = QAccessible.Text.Name


def accessible_name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(NAME)


def tab_to_link(reader, qtbot, href_start: str) -> bool:
    """Tab through the page's links (as a keyboard user does) until one starting with href_start."""
    reader.setFocus()
    for _ in range(30):
        qtbot.keyClick(reader, Qt.Key.Key_Tab)
        cursor = reader.textCursor()
        if cursor.hasSelection() and cursor.charFormat().anchorHref().startswith(href_start):
            return True
    return False


def test_enter_on_a_glossary_term_opens_its_definition_until_closed(make_window, qtbot, fixture_guide):
    window = make_window("welcome")
    said = []
    announcer().said.connect(said.append)
    assert tab_to_link(window.reader, qtbot, "term:icpc")
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    bar = window.definition_bar
    qtbot.waitUntil(bar.isVisible, timeout=2000)
    term = fixture_guide.glossary["icpc"]
    assert bar.term.text() == term.term == "Initial child protection conference"
    assert term.definition in bar.text.text() and "ICPC" in bar.text.text()
    assert any(s.startswith(f"{term.term}: {term.definition}") for s in said)  # a screen reader hears it
    assert accessible_name(bar.text) == bar.text.text()
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.reader.current_section == "welcome"


def test_definition_closes_when_the_page_changes(make_window, qtbot):
    window = make_window("welcome")
    window.reader.show_term("icpc")
    assert window.definition_bar.isVisible()
    window.open_section("strategy-discussion")
    assert not window.definition_bar.isVisible()


def test_timescale_note_and_bank_holidays_shown_for_the_selected_step(make_window, qtbot):
    window = make_window()
    window.timescales_action.trigger()
    tab = window.timeline.timescales
    tab.start.setCurrentIndex(tab.start.findData("strategy-discussion-held"))
    tab.date.setDate(QDate(2026, 12, 18))  # fifteen working days over Christmas
    tab.table.setFocus()
    tab.table.setCurrentItem(tab.table.topLevelItem(0))
    assert tab.step_note.isVisible()
    assert "Bank holidays skipped" in tab.step_note.text() and "Christmas" in tab.step_note.text()
    assert accessible_name(tab.step_note) == tab.step_note.text()


def test_search_status_is_read_as_its_text_and_announced(make_window, qtbot):
    from tests.ui.test_search_panel import ready, type_query

    window = make_window("welcome")
    ready(window, qtbot)
    said = []
    announcer().said.connect(said.append)
    type_query(window, qtbot, "icpc")
    status = window.search.status
    assert "result" in accessible_name(status)
    assert any("result" in s for s in said)


def test_hit_counts_citation_and_zoom_are_announced(make_window, qtbot):
    window = make_window("welcome")
    said = []
    announcer().said.connect(said.append)
    assert window.reader.highlight(["the"]) >= 2  # what opening a search result does
    assert "Search hit 1 of " in said[-1]
    window.next_hit_action.trigger()
    assert any(s.startswith("Search hit 2 of ") for s in said), said
    assert accessible_name(window.find_bar.label).startswith("Search hits: 2 of ")
    window.cite_action.trigger()
    assert any("Citation copied" in s for s in said)
    window.zoom_in_action.trigger()
    assert any(s.startswith("Page zoom +1") for s in said)


def test_saved_pdf_is_announced(make_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = make_window("welcome")
    target = tmp_path / "welcome.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    said = []
    announcer().said.connect(said.append)
    window.pdf_action.trigger()
    assert target.exists()
    assert any("Saved the PDF" in s for s in said)
