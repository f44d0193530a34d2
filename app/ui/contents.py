"""The contents tree: parts, their sections and the headings inside each section."""
from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.guide import Guide
from app.ui import plain
from app.ui.reader import GLOSSARY_PAGE

SECTION_ROLE = Qt.ItemDataRole.UserRole
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 2  # on a library document's book: its id


def _badge_icon(changed: bool, bookmarked: bool, accent: str, updated: bool = False) -> QIcon:
    """A dot for 'changed in this edition', a diamond for 'changed since you last read it' (a
    content update; What's new), a star for 'bookmarked'. Shape, not colour alone."""
    pix = QPixmap(QSize(28, 14))
    pix.fill(Qt.GlobalColor.transparent)
    if changed or bookmarked or updated:
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(accent))
        if updated:  # in the dot's place: what changed since it was read is the news
            p.drawPolygon(QPolygonF([QPointF(6, 1.5), QPointF(11.5, 7), QPointF(6, 12.5), QPointF(0.5, 7)]))
        elif changed:
            p.drawEllipse(2, 3, 8, 8)
        if bookmarked:
            cx, cy, r1, r2 = 21.0, 7.0, 6.5, 2.8
            pts = [QPointF(cx + (r1 if i % 2 == 0 else r2) * math.sin(i * math.pi / 5),
                           cy - (r1 if i % 2 == 0 else r2) * math.cos(i * math.pi / 5)) for i in range(10)]
            p.drawPolygon(QPolygonF(pts))
        p.end()
    return QIcon(pix)


