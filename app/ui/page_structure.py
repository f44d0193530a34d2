"""The reader's page as a screen reader sees it: headings, paragraphs, lists, tables and links.

QTextBrowser exposes its page as one flat text. Here the reader's viewport gets an accessible
interface (through QAccessible.installFactory) whose children follow the QTextDocument's
blocks: a heading is a Heading, a list a List of ListItems, a table a Table of
Cells, and each link inside them a Link that can be pressed. Screen readers move through these
by role (Orca: H for headings, K for links, L for lists, T for tables).

Besides the plain QAccessibleInterface, some nodes hand Qt a second interface through
`interface_cast`: a heading its level (QAccessibleAttributesInterface, Level: AT-SPI's "level"
attribute), a link a "Press" action that follows it and a "SetFocus" action that puts the
keyboard on it as Tab does (QAccessibleActionInterface; AT-SPI grab focus), a table cell
its row, column and column header cells (QAccessibleTableCellInterface). Each such node is one
Python object over two C++ objects (one per C++ base, `shiboken6.getCppPointer`); interface_cast
returns the address of the second as a `shiboken6.VoidPtr`. (A plain int, or None, makes
shiboken crash converting the return value: that, not the design, is what crashed before.)
PySide6 has no QAccessibleTableInterface, so a table cannot answer AT-SPI's Table interface
(row and column counts, cell at a row and column); each cell says where it is instead.

The tree is rebuilt only when a screen reader asks for it after the page has changed
(`PageStructure.invalidate`), so nothing is paid while no assistive technology is running.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRect, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAttributesInterface,
    QAccessibleInterface,
    QAccessibleTableCellInterface,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QAccessibleWidget, QWidget

PAGE_PROPERTY = "wt_page_structure"  # set on the viewport whose page is exposed
_NO_INTERFACE = shiboken6.VoidPtr(0)  # interface_cast's "not this one" (None would crash shiboken)


class _Node(QAccessibleInterface):
    """One element of the page: a heading, paragraph, list, list item, table, cell or link."""

    def __init__(self, page: "PageAccessible", parent: QAccessibleInterface, role: QAccessible.Role,
                 name: str, start: int, end: int, href: str = "", level: int = 0) -> None:
        QAccessibleInterface.__init__(self)  # by name: subclasses init their second base themselves
        self._page = page
        self._parent = parent
        self._role = role
        self._name = name
        self._start, self._end = start, end
        self._href = href
        self._level = level
        self.children: list[_Node] = []

    # QAccessibleInterface
    def isValid(self) -> bool:  # noqa: N802
        return self._page.isValid()

    def object(self):
        return None

    def window(self):
        return self._page.window()

    def parent(self):
        return self._parent

    def child(self, index: int):
        return self.children[index] if 0 <= index < len(self.children) else None

    def childCount(self) -> int:  # noqa: N802
        return len(self.children)

    def indexOfChild(self, child) -> int:  # noqa: N802
        for i, node in enumerate(self.children):
            if node is child:
                return i
        return -1

    def childAt(self, x: int, y: int):  # noqa: N802
        for node in self.children:
            if node.rect().contains(x, y):
                return node
        return None

    def role(self):
        return self._role

    def text(self, kind):
        if kind == QAccessible.Text.Name:
            return self._name
        if kind == QAccessible.Text.Value and self._role == QAccessible.Role.Link:
            return self._href
        return ""

    def setText(self, kind, text) -> None:  # noqa: N802
        pass

    def state(self):
        state = QAccessible.State()
        if self._role == QAccessible.Role.Link:
            state.focusable = True
            state.linked = True
            state.focused = self._page.is_selected(self._start, self._end)
        state.readOnly = True
        if not self.rect().intersects(self._page.rect()):
            state.offscreen = True
        return state

    def rect(self) -> QRect:
        return self._page.rect_of(self._start, self._end)

    def relations(self, match=None):
        return []

    def focusChild(self):  # noqa: N802
        return None


def _second_part(node: QAccessibleInterface) -> shiboken6.VoidPtr:
    """The address of the C++ object behind a node's second base (the one after
    QAccessibleInterface): what Qt must get for that interface. The node stays alive in its
    page's tree for as long as Qt can reach it."""
    parts = shiboken6.getCppPointer(node)
    assert len(parts) == 2, "a node has exactly one interface besides QAccessibleInterface"
    return shiboken6.VoidPtr(parts[1])


class _Heading(_Node, QAccessibleAttributesInterface):
    """A heading that says its level (1 for the page's title, 2 and 3 below it)."""

    def __init__(self, *args, **kwargs) -> None:
        _Node.__init__(self, *args, **kwargs)
        QAccessibleAttributesInterface.__init__(self)

    def interface_cast(self, kind):
        if kind == QAccessible.InterfaceType.AttributesInterface:
            return _second_part(self)
        return _NO_INTERFACE

    def attributeKeys(self):  # noqa: N802
        return [QAccessible.Attribute.Level]

    def attributeValue(self, key):  # noqa: N802
        return self._level if key == QAccessible.Attribute.Level else None


