"""Searching from the window: results as you type, open a result, hits highlighted and counted."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


def ready(window, qtbot):
    if not window.search_service.is_ready:
        with qtbot.waitSignal(window.search_service.ready, timeout=10000):
            pass


def type_query(window, qtbot, text):
    window.search_action.trigger()
    box = window.search.box
    box.clear()
    with qtbot.waitSignal(window.search_service.answered, timeout=5000):
        qtbot.keyClicks(box, text)


def test_ctrl_f_focuses_search_box(make_window, qtbot):
    window = make_window()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_dock.isVisible()
    qtbot.waitUntil(lambda: window.search.box.hasFocus(), timeout=2000)


def test_results_appear_as_you_type_and_open_with_highlights(make_window, qtbot):
    window = make_window("welcome")
    ready(window, qtbot)
    type_query(window, qtbot, "icpc")
    model = window.search.model
    assert model.rowCount() >= 1
    top = model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert top.section_id == "initial-conference"
    assert "also searched" in window.search.status.text()
    type_query(window, qtbot, "conference ")
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    assert window.reader.current_section == "initial-conference"
    assert window.reader.hit_count() >= 2
    assert window.find_bar.isVisible()
    assert window.find_bar.label.text().startswith("Search hits: 1 of ")
    window.next_hit_action.trigger()
    assert window.find_bar.label.text().startswith("Search hits: 2 of ")
    window.previous_hit_action.trigger()
    assert window.find_bar.label.text().startswith("Search hits: 1 of ")


def test_heading_result_lands_on_heading(make_window, qtbot):
    window = make_window("welcome")
    ready(window, qtbot)
    type_query(window, qtbot, "what it decides")
    top = window.search.model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert top.anchor == "what-it-decides"
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        window.search.results.activated.emit(window.search.model.index(0, 0))
    assert window.reader.current_section == "strategy-discussion"


def test_typo_shows_corrected_results(make_window, qtbot):
    window = make_window()
    ready(window, qtbot)
    type_query(window, qtbot, "stratgey")
    # while the word is being typed it is only offered, never searched corrected
    assert "Did you mean" in window.search.status.text() and "Showing results" not in window.search.status.text()
    with qtbot.waitSignal(window.search_service.answered, timeout=5000):
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    status = window.search.status.text()
    assert "Showing results for" in status
    assert "the guide has no “stratgey”" in status
    assert window.search.model.rowCount() > 0


def test_a_correction_names_only_the_words_it_replaced(make_window, qtbot):
    window = make_window()
    ready(window, qtbot)
    type_query(window, qtbot, "Stratgey discussion ")
    status = window.search.status.text()
    assert "Showing results for <b>strategy discussion</b>" in status
    assert "the guide has no “Stratgey”." in status  # as typed, and not the whole query


def test_nothing_found_says_so(make_window, qtbot):
    window = make_window()
    ready(window, qtbot)
    type_query(window, qtbot, "qqqqzzzz")
    assert window.search.model.rowCount() == 0
    with qtbot.waitSignal(window.search_service.answered, timeout=5000):
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    assert "The guide does not cover “qqqqzzzz”" in window.search.status.text()


def test_stale_answers_are_dropped(make_window, qtbot):
    window = make_window()
    ready(window, qtbot)
    panel = window.search
    panel.box.setText("strategy")
    panel.run_search()
    first_id = panel._request_id
    panel.box.setText("child")
    with qtbot.waitSignal(window.search_service.answered, timeout=5000,
                          check_params_cb=lambda rid, _r: rid == first_id + 1):
        panel.run_search()

    def shown():
        return [panel.model.index(i, 0).data(Qt.ItemDataRole.UserRole).section_id
                for i in range(panel.model.rowCount())]

    newest = shown()
    assert "who-is-a-child" in newest
    # the answer to the first query arrives now, late (a slow worker): it must not replace the rows
    late = window.search_service.search_now("strategy")
    assert [r.section_id for r in late.results] != newest
    window.search_service.answered.emit(first_id, late)
    assert shown() == newest


def test_navigating_away_clears_highlights(make_window, qtbot):
    window = make_window()
    ready(window, qtbot)
    window.open_search_result("strategy-discussion", "", ["strategy"])
    assert window.find_bar.isVisible()
    window.open_section("welcome")
    assert not window.find_bar.isVisible() and window.reader.hit_count() == 0


def test_page_hits_are_whole_words(make_window, qtbot):
    """Highlighting "child" marks "child", never the start of "children" (nor "can" in "cannot")."""
    import re

    window = make_window("who-is-a-child")
    text = window.reader.toPlainText()
    whole = len(re.findall(r"\bchild\b", text, re.IGNORECASE))
    assert text.lower().count("child") > whole  # the page has "children" too
    assert window.reader.highlight(["child"]) == whole


def _suggesting(make_window, qtbot, typed: str):
    """A window whose search box has `typed` in it and its suggestions showing."""
    window = make_window("welcome")
    ready(window, qtbot)
    window.search_action.trigger()
    panel = window.search
    qtbot.keyClicks(panel.box, typed)
    popup = panel.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    return window, panel, popup


def test_completions_under_the_box_search_what_is_chosen(make_window, qtbot):
    window, panel, popup = _suggesting(make_window, qtbot, "icp")
    offered = panel.completer.model().stringList()
    assert offered[:2] == ["ICPC", "Initial child protection conference"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    chosen = "Initial child protection conference"

    def answers_the_choice(request_id, _response):  # not a late answer to "icp" typed before
        return request_id == panel._request_id

    with qtbot.waitSignal(window.search_service.answered, timeout=5000, check_params_cb=answers_the_choice):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert panel.box.text() == chosen
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.UserRole).section_id == "initial-conference"
    qtbot.keyClicks(panel.box, " ")  # a finished word: nothing more to complete
    assert not popup.isVisible()


def _hit_box(reader, selection):
    """The hit's box in the viewport: from the caret before it to the caret after it (one line)."""
    from PySide6.QtGui import QTextCursor

    start, end = QTextCursor(reader.document()), QTextCursor(reader.document())
    start.setPosition(selection.cursor.selectionStart())
    end.setPosition(selection.cursor.selectionEnd())
    first, last = reader.cursorRect(start), reader.cursorRect(end)
    assert first.top() == last.top(), "the hit is on one line"
    return first.united(last).adjusted(2, 0, -2, 0)


