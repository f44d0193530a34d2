"""The search service: owns the index (checked or built in a worker after the first paint, with
progress) and runs queries in a one-thread pool, so typing never waits for Whoosh.

Whoosh and the search package are imported in the worker, never on the start-up path.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from app import paths
from app.guide import Guide
from app.ui.workers import Job

if TYPE_CHECKING:
    from app.search.results import SearchResponse

log = logging.getLogger(__name__)


def _search_error() -> type[Exception]:
    from app.search.errors import SearchError  # in the worker, not on the start-up path

    return SearchError


class _Signals(QObject):
    ready = Signal(str)  # where the index came from
    progress = Signal(int, int)
    failed = Signal(str)
    answered = Signal(int, object)  # request id, SearchResponse


class SearchService(QObject):
    """Index life cycle and queries off the UI thread. Signals: ready, progress, failed, answered."""

    ready = Signal(str)
    progress = Signal(int, int)
    failed = Signal(str)
    answered = Signal(int, object)

    def __init__(self, guide: Guide, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.library = None  # app.library.Library: its documents are searched with the guide
        self._manager = None
        self._searcher = None
        self.is_ready = False
        self.error: str | None = None  # why the index could not be had, for anyone who asks late
        self._signals = _Signals()
        self._signals.ready.connect(self._on_ready)
        self._signals.progress.connect(self.progress)
        self._signals.failed.connect(self._on_failed)
        self._signals.answered.connect(self.answered)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # queries run in order; a newer request id wins in the UI

    @property
    def manager(self):
        """The index manager; Whoosh is imported here, off the start-up path."""
        if self._manager is None:
            from app.search.index import IndexManager

            self._manager = IndexManager(self.guide, paths.index_cache_dir(), paths.prebuilt_index_dir(),
                                         self.library)
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
                self.searcher.warm()  # synonyms, term statistics, word lists: not on the first keystroke
                emit(signals.ready, self.manager.source)
            except _search_error() as exc:
                emit(signals.failed, str(exc))
            except Exception as exc:  # noqa: BLE001 - reported, never a dead thread
                log.exception("building the search index failed")
                emit(signals.failed, f"Search could not start: {exc}")

        self.pool.start(Job(work))

    def _on_ready(self, source: str) -> None:
        self.is_ready, self.error = True, None
        self.ready.emit(source)

    def _on_failed(self, message: str) -> None:
        self.error = message
        self.failed.emit(message)

    def submit(self, request_id: int, query: str, part: str | None, audience: str | None, glossary: bool,
               as_you_type: bool = False, document: str | None = None) -> None:
        signals = self._signals

        def work() -> None:
            try:
                response = self.searcher.search(query, limit=30, part=part, audience=audience,
                                                include_glossary=glossary, as_you_type=as_you_type,
                                                document=document)
            except Exception as exc:  # noqa: BLE001
                log.exception("search failed for %r", query)
                from app.search.results import SearchResponse

                response = SearchResponse(query=query, results=(), total=0, message=f"Search failed: {exc}")
            signals.answered.emit(request_id, response)

        self.pool.start(Job(work))

    def search_now(self, query: str, **kwargs) -> SearchResponse:
        """Synchronous search (self-test, tests)."""
        return self.searcher.search(query, **kwargs)

    def shutdown(self) -> None:
        self.pool.waitForDone(5000)
        if self._manager is not None:
            self._manager.close()
