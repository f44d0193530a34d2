"""Text size for the whole interface: View › Text size scales menus, panels, tooltips and the page."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar, QToolTip

from app.ui import text_size
from app.ui.announce import announcer
from tests.ui.conftest import activate


@pytest.fixture(autouse=True)
def back_to_usual_size():
    yield
    text_size.apply(100)  # the application font outlives the window


def _font_sizes(window) -> dict[str, float]:
    return {
        "app": QApplication.font().pointSizeF(),
        "dock titles": QApplication.font("QDockWidgetTitle").pointSizeF(),
        "menus": window.view_menu.font().pointSizeF(),
        "tree": window.contents.tree.font().pointSizeF(),
        "tooltips": QToolTip.font().pointSizeF(),
        "page": window.reader.font().pointSizeF(),
    }


def test_text_size_scales_every_font_and_is_remembered(make_window, qtbot):
    window = make_window("welcome")
    before = _font_sizes(window)
    said = []
    announcer().said.connect(said.append)
    window.text_size_actions[200].trigger()
    after = _font_sizes(window)
    for what in ("app", "dock titles", "menus", "tree", "tooltips"):
        assert after[what] == pytest.approx(2 * before[what]), what
    assert after["page"] > 1.8 * before["page"]
    assert window.text_size_button.text() == "Text size 200 %"
    assert "Text size 200 %" in said
    assert window.text_size_menu.menuAction() in window.view_menu.actions()
    window.close()
    again = make_window()
    assert again.text_size == 200 and again.text_size_actions[200].isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(after["app"])


def test_a_theme_change_keeps_the_page_at_its_text_size(make_window):
    window = make_window("welcome")
    window.text_size_actions[200].trigger()
    size = window.reader.font().pointSizeF()
    assert size > 1.8 * QApplication.font().pointSizeF() / 2
    window.set_theme("dark")
    window.set_theme("high-contrast")
    assert window.reader.font().pointSizeF() == pytest.approx(size)
    assert window.reader.document().defaultFont().pointSizeF() == pytest.approx(size)


def _real_window(qtbot, guide, section: str | None = None, size: tuple[int, int] | None = None):
    """A window over the real guide (its longest names and titles), its panels built."""
    from app.ui.application import create_main_window

    window = create_main_window(guide)
    qtbot.addWidget(window)
    window.restore_session(section)
    if size:
        window.resize(*size)
    window.show()
    qtbot.waitUntil(lambda: window.start_finished, timeout=10000)
    return window


def test_at_200_percent_everything_fits_a_1280_by_720_screen(qtbot, real_guide):
    window = _real_window(qtbot, real_guide)  # the real guide's longest names and titles
    window.text_size_actions[200].trigger()
    window.show_search()
    window.show_bookmarks()
    window.show_timescales()
    assert window.reader.highlight(["child"]) > 0  # the find bar under the page, too
    assert window.find_bar.isVisible()
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.timeline.timescales.table.topLevelItemCount() > 0, timeout=3000)
    for left in (window.search_dock, window.contents_dock):  # each of the tabbed left panels in front
        left.raise_()
        qtbot.waitUntil(lambda: left.widget().isVisible(), timeout=2000)
        minimum = window.minimumSizeHint()
        assert minimum.width() <= 1280 and minimum.height() <= 720 - 40, (left.windowTitle(), minimum)  # 40: a title bar
    table = window.timeline.timescales.table
    metrics = table.fontMetrics()
    for row in range(table.topLevelItemCount()):
        item = table.topLevelItem(row)
        for col in range(table.columnCount()):
            assert table.header().sectionSize(col) >= metrics.horizontalAdvance(item.text(col)), \
                f"timescale column {col} cuts {item.text(col)!r}"
    window.close()


def _cut_tabs(window) -> list[str]:
    """The tabs on screen (under tabbed docks, and in the panels) whose label is not drawn whole:
    shortened with "…" (the tab is narrower than its text and the style's padding) or scrolled
    out of the tab bar."""
    from PySide6.QtWidgets import QStyle

    cut = []
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        padding = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
        for i in range(bar.count()):
            text, rect = bar.tabText(i).replace("&", ""), bar.tabRect(i)
            if rect.width() - padding + 1 < bar.fontMetrics().horizontalAdvance(text) or \
                    not bar.rect().contains(rect):
                cut.append(f"{text!r}: {rect.width()} px in a bar {bar.width()} px wide")
    return cut


def test_at_200_percent_with_panels_on_both_sides_the_tabs_show_whole_names(qtbot, real_guide):
    """At 200 % in 1280 × 720, the tabs under the left-hand panels say "Contents" and "Search",
    never "Se…": with panels docked left and right, and when the right-hand panel opens while
    the keyboard is on those tabs (the panels are laid out again with the tab focused); the
    bookmarks panel's own tabs are whole too ("Recent", not "Rece" behind scroll arrows)."""
    window = _real_window(qtbot, real_guide, size=(1280, 720))
    activate(window)
    window.text_size_actions[200].trigger()
    window.show_search()
    if not window.search_service.is_ready:
        with qtbot.waitSignal(window.search_service.ready, timeout=10000):
            pass
    with qtbot.waitSignal(window.search_service.answered, timeout=5000):
        qtbot.keyClicks(window.search.box, "strategy discussion")
    with qtbot.waitSignal(window.reader.section_shown, timeout=3000):
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    bar = next(b for b in window.findChildren(QTabBar) if b.parent() is window and b.isVisible())
    assert [bar.tabText(i).replace("&", "") for i in range(bar.count())] == ["Contents", "Search"]
    assert not _cut_tabs(window)
    activate(window)
    bar.setFocus(Qt.FocusReason.TabFocusReason)  # the keyboard on the tabs, then Ctrl+Shift+B:
    qtbot.waitUntil(bar.hasFocus, timeout=2000)  # the bookmarks open on the right, the left gives way
    qtbot.keyClick(bar, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.bookmarks_dock.isVisible(), timeout=2000)
    window.resize(1280, 720)
    QApplication.processEvents()
    assert window.search_dock.isVisible() and not window.search_dock.isFloating()
    assert window.bookmarks_dock.isVisible() and not window.bookmarks_dock.isFloating()
    assert window.dockWidgetArea(window.bookmarks_dock) != window.dockWidgetArea(window.search_dock)
    assert not _cut_tabs(window)
    for left in (window.contents_dock, window.search_dock):  # either panel in front
        left.raise_()
        QApplication.processEvents()
        assert not _cut_tabs(window), left.windowTitle()
        activate(window)
        bar.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(bar.hasFocus, timeout=2000)
        assert not _cut_tabs(window), f"{left.windowTitle()} in front, the tabs focused"
        window.reader.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(window.reader.hasFocus, timeout=2000)
        assert not _cut_tabs(window), f"{left.windowTitle()} in front, after the tabs had focus"
    window.search.box.clear()
    window.bookmarks.filter.clear()
    QApplication.processEvents()
    assert not _cut_examples(window)
    window.close()


def _cut_examples(window) -> list[str]:
    """The example text of every empty box on screen that is wider than the room inside it."""
    from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

    cut = []
    for edit in window.findChildren(QLineEdit):
        if not edit.isVisible() or edit.text() or not edit.placeholderText():
            continue
        option = QStyleOptionFrame()
        edit.initStyleOption(option)
        room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit).width()
        room -= edit.height() if edit.isClearButtonEnabled() else 0
        if edit.fontMetrics().horizontalAdvance(edit.placeholderText()) > room:
            cut.append(f"{edit.accessibleName()}: {edit.placeholderText()!r} in {room} px")
    return cut


