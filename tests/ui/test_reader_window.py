"""The reader window, driven through its real widgets."""
from __future__ import annotations


from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QDockWidget, QToolButton, QWidget


def test_first_start_opens_home_page(make_window, fixture_guide):
    window = make_window()
    assert window.reader.current_section == fixture_guide.home
    assert "not the statutory text" in window.reader.toPlainText()


def test_navigate_by_contents_tree(make_window, qtbot):
    window = make_window()
    tree = window.contents.tree
    item = window.contents.item_for("strategy-discussion")
    rect = tree.visualItemRect(item)
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000) as blocker:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["strategy-discussion", ""]
    assert "Who takes part" in window.reader.toPlainText()


def test_heading_in_tree_scrolls_to_heading(make_window, qtbot):
    window = make_window()
    window.resize(900, 300)
    item = window.contents.item_for("long-section")
    item.setExpanded(True)
    child = item.child(9)  # "Part 10", far down the page
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        window.contents.tree.itemActivated.emit(child, 0)
    qtbot.waitUntil(lambda: window.reader.verticalScrollBar().value() > 0, timeout=2000)
    assert window.reader.current_section == "long-section"


def test_keyboard_in_tree_opens_section(make_window, qtbot):
    window = make_window()
    tree = window.contents.tree
    tree.setFocus()
    tree.setCurrentItem(window.contents.item_for("who-is-a-child"))
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000) as blocker:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert blocker.args[0] == "who-is-a-child"


def test_follow_link_then_back_and_forward(make_window, qtbot):
    window = make_window("welcome")
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        window.reader.anchorClicked.emit(QUrl("section:strategy-discussion#who-takes-part"))
    assert window.reader.current_section == "strategy-discussion"
    assert window.back_action.isEnabled() and not window.forward_action.isEnabled()
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        qtbot.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.reader.current_section == "welcome"
    assert window.forward_action.isEnabled()
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        window.forward_action.trigger()
    assert window.reader.current_section == "strategy-discussion"


def test_mouse_back_button_goes_back(make_window, qtbot):
    window = make_window("welcome")
    window.open_section("strategy-discussion")
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.BackButton, pos=QPoint(20, 20))
    assert window.reader.current_section == "welcome"


def test_mouse_back_and_forward_buttons_work_over_any_panel_and_go_one_step(make_window, qtbot):
    """One handler for the whole window (the application's filter): a press over the contents
    goes back too, and a press over the page goes back one page, not two."""
    window = make_window("welcome")
    window.open_section("strategy-discussion")
    window.open_section("who-is-a-child")
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.BackButton, pos=QPoint(20, 20))
    assert window.reader.current_section == "strategy-discussion"
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        qtbot.mouseClick(window.contents.tree.viewport(), Qt.MouseButton.ForwardButton, pos=QPoint(20, 20))
    assert window.reader.current_section == "who-is-a-child"


def test_unknown_section_link_keeps_page_and_says_so(make_window, qtbot):
    window = make_window("welcome")
    with qtbot.waitSignal(window.reader.missing_section, timeout=2000):
        window.reader.anchorClicked.emit(QUrl("section:does-not-exist"))
    assert window.reader.current_section == "welcome"
    assert "does-not-exist" in window.statusBar().currentMessage()


def test_unknown_section_at_start_opens_home(make_window, fixture_guide):
    window = make_window("does-not-exist")
    assert window.reader.current_section == fixture_guide.home


def test_glossary_term_shows_definition_without_leaving_page(make_window, qtbot, monkeypatch):
    shown = []
    from PySide6.QtWidgets import QToolTip

    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    window = make_window("welcome")
    window.reader.anchorClicked.emit(QUrl("term:icpc"))
    assert window.reader.current_section == "welcome"
    assert shown and "Initial child protection conference" in shown[0] and "ICPC" in shown[0]