class _Link(_Node, QAccessibleActionInterface):
    """A link a screen reader can press (the page follows it as it would a click or Enter) or
    move the keyboard to (as Tab would: the link is selected and marked, Enter then follows it)."""

    def __init__(self, *args, **kwargs) -> None:
        _Node.__init__(self, *args, **kwargs)
        QAccessibleActionInterface.__init__(self)

    def interface_cast(self, kind):
        if kind == QAccessible.InterfaceType.ActionInterface:
            return _second_part(self)
        return _NO_INTERFACE

    def actionNames(self):  # noqa: N802
        return [QAccessibleActionInterface.pressAction(), QAccessibleActionInterface.setFocusAction()]

    def localizedActionDescription(self, name):  # noqa: N802
        if name == QAccessibleActionInterface.pressAction():
            return "Follow the link"
        return "Move the keyboard to the link" if name == QAccessibleActionInterface.setFocusAction() else ""

    def keyBindingsForAction(self, name):  # noqa: N802
        return []

    def doAction(self, name) -> None:  # noqa: N802
        if not self._page.isValid():
            return
        if name == QAccessibleActionInterface.setFocusAction():
            self._page.select(self._start, self._end)  # the page stays: no node is replaced
            return
        if name != QAccessibleActionInterface.pressAction():
            return
        browser, href = self._page.browser, self._href
        # After this call returns: following the link replaces the page, and with it this node,
        # which Qt's bridge may still be using until then.
        QTimer.singleShot(0, browser, lambda: browser.anchorClicked.emit(QUrl(href)))


class _Cell(_Node, QAccessibleTableCellInterface):
    """A table cell (or column header) that says its row and column and its column's headers."""

    def __init__(self, *args, row: int = 0, column: int = 0, **kwargs) -> None:
        _Node.__init__(self, *args, **kwargs)
        QAccessibleTableCellInterface.__init__(self)
        self.row, self.column = row, column

    def interface_cast(self, kind):
        if kind == QAccessible.InterfaceType.TableCellInterface:
            return _second_part(self)
        return _NO_INTERFACE

    def rowIndex(self) -> int:  # noqa: N802
        return self.row

    def columnIndex(self) -> int:  # noqa: N802
        return self.column

    def rowExtent(self) -> int:  # noqa: N802
        return 1

    def columnExtent(self) -> int:  # noqa: N802
        return 1

    def isSelected(self) -> bool:  # noqa: N802
        return False

    def columnHeaderCells(self):  # noqa: N802
        if self._role == QAccessible.Role.ColumnHeader:
            return []
        return [c for c in self._parent.children
                if c._role == QAccessible.Role.ColumnHeader and c.column == self.column]

    def rowHeaderCells(self):  # noqa: N802
        return []

    def table(self):
        return self._parent


