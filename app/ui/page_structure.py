"""The reader's page as a screen reader sees it: headings, paragraphs, lists, tables and links.

QTextBrowser exposes its page as one flat text. Here the reader's viewport gets an accessible
interface (through QAccessible.installFactory) whose children follow the QTextDocument's
blocks: a heading is a Heading, a list a List of ListItems, a table a Table of
Cells, and each link inside them a Link that can be pressed. Screen readers move through these
by role (Orca: H for headings, K for links, L for lists, T for tables). Links are followed
from the page itself (Tab to the link, Enter): a Python interface cannot hand Qt an action
interface safely (interface_cast from Python crashes the AT-SPI bridge), so nodes have none.

The tree is rebuilt only when a screen reader asks for it after the page has changed
(`PageStructure.invalidate`), so nothing is paid while no assistive technology is running.
"""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface, QTextBlock, QTextCursor
from PySide6.QtWidgets import QAccessibleWidget, QWidget

PAGE_PROPERTY = "wt_page_structure"  # set on the viewport whose page is exposed


class _Node(QAccessibleInterface):
    """One element of the page: a heading, paragraph, list, list item, table, cell or link."""

    def __init__(self, page: "PageAccessible", parent: QAccessibleInterface, role: QAccessible.Role,
                 name: str, start: int, end: int, href: str = "", level: int = 0) -> None:
        super().__init__()
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
                    parent.children.append(_Node(page, parent, QAccessible.Role.Link, text, start,
                                                 start + fragment.length(), href=fmt.anchorHref()))
        it += 1


def build_nodes(page: PageAccessible, document) -> list[_Node]:
    """One node per heading, paragraph, list and table, in reading order; links inside them."""
    nodes: list[_Node] = []
    lists: dict[int, _Node] = {}
    tables: dict[int, _Node] = {}
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
                node = _Node(page, page, QAccessible.Role.Table, f"Table, {table.rows()} rows", table.firstPosition(),
                             table.lastPosition())
                tables[key] = node
                nodes.append(node)
            cell = table.cellAt(cursor)
            header = cell.row() == 0 and block.charFormat().fontWeight() >= 600  # <th> is bold
            if text:
                kind = QAccessible.Role.ColumnHeader if header else QAccessible.Role.Cell
                item = _Node(page, node, kind, text, block.position(), block.position() + block.length() - 1)
                node.children.append(item)
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
            role = QAccessible.Role.Heading if level else QAccessible.Role.Paragraph
            node = _Node(page, page, role, text, block.position(), block.position() + block.length() - 1,
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
