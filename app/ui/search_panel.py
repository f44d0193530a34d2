"""The search panel: results as you type, searched off the UI thread, stale answers dropped.

SearchService owns the index (built or checked in a worker at start-up, with progress) and
runs queries in a thread pool; SearchPanel shows them. The reader highlights the hits of the
result that was opened (see FindBar).
"""
from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QRect,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeySequence, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.guide import Guide
from app.search.errors import SearchError
from app.search.results import SearchResponse, SearchResult

log = logging.getLogger(__name__)
DEBOUNCE_MS = 200
RESULT_ROLE = Qt.ItemDataRole.UserRole


class _Signals(QObject):
    ready = Signal(str)  # where the index came from
    progress = Signal(int, int)
    failed = Signal(str)
    answered = Signal(int, object)  # request id, SearchResponse


class _Job(QRunnable):
    def __init__(self, fn) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        self.fn()


class SearchService(QObject):
    """Index life cycle and queries off the UI thread. Signals: ready, progress, failed, answered."""

    ready = Signal(str)
    progress = Signal(int, int)
    failed = Signal(str)
    answered = Signal(int, object)

    def __init__(self, guide: Guide, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self._manager = None
        self._searcher = None
        self.is_ready = False
        self._signals = _Signals()
        self._signals.ready.connect(self._on_ready)
        self._signals.progress.connect(self.progress)
        self._signals.failed.connect(self.failed)
        self._signals.answered.connect(self.answered)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # queries run in order; a newer request id wins in the UI

    @property
    def manager(self):
        """The index manager; Whoosh is imported here, off the start-up path."""
        if self._manager is None:
            from app.search.index import IndexManager

            self._manager = IndexManager(self.guide, paths.index_cache_dir(), paths.prebuilt_index_dir())
        return self._manager

    @property
    def searcher(self):
        if self._searcher is None:
            from app.search.searcher import Searcher

            self._searcher = Searcher(self.guide, self.manager)
        return self._searcher

    def start(self) -> None:
        """Check or build the index in the background; the window stays usable meanwhile."""
        signals = self._signals

        def emit(signal, *args) -> None:
            try:
                signal.emit(*args)
            except RuntimeError:  # the window closed while we worked: nobody to tell
                pass

        def work() -> None:
            try:
                self.manager.ensure(progress=lambda done, total: emit(signals.progress, done, total))
                _ = self.searcher  # build the synonym table here too, not on the first keystroke
                emit(signals.ready, self.manager.source)
            except SearchError as exc:
                emit(signals.failed, str(exc))
            except Exception as exc:  # noqa: BLE001 - reported, never a dead thread
                log.exception("building the search index failed")
                emit(signals.failed, f"Search could not start: {exc}")

        self.pool.start(_Job(work))

    def _on_ready(self, source: str) -> None:
        self.is_ready = True
        self.ready.emit(source)

    def submit(self, request_id: int, query: str, part: str | None, audience: str | None, glossary: bool) -> None:
        signals = self._signals

        def work() -> None:
            try:
                response = self.searcher.search(query, limit=30, part=part, audience=audience,
                                                include_glossary=glossary)
            except Exception as exc:  # noqa: BLE001
                log.exception("search failed for %r", query)
                response = SearchResponse(query=query, results=(), total=0, message=f"Search failed: {exc}")
            signals.answered.emit(request_id, response)

        self.pool.start(_Job(work))

    def search_now(self, query: str, **kwargs) -> SearchResponse:
        """Synchronous search (self-test, tests)."""
        return self.searcher.search(query, **kwargs)

    def shutdown(self) -> None:
        self.pool.waitForDone(5000)
        if self._manager is not None:
            self._manager.close()


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
            return "Matched: " + ", ".join(r.why) if r.why else None
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
        self.box = QLineEdit()
        self.box.setPlaceholderText("Search, e.g. s47, icpc timescale, lado")
        self.box.setAccessibleName("Search the guide")
        self.box.setClearButtonEnabled(True)
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
        self.glossary = QCheckBox("&Glossary terms")
        self.glossary.setChecked(True)
        self.status = QLabel()
        self.status.setObjectName("search-status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("Search status")
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
        filters = QHBoxLayout()
        filters.addWidget(self.part, 1)
        filters.addWidget(self.audience, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.box)
        layout.addLayout(filters)
        layout.addWidget(self.glossary)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _t: self._debounce.start())
        self.box.returnPressed.connect(self._on_return)
        self.part.currentIndexChanged.connect(lambda _i: self.run_search())
        self.audience.currentIndexChanged.connect(lambda _i: self.run_search())
        self.glossary.toggled.connect(lambda _c: self.run_search())
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)
        self.status.linkActivated.connect(self._on_status_link)
        service.answered.connect(self._on_answered)
        service.progress.connect(self._on_progress)
        service.ready.connect(self._on_ready)
        service.failed.connect(self._on_failed)
        self.box.installEventFilter(self)

    # -- index state -------------------------------------------------------------------------
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.show()
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _on_ready(self, _source: str) -> None:
        self.progress.hide()
        if self.box.text().strip():
            self.run_search()

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(escape(message))

    # -- searching ---------------------------------------------------------------------------
    def run_search(self) -> None:
        self._debounce.stop()
        text = self.box.text()
        self._request_id += 1
        if not text.strip():
            self.model.set_rows([])
            self.status.setText("")
            return
        if not self.service.is_ready:
            self.status.setText("Preparing search… results will appear in a moment.")
            return
        self.service.submit(self._request_id, text, self.part.currentData() or None,
                            self.audience.currentData() or None, self.glossary.isChecked())

    def _on_answered(self, request_id: int, response: SearchResponse) -> None:
        if request_id != self._request_id:
            return  # an older query answered late: the person has typed on since
        self._latest_response = response
        self.model.set_rows(list(response.results))
        self.status.setText(self._status_html(response))
        if response.results:
            self.results.setCurrentIndex(self.model.index(0, 0))

    def _status_html(self, r: SearchResponse) -> str:
        parts = []
        if r.used_correction:
            parts.append(f"Showing results for <b>{escape(r.corrected)}</b> "
                         f"(the guide has no “{escape(r.query)}”).")
        elif r.corrected:
            parts.append(f"Did you mean <a href='fix:{escape(r.corrected)}'>{escape(r.corrected)}</a>?")
        if r.results:
            parts.append(f"{r.total} result{'s' if r.total != 1 else ''}.")
        elif not r.used_correction:
            msg = escape(r.message or "No results.")
            if r.suggestions:
                links = ", ".join(f"<a href='fix:{escape(s)}'>{escape(s)}</a>" for s in r.suggestions)
                msg += f" Try: {links}."
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
        self._debounce.stop()
        index = self.results.currentIndex()
        if index.isValid():
            self._open_index(index)
        else:
            self.run_search()

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

    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()


class FindBar(QWidget):
    """'3 of 12' with previous/next for the highlighted hits in the reader."""

    previous_requested = Signal()
    next_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.label = QLabel()
        self.label.setAccessibleName("Search hits in this section")
        self.prev_button = QPushButton("◀ Previous")
        self.prev_button.setAccessibleName("Previous hit")
        self.prev_button.setToolTip("Previous hit (Shift+F3)")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setAccessibleName("Next hit")
        self.next_button.setToolTip("Next hit (F3)")
        self.close_button = QPushButton("Clear highlights")
        self.close_button.setAccessibleName("Clear search highlights")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.prev_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.close_button.clicked.connect(self.closed)
        self.hide()

    def show_count(self, current: int, total: int) -> None:
        if total == 0:
            self.hide()
            return
        self.label.setText(f"Search hits: {current} of {total}")
        self.show()