def test_external_link_opens_only_in_browser_on_click(make_window, monkeypatch):
    opened = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window = make_window("welcome")
    assert opened == []  # nothing is opened just by showing a page
    window.reader.anchorClicked.emit(QUrl("https://www.gov.uk/"))
    assert opened == ["https://www.gov.uk/"]
    assert window.reader.current_section == "welcome"


def test_zoom_and_theme_persist_across_restart(make_window, qtbot):
    window = make_window()
    base = window.reader.font().pointSizeF()
    qtbot.keyClick(window.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    window.zoom_in_action.trigger()
    assert window.reader.font().pointSizeF() > base
    window.theme_actions["dark"].trigger()
    window.close()
    again = make_window()
    assert again.reader.zoom() == 2
    assert again.current_theme == "dark"
    assert again.theme_actions["dark"].isChecked()
    assert QApplication.palette().window().color().lightness() < 80
    again.zoom_reset_action.trigger()
    assert again.reader.zoom() == 0


def test_reopens_where_the_user_left_off(make_window, qtbot):
    window = make_window()
    window.resize(760, 420)
    window.open_section("long-section")
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    bar.setValue(bar.maximum() // 2)
    window.close()
    again = make_window()
    assert again.reader.current_section == "long-section"
    assert (again.width(), again.height()) == (760, 420)
    qtbot.waitUntil(lambda: abs(again.reader.scroll_fraction() - 0.5) < 0.05, timeout=2000)


def test_readable_line_length_on_a_wide_window(make_window, qtbot):
    window = make_window("strategy-discussion")
    window.resize(1900, 800)
    qtbot.waitUntil(lambda: window.reader.viewport().width() > 1400, timeout=2000)
    window.reader._apply_margins()
    margin = window.reader.document().rootFrame().frameFormat().leftMargin()
    column = window.reader.viewport().width() - 2 * margin
    assert column < window.reader.fontMetrics().averageCharWidth() * 90


def test_audience_filter_hides_other_agencies_sections(make_window):
    window = make_window()
    combo = window.contents.audience
    combo.setCurrentIndex(combo.findData("education"))
    assert window.contents.item_for("strategy-discussion").isHidden()  # social care and police only
    assert not window.contents.item_for("initial-conference").isHidden()
    assert not window.contents.item_for("who-is-a-child").isHidden()  # for everyone


def test_audience_filter_is_remembered(make_window):
    window = make_window()
    combo = window.contents.audience
    combo.setCurrentIndex(combo.findData("education"))
    window.close()
    again = make_window()
    assert again.contents.audience.currentData() == "education"
    assert again.contents.item_for("strategy-discussion").isHidden()


def test_changed_sections_marked_for_screen_readers(make_window):
    window = make_window()
    item = window.contents.item_for("who-is-a-child")
    assert "changed in 2026" in item.data(0, Qt.ItemDataRole.AccessibleTextRole)


def test_copy_citation(make_window, qtbot):
    window = make_window("strategy-discussion")
    window.cite_action.trigger()
    text = QApplication.clipboard().text()
    assert "Strategy discussion" in text and "test.1" in text and "gov.uk" in text


def test_print_copy_is_dark_on_white_whatever_the_theme(make_window):
    window = make_window("strategy-discussion")
    window.theme_actions["dark"].trigger()
    doc = window._printable()
    assert "color: #1d1d1b" in doc.defaultStyleSheet()  # dark text on white paper
    assert "Strategy discussion" in doc.toPlainText()


def test_every_pdf_page_carries_the_stamp_and_its_page_number(make_window, tmp_path):
    from pypdf import PdfReader

    window = make_window("long-section")
    pdf = tmp_path / "section.pdf"
    pages = window.export_pdf(pdf)
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
    assert pages == len(texts) >= 3  # long enough for a middle page
    for number, text in enumerate(texts, 1):
        assert "content version test.1 of 24 November 2026 (covers the 2026 edition)" in text, number
        assert "not the statutory text" in text and "Printed " in text, number
        assert f"Page {number} of {pages}" in text, number


def test_print_preview_shows_the_pages(make_window, qtbot):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    window = make_window("long-section")
    window.preview_action.trigger()
    dialog = window.findChild(QWidget, "print-preview")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=3000)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() >= 3, timeout=5000)
    dialog.close()


