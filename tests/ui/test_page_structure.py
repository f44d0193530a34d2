"""The reader's page as a screen reader gets it: headings, lists, tables and links by role."""
from __future__ import annotations

from PySide6.QtGui import QAccessible

from app.ui.reader import ReaderView

Role = QAccessible.Role
NAME = QAccessible.Text.Name


def tree(iface, depth=0):
    yield iface, depth
    for i in range(iface.childCount()):
        yield from tree(iface.child(i), depth + 1)


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
