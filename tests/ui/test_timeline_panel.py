"""The timeline panel: history linked into the guide, and case timescales as dates."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication


def test_selecting_an_event_and_opening_it_opens_its_section(make_window, qtbot):
    window = make_window("welcome")
    window.timeline_action.trigger()
    assert window.timeline_dock.isVisible()
    view = window.timeline.history.view
    titles = [e.title for e in view.events()]
    assert titles == ["Children Act 2004", "Working Together 2023"]  # in date order
    view.set_current(0)
    assert "Children Act 2004" in window.timeline.history.details.text()
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000) as blocker:
        qtbot.mouseClick(window.timeline.history.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == "who-is-a-child"


def test_keyboard_walks_events_and_enter_opens(make_window, qtbot):
    window = make_window("strategy-discussion")
    window.timeline_action.trigger()
    view = window.timeline.history.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current_index() == 0
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current_index() == 1
    assert "Working Together 2023" in view.accessibleDescription()
    assert window.timeline.history.list.currentRow() == 1  # the list follows for screen readers
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args[0] == "welcome"


def test_reader_and_timeline_stay_in_step(make_window, qtbot):
    window = make_window("welcome")
    view = window.timeline.history.view
    window.open_section("who-is-a-child")
    assert view.current_event().id == "some-act"
    window.open_section("welcome")
    assert view.current_event().id == "edition-2023"


def test_filter_by_kind(make_window):
    window = make_window()
    history = window.timeline.history
    history.filters["legislation"].setChecked(False)
    assert [e.kind for e in history.view.events()] == ["edition"]
    assert history.list.count() == 1


def test_changing_start_date_changes_due_dates(make_window, qtbot):
    window = make_window()
    window.timescales_action.trigger()
    tab = window.timeline.timescales
    tab.start.setCurrentIndex(tab.start.findData("strategy-discussion-held"))
    tab.date.setDate(QDate(2026, 12, 18))
    assert tab.table.topLevelItem(0).text(0) == "Wed 13 Jan 2027"
    tab.date.setDate(QDate(2026, 11, 2))
    assert tab.table.topLevelItem(0).text(0) == "Mon 23 Nov 2026"
    assert "Christmas" not in tab.table.topLevelItem(0).toolTip(0)
    tab.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Mon 23 Nov 2026" in copied and "Local procedures may set shorter timescales" in copied


def test_timescale_row_opens_its_section(make_window, qtbot):
    window = make_window()
    window.timescales_action.trigger()
    tab = window.timeline.timescales
    item = tab.table.topLevelItem(0)
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000) as blocker:
        tab.table.itemActivated.emit(item, 0)
    assert blocker.args[0] == "initial-conference"


def test_date_defaults_to_today(make_window):
    window = make_window()
    assert window.timeline.timescales.selected_date() == dt.date.today()


def test_timeline_dock_visibility_is_remembered(make_window):
    window = make_window()
    window.timeline_action.trigger()
    window.close()
    again = make_window()
    assert again.timeline_dock.isVisible()


def test_timescales_say_which_bank_holidays_were_skipped(make_window, qtbot):
    window = make_window()
    window.timescales_action.trigger()
    tab = window.timeline.timescales
    tab.start.setCurrentIndex(tab.start.findData("strategy-discussion-held"))
    tab.date.setDate(QDate(2026, 12, 18))
    qtbot.waitUntil(lambda: tab.holidays.isVisible(), timeout=2000)
    assert "Christmas Day, Fri 25 Dec 2026" in tab.holidays.text()
    assert "New Year's Day, Fri 1 Jan 2027" in tab.holidays.text()
    # The substitute day reads "Boxing Day (observed), Mon 28 Dec 2026", not "(observed) (Mon …)",
    # in the note under the table and in the selected step's note alike.
    assert "Boxing Day (observed), Mon 28 Dec 2026" in tab.holidays.text()
    notes = []
    for row in range(tab.table.topLevelItemCount()):
        tab.table.setCurrentItem(tab.table.topLevelItem(row))
        notes.append(tab.step_note.text())
    assert any("Boxing Day (observed), Mon 28 Dec 2026" in note for note in notes)
    assert not any(") (" in text for text in [tab.holidays.text(), *notes])
    tab.date.setDate(QDate(2026, 6, 1))  # no bank holiday in the next 15 working days
    qtbot.waitUntil(lambda: not tab.holidays.isVisible(), timeout=2000)


def test_a_date_typed_as_people_write_it_is_taken(make_window, qtbot):
    """A referral date typed the British way (24/12/2026) over the date, as a social worker
    copies it from a case record, is the date the plan counts from."""
    window = make_window()
    window.timescales_action.trigger()
    tab = window.timeline.timescales
    tab.start.setCurrentIndex(tab.start.findData("strategy-discussion-held"))
    tab.date.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and tab.isAncestorOf(QApplication.focusWidget()),
                    timeout=2000)
    typing_into = QApplication.focusWidget()  # where the keys of a real keyboard go
    qtbot.keyClick(typing_into, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(typing_into, "18/12/2026")
    qtbot.keyClick(typing_into, Qt.Key.Key_Return)
    assert tab.selected_date() == dt.date(2026, 12, 18)
    assert tab.table.topLevelItem(0).text(0) == "Wed 13 Jan 2027"
    assert "Friday" in tab.weekday.text()  # the day of the week is still shown
    qtbot.keyClick(typing_into, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(typing_into, "31/02/2026")  # no such day: said so, the last good date kept
    qtbot.keyClick(typing_into, Qt.Key.Key_Return)
    assert tab.selected_date() == dt.date(2026, 12, 18)
    assert "Not a date" in tab.weekday.text()


def test_tab_from_the_starting_point_reaches_the_date_then_the_calendar(make_window, qtbot):
    window = make_window()
    window.timescales_action.trigger()
    tab = window.timeline.timescales
    qtbot.waitUntil(tab.start.hasFocus, timeout=2000)
    qtbot.keyClick(tab.start, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.date.edit
    qtbot.keyClick(tab.date.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.date.calendar_button


def _shown_in(widget, viewport) -> bool:
    """The widget is on screen and drawn (at least partly) inside the viewport, unscrolled."""
    from PySide6.QtCore import QRect

    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    visible = widget.visibleRegion().boundingRect()
    on_viewport = QRect(widget.mapTo(viewport.window(), visible.topLeft()), visible.size())
    port = QRect(viewport.mapTo(viewport.window(), viewport.rect().topLeft()), viewport.size())
    return port.intersects(on_viewport)


def _choose_events_and_check_details_show(window, qtbot):
    history = window.timeline.history
    dock = window.timeline_dock
    view = history.view
    events = view.events()
    # By mouse: click the 1999 edition's marker on the chart.
    index = next(i for i, e in enumerate(events) if e.kind == "edition" and e.date.year == 1999)
    centre = view.event_centre(index).toPoint()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)
    assert view.current_index() == index
    QApplication.processEvents()
    assert "1999" in history.details.text()
    for widget in (history.details, history.open_button):
        assert _shown_in(widget, dock), f"{widget.objectName() or widget.text()} is below the fold"
    # By keyboard: walk along the chart to the last event.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    QApplication.processEvents()
    assert events[-1].date_label in history.details.text()
    for widget in (history.details, history.open_button):
        assert _shown_in(widget, dock), f"{widget.objectName() or widget.text()} is below the fold"
    # By keyboard in the list (where a screen reader is): one row up.
    history.list.setFocus()
    qtbot.keyClick(history.list, Qt.Key.Key_Up)
    QApplication.processEvents()
    assert events[-2].date_label in history.details.text()
    for widget in (history.details, history.open_button):
        assert _shown_in(widget, dock), f"{widget.objectName() or widget.text()} is below the fold"
    # Long titles wrap onto more lines: each row is tall enough for its whole text at the list's
    # width, so no sideways scrollbar is needed to read one.
    from PySide6.QtCore import QRect

    listing = history.list
    metrics = listing.fontMetrics()
    from PySide6.QtWidgets import QStyle

    margin = listing.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, listing) + 1
    room = listing.viewport().width() - 2 * margin  # the text's margins in a row
    for row in range(listing.count()):
        item = listing.item(row)
        needed = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, item.text()).height()
        assert listing.visualItemRect(item).height() >= needed, f"cut: {item.text()!r}"
    assert listing.horizontalScrollBar().maximum() == 0
    # And the panel itself never needs scrolling to reach them.
    outer = window.timeline._scrollers[history]
    assert outer.verticalScrollBar().value() == 0


def test_choosing_an_event_shows_its_details_at_1366_by_768(qtbot, real_guide):
    """Docked under the page on a laptop screen, the details and Open button are in view."""
    from app.ui.application import create_main_window

    window = create_main_window(real_guide)
    qtbot.addWidget(window)
    window.restore_session(None)
    window.show()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.start_finished, timeout=10000)
    window.show_timeline()
    dock = window.timeline_dock
    qtbot.waitUntil(lambda: dock.isVisible() and not dock.isFloating(), timeout=2000)
    qtbot.waitUntil(lambda: window.reader.height() >= window.height() // 2, timeout=2000)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    _choose_events_and_check_details_show(window, qtbot)
    window.close()


def test_choosing_an_event_shows_its_details_at_1280_by_720_and_200_percent(qtbot, real_guide):
    from app.ui.application import create_main_window

    window = create_main_window(real_guide)
    qtbot.addWidget(window)
    window.restore_session(None)
    window.show()
    qtbot.waitUntil(lambda: window.start_finished, timeout=10000)
    window.text_size_actions[200].trigger()
    window.resize(1280, 720)
    window.show_timeline()
    dock = window.timeline_dock
    qtbot.waitUntil(lambda: dock.isVisible() and not dock.isFloating(), timeout=2000)
    qtbot.waitUntil(lambda: window.reader.height() >= window.height() // 3, timeout=2000)
    _choose_events_and_check_details_show(window, qtbot)
    window.close()