def test_every_control_has_an_accessible_name(make_window):
    window = make_window()
    for button in window.toolbar.findChildren(QToolButton):
        if button.defaultAction() is not None:
            assert button.accessibleName(), button.defaultAction().text()
    for dock in window.findChildren(QDockWidget):
        assert dock.accessibleName()
    assert window.reader.accessibleName() and window.contents.tree.accessibleName()
    assert window.contents.audience.accessibleName()


def test_unreadable_settings_file_falls_back_to_defaults(make_window, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    damaged = b"\x00\xff[[[ not = an ini \x00 file\n=\n[view\ntheme=\xfe\n"
    (data_dir / "settings.ini").write_bytes(damaged)
    window = make_window()
    assert window.reader.current_section == window.guide.home
    assert window.current_theme in ("light", "dark", "high-contrast")
    # the damaged file is kept for whoever wants to look, and not read again
    assert (data_dir / "settings.ini.damaged").read_bytes() == damaged
    window.close()
    assert b"\x00" not in (data_dir / "settings.ini").read_bytes()


def test_glossary_page_opens_from_menu(make_window, qtbot):
    window = make_window()
    with qtbot.waitSignal(window.reader.section_shown, timeout=2000):
        window.glossary_action.trigger()
    text = window.reader.toPlainText()
    assert "Glossary and abbreviations" in text and "Section 47 enquiry" in text


def test_hidden_panels_are_built_after_the_first_page_is_up(qtbot, fixture_guide):
    """The first paint waits for nothing hidden; the panels follow so their first use is instant."""
    from app.ui.application import create_main_window

    window = create_main_window(fixture_guide)
    qtbot.addWidget(window)
    window.restore_session(None)
    docks = (window.search_dock, window.timeline_dock, window.bookmarks_dock)
    assert not any(d.is_built for d in docks)
    window.show()
    qtbot.waitUntil(lambda: all(d.is_built for d in docks), timeout=3000)
    assert window.reader.current_section == fixture_guide.home
    # The section shown before the bookmarks panel existed is in recently viewed.
    recent = window.bookmarks.recent
    assert [recent.item(i).text() for i in range(recent.count())] == [fixture_guide.sections[fixture_guide.home].title]
    window.close()


def test_first_start_leaves_most_of_the_width_for_reading(qtbot, real_guide):
    """The real guide's long part titles must not widen the left-hand panel past a third."""
    from app.ui.application import create_main_window

    window = create_main_window(real_guide)
    qtbot.addWidget(window)
    window.resize(1180, 800)
    window.restore_session(None)
    window.show()
    qtbot.waitUntil(lambda: window.start_finished, timeout=5000)
    assert window.contents_dock.width() <= window.width() // 3 + 8
    assert window.reader.width() >= window.width() // 2
    window.close()


def test_the_reader_loads_nothing_but_its_own_files(make_window, qtbot, monkeypatch, tmp_path):
    """A page asking for remote or local files gets nothing: Qt's own loader is never reached."""
    from PySide6.QtWidgets import QTextBrowser

    reached = []
    monkeypatch.setattr(QTextBrowser, "loadResource", lambda self, kind, url: reached.append(url.toString()))
    window = make_window()
    asks = ["https://example.org/pixel.png", "http://192.0.2.1/x.png", "//example.org/y.png",
            "/etc/hostname", "file:///etc/passwd", "../../../etc/passwd", "data:image/png;base64,AAAA"]
    window.reader.setHtml("<p>x</p>" + "".join(f'<img src="{src}">' for src in asks))
    window.reader.document().size()  # lay out: images are asked for now
    qtbot.waitUntil(lambda: len(window.reader.refused_resources) >= len(asks), timeout=3000)
    assert set(asks) <= set(window.reader.refused_resources)
    assert reached == []