class ContentsPanel(QWidget):
    """Signals: open_requested(section_id, anchor), audience_changed(audience),
    menu_requested(section_id, anchor, global_pos)."""

    open_requested = Signal(str, str)
    audience_changed = Signal(str)  # the agency chosen in the filter ("" for everyone)
    menu_requested = Signal(str, str, QPoint)  # section, anchor, where (global): a right-click on one

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self._bookmarked: set[str] = set()
        self._updated: set[str] = set()  # changed since this user read them, or new (What's new)
        self._accent = "#1d70b8"
        self._icons: dict[tuple[bool, bool, bool, str], QIcon] = {}  # six badges per accent, drawn once
        self.audience = QComboBox()
        self.audience.setAccessibleName("Show sections for")
        self.audience.setToolTip("Show only the sections for one agency")
        # Sized to a dozen letters, not the longest agency: at 200 % text that alone is 600 pixels.
        self.audience.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.audience.setMinimumContentsLength(12)
        self.audience.addItem("Everyone: all sections", "")
        for aid, label in guide.audiences.items():
            if aid != "all":
                self.audience.addItem(label, aid)
        label = QLabel("&Show sections for:")
        label.setBuddy(self.audience)
        self.tree = QTreeWidget()
        self.tree.setObjectName("contents")
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Contents")
        self.tree.setUniformRowHeights(True)
        self.tree.setIconSize(QSize(28, 14))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(label)
        layout.addWidget(self.audience)
        layout.addWidget(self.tree)
        layout.addWidget(self._build_legend())
        self._items: dict[str, QTreeWidgetItem] = {}
        self._build()
        self.tree.itemExpanded.connect(self._ensure_headings)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)
        self.audience.currentIndexChanged.connect(lambda _i: self.apply_audience_filter())
        self.audience.currentIndexChanged.connect(lambda _i: self.audience_changed.emit(self.audience.currentData() or ""))
        self.tree.customContextMenuRequested.connect(self._on_context_menu)

    def _build(self) -> None:
        self.tree.clear()
        self._items.clear()
        for part in self.guide.parts:
            part_item = QTreeWidgetItem([part.title])
            part_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = part_item.font(0)
            font.setBold(True)
            part_item.setFont(0, font)
            self.tree.addTopLevelItem(part_item)
            for sid in part.section_ids:
                section = self.guide.sections[sid]
                item = QTreeWidgetItem([section.title])
                item.setData(0, SECTION_ROLE, sid)
                item.setData(0, ANCHOR_ROLE, "")
                item.setToolTip(0, plain.tooltip(section.summary))
                part_item.addChild(item)
                self._items[sid] = item
                if any(h.level == 2 for h in section.headings):
                    # Headings are added after the first paint (add_headings) or when first needed.
                    item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        glossary = QTreeWidgetItem(["Glossary and abbreviations"])
        glossary.setData(0, SECTION_ROLE, GLOSSARY_PAGE)
        glossary.setData(0, ANCHOR_ROLE, "")
        # The glossary page sits at the end of the last part (Quick reference).
        last_part = self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
        if last_part is not None:
            last_part.addChild(glossary)
        else:
            self.tree.addTopLevelItem(glossary)
        self._items[GLOSSARY_PAGE] = glossary
        self.refresh_badges()
        self.tree.expandToDepth(0)

    def add_headings(self) -> None:
        """The headings inside every section, under its entry (expand a section to see them)."""
        for sid in self.guide.sections:
            self._ensure_headings(self._items[sid])

    def _ensure_headings(self, item: QTreeWidgetItem) -> None:
        sid = item.data(0, SECTION_ROLE)
        section = self.guide.sections.get(sid) if sid else None
        if section is None or item.childCount() or item.data(0, ANCHOR_ROLE):  # done, or a heading itself
            return
        blank = self._icon(False, False)  # the badge's room: headings start right of their section's text
        for heading in section.headings:
            if heading.level == 2:
                child = QTreeWidgetItem([heading.text])
                child.setData(0, SECTION_ROLE, sid)
                child.setData(0, ANCHOR_ROLE, heading.anchor)
                child.setIcon(0, blank)
                item.addChild(child)
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)

    def refresh_badges(self) -> None:
        edition = self.guide.current_edition
        for sid, item in self._items.items():
            section = self.guide.sections.get(sid)
            updated = sid in self._updated
            changed = bool(section and section.changed_in(edition)) or updated
            marked = sid in self._bookmarked
            item.setIcon(0, self._icon(changed, marked, updated))
            notes = []
            if updated:
                notes.append("changed since you last read it")
            elif changed:
                notes.append(f"changed in {edition}")
            if marked:
                notes.append("bookmarked")
            title = section.title if section else item.text(0)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{title}{', ' if notes else ''}{', '.join(notes)}")
            if section:
                tip = section.summary + (f"\n({'; '.join(notes)})" if notes else "")
                item.setToolTip(0, plain.tooltip(tip))

    def _icon(self, changed: bool, bookmarked: bool, updated: bool = False) -> QIcon:
        key = (changed, bookmarked, updated, self._accent)
        if key not in self._icons:
            self._icons[key] = _badge_icon(changed, bookmarked, self._accent, updated)
        return self._icons[key]

    def _build_legend(self) -> QWidget:
        """What the dot and the star in the tree mean, drawn with the tree's own marks."""
        self.legend = QWidget()
        self.legend.setObjectName("contents-legend")
        self.legend.setAccessibleName("Key: a dot marks a section changed in the "
                                      f"{self.guide.current_edition} edition, a star a bookmarked one")
        self._legend_marks = (QLabel(), QLabel(), QLabel())
        rows = QVBoxLayout(self.legend)  # one mark a row: side by side they widen the panel at 200 % text
        rows.setContentsMargins(2, 0, 2, 0)
        rows.setSpacing(0)
        self._legend_rows = []
        for mark, words in zip(self._legend_marks, self._legend_words):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(2)
            line.addWidget(mark)
            line.addWidget(QLabel(words))
            line.addStretch(1)
            rows.addWidget(row)
            self._legend_rows.append(row)
        self._legend_rows[2].setVisible(False)  # the diamond: only once an update changed something read
        self._paint_legend()
        return self.legend

    @property
    def _legend_words(self) -> tuple[str, str, str]:
        return (f"changed in the {self.guide.current_edition} edition", "bookmarked",
                "changed since you last read it (Help › What's new)")

    def _paint_legend(self) -> None:
        dot, star, diamond = self._legend_marks
        dot.setPixmap(self._icon(True, False).pixmap(self.tree.iconSize()).copy(0, 0, 12, 14))
        star.setPixmap(self._icon(False, True).pixmap(self.tree.iconSize()).copy(14, 0, 14, 14))
        diamond.setPixmap(self._icon(False, False, True).pixmap(self.tree.iconSize()).copy(0, 0, 12, 14))

    def _describe_legend(self) -> None:
        name = (f"Key: a dot marks a section changed in the {self.guide.current_edition} edition, "
                "a star a bookmarked one")
        if self._updated:
            name += ", a diamond one changed since you last read it"
        self.legend.setAccessibleName(name)

    def set_accent(self, colour: str) -> None:
        if colour != self._accent:
            self._accent = colour
            self.refresh_badges()
            self._paint_legend()

    def preferred_width(self) -> int:
        """Wide enough for every section title in full (headings wrap to tooltips if longer)."""
        metrics = self.tree.fontMetrics()
        widest = max((metrics.horizontalAdvance(s.title) for s in self.guide.sections.values()), default=0)
        icon = self.tree.iconSize().width() + 8  # icon, spacing and the item's own padding
        chrome = 2 * self.tree.frameWidth() + self.tree.verticalScrollBar().sizeHint().width() + 16
        return widest + 2 * self.tree.indentation() + icon + chrome

    def focus_tree(self) -> None:
        """Keyboard on the tree, the section being read in sight (the tree may have been resized,
        or behind the Search tab, since it was scrolled to it)."""
        self.tree.setFocus()
        if self.tree.currentItem() is not None:
            self.tree.scrollToItem(self.tree.currentItem())

    def set_updated(self, section_ids: set[str]) -> None:
        """Badge the sections What's new lists with a diamond (the key says what it means)."""
        self._updated = set(section_ids)
        self._legend_rows[2].setVisible(bool(self._updated))
        self._describe_legend()
        self.refresh_badges()

    def updated_sections(self) -> set[str]:
        return set(self._updated)

    def mark_read(self, section_id: str) -> None:
        """A section What's new listed has been read: it is no longer new to this user."""
        if section_id in self._updated:
            self.set_updated(self._updated - {section_id})

    def set_bookmarked(self, section_ids: set[str]) -> None:
        self._bookmarked = set(section_ids)
        self.refresh_badges()

    def apply_audience_filter(self) -> None:
        audience = self.audience.currentData() or ""
        for sid, item in self._items.items():
            section = self.guide.sections.get(sid)
            item.setHidden(bool(audience and section and not section.is_for(audience)))

    def set_audience(self, audience: str) -> None:
        index = self.audience.findData(audience)
        self.audience.setCurrentIndex(max(0, index))

    def select_section(self, section_id: str, anchor: str = "") -> None:
        """Follow the reader without emitting open_requested."""
        item = self._items.get(section_id)
        if item is None:
            return
        if anchor:
            self._ensure_headings(item)
            for i in range(item.childCount()):
                if item.child(i).data(0, ANCHOR_ROLE) == anchor:
                    item = item.child(i)
                    break
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        self.tree.blockSignals(False)

    def item_for(self, section_id: str) -> QTreeWidgetItem | None:
        return self._items.get(section_id)

    def _on_context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        sid = item.data(0, SECTION_ROLE) if item else None
        if sid:
            self.menu_requested.emit(str(sid), str(item.data(0, ANCHOR_ROLE) or ""),
                                     self.tree.viewport().mapToGlobal(pos))

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        sid = item.data(0, SECTION_ROLE)
        if sid:
            self.open_requested.emit(str(sid), str(item.data(0, ANCHOR_ROLE) or ""))
        else:
            item.setExpanded(not item.isExpanded())

    # -- library documents: each one a book after the guide's parts (app/ui/library_actions.py) --
    def add_document(self, doc) -> QTreeWidgetItem:
        """A document as a book: its first page, then its chapters with their top headings.
        Titles are a stranger's text: QTreeWidgetItem shows them as plain text."""
        self.remove_document(doc.id)
        book = QTreeWidgetItem([doc.title])
        book.setData(0, SECTION_ROLE, doc.sections[0].id)
        book.setData(0, ANCHOR_ROLE, "")
        book.setData(0, DOCUMENT_ROLE, doc.id)
        font = book.font(0)
        font.setBold(True)
        book.setFont(0, font)
        self.tree.addTopLevelItem(book)
        self._items[doc.sections[0].id] = book
        for section in doc.sections[1:]:
            item = QTreeWidgetItem([section.title])
            item.setData(0, SECTION_ROLE, section.id)
            item.setData(0, ANCHOR_ROLE, "")
            book.addChild(item)
            self._items[section.id] = item
            levels = [p.level for p in section.places if p.level]
            for place in section.places:
                if levels and place.level == min(levels):
                    child = QTreeWidgetItem([place.text])
                    child.setData(0, SECTION_ROLE, section.id)
                    child.setData(0, ANCHOR_ROLE, place.anchor)
                    item.addChild(child)
        self.refresh_badges()
        return book

    def remove_document(self, doc_id: str) -> None:
        for i in reversed(range(self.tree.topLevelItemCount())):
            book = self.tree.topLevelItem(i)
            if book.data(0, DOCUMENT_ROLE) == doc_id:
                self.tree.takeTopLevelItem(i)
        prefix = f"{doc_id}~"
        for key in [k for k in self._items if k.startswith(prefix)]:
            del self._items[key]

    def document_book(self, doc_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            book = self.tree.topLevelItem(i)
            if book.data(0, DOCUMENT_ROLE) == doc_id:
                return book
        return None
