"""Help › Install content update…, Roll back and What's new: the window's side of app/packs.

Checking a pack (verify, unpack, check-content, what it changes) and installing it run in a
worker, so the window stays usable. Once installed, a new window opens over the new content at
the same page and the old one closes; its search index is rebuilt in the background as at any
start. Every text from a pack is shown as plain text.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from app.ui.settings import STALE_NOTICE_FOR
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    """Runs fn in the pool; the result or a refusal comes back as a signal on the UI thread."""

    def __init__(self, fn) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        from app.packs import PackRefused

        try:
            result = self.fn()
        except PackRefused as exc:  # an unknown signer says how to trust it in the window
            self.signals.failed.emit(getattr(exc, "in_window", "") or str(exc))
        except OSError as exc:
            self.signals.failed.emit(f"The content could not be installed ({exc.strerror or exc}); nothing was changed.")
        except Exception as exc:  # noqa: BLE001 - reported, never a crash
            log.exception("content update failed")
            self.signals.failed.emit(f"The content update failed unexpectedly ({exc}); nothing was changed.")
        else:
            self.signals.done.emit(result)


def _plain(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a stranger's text is never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


class UpdateDialog(QDialog):
    """What a pack is and changes; Install or Cancel."""

    def __init__(self, prepared, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.commands.update import describe

        self.setWindowTitle("Install content update")
        self.setAccessibleName("Install content update")
        lines = describe(prepared)
        layout = QVBoxLayout(self)
        self.publisher = _plain(lines[0], self)
        self.publisher.setAccessibleDescription("Who signed this update")  # the text itself is its name
        font = self.publisher.font()
        font.setBold(True)
        self.publisher.setFont(font)
        layout.addWidget(self.publisher)
        self.summary = _plain("\n".join(line.strip() for line in lines[1:]), self)
        self.summary.setAccessibleDescription("What this update changes")
        layout.addWidget(self.summary)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.install_button = buttons.addButton("&Install", QDialogButtonBox.ButtonRole.AcceptRole)
        self.install_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 280)


class UpdateController(QObject):
    """Owns the update actions of one window. Signals: window_replaced(new window), refused(text)."""

    window_replaced = Signal(object)
    refused = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: UpdateDialog | None = None
        self._jobs: list[_Job] = []
        self.install_action = QAction("Install content &update…", window)
        self.install_action.setStatusTip("Install a signed content update (.wtpack) from a file")
        self.install_action.triggered.connect(self.choose_file)
        self.rollback_action = QAction("&Roll back content update", window)
        self.rollback_action.setStatusTip("Go back to the content in use before the last update")
        self.rollback_action.triggered.connect(self.confirm_rollback)
        self.whats_new_action = QAction("What's &new", window)
        self.whats_new_action.setStatusTip("Sections changed since you last read them")
        self.whats_new_action.triggered.connect(self.show_whats_new)
        self.trust_action = QAction("Trusted &publishers…", window)
        self.trust_action.setStatusTip("The keys whose content updates this app installs; add or remove a partnership's key")
        self.trust_action.triggered.connect(self.show_trust)
        self.trust_dialog = None
        self.refused.connect(self._show_refusal)

    # -- worker plumbing -----------------------------------------------------------------------
    def _run(self, fn, done) -> None:
        job = _Job(fn)
        job.signals.done.connect(done)
        job.signals.failed.connect(self.refused)
        job.signals.done.connect(lambda _r, j=job: self._jobs.remove(j))
        job.signals.failed.connect(lambda _m, j=job: self._jobs.remove(j))
        self._jobs.append(job)  # keep the signals alive until they are delivered
        QThreadPool.globalInstance().start(job)

    def _show_refusal(self, text: str) -> None:
        self.window.say(text, 15000)
        from app.packs.verify import TRUST_IN_WINDOW

        box = QMessageBox(QMessageBox.Icon.Warning, "Content update", text, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.trust_button = None
        if TRUST_IN_WINDOW in text:  # an unknown signer: the way to the list, never its key trusted from here
            self.trust_button = box.addButton("Trusted &publishers…", QMessageBox.ButtonRole.ActionRole)
            self.trust_button.setAccessibleName("Trusted publishers")
            self.trust_button.clicked.connect(self.show_trust)
        _widen(box, 64)  # a fingerprint on one line, not broken over three
        box.open()
        self._box = box

    # -- trusted publishers ------------------------------------------------------------------------
    def show_trust(self):
        from app.packs.service import trust_store
        from app.ui.trust_dialog import TrustDialog

        dialog = TrustDialog(trust_store(), self.window)
        dialog.open()
        self.trust_dialog = dialog
        return dialog

    # -- install -------------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Install content update", str(Path.home()),
                                              "Content packs (*.wtpack);;All files (*)")
        if name:
            self.install_file(Path(name))

    def install_file(self, path: Path) -> None:
        """Check the pack in a worker, then ask (UpdateDialog) before installing."""
        from app.packs import service

        self.window.say("Checking the content update…", 4000)
        guide = self.window.national_guide if hasattr(self.window, "national_guide") else self.window.guide
        self._run(lambda: service.prepare_update(path, guide), self._confirm)

    def _confirm(self, prepared) -> None:
        self.dialog = UpdateDialog(prepared, self.window)
        self.dialog.accepted.connect(lambda: self._install(prepared))
        self.dialog.rejected.connect(prepared.discard)
        self.dialog.open()

    def _install(self, prepared) -> None:
        from app.packs import service

        self.window.say("Installing the content update…", 4000)
        self._run(lambda: self._installed(service.install(prepared, _store())), self._replace_window)

    @staticmethod
    def _installed(layer):
        if layer.kind == "local":
            said = f"Installed the local pages of {layer.publisher}, version {layer.version}"
        else:
            said = f"Now showing guide content {layer.version}"
        return _load_guide_in_use(), said + "; search is being rebuilt in the background."

    # -- roll back -----------------------------------------------------------------------------
    def confirm_rollback(self) -> None:
        """Say what Roll back goes back to, and do it on Yes (one question, one action)."""
        from app.packs.service import rollback_question
        from app.ui import plain

        question = rollback_question()
        if not question:
            plain.inform(self.window, "Roll back content update",
                         "There is no earlier content to roll back to; nothing was changed.")
            return
        if plain.ask(self.window, "Roll back content update", question):
            self.roll_back()

    def roll_back(self) -> None:
        from app.packs import service

        def back():
            state = service.roll_back(_store())
            what = "local pages" if (state.changes or {}).get("kind") == "local" else "guide content"
            said = (f"Rolled back the {what} to {(state.changes or {}).get('to') or 'none'}; "
                    "search is being rebuilt in the background.")
            return _load_guide_in_use(), said

        self._run(back, self._replace_window)

    # -- the new content in a new window ----------------------------------------------------------
    def _replace_window(self, result) -> None:
        from app.ui.application import create_main_window

        guide, said = result
        old = self.window
        section = old.reader.current_section
        old.save_session()
        new = create_main_window(guide)
        new.restore_session(section if section in guide.sections else None)
        new.show()
        new.activateWindow()
        new.say(said, 8000)
        self.window_replaced.emit(new)
        old.close()
        old.deleteLater()

    # -- what's new --------------------------------------------------------------------------------
    def show_whats_new(self):
        from app.ui.whats_new import WhatsNewDialog

        dialog = WhatsNewDialog(self.window.guide, self.entries(), self.window)
        dialog.open_requested.connect(self.window.open_section)
        dialog.open()
        self.whats_new_dialog = dialog
        return dialog

    def entries(self) -> list:
        from app.packs.service import last_changes
        from app.packs.whats_new import whats_new

        store = _store()
        marks = store.reads.marks() if store is not None else {}
        changes = last_changes()
        out = whats_new(self.window.guide, marks, changes)
        local = self._local_pages()
        if local is not None:
            key, label, guide = local
            out += whats_new(guide, marks, changes, kind="local", key=key, label=label)
        return out

    def _local_pages(self):
        """(section key of a page, "Local — <partnership>", its content as a Guide) for the local
        layer in use, loaded once per window; None without one."""
        if not hasattr(self, "_local"):
            self._local = None
            from app.packs import service
            from app.packs.active import active_local_layer

            try:
                layer = active_local_layer(service.root()) if service.root().exists() else None
                guide = service.local_guide() if layer is not None else None
            except Exception:  # noqa: BLE001 - What's new without the local pages, never a crash
                log.exception("the local pages could not be read for What's new")
                layer = guide = None
            if guide is not None:
                from app.library.model import section_key
                from app.packs.local import document_id, local_title

                doc = document_id(layer.publisher)
                self._local = (lambda sid: section_key(doc, sid), local_title(layer.publisher), guide)
        return self._local

    def _section_read(self, section_id: str):
        """The guide's section, or the local page, that a section key names (None if neither)."""
        section = self.window.guide.sections.get(section_id)
        if section is None and "~" in section_id:
            local = self._local_pages()
            if local is not None:
                doc, _, page = section_id.partition("~")
                key, _label, guide = local
                if key(page) == section_id:
                    section = guide.sections.get(page)
        return section

    def on_section_shown(self, section_id: str, _anchor: str = "") -> None:
        """Remember what the section says now, so What's new knows when it changes."""
        section = self._section_read(section_id) if section_id else None
        store = _store()
        if section is None or store is None:
            return
        from app.packs.changes import section_hash
        from app.store import StoreError

        try:
            store.reads.record(section_id, section_hash(section))
        except StoreError as exc:
            log.info("read mark not saved: %s", exc)
            return
        self.window.contents.mark_read(section_id)  # its badge goes, as its entry in What's new

    def after_start(self) -> None:
        """After the first paint: badge what is new for this user; say once if the content is old."""
        from app.packs.service import stale_notice

        try:
            entries = self.entries()
        except Exception:  # noqa: BLE001 - a badge is never worth a crash
            log.exception("what's new could not be worked out")
            entries = []
        contents = self.window.contents
        if hasattr(contents, "set_updated"):
            contents.set_updated({e.section_id for e in entries})
        notice = stale_notice(self.window.guide)
        settings = self.window.settings
        if notice and settings.value(STALE_NOTICE_FOR.key, "") != self.window.guide.content_version:
            settings.set_value(STALE_NOTICE_FOR.key, self.window.guide.content_version)
            self.window.say(notice, 30000)


def _widen(box: QMessageBox, chars: int) -> None:
    """A message box whose text is about `chars` characters wide (at any text size, within the
    screen), rather than Qt's 420 pixels, so a fingerprint is not broken over lines."""
    text = box.findChild(QLabel, "qt_msgbox_label")
    if text is None:
        return
    width = text.fontMetrics().averageCharWidth() * chars
    if box.screen() is not None:
        width = min(width, box.screen().availableGeometry().width() - 160)
    text.setMinimumWidth(width)


def _store():
    from app.store.shared import shared_store

    return shared_store()[0]


def _load_guide_in_use():
    """The guide from whatever content is now active (worker thread); create_main_window adds
    the local timescales and banners (app.packs.service.for_window)."""
    from app import paths
    from app.guide.cache import load_guide_cached

    return load_guide_cached(paths.guide_content_dir(), paths.guide_cache_file(), paths.prebuilt_guide_cache())
