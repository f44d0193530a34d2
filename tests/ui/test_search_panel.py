"""Searching from the window: results as you type, open a result, hits highlighted and counted."""
from __future__ import annotations

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


def test_completions_under_the_box_search_what_is_chosen(make_window, qtbot):
    window = make_window("welcome")
    ready(window, qtbot)
    window.search_action.trigger()
    panel = window.search
    qtbot.keyClicks(panel.box, "icp")
    popup = panel.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
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
