"""The library in the window: File › Add document… (and files dropped on the window), imported
in a worker with a progress bar and Cancel while the window stays usable; each document a book
in the contents; Remove document; "Read the official text" from a guide section.

The work is app.library's (no Qt); this module asks, shows and wires. Every title shown here is
a stranger's text: message boxes are plain text, tree items and status messages are anyway.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressBar, QPushButton

from app.library.model import document_of, is_document_key
from app.library.parsed import ImportCancelled, ImportRefused
from app.ui import plain
from app.ui.workers import Job

# app.library.adding and .reanchor (rapidfuzz) are imported when a document is first added:
# the window is built on every start, a document added rarely.

log = logging.getLogger(__name__)

FILE_FILTER = "Documents (*.pdf *.html *.htm *.docx *.epub);;All files (*)"
UNEXPECTED = "The file could not be imported: it is damaged or not what its name says."


class _Signals(QObject):
    progress = Signal(int, int)
    prepared = Signal(object)  # adding.Prepared
    refused = Signal(str)
    loaded = Signal(object)  # list of Documents, loaded in the worker after the first paint


class LibraryActions(QObject):
    """Signals: document_added(id), document_removed(id), import_ended(message)."""

    document_added = Signal(str)
    document_removed = Signal(str)
    import_ended = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._cancel = threading.Event()
        self.busy = False
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.prepared.connect(self._on_prepared)
        self._signals.refused.connect(self._on_refused)
        self._signals.loaded.connect(self._on_loaded)
        self.add_action = window._action("Add &document…", self.add_dialog, ("Ctrl+O",),
                                         "Add an official document (PDF, saved GOV.UK page, Word or EPUB) "
                                         "to read, search and cite offline")
        self.remove_action = window._action("&Remove this document…", self.remove_current,
                                            tip="Take the document you are reading out of the library "
                                                "(bookmarks on it are kept)")
        self.official_action = window._action("Read the &official text", self.open_official_for_current,
                                              tip="Open the official document at the chapter this section rests on")
        self.remove_action.setEnabled(False)
        menu = window.file_menu
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.add_action)
        menu.insertAction(first, self.remove_action)
        menu.insertSeparator(first)
        window.go_menu.addAction(self.official_action)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Adding a document")
        self.progress.setFormat("Adding document… %p%")
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel adding the document")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.progress, self.cancel_button):
            window.statusBar().addPermanentWidget(widget)
            widget.hide()
        window.setAcceptDrops(True)  # files dropped on the reader come up to the window
        window.installEventFilter(self)
        window.reader.official_requested.connect(self.open_official)
        window.reader.section_shown.connect(self._on_section_shown)
        self._search_panel = None

    # -- after the first paint: the documents' books and the search filter ----------------------
    def finish_start(self) -> None:
        """Load the documents in the worker (never before the first paint), then add their books."""
        infos = self.library.documents()
        if not infos:
            return
        signals = self._signals

        def work() -> None:
            docs = []
            for info in infos:
                try:
                    docs.append(self.library.document(info.id))
                except KeyError:
                    log.warning("document %s could not be loaded", info.id)
            try:
                signals.loaded.emit(docs)
            except RuntimeError:  # the window closed meanwhile
                pass

        self.pool.start(Job(work))

    def _on_loaded(self, docs) -> None:
        for doc in docs:
            if self.window.contents.document_book(doc.id) is None:
                self.window.contents.add_document(doc)
        self._update_search_filter()

    def attach_search(self, panel) -> None:
        self._search_panel = panel
        self._update_search_filter()

    def _update_search_filter(self) -> None:
        if self._search_panel is not None:
            self._search_panel.set_documents([(i.id, i.title) for i in self.library.documents()])

    # -- adding -------------------------------------------------------------------------------
    def add_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self.window, "Add a document to the library", "", FILE_FILTER)
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> bool:
        """Import in the worker; the window stays usable. False if another import is running."""
        if self.busy:
            self._say("A document is being added already; wait for it, or cancel it first.")
            return False
        self.busy = True
        self._cancel.clear()
        self.progress.setRange(0, 0)  # busy until the importer says how far it is
        self.progress.show()
        self.cancel_button.show()
        self.add_action.setEnabled(False)
        signals, library, cancel = self._signals, self.library, self._cancel

        def emit(signal, *args) -> None:
            try:
                signal.emit(*args)
            except RuntimeError:  # the window closed while we worked
                pass

        def work() -> None:
            from app.library import adding

            try:
                prepared = adding.prepare(library, path, progress=lambda d, t: emit(signals.progress, d, t),
                                          cancelled=cancel.is_set)
                emit(signals.prepared, prepared)
            except ImportRefused as exc:
                emit(signals.refused, str(exc))
            except Exception:  # noqa: BLE001 - any file at all: one sentence, never a dead worker
                log.exception("importing %s failed", path)
                emit(signals.refused, UNEXPECTED)

        self.pool.start(Job(work))
        return True

    def cancel(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)

    def shutdown(self) -> None:
        """The window is closing: an import in progress stops (nothing of it is kept) and its
        worker ends before the interpreter does (a thread still in pypdf at exit aborts it)."""
        self._cancel.set()
        self.pool.waitForDone(5000)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(min(done, total))

    def _end_import(self, message: str) -> None:
        self.busy = False
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        self.add_action.setEnabled(True)
        self._say(message)
        self.import_ended.emit(message)

    def _on_refused(self, message: str) -> None:
        self._end_import(message)
        if message != ImportCancelled().args[0]:
            plain.box(self.window, QMessageBox.Icon.Warning, "The document was not added", message).exec()

    def ask_keep_or_replace(self, prepared) -> str | None:
        """A newer copy of a document already there: "" keeps both, an id replaces that one,
        None adds nothing."""
        old = prepared.earlier[-1]
        box = plain.box(self.window, QMessageBox.Icon.Question, "A newer copy?",
                         f"Your library already has “{old.title}”. Is “{prepared.document.title}” a newer "
                         "copy of it?\n\nReplace moves your bookmarks to the matching headings and "
                         "paragraphs of the new copy; any it cannot place are listed.")
        replace = box.addButton("Replace the older copy", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep both", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is replace:
            return old.id
        if box.clickedButton() is keep:
            return ""
        return None

    def _on_prepared(self, prepared) -> None:
        from app.library import adding

        replace = ""
        if prepared.earlier:
            choice = self.ask_keep_or_replace(prepared)
            if choice is None:
                self._end_import("Nothing was added.")
                return
            replace = choice
        try:
            old = self.library.document(replace) if replace else None
            added = adding.commit(self.library, prepared, replace=replace or None)
        except Exception as exc:  # noqa: BLE001 - a full disk or a duplicate meanwhile: one sentence
            from app.library.storage import StorageError

            log.warning("the document was not saved: %s", exc)
            text = str(exc) if isinstance(exc, (ImportRefused, StorageError)) else UNEXPECTED
            self._end_import(text)
            plain.box(self.window, QMessageBox.Icon.Warning, "The document was not added", text).exec()
            return
        doc = prepared.document
        lost = self._move_bookmarks(old, doc) if old is not None else []
        if old is not None:
            self.window.contents.remove_document(old.id)
        self.window.contents.add_document(doc)
        self._library_changed()
        self.window.open_section(doc.sections[0].id)
        self._end_import(f"Added “{added.info.title}” to the library.")
        self.document_added.emit(doc.id)
        if lost:
            labels = "\n".join(f"• {b.label}" for b in lost)
            plain.box(self.window, QMessageBox.Icon.Information, "Some bookmarks were not moved",
                       f"These bookmarks could not be placed in the new copy. They are kept, marked "
                       f"“document removed”, with their notes:\n\n{labels}").exec()

    def _move_bookmarks(self, old, new) -> list:
        from app.library import reanchor
        from app.store.shared import shared_store

        store, _problem = shared_store()
        if store is None:
            return []
        plan = reanchor.plan(old, new, reanchor.bookmarks_on(store.bookmarks, old.id))
        _moved, lost = reanchor.apply(plan, store.bookmarks)
        return lost

    def _library_changed(self) -> None:
        self._update_search_filter()
        self.window.search_service.start()  # adds or removes only what changed in the index
        if self.window.bookmarks_dock.is_built:
            self.window.bookmarks.reload()

    # -- removing -----------------------------------------------------------------------------
    def _on_section_shown(self, section_id: str, _anchor: str) -> None:
        self.remove_action.setEnabled(is_document_key(section_id))
        self.official_action.setEnabled(section_id in self.library.guide.sections)

    def confirm_remove(self, info) -> bool:
        box = plain.box(self.window, QMessageBox.Icon.Question, "Remove the document?",
                         f"Remove “{info.title}” from the library? Bookmarks on it are kept, marked "
                         "“document removed”, until you delete them. You can add the file again later.")
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is remove

    def remove_current(self) -> None:
        key = self.window.reader.current_section
        if is_document_key(key):
            self.remove(document_of(key))

    def remove(self, doc_id: str) -> bool:
        info = self.library.info(doc_id)
        if info is None or self.library.store is None or not self.confirm_remove(info):
            return False
        try:
            self.library.store.remove(doc_id)
        except Exception as exc:  # noqa: BLE001 - one sentence, the library as it was
            log.exception("removing %s failed", doc_id)
            self._say(f"The document could not be removed: {exc}")
            return False
        self.window.contents.remove_document(doc_id)
        if document_of(self.window.reader.current_section) == doc_id:
            self.window.go_home()
        self._library_changed()
        self._say(f"Removed “{info.title}”. Bookmarks on it are kept.")
        self.document_removed.emit(doc_id)
        return True

    # -- "Read the official text" -------------------------------------------------------------
    def open_official_for_current(self) -> None:
        self.open_official(self.window.reader.current_section)

    def open_official(self, section_id: str) -> bool:
        """Open the official document at the chapter a guide section's source names, or explain
        how to add it. True when a document was opened."""
        from app.library.official import find_official, parse_source

        section = self.library.guide.sections.get(section_id)
        if section is None:
            return False
        found = find_official(self.library, section.source)
        if found is None:
            name = parse_source(section.source).name or "the official guidance"
            plain.box(self.window, QMessageBox.Icon.Information, "The official text is not in your library",
                       f"This section rests on {section.source}. Your library has no copy of {name} yet.\n\n"
                       f"On a computer with internet, download it from GOV.UK ({self.library.guide.official_url}) "
                       "as a PDF or save the web page; then use File › Add document… here, or drag the file "
                       "onto this window. From then on it opens offline.").exec()
            return False
        self.window.open_section(found.section_id)
        if not found.chapter_found:
            self._say(f"“{found.info.title}” has no chapter matching “{section.source}”; "
                      "showing its first page.")
        return True

    # -- drag and drop ------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._local_files(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            files = self._local_files(event)
            if files:
                event.acceptProposedAction()
                self.add_file(files[0])
                if len(files) > 1:
                    self._say("Add one document at a time; only the first file is being added.")
                return True
        return False

    @staticmethod
    def _local_files(event) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)
