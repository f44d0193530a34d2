"""The reader's page as a screen reader gets it: headings, lists, tables and links by role."""
from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleActionInterface

from app.ui.reader import ReaderView

Role = QAccessible.Role
NAME = QAccessible.Text.Name


def tree(iface, depth=0):
    yield iface, depth
    for i in range(iface.childCount()):
        yield from tree(iface.child(i), depth + 1)


def children(iface):
    return [iface.child(i) for i in range(iface.childCount())]


def page_of(reader):
    return QAccessible.queryAccessibleInterface(reader.viewport())


def by_role(reader, role):
    return [n.text(NAME) for n, _d in tree(page_of(reader)) if n.role() == role]


def test_page_exposes_headings_lists_tables_and_links(qtbot, real_guide):
    reader = ReaderView(real_guide)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show_section("timescales-at-a-glance")
    section = real_guide.sections["timescales-at-a-glance"]
    headings = by_role(reader, Role.Heading)
    assert section.title in headings
    assert [h.text for h in section.headings if h.level == 2][0] in headings
    tables = [n for n, _d in tree(page_of(reader)) if n.role() == Role.Table]
    assert tables, "the page's table is not exposed"
    cells = [tables[0].child(i) for i in range(tables[0].childCount())]
    assert any(c.role() == Role.ColumnHeader for c in cells) and any(c.role() == Role.Cell for c in cells)
    links = by_role(reader, Role.Link)
    assert links and all(name.strip() for name in links)


def test_lists_are_lists_of_items(qtbot, real_guide):
    reader = ReaderView(real_guide)
    qtbot.addWidget(reader)
    reader.show_section(real_guide.home)
    lists = [n for n, _d in tree(page_of(reader)) if n.role() == Role.List]
    assert lists
    items = [lists[0].child(i) for i in range(lists[0].childCount())]
    assert items and all(i.role() == Role.ListItem and i.text(NAME) for i in items)
    assert all(i.parent() is lists[0] for i in items)


def test_structure_follows_the_page_shown(qtbot, real_guide):
    reader = ReaderView(real_guide)
    qtbot.addWidget(reader)
    reader.show_section(real_guide.home)
    before = by_role(reader, Role.Heading)
    other = next(s for s in real_guide.sections if s != real_guide.home and real_guide.sections[s].headings)
    reader.show_section(other)
    after = by_role(reader, Role.Heading)
    assert after != before
    assert real_guide.sections[other].headings[0].text in after


LEVEL = QAccessible.Attribute.Level


def test_headings_say_their_level(qtbot, real_guide):
    reader = ReaderView(real_guide)
    qtbot.addWidget(reader)
    reader.show_section("timescales-at-a-glance")
    section = real_guide.sections["timescales-at-a-glance"]
    # what Qt's AT-SPI bridge asks: the node's attributes interface, through interface_cast
    levels = {n.text(NAME): n.attributesInterface().attributeValue(LEVEL)
              for n, _d in tree(page_of(reader)) if n.role() == Role.Heading}
    assert levels[section.title] == 1
    for heading in section.headings:
        assert levels[heading.text] == heading.level
    assert 2 in levels.values()
    paragraph = next(n for n, _d in tree(page_of(reader)) if n.role() == Role.Paragraph)
    assert paragraph.attributesInterface() is None


def test_table_cells_say_their_row_column_and_header(qtbot, real_guide):
    reader = ReaderView(real_guide)
    qtbot.addWidget(reader)
    reader.show_section("timescales-at-a-glance")
    table = next(n for n, _d in tree(page_of(reader)) if n.role() == Role.Table
                 and any(c.role() == Role.ColumnHeader for c in children(n)))
    cells = {}
    for child in children(table):
        cell = child.tableCellInterface()
        assert cell is not None, f"{child.text(NAME)!r} gives no row and column"
        cells[(cell.rowIndex(), cell.columnIndex())] = child
    headers = {col: c.text(NAME) for (row, col), c in cells.items() if row == 0}
    assert len(headers) >= 2 and all(c.role() == Role.ColumnHeader for (r, _c), c in cells.items() if r == 0)
    rows = {row for row, _col in cells}
    assert len(rows) >= 3, "every row of the table is a row of cells"
    body = [(pos, c) for pos, c in cells.items() if pos[0] > 0]
    for (row, col), c in body:
        assert c.role() == Role.Cell
        said = [h.text(NAME) for h in c.tableCellInterface().columnHeaderCells()]
        assert said == [headers[col]], (c.text(NAME), said)
        assert c.tableCellInterface().table() is table
    assert f"{len(rows)} rows" in table.text(NAME) and f"{len(headers)} columns" in table.text(NAME)


def test_pressing_a_link_follows_it(qtbot, real_guide):
    reader = ReaderView(real_guide)
    qtbot.addWidget(reader)
    reader.show_section(real_guide.home)
    link = next(n for n, _d in tree(page_of(reader)) if n.role() == Role.Link
                and n.text(QAccessible.Text.Value).startswith("section:"))
    target = link.text(QAccessible.Text.Value).removeprefix("section:").split("#")[0]
    action = link.actionInterface()
    assert action is not None and QAccessibleActionInterface.pressAction() in action.actionNames()
    with qtbot.waitSignal(reader.section_shown, timeout=3000) as shown:
        action.doAction(QAccessibleActionInterface.pressAction())
    assert shown.args[0] == target == reader.current_section
    assert real_guide.sections[target].title in by_role(reader, Role.Heading)


def test_each_heading_level_is_its_own(qtbot):
    """h1, h2 and h3 report 1, 2 and 3 (the guide's sections use h1 and h2 only)."""
    from PySide6.QtWidgets import QTextBrowser

    from app.ui import page_structure

    browser = QTextBrowser()
    qtbot.addWidget(browser)
    page_structure.expose(browser)
    browser.setHtml("<h1>Title</h1><p>Text</p><h2>Part</h2><h3>Detail</h3><p>More</p>")
    page = QAccessible.queryAccessibleInterface(browser.viewport())
    levels = [(n.text(NAME), n.attributesInterface().attributeValue(LEVEL))
              for n, _d in tree(page) if n.role() == Role.Heading]
    assert levels == [("Title", 1), ("Part", 2), ("Detail", 3)]


def test_a_screen_reader_can_put_the_keyboard_on_a_link(qtbot, real_guide):
    """SetFocus (AT-SPI's grab focus) selects the link as Tab would; Enter then follows it."""
    from PySide6.QtCore import Qt

    reader = ReaderView(real_guide)
    qtbot.addWidget(reader)
    reader.show()
    qtbot.waitExposed(reader)
    reader.activateWindow()
    reader.show_section(real_guide.home)
    link = [n for n, _d in tree(page_of(reader)) if n.role() == Role.Link
            and n.text(QAccessible.Text.Value).startswith("section:")][2]
    target = link.text(QAccessible.Text.Value).removeprefix("section:").split("#")[0]
    assert not link.state().focused
    link.actionInterface().doAction(QAccessibleActionInterface.setFocusAction())
    qtbot.waitUntil(lambda: reader.hasFocus())
    assert reader.textCursor().selectedText() == link.text(NAME)
    assert link.state().focused
    with qtbot.waitSignal(reader.section_shown, timeout=3000) as shown:
        qtbot.keyClick(reader, Qt.Key.Key_Return)
    assert shown.args[0] == target