def _ink_height(image) -> int:
    """How many pixel rows of the image hold something that stands out from its background."""
    background = image.pixelColor(image.width() - 1, image.height() // 2)
    rows = 0
    for y in range(image.height()):
        if any(abs(image.pixelColor(x, y).lightness() - background.lightness()) > 80 for x in range(image.width())):
            rows += 1
    return rows


def test_dock_titles_are_drawn_at_the_text_size(make_window, qtbot):
    """The panels' titles ("Contents", "Search") grow with View › Text size like everything else."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    window = make_window("welcome")
    window.show_bookmarks()
    qtbot.waitUntil(window.bookmarks_dock.isVisible, timeout=2000)
    window.text_size_actions[200].trigger()
    QApplication.processEvents()
    capital = QFontMetrics(QApplication.font("QDockWidgetTitle")).capHeight()
    for dock in (window.contents_dock, window.bookmarks_dock):
        title = QRect(0, 0, dock.width() // 2, dock.widget().geometry().top())
        assert title.height() > capital
        drawn = _ink_height(dock.grab(title).toImage())
        assert drawn >= capital, f"{dock.windowTitle()!r} drawn {drawn} px high, capitals are {capital} px at 200 %"


def _words_split_across_lines(reader) -> list[str]:
    """Words the page breaks in the middle ("acknowledg|e"), in tables or anywhere else."""
    doc = reader.document()
    split = []
    block = doc.begin()
    while block.isValid():
        doc.documentLayout().blockBoundingRect(block)  # laid out now, not later in the background
        text, layout = block.text(), block.layout()
        for i in range(layout.lineCount() - 1):
            end = layout.lineAt(i).textStart() + layout.lineAt(i).textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                split.append(f"{text[max(0, end - 12):end]}|{text[end:end + 12]}")
        block = block.next()
    return split


def test_at_200_percent_with_panels_on_both_sides_no_word_in_a_table_is_split(qtbot, real_guide):
    """The page's tables are narrow at 200 % between panels on both sides: their columns may make
    the page scroll sideways, but never break a word in two ("Decisi|on", "Editio|n")."""
    window = _real_window(qtbot, real_guide, "timescales-at-a-glance")
    assert window.reader.current_section == "timescales-at-a-glance"
    window.show_bookmarks()
    qtbot.waitUntil(window.bookmarks_dock.isVisible, timeout=2000)
    window.resize(1280, 720)
    window.text_size_actions[200].trigger()
    QApplication.processEvents()
    assert "<table" in window.reader.toHtml()
    assert not _words_split_across_lines(window.reader)
    window.close()


def test_a_theme_change_in_a_new_window_after_a_text_size_change_does_not_crash(make_window, qtbot,
                                                                                 fixture_guide):
    """A text-size change sets the style sheet again; a theme change in the next window (after
    an update installs, say) went from that sheet straight to another and crashed inside Qt."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from app.ui.application import create_main_window

    first = create_main_window(fixture_guide)
    first.restore_session("welcome")
    first.show()
    qtbot.waitUntil(lambda: first.start_finished, timeout=5000)
    first.text_size_actions[125].trigger()
    text_size.apply(100)
    first.close()
    first.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    second = make_window("welcome")
    for theme in ("dark", "high-contrast", "light"):
        second.set_theme(theme)
        assert QApplication.instance().property("wt_theme") == theme


def test_at_200_percent_the_status_bar_keeps_room_for_its_messages(qtbot, real_guide):
    """The content version gives way to a shorter wording, so "Text size 200 %" is read whole."""
    window = _real_window(qtbot, real_guide, size=(1280, 720))
    whole = window.version_label.text()
    assert whole.startswith("Offline · guide content ") and "covers the" in whole
    window.text_size_actions[200].trigger()
    QApplication.processEvents()
    label, bar = window.version_label, window.statusBar()
    assert label.text() != whole and real_guide.content_version in label.text()  # the version stays
    assert label.fontMetrics().horizontalAdvance(label.text()) <= bar.width() // 2
    assert whole in label.toolTip()
    message = "Text size 200 %"
    bar.showMessage(message)
    QApplication.processEvents()
    room = bar.width() - label.width() - window.text_size_button.width()
    assert bar.fontMetrics().horizontalAdvance(message) < room
    window.text_size_actions[100].trigger()
    QApplication.processEvents()
    assert label.text() == whole
    window.close()