def _ink_rows(reader, box, background) -> list[int]:
    """For each pixel row of the box, how many of its pixels stand out 3:1 from what they are
    drawn on: the shape of what is painted there, whatever its colours."""
    from app.ui.themes import contrast

    image = reader.viewport().grab().toImage()
    return [sum(contrast(image.pixelColor(x, y).name(), background) >= 3 for x in range(box.left(), box.right() + 1))
            for y in range(box.top(), box.bottom() + 1)]


@pytest.mark.parametrize("theme_id", ["light", "dark", "high-contrast"])
def test_every_hit_is_marked_and_the_current_one_by_its_shape(make_window, qtbot, theme_id):
    """Hits are underlined, not only tinted; the current hit differs from the others in shape
    (a solid line above and below, a bolder stroke), so neither needs colour to be seen."""
    from PySide6.QtGui import QTextCharFormat

    from app.ui import themes

    window = make_window("who-is-a-child")
    window.set_theme(theme_id)
    theme = themes.theme(theme_id)
    reader = window.reader
    assert reader.highlight(["child"]) >= 2

    def style(fmt):  # everything a hit's mark is made of, except colour
        return (fmt.underlineStyle(), fmt.fontOverline(), fmt.textOutline().style(), fmt.textOutline().widthF())

    hits = reader.extraSelections()
    current, others = hits[0], hits[1:]
    for other in others:
        assert other.format.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
        assert themes.contrast(other.format.underlineColor().name(), theme.search_hit) >= 3
        assert style(other.format) != style(current.format)
    assert style(current.format) != (QTextCharFormat.UnderlineStyle.NoUnderline, False, 0, 0)

    # What is painted: the same hit as one of the others, as the current one, and not a hit at all.
    reader.next_hit()
    second = reader.extraSelections()[1]
    box = _hit_box(reader, second)
    scroll = reader.verticalScrollBar().value()
    as_current = _ink_rows(reader, box, theme.search_current)
    reader.previous_hit()
    reader.verticalScrollBar().setValue(scroll)
    as_other = _ink_rows(reader, box, theme.search_hit)
    reader.clear_highlights()
    reader.verticalScrollBar().setValue(scroll)
    plain = _ink_rows(reader, box, theme.base)
    width = box.width()
    # A mark under (or over) the word where the plain page has nothing: a line, if dashed.
    assert any(hit >= width // 3 and not text for hit, text in zip(as_other, plain)), (plain, as_other)
    # The current hit has solid lines across the word that the other hits do not.
    solid = lambda rows: sum(n >= width * 9 // 10 for n in rows)  # noqa: E731
    assert solid(as_current) >= solid(as_other) + 2, (as_other, as_current)


def test_enter_searches_every_word_typed_before_opening_the_top_result(make_window, qtbot):
    """Typed fast and Enter pressed at once: the last word was still "being typed" (a prefix,
    never corrected), so Enter opened the top result of a search that had left it out, under
    "Did you mean strategy dicussion?". Enter searches the words as typed, corrections and
    all, and opens the top result of that."""
    window = make_window("welcome")
    ready(window, qtbot)
    type_query(window, qtbot, "Stratgey dicussion")
    assert "Showing results for" in window.search.status.text()
    assert "dicussion" not in window.search._latest_response.replaced  # not searched yet
    with qtbot.waitSignal(window.reader.section_shown, timeout=5000):
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    status = window.search.status.text()
    assert "Showing results for <b>strategy discussion</b>" in status, status
    assert "“Stratgey”, “dicussion”" in status, status
    top = window.search.model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert window.reader.current_section == top.section_id == "strategy-discussion"


def test_enter_with_suggestions_open_searches_what_was_typed(make_window, qtbot):
    """Suggestions under the box are offered, not chosen: "icpc" and Enter opened nothing and
    replaced the words typed with the first suggestion. Down then Enter still chooses one."""
    window, panel, popup = _suggesting(make_window, qtbot, "icpc")
    with qtbot.waitSignal(window.reader.section_shown, timeout=5000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)  # where the keys go while the suggestions show
    assert panel.box.text() == "icpc"
    assert window.reader.current_section == "initial-conference"


def test_enter_before_the_index_is_ready_opens_the_top_result_once_it_is(make_window, qtbot):
    """On a first start the index is still being built: Enter said "Preparing search…", the
    results came a moment later, and nothing opened."""
    window = make_window("welcome")
    ready(window, qtbot)
    window.search_service.is_ready = False  # as while the index is checked or built at start
    window.search_action.trigger()
    qtbot.keyClicks(window.search.box, "icpc ")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    assert "Preparing search" in window.search.status.text()
    with qtbot.waitSignal(window.reader.section_shown, timeout=10000):
        window.search_service.start()  # checks the index again and says it is ready
    assert window.reader.current_section == "initial-conference"
