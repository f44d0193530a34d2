"""The search panel: results as you type, searched off the UI thread, stale answers dropped.

SearchService (app/ui/search_service.py) owns the index and runs the queries; this panel shows
them. The reader highlights the hits of the result that was opened (see app/ui/find_bar.py).
"""
from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeySequence,
    QPalette,
    QTextDocument,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.guide import Guide
from app.search.completions import Completions
from app.search.results import SearchResponse, SearchResult
from app.ui import plain
from app.ui.announce import announce
from app.ui.placeholder import fit_placeholder
from app.ui.search_service import SearchService

log = logging.getLogger(__name__)
DEBOUNCE_MS = 200
RESULT_ROLE = Qt.ItemDataRole.UserRole


class ResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SearchResult] = []

    def set_rows(self, rows: list[SearchResult]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == RESULT_ROLE:
            return r
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            kind = "Glossary: " if r.kind == "glossary" else ""
            return f"{kind}{r.location}. {r.snippet_text.replace('[', '').replace(']', '')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip("Matched: " + ", ".join(r.why)) if r.why else None
        return None


class ResultDelegate(QStyledItemDelegate):
    """Title, location and a snippet with the matched words in bold."""

    def _document(self, option: QStyleOptionViewItem, result: SearchResult) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        muted = text if selected else palette.color(QPalette.ColorRole.PlaceholderText).name()
        if result.kind == "glossary":
            where, kind = "Glossary and abbreviations", ""
        else:
            where = " › ".join(p for p in (result.part_title, result.heading and result.title) if p)
            kind = ""
        if result.citation:  # a library document: which one, chapter and paragraph
            where = result.citation
        badge = " <span>· changed in this edition</span>" if result.changed else ""
        why = f"<br/><span style='color:{muted}'>Matched: {escape(', '.join(result.why))}</span>" if result.why else ""
        doc.setHtml(
            f"<div style='color:{text}'><b>{escape(result.heading or result.title)}</b>"
            f"<br/><span style='color:{muted}'>{kind}{escape(where)}{badge}</span>"
            f"<br/>{result.snippet_html}{why}</div>")
        doc.setTextWidth(max(120, option.rect.width() - 8))
        return doc

    def paint(self, painter, option, index) -> None:
        result = index.data(RESULT_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if result is None:
            return
        doc = self._document(option, result)
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 3)
        painter.setClipRect(QRect(0, 0, option.rect.width() - 8, option.rect.height() - 6))
        doc.documentLayout().draw(painter, QAbstractTextDocumentLayout.PaintContext())
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        result = index.data(RESULT_ROLE)
        if result is None:
            return super().sizeHint(option, index)
        width = option.widget.viewport().width() if option.widget else 300
        opt = QStyleOptionViewItem(option)
        opt.rect = QRect(0, 0, width, 0)
        doc = self._document(opt, result)
        return QSize(width, int(doc.size().height()) + 8)


class SearchPanel(QWidget):
    """Signals: open_requested(section_id, anchor, highlight_terms)."""

    open_requested = Signal(str, str, list)

    def __init__(self, guide: Guide, service: SearchService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.service = service
        self.setObjectName("search-panel")
        self._request_id = 0
        self._latest_response: SearchResponse | None = None
        self._asked: tuple[str, bool] = ("", False)  # the latest request: its text, and whether as typed
        self._answered: tuple[str, bool] | None = None  # the same for the answer on screen
        self._open_top_for = -1  # Enter was pressed: open the top result of this request's answer
        self.box = QLineEdit()
        self.box.setAccessibleName("Search the guide")
        self.box.setClearButtonEnabled(True)
        fit_placeholder(self.box, "Search, e.g. s47, icpc timescale, lado", "Search, e.g. s47, lado",
                        "e.g. s47, lado", "Search")
        self.part = QComboBox()
        self.part.setAccessibleName("Search in part")
        self.part.addItem("All parts", "")
        for part in guide.parts:
            self.part.addItem(part.title, part.id)
        self.audience = QComboBox()
        self.audience.setAccessibleName("Search sections for")
        self.audience.addItem("Everyone", "")
        for aid, label in guide.audiences.items():
            if aid != "all":
                self.audience.addItem(label, aid)
        self.document = QComboBox()  # the guide, one library document, or all (set_documents)
        self.document.setAccessibleName("Search in document")
        self.document.setToolTip("Search the guide, one document of your library, or all of them")
        for combo in (self.part, self.audience, self.document):
            # Sized to a dozen letters, not to the longest part title: otherwise the two side by
            # side make the whole left-hand panel half the window, whatever tab is showing.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.glossary = QCheckBox("&Glossary terms")
        self.glossary.setChecked(True)
        self.status = QLabel()
        self.status.setObjectName("search-status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleDescription("Search status")  # the name is the text itself
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Preparing search")
        self.progress.setTextVisible(True)
        self.progress.setFormat("Preparing search… %p%")
        self.progress.hide()
        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("search-results")
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        # Visible labels, buddies of the combo boxes: a screen reader on Linux names a combo box
        # by its value ("All parts") and says what it chooses from the label it is labelled by.
        part_label = QLabel("&Part:")
        part_label.setBuddy(self.part)
        audience_label = QLabel("F&or:")
        audience_label.setBuddy(self.audience)
        self.part.setAccessibleDescription("Search in part")
        self.audience.setAccessibleDescription("Search sections for")
        filters = QFormLayout()  # one filter a row: side by side they widen the panel at 200 % text
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addRow(part_label, self.part)
        filters.addRow(audience_label, self.audience)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.box)
        layout.addLayout(filters)
        self.document_row = QWidget()  # shown once the library has a document besides the guide
        document_label = QLabel("In &document:")
        document_label.setBuddy(self.document)
        self.document.setAccessibleDescription("Search in document")
        row = QHBoxLayout(self.document_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(document_label)
        row.addWidget(self.document, 1)
        layout.addWidget(self.document_row)
        self.set_documents([])
        layout.addWidget(self.glossary)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.run_search(as_you_type=True))
        self.box.textChanged.connect(lambda _t: self._debounce.start())
        self.completer = self._make_completer()
        self.box.returnPressed.connect(self._on_return)
        self.part.currentIndexChanged.connect(lambda _i: self.run_search())
        self.audience.currentIndexChanged.connect(lambda _i: self.run_search())
        self.document.currentIndexChanged.connect(lambda _i: self.run_search())
        self.glossary.toggled.connect(lambda _c: self.run_search())
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)
        self.status.linkActivated.connect(self._on_status_link)
        service.answered.connect(self._on_answered)
        service.progress.connect(self._on_progress)
        service.ready.connect(self._on_ready)
        service.failed.connect(self._on_failed)
        self.box.installEventFilter(self)

    def _make_completer(self) -> QCompleter:
        """Section titles, glossary terms and abbreviations under the box as the person types
        (app/search/completions.py; no index needed). Choosing one searches it at once."""
        completer = QCompleter(QStringListModel(self), self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setWidget(self.box)
        completer.popup().setAccessibleName("Search suggestions")
        completer.activated[str].connect(self._use_completion)
        self._completions = Completions(self.guide)
        self.box.textEdited.connect(self._offer_completions)
        return completer

    def _offer_completions(self, text: str) -> None:
        offered = [c.text for c in self._completions.complete(text)] if not text.endswith(" ") else []
        self.completer.model().setStringList(offered)
        if offered:
            self.completer.complete()
            # Offered, not chosen: with the first one current, Enter put it in place of the
            # words typed ("icpc" became "Initial child protection conference") and opened nothing.
            self.completer.popup().setCurrentIndex(QModelIndex())
        else:
            self.completer.popup().hide()

    def _use_completion(self, text: str) -> None:
        self.box.setText(text)
        self.run_search()

    # -- index state -------------------------------------------------------------------------
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.show()
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _on_ready(self, _source: str) -> None:
        self.progress.hide()
        if self.box.text().strip():
            enter_pressed = self._open_top_for == self._request_id  # while "Preparing search…"
            self.run_search()
            if enter_pressed:
                self._open_top_for = self._request_id

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(escape(message))

    # -- searching ---------------------------------------------------------------------------
    def run_search(self, as_you_type: bool = False) -> None:
        """`as_you_type`: the word being typed (no space after it yet) is matched as a prefix."""
        self._debounce.stop()
        text = self.box.text()
        self._request_id += 1
        self._asked = (text, as_you_type)
        if not text.strip():
            self.model.set_rows([])
            self.status.setText("")
            return
        if not self.service.is_ready:
            self.status.setText("Preparing search… results will appear in a moment.")
            return
        self.service.submit(self._request_id, text, self.part.currentData() or None,
                            self.audience.currentData() or None, self.glossary.isChecked(), as_you_type,
                            self.document.currentData() or None)

    def _on_answered(self, request_id: int, response: SearchResponse) -> None:
        if request_id != self._request_id:
            return  # an older query answered late: the person has typed on since
        self._latest_response = response
        self._answered = self._asked
        self.model.set_rows(list(response.results))
        self.status.setText(self._status_html(response))
        self._keep_status_whole()
        announce(self.status, QTextDocumentFragment.fromHtml(self.status.text()).toPlainText())
        opening, self._open_top_for = request_id == self._open_top_for, -1  # once: not on a later re-run
        if response.results:
            self.results.setCurrentIndex(self.model.index(0, 0))
            if opening:
                self._open_index(self.model.index(0, 0))

    def _status_html(self, r: SearchResponse) -> str:
        parts = []
        if r.used_correction:
            parts.append(f"Did you mean <b>{escape(r.corrected)}</b>? Showing results for "
                         f"<b>{escape(r.corrected)}</b>: the guide has no “{escape(_missing_words(r))}”.")
        elif r.corrected:
            parts.append(f"Did you mean <a href='fix:{escape(r.corrected)}'>{escape(r.corrected)}</a>?")
        if r.results:
            parts.append(f"{r.total} result{'s' if r.total != 1 else ''}.")
            if r.message:
                parts.append(escape(r.message))
        elif not r.used_correction:
            msg = escape(r.message or "No results.")
            if r.suggestions:
                links = ", ".join(f"<a href='fix:{escape(s)}'>{escape(s)}</a>" for s in r.suggestions)
                msg += f" Closest topics: {links}."
            else:
                msg += " Try fewer or different words, or an abbreviation such as s47 or LADO."
            parts.append(msg)
        if r.expansions:
            also = "; ".join(f"“{escape(t)}” also searched {escape(', '.join(a[:3]))}" for t, a in r.expansions)
            parts.append(f"<span>{also}.</span>")
        return " ".join(parts)

    def _on_status_link(self, link: str) -> None:
        if link.startswith("fix:"):
            self.box.setText(link[4:])
            self.run_search()

    def _on_return(self) -> None:
        """Enter opens the top result of the words as typed. Results found as they were typed
        left the last word out or took it as the start of a longer one, and left a slip in it
        uncorrected ("strategy dicussion"): those are searched again, whole, first."""
        self._debounce.stop()
        index = self.results.currentIndex()
        if index.isValid() and self._answered == (self.box.text(), False):
            self._open_index(index)
            return
        self.run_search()
        self._open_top_for = self._request_id

    def _open_index(self, index: QModelIndex) -> None:
        result: SearchResult | None = index.data(RESULT_ROLE)
        if result is not None:
            self.open_requested.emit(result.section_id, result.anchor, list(result.highlight_terms))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        # Down arrow from the search box moves into the results; Escape clears.
        if obj is self.box and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.results.setFocus()
                return True
            if event.matches(QKeySequence.StandardKey.Cancel) and self.box.text():
                self.box.clear()
                return True
        return super().eventFilter(obj, event)

    def set_documents(self, documents: list[tuple[str, str]]) -> None:
        """The library's documents (id, title) to choose from; the choice kept if still there.
        Hidden while the guide is the only document."""
        current = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        self.document.addItem("All documents", "")
        self.document.addItem("The guide only", "guide")
        for doc_id, title in documents:
            self.document.addItem(title, doc_id)
        self.document.setCurrentIndex(max(0, self.document.findData(current)))
        self.document.blockSignals(False)
        self.document_row.setVisible(bool(documents))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._keep_status_whole()

    def _keep_status_whole(self) -> None:
        """A short panel shrinks the results list, never the status line (cut off at 200 % text)."""
        width = self.status.width() or self.width()
        self.status.setMinimumHeight(self.status.heightForWidth(width) if self.status.text() else 0)

    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()


def _missing_words(r: SearchResponse) -> str:
    """The words a correction replaced ("neglegence"), else the whole query."""
    return "”, “".join(r.replaced) if r.replaced else r.query
