"""The reading pane: shows rendered sections, follows links, keeps its own history.

QTextBrowser (not a web engine): our HTML is ours, no JavaScript ever runs, and it starts fast.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QKeySequence, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent

from app.guide import Guide, UnknownSection
from app.guide.render import render_glossary, section_html
from app.library.model import is_document_key
from app.ui.themes import HIT_MARK, HIT_TEXT

log = logging.getLogger(__name__)

GLOSSARY_PAGE = "glossary"  # a generated page, not a section file
READABLE_CHARS = 78  # comfortable line length, whatever the window width
ZOOM_STEP = 1.0  # points per zoom step
TERM_STAYS_PX = 48  # a clicked definition stays while the mouse is this close to where it opened


@dataclass
class Location:
    section_id: str
    anchor: str = ""
    scroll: int = 0


class ReaderView(QTextBrowser):
    """Signals: section_shown(section_id, anchor), history_changed(can_back, can_forward),
    hits_changed(current, total) (current is 0 when there are no hits), term_shown(term_id)."""

    section_shown = Signal(str, str)
    history_changed = Signal(bool, bool)
    hits_changed = Signal(int, int)
    missing_section = Signal(str)
    term_shown = Signal(str)  # the definition bar shows it too: a tooltip alone needs a pointer
    official_requested = Signal(str)  # a guide section's id: open the official text it rests on

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.library = None  # app.library.Library, set by the window: shows documents' pages too
        self.setObjectName("reader")
        self.setAccessibleName("Guide text")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Break lines between words only: Qt's default also breaks inside a word that does not
        # fit, and at 200 % a table between two panels read "Decisi/on", "Editio/n". A table too
        # wide for the page now scrolls sideways (WCAG 1.4.10 allows that for data tables).
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.anchorClicked.connect(self._on_anchor_clicked)
        self._history: list[Location] = []
        self._index = -1
        self._current: Location | None = None
        self._base_point = max(10.0, QFont().pointSizeF() + 1.5)
        self._zoom = 0
        self._hits: list[QTextCursor] = []
        self._hit_index = -1
        self._hit_colours = (QColor("#fff0a0"), QColor("#ffbf47"))
        self._pending_fraction: float | None = None
        self._term_at: QPoint | None = None  # where a clicked glossary definition was opened
        self.refused_resources: list[str] = []  # what a page asked for and did not get
        self.verticalScrollBar().rangeChanged.connect(self._apply_pending_fraction)
        self._apply_font()
        from app.ui import page_structure

        page_structure.expose(self)  # headings, lists, tables and links for screen readers
        self._hit_selections: list = []
        self._focused_link: list = []
        self.cursorPositionChanged.connect(self._mark_focused_link)
        self.selectionChanged.connect(self._mark_focused_link)

    # -- resources --------------------------------------------------------------------------
    MAX_IMAGE_BYTES = 10 * 1024 * 1024

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt naming)
        """Only image files inside the guide's content folder; never the network, never any other
        file (QTextBrowser would read /etc/hostname or file:// for an <img> that asked)."""
        from app.guide.text import local_image

        text = url.toString()
        root = getattr(self.guide, "content_dir", None)
        if (kind == QTextDocument.ResourceType.ImageResource.value and root is not None
                and not url.scheme() and local_image(text)):
            try:
                base = root.resolve()
                path = (base / text).resolve()
                if path.is_relative_to(base) and path.is_file() and path.stat().st_size <= self.MAX_IMAGE_BYTES:
                    from PySide6.QtGui import QImage

                    return QImage(str(path))
            except OSError:
                pass
        self.refused_resources.append(text)
        log.warning("reader refused a resource it does not own: %.200s", text)
        return None

    # -- navigation -------------------------------------------------------------------------
    @property
    def current_section(self) -> str:
        return self._current.section_id if self._current else ""

    @property
    def current_anchor(self) -> str:
        return self._current.anchor if self._current else ""

    def show_section(self, section_id: str, anchor: str = "", scroll: int | None = None,
                     record: bool = True) -> bool:
        """Show a section (or the glossary page). False, with missing_section, if it is unknown."""
        try:
            html = self._render(section_id)
        except UnknownSection:
            log.warning("unknown section %r", section_id)
            self.missing_section.emit(section_id)
            return False
        if record:
            if self._current is not None:
                self._current.scroll = self.verticalScrollBar().value()
            del self._history[self._index + 1 :]
            self._history.append(Location(section_id, anchor))
            self._index = len(self._history) - 1
        self._current = self._history[self._index] if self._history else Location(section_id, anchor)
        self.hide_term()
        self._pending_fraction = None
        self.clear_highlights()
        self.setHtml(html)
        self._apply_margins()
        if anchor:
            self.scrollToAnchor(anchor)
        else:
            self.verticalScrollBar().setValue(scroll or 0)
        self.section_shown.emit(section_id, anchor)
        self.history_changed.emit(self.can_go_back(), self.can_go_forward())
        return True

    def _render(self, section_id: str) -> str:
        if section_id == GLOSSARY_PAGE:
            return render_glossary(self.guide)
        if self.library is not None and is_document_key(section_id):
            return self.library.page_html(section_id)  # a library document's page
        return section_html(self.guide, section_id)

    def scroll_to_anchor(self, anchor: str) -> None:
        if self._current:
            self._current.anchor = anchor
        self.scrollToAnchor(anchor)

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._history) - 1

    def go_back(self) -> None:
        self._step(-1)

    def go_forward(self) -> None:
        self._step(+1)

    def _step(self, delta: int) -> None:
        target = self._index + delta
        if not 0 <= target < len(self._history):
            return
        if self._current is not None:
            self._current.scroll = self.verticalScrollBar().value()
        self._index = target
        loc = self._history[target]
        self.show_section(loc.section_id, "", scroll=loc.scroll, record=False)

    def scroll_fraction(self) -> float:
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))

    def restore_scroll_fraction(self, fraction: float) -> None:
        """Scroll to a fraction of the page once it is laid out (layout is lazy and happens
        after the window is shown); navigating away or a short timeout ends the wait."""
        self._pending_fraction = fraction
        self._apply_pending_fraction()
        QTimer.singleShot(1500, self._end_pending_fraction)

    def _apply_pending_fraction(self, *_args) -> None:
        if self._pending_fraction is not None and self.verticalScrollBar().maximum() > 0:
            self.set_scroll_fraction(self._pending_fraction)

    def showEvent(self, event) -> None:  # noqa: N802
        # On its first show QTextEdit scrolls to the text cursor (the top of the page): a page
        # laid out before the window appeared would lose the restored position.
        super().showEvent(event)
        self._apply_pending_fraction()

    def _end_pending_fraction(self) -> None:
        self._pending_fraction = None

    def refresh(self) -> None:
        """Render the current page again (after a theme or content change), keeping the place."""
        if self._current is None:
            return
        value = self.verticalScrollBar().value()
        try:
            self.setHtml(self._render(self._current.section_id))
        except UnknownSection:
            return
        self._apply_margins()
        self.verticalScrollBar().setValue(value)

    # -- links --------------------------------------------------------------------------------
    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "section":
            self.show_section(url.path(), url.fragment())
        elif scheme == "term":
            self.show_term(url.path())
        elif scheme == "official":  # "Read the official text" under a guide section
            self.official_requested.emit(url.path())
        elif scheme in ("http", "https", "mailto"):
            # Only ever on a click: the app itself never touches the network.
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)
        elif not scheme and url.fragment():
            self.scroll_to_anchor(url.fragment())

    def show_term(self, term_id: str, at: QPoint | None = None) -> None:
        term = self.guide.glossary.get(term_id)
        if term is None:
            return
        from app.ui.plain import html  # a pack's glossary is not ours to trust as markup

        also = f"<br/><i>Also: {html(', '.join(term.also))}</i>" if term.also else ""
        where = at if at is not None else self.viewport().mapToGlobal(self.cursorRect().bottomLeft())
        from PySide6.QtWidgets import QToolTip

        QToolTip.showText(where, f"<b>{html(term.term)}</b><br/>{html(term.definition)}{also}", self)
        self._term_at = self.viewport().mapFromGlobal(where)
        self.term_shown.emit(term_id)

    def hide_term(self) -> None:
        """Close a glossary definition opened by a click: on Escape, on leaving the page, or
        when the mouse moves away from the link."""
        if self._term_at is not None:
            self._term_at = None
            from PySide6.QtWidgets import QToolTip

            QToolTip.hideText()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self._term_at is not None:
            self.hide_term()
            return
        # Enter / Shift+Enter step through search hits while there are any.
        if self._hits and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous_hit()
            else:
                self.next_hit()
            return
        # QTextBrowser's own Alt+Left/Right walk its (unused) internal history; use ours.
        if event.matches(QKeySequence.StandardKey.Back):
            self.go_back()
            return
        if event.matches(QKeySequence.StandardKey.Forward):
            self.go_forward()
            return
        super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._term_at is not None and (event.position().toPoint() - self._term_at).manhattanLength() > TERM_STAYS_PX:
            self.hide_term()
        super().mouseMoveEvent(event)


    # -- appearance ---------------------------------------------------------------------------
    def set_css(self, css: str, hit: QColor, current_hit: QColor) -> None:
        self._hit_colours = (hit, current_hit)
        self.document().setDefaultStyleSheet(css)
        self.refresh()
        self._paint_hits()

    def zoom(self) -> int:
        return self._zoom

    def set_base_point(self, point: float) -> None:
        """The interface's text size (app/ui/text_size.py): the page is a little larger."""
        base = max(10.0, point + 1.5)
        if base != self._base_point:
            self._base_point = base
            self._apply_font()
            self._apply_margins()

    def set_zoom(self, steps: int) -> None:
        steps = max(-6, min(12, steps))
        if steps == self._zoom:
            return  # setting the same font again re-lays out the page for nothing
        self._zoom = steps
        self._apply_font()
        self._apply_margins()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        # A new application style sheet (a theme change) puts back the font the widget had when
        # first styled; the page keeps its own size (text size and zoom).
        if event.type() == event.Type.FontChange and hasattr(self, "_zoom") and \
                abs(self.font().pointSizeF() - (self._base_point + self._zoom * ZOOM_STEP)) > 0.01:
            self._apply_font()

    def _apply_font(self) -> None:
        font = self.font()
        font.setPointSizeF(self._base_point + self._zoom * ZOOM_STEP)
        self.setFont(font)
        self.document().setDefaultFont(font)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._apply_margins()

    def _apply_margins(self) -> None:
        """Centre a column of readable width: margins, not CSS max-width (QTextBrowser has none)."""
        width = self.viewport().width()
        column = self.fontMetrics().averageCharWidth() * READABLE_CHARS
        side = max(16, (width - column) // 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if fmt.leftMargin() != side or fmt.rightMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(12)
            fmt.setBottomMargin(24)
            root.setFrameFormat(fmt)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        moved = super().focusNextPrevChild(next)  # Tab to the next link moves the cursor silently
        self._mark_focused_link()
        return moved

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if self._focused_link:  # the mark is for the keyboard's place: none while focus is elsewhere
            self._focused_link = []
            self.setExtraSelections(self._hit_selections)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self._mark_focused_link()

    def _mark_focused_link(self) -> None:
        """The link Tab has moved to, in the selection colours: Qt's own mark is a faint dotted box."""
        cursor = self.textCursor()
        mark = []
        if cursor.hasSelection() and cursor.charFormat().isAnchor() and self.hasFocus():
            from PySide6.QtGui import QPalette, QTextCharFormat

            sel = QTextEdit.ExtraSelection()
            sel.cursor = QTextCursor(cursor)
            fmt = QTextCharFormat()
            fmt.setBackground(self.palette().color(QPalette.ColorRole.Highlight))
            fmt.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
            sel.format = fmt
            mark = [sel]
        if mark or self._focused_link:
            self._focused_link = mark
            self.setExtraSelections(self._hit_selections + mark)

    # -- in-page highlights ---------------------------------------------------------------------
    def highlight(self, words: list[str], from_anchor: str = "") -> int:
        """Highlight every occurrence of these words and move to the first one (the first at or
        after the heading `from_anchor`, when given). Returns the count."""
        self._hits = []
        doc = self.document()
        seen: set[tuple[int, int]] = set()
        for word in sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True):
            cursor = QTextCursor(doc)
            while True:
                cursor = doc.find(word, cursor, QTextDocument.FindFlag.FindWholeWords)  # not "can" in "cannot"
                if cursor.isNull():
                    break
                span = (cursor.selectionStart(), cursor.selectionEnd())
                if any(s <= span[0] < e or s < span[1] <= e for s, e in seen):
                    continue
                seen.add(span)
                self._hits.append(QTextCursor(cursor))
        self._hits.sort(key=lambda c: c.selectionStart())
        self._hit_index = 0 if self._hits else -1
        if from_anchor and self._hits:
            self.scrollToAnchor(from_anchor)
            visible = [i for i, c in enumerate(self._hits) if self.cursorRect(c).bottom() >= 0]
            self._hit_index = visible[0] if visible else 0
        self._paint_hits()
        return len(self._hits)

    def clear_highlights(self) -> None:
        self._hits = []
        self._hit_index = -1
        self._hit_selections = []
        self.setExtraSelections(self._focused_link)
        self.hits_changed.emit(0, 0)

    def next_hit(self) -> None:
        if self._hits:
            self._hit_index = (self._hit_index + 1) % len(self._hits)
            self._paint_hits()

    def previous_hit(self) -> None:
        if self._hits:
            self._hit_index = (self._hit_index - 1) % len(self._hits)
            self._paint_hits()

    def hit_count(self) -> int:
        return len(self._hits)

    def _paint_hits(self) -> None:
        """Every hit underlined (dashed: a link's underline is solid), so hits are found without
        seeing colour; the current one underlined solid, with a line above and a bolder stroke, so
        it differs from the others by shape (colours checked by tests/ui/test_contrast.py)."""
        selections = []
        if self._hits:
            from PySide6.QtGui import QPen, QTextCharFormat  # first needed for the first search hit

            text, mark = QColor(HIT_TEXT), QColor(HIT_MARK)
        for i, cursor in enumerate(self._hits):
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            fmt = QTextCharFormat()
            current = i == self._hit_index
            fmt.setBackground(self._hit_colours[1] if current else self._hit_colours[0])
            fmt.setForeground(text)
            fmt.setUnderlineColor(mark)
            if current:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setFontOverline(True)
                fmt.setTextOutline(QPen(mark, max(1.0, self.font().pointSizeF() / 16)))
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            sel.format = fmt
            selections.append(sel)
        self._hit_selections = selections
        self.setExtraSelections(selections + self._focused_link)
        if self._hits:
            current = QTextCursor(self._hits[self._hit_index])
            current.clearSelection()
            self.setTextCursor(current)
            self.ensureCursorVisible()
        self.hits_changed.emit(self._hit_index + 1 if self._hits else 0, len(self._hits))

    # -- printing -------------------------------------------------------------------------------
    def printable_document(self, css: str) -> QTextDocument:
        """The page for paper, in the given (light) style whatever the screen theme; the
        printing module adds the 'printed from' stamp to every page."""
        doc = QTextDocument(self)
        doc.setDefaultStyleSheet(css)
        font = QFont(self.font())
        font.setPointSizeF(self._base_point)
        doc.setDefaultFont(font)
        doc.setHtml(self._render(self._current.section_id) if self._current else "")
        return doc


def heading_at(reader, pos) -> str:
    """The anchor of the heading at or above `pos` in a ReaderView ("" before the first heading)."""
    sections = reader.library.sections if reader.library is not None else reader.guide.sections
    section = sections.get(reader.current_section)
    if section is None:
        return ""
    anchors = {h.anchor for h in section.headings}
    block = reader.cursorForPosition(pos).block()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                for name in fragment.charFormat().anchorNames():
                    if name in anchors:
                        return str(name)
            it += 1
        block = block.previous()
    return ""
