"""The window's layout on a real screen size: the page keeps room, the contents show whole titles."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel


def test_page_keeps_half_the_height_with_the_timeline_below_and_panels_open(make_window, qtbot):
    window = make_window()
    window.resize(1366, 768)  # the commonest laptop screen
    window.show_bookmarks()
    window.show_timeline()
    qtbot.waitUntil(lambda: window.timeline_dock.isVisible() and window.bookmarks_dock.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: window.reader.height() >= window.height() // 2, timeout=2000)
    window.show_timescales()
    QApplication.processEvents()  # switching tabs must not grow the dock again
    assert window.reader.height() >= window.height() // 2


def test_first_start_on_a_wide_screen_shows_whole_section_titles(qtbot, real_guide):
    from app.ui.application import create_main_window

    window = create_main_window(real_guide)
    qtbot.addWidget(window)
    window.restore_session()
    window.show()
    window.resize(1600, 900)  # a window manager maximising the new window
    qtbot.waitUntil(lambda: window.start_finished, timeout=5000)
    tree = window.contents.tree
    metrics = tree.fontMetrics()
    room = tree.iconSize().width() + 8
    cut = [s.title for s in real_guide.sections.values()
           if tree.visualItemRect(window.contents.item_for(s.id)).width() < room + metrics.horizontalAdvance(s.title)]
    assert not cut, f"titles cut at 1600 px: {cut}"
    assert window.contents_dock.width() <= window.width() // 3 + 8
    window.close()


def test_a_first_start_fits_a_laptop_screen_with_its_status_bar_on_it(qtbot, real_guide):
    """1366 × 768 less a 40 px taskbar: the default 1180 × 800 would put the status bar below it."""
    from PySide6.QtCore import QRect

    from app.ui.application import create_main_window
    from app.ui.screen_fit import fit_to_screen

    laptop = QRect(0, 0, 1366, 728)
    window = create_main_window(real_guide)
    qtbot.addWidget(window)
    fit_to_screen(window, laptop)
    window.restore_session()
    window.show()
    qtbot.waitUntil(lambda: window.start_finished, timeout=5000)
    frame = QRect(window.pos(), window.size())
    assert laptop.contains(frame), (frame, laptop)
    bar = window.statusBar()
    assert bar.isVisible() and laptop.contains(QRect(window.pos() + bar.pos(), bar.size()))
    assert window.width() == 1180, "a window that fits keeps its width"
    placed = window.geometry()
    fit_to_screen(window, laptop)
    assert window.geometry() == placed, "a window that fits is not moved"
    window.close()


def _first_ink(image, rect) -> int:
    """The x of the first pixel in the row's middle line that is not the background."""
    y = rect.center().y()
    background = image.pixelColor(image.width() - 2, y)
    for x in range(max(0, rect.left()), rect.right()):
        colour = image.pixelColor(x, y)
        if abs(colour.lightness() - background.lightness()) > 60:
            return x
    return rect.right()


def test_headings_are_indented_more_than_their_sections(make_window, qtbot):
    window = make_window("welcome")
    tree = window.contents.tree
    section = window.contents.item_for("long-section")
    section.setExpanded(True)
    qtbot.waitUntil(lambda: section.childCount() > 0 and section.isExpanded(), timeout=2000)
    heading = section.child(0)
    image = tree.viewport().grab().toImage()
    section_text = _first_ink(image, tree.visualItemRect(section))
    heading_text = _first_ink(image, tree.visualItemRect(heading))
    assert heading_text >= section_text + tree.indentation() // 2, (section_text, heading_text)


def test_contents_have_a_key_to_their_marks(make_window, fixture_guide):
    window = make_window()
    legend = window.contents.legend
    assert legend.isVisible()
    words = " ".join(label.text() for label in legend.findChildren(QLabel))
    assert f"changed in the {fixture_guide.current_edition} edition" in words and "bookmarked" in words