class PageAccessible(QAccessibleWidget):
    """The reader's viewport: a Document whose children are the page's structure."""

    def __init__(self, viewport: QWidget) -> None:
        super().__init__(viewport, QAccessible.Role.Document, "Page")
        self._viewport = viewport
        self._nodes: list[_Node] | None = None

    @property
    def browser(self):
        return self._viewport.parentWidget()

    def invalidate(self) -> None:
        """Forget the tree of a page that has changed. Its nodes leave Qt's accessibility cache
        first (the cache would otherwise keep pointers to nodes Python has freed)."""
        if self._nodes is None:
            return
        old, self._nodes = self._nodes, None
        stack = list(old)
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(node))

    def nodes(self) -> list[_Node]:
        if self._nodes is None:
            self._nodes = build_nodes(self, self.browser.document())
        return self._nodes

    def text(self, kind):
        if kind == QAccessible.Text.Name:
            return self.browser.documentTitle() or "Page"
        return super().text(kind)

    def childCount(self) -> int:  # noqa: N802
        return len(self.nodes())

    def child(self, index: int):
        nodes = self.nodes()
        return nodes[index] if 0 <= index < len(nodes) else None

    def indexOfChild(self, child) -> int:  # noqa: N802
        for i, node in enumerate(self.nodes()):
            if node is child:
                return i
        return -1

    def childAt(self, x: int, y: int):  # noqa: N802
        for node in self.nodes():
            if node.rect().contains(x, y):
                return node
        return None

    def select(self, start: int, end: int) -> None:
        """Put the keyboard on the document range [start, end), as Tab puts it on a link."""
        browser = self.browser
        cursor = QTextCursor(browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        browser.setTextCursor(cursor)
        browser.setFocus(Qt.FocusReason.OtherFocusReason)
        browser.ensureCursorVisible()

    def is_selected(self, start: int, end: int) -> bool:
        browser = self.browser
        cursor = browser.textCursor()
        return browser.hasFocus() and (cursor.selectionStart(), cursor.selectionEnd()) == (start, end)

    def rect_of(self, start: int, end: int) -> QRect:
        """Screen rectangle of the document range [start, end)."""
        browser = self.browser
        first, last = QTextCursor(browser.document()), QTextCursor(browser.document())
        first.setPosition(start)
        last.setPosition(max(start, end))
        box = browser.cursorRect(first).united(browser.cursorRect(last))
        top_left = self._viewport.mapToGlobal(box.topLeft())
        return QRect(top_left, box.size())


def _links_in(page: PageAccessible, parent: _Node, block: QTextBlock) -> None:
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.isValid():
            fmt = fragment.charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                start = fragment.position()
                text = fragment.text().replace("\u2028", " ").strip()
                last = parent.children[-1] if parent.children else None
                if last is not None and last._href == fmt.anchorHref() and last._end == start:
                    last._name += fragment.text()  # one link split into fragments by formatting
                    last._end = start + fragment.length()
                elif text:
                    parent.children.append(_Link(page, parent, QAccessible.Role.Link, text, start,
                                                 start + fragment.length(), href=fmt.anchorHref()))
        it += 1


def build_nodes(page: PageAccessible, document) -> list[_Node]:
    """One node per heading, paragraph, list and table, in reading order; links inside them.
    A table's children are its cells, one per table cell that has text, with its row and column."""
    nodes: list[_Node] = []
    lists: dict[int, _Node] = {}
    tables: dict[int, _Node] = {}
    cells: dict[tuple[int, int, int], _Cell] = {}
    block = document.begin()
    while block.isValid():
        text = block.text().replace("\u2028", " ").strip()
        cursor = QTextCursor(block)
        table = cursor.currentTable()
        text_list = block.textList()
        if table is not None:
            key = table.firstPosition()
            node = tables.get(key)
            if node is None:
                node = _Node(page, page, QAccessible.Role.Table,
                             f"Table, {table.rows()} rows, {table.columns()} columns",
                             table.firstPosition(), table.lastPosition())
                tables[key] = node
                nodes.append(node)
            cell = table.cellAt(cursor)
            header = cell.row() == 0 and block.charFormat().fontWeight() >= 600  # <th> is bold
            if text:
                end = block.position() + block.length() - 1
                item = cells.get((key, cell.row(), cell.column()))
                if item is None:  # the cell's first paragraph
                    kind = QAccessible.Role.ColumnHeader if header else QAccessible.Role.Cell
                    item = cells[(key, cell.row(), cell.column())] = _Cell(
                        page, node, kind, text, block.position(), end, row=cell.row(), column=cell.column())
                    node.children.append(item)
                else:  # a further paragraph of the same cell
                    item._name += " " + text
                    item._end = end
                _links_in(page, item, block)
        elif text_list is not None and text:
            key = text_list.item(0).position() if text_list.count() else block.position()
            node = lists.get(key)
            if node is None:
                node = _Node(page, page, QAccessible.Role.List, f"List, {text_list.count()} items",
                             block.position(), block.position())
                lists[key] = node
                nodes.append(node)
            item = _Node(page, node, QAccessible.Role.ListItem, text, block.position(),
                         block.position() + block.length() - 1)
            node._end = item._end
            node.children.append(item)
            _links_in(page, item, block)
        elif text:
            level = block.blockFormat().headingLevel()
            kind, role = (_Heading, QAccessible.Role.Heading) if level else (_Node, QAccessible.Role.Paragraph)
            node = kind(page, page, role, text, block.position(), block.position() + block.length() - 1,
                        level=level)
            nodes.append(node)
            _links_in(page, node, block)
        block = block.next()
    return nodes


_pages: dict[int, PageAccessible] = {}


def _factory(class_name: str, obj):
    if isinstance(obj, QWidget) and obj.property(PAGE_PROPERTY):
        key = id(obj)
        page = _pages.get(key)
        if page is None or not page.isValid():
            page = _pages[key] = PageAccessible(obj)
            obj.destroyed.connect(lambda _o=None, k=key: _pages.pop(k, None))
        return page
    return None


_installed = False


def expose(browser) -> None:
    """Give a QTextBrowser's page a structured accessible tree, kept in step with its content."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
    viewport = browser.viewport()
    viewport.setProperty(PAGE_PROPERTY, True)
    browser.document().contentsChanged.connect(lambda: page_changed(viewport))


def page_changed(viewport: QWidget) -> None:
    page = _pages.get(id(viewport))
    if page is not None:
        page.invalidate()
        if QAccessible.isActive():
            from PySide6.QtGui import QAccessibleEvent

            QAccessible.updateAccessibility(QAccessibleEvent(viewport, QAccessible.Event.ObjectReorder))
