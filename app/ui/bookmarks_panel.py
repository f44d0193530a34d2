"""The Bookmarks panel: folders of bookmarks (filter, sort, edit, move, delete with undo) and the
recently viewed list.

Signals: open_requested(section_id, anchor), bookmarks_changed() (the set of bookmarked
sections may have changed: refresh markers), current_changed(bool) (whether the section in
the reader is bookmarked), message(str) (for the status bar).

The rules (what an add, edit, rename, move, relocation or undo does; how bookmarks sort) and
every store call live in app.store.bookmark_manager.BookmarkManager, which the window owns; the
panel shows its rows and asks the user. A store error (a locked or damaged file) is said in
one sentence and never reaches the crash dialog. If the store cannot be opened at all the panel
says so and the rest of the app works on. Modal questions go through the small module
functions at the bottom, which tests replace.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QSize, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.guide import Guide
from app.store import Bookmark, Folder, Status, Store, StoreError
from app.store.bookmark_manager import SORTS, BookmarkManager, BookmarkRow, FolderRow
from app.store.privacy import export_warning
from app.ui import plain
from app.ui.bookmark_dialog import BookmarkDetails, BookmarkDialog
from app.ui.placeholder import fit_placeholder
from app.wording import count

log = logging.getLogger(__name__)

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "folder" | "bookmark"
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SECTION_ROLE = Qt.ItemDataRole.UserRole + 3
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 4
STATUS_ROLE = Qt.ItemDataRole.UserRole + 5
FILTER_ROLE = Qt.ItemDataRole.UserRole + 6
SORT_ROLES = tuple(Qt.ItemDataRole.UserRole + 7 + i for i in range(len(SORTS)))  # one per SORTS entry


class BookmarkModel(QStandardItemModel):
    """Folders (top level, bold) holding bookmarks; unfiled bookmarks at the top level."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Bookmark"])

    def set_rows(self, folders: list[FolderRow], bookmarks: list[BookmarkRow], document_title=None) -> None:
        """`document_title(section_key)`: the title of the library document a bookmark is in ("" for
        the guide), shown after its name ("… · Local — Testshire Safeguarding Partnership")."""
        self.removeRows(0, self.rowCount())
        folder_items: dict[int, QStandardItem] = {}
        for row in folders:
            f = row.folder
            item = QStandardItem(f.name)
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            item.setEditable(False)
            item.setData("folder", KIND_ROLE)
            item.setData(f.id, ID_ROLE)
            item.setData(f.name, FILTER_ROLE)
            for index, role in enumerate(SORT_ROLES):
                item.setData(row.keys.for_sort(index), role)
            item.setData(f"Folder {f.name}", Qt.ItemDataRole.AccessibleTextRole)
            folder_items[f.id] = item
            self.appendRow(item)
        for row in bookmarks:
            b, where = row.bookmark, row.where
            book = document_title(b.section_id) if document_title is not None else ""
            # The mark first: a long label would otherwise push it out of sight at the row's end.
            mark = "" if where.status is Status.OK else f"{where.status.value.capitalize()}: "
            text = mark + b.label + (f" · {book}" if book else "")
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData("bookmark", KIND_ROLE)
            item.setData(b.id, ID_ROLE)
            item.setData(where.section_id or "", SECTION_ROLE)
            item.setData(where.anchor, ANCHOR_ROLE)
            item.setData(where.status.value, STATUS_ROLE)
            item.setData(f"{b.label}\n{book}\n{b.section_title}\n{b.heading_text}\n{b.note}", FILTER_ROLE)
            for index, role in enumerate(SORT_ROLES):
                item.setData(row.keys.for_sort(index), role)
            tip = [b.label + (f"\n{book}" if book else "")]
            if where.status is not Status.OK:
                tip.append(where.describe())
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
            if b.note:
                tip.append(b.note if len(b.note) < 400 else b.note[:400] + "…")
            item.setToolTip(plain.tooltip("\n\n".join(tip)))
            item.setData(", ".join(filter(None, [b.label, book, where.describe(), "has a note" if b.note else ""])),
                         Qt.ItemDataRole.AccessibleTextRole)
            parent = folder_items.get(b.folder_id) if b.folder_id is not None else None
            (parent or self.invisibleRootItem()).appendRow(item)


class BookmarkFilter(QSortFilterProxyModel):
    """Case-insensitive filter on name, titles and note; folders first, then the chosen sort."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(FILTER_ROLE)
        self.setSortRole(SORT_ROLES[0])

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802
        lk, rk = left.data(KIND_ROLE), right.data(KIND_ROLE)
        if lk != rk:  # folders stay on top whatever the order
            folder_first = lk == "folder"
            return folder_first if self.sortOrder() == Qt.SortOrder.AscendingOrder else not folder_first
        return bool(left.data(self.sortRole()) < right.data(self.sortRole()))


class WholeTabs(QTabWidget):
    """Tabs never narrower than their labels: the panel docked at the side at 200 % text size
    showed "Bookmarks" and "Rece" behind scroll arrows."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return super().minimumSizeHint().expandedTo(QSize(self.tabBar().sizeHint().width(), 0))


class BookmarksPanel(QWidget):
    open_requested = Signal(str, str)
    bookmarks_changed = Signal()
    current_changed = Signal(bool)
    message = Signal(str)

    def __init__(self, guide: Guide, manager: BookmarkManager | Store | None = None,
                 parent: QWidget | None = None, unavailable: str = "") -> None:
        super().__init__(parent)
        self.guide = guide
        if not isinstance(manager, BookmarkManager):  # a Store, or None: bookmarks unavailable
            manager = BookmarkManager(manager, guide.sections, unavailable)
        self.manager = manager
        self._current = ("", "")
        self._data_version = -1
        self.tabs = WholeTabs()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Bookmarks and recently viewed")
        self.notice = QLabel()
        self.notice.setObjectName("bookmarks-notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs)
        self._build_bookmarks_tab()
        self._build_recent_tab()
        if self.store is None:
            self.show_notice(manager.unavailable or "Bookmarks are not available.")
            self.setEnabledParts(False)
        else:
            if self.store.recovery is not None:
                self.show_notice(self.store.recovery.message())
            self.reload()
        self._poll = QTimer(self, interval=3000)  # another window or copy of the app wrote
        self._poll.timeout.connect(self._reload_if_changed)
        self._poll.start()

    @property
    def store(self) -> Store | None:
        return self.manager.store

    # ---------------------------------------------------------------- building
    def _build_bookmarks_tab(self) -> None:
        page = QWidget()
        self.filter = QLineEdit()
        self.filter.setObjectName("bookmarks-filter")
        self.filter.setAccessibleName("Filter bookmarks")
        self.filter.setClearButtonEnabled(True)
        fit_placeholder(self.filter, "Filter bookmarks and notes", "Filter bookmarks", "Filter")
        self.sort = QComboBox()
        self.sort.setAccessibleName("Sort bookmarks by")
        for name, _newest_first in SORTS:
            self.sort.addItem(name)
        self.model = BookmarkModel(self)
        self.proxy = BookmarkFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setObjectName("bookmarks")
        self.tree.setAccessibleName("Bookmarks")
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.proxy)
        self.tree.setSortingEnabled(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.new_folder_button = QPushButton("New folder…")
        self.undo_label = plain.label(QLabel())  # holds a bookmark's or folder's name
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("bookmarks-undo")
        self.undo_button.setToolTip("Bring back what was just deleted (Ctrl+Z)")
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_bar = QWidget()
        self.undo_bar.setLayout(undo_row)
        self.undo_bar.hide()
        top = QHBoxLayout()  # the filter has a row of its own: beside the sort it shrinks to "Fi…" at 200 % text
        sort_label = QLabel("S&ort:")  # the label a screen reader names the combo box by
        sort_label.setBuddy(self.sort)
        top.addWidget(sort_label)
        top.addWidget(self.sort, 1)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.filter)
        box.addLayout(top)
        box.addWidget(self.tree, 1)
        box.addWidget(self.undo_bar)
        box.addWidget(self.new_folder_button)
        self.tabs.addTab(page, "&Bookmarks")
        self.delete_action = QAction("Delete", self.tree)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.tree.addAction(self.delete_action)
        self.undo_action = QAction("Undo delete", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(self.undo_delete)
        self.addAction(self.undo_action)
        self.filter.textChanged.connect(self._on_filter)
        self.sort.currentIndexChanged.connect(self._apply_sort)
        self.tree.activated.connect(self._open_index)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.undo_button.clicked.connect(self.undo_delete)
        self.new_folder_button.clicked.connect(self.new_folder)
        self._apply_sort()

    def _build_recent_tab(self) -> None:
        page = QWidget()
        self.recent = QListWidget()
        self.recent.setObjectName("recently-viewed")
        self.recent.setAccessibleName("Recently viewed sections")
        self.clear_history_button = QPushButton("Clear history")
        self.clear_history_button.setToolTip("Forget which sections you have viewed")
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.recent, 1)
        box.addWidget(self.clear_history_button)
        self.tabs.addTab(page, "&Recent")
        self.recent.itemActivated.connect(self._open_recent)
        self.recent.itemClicked.connect(self._open_recent)
        self.clear_history_button.clicked.connect(self.clear_history)

    def show_bookmarks_tab(self) -> None:
        """The bookmarks tab in front, keyboard focus in its filter."""
        self.tabs.setCurrentIndex(0)
        self.filter.setFocus()

    def setEnabledParts(self, enabled: bool) -> None:  # noqa: N802
        for w in (self.tree, self.filter, self.sort, self.new_folder_button, self.recent,
                  self.clear_history_button):
            w.setEnabled(enabled)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # ---------------------------------------------------------------- state
    def reload(self) -> None:
        if self.store is None:
            return
        try:
            self._data_version = self.manager.data_version()
            expanded = self._expanded_folders()
            self._titles: dict[str, str] = {}  # document id → title, looked up once a reload
            self.model.set_rows(*self.manager.rows(), document_title=self._document_title)
            self.proxy.sort(0, self.proxy.sortOrder())
            self._restore_expanded(expanded)
            self._fill_recent()
        except StoreError as exc:
            self.show_notice(str(exc))
            return
        self.bookmarks_changed.emit()
        self.current_changed.emit(self.is_bookmarked(*self._current))

    def _document_title(self, section_key: str) -> str:
        from app.library.model import is_document_key

        if not is_document_key(section_key):
            return ""
        doc = section_key.split("~", 1)[0]
        titles = getattr(self, "_titles", {})
        if doc not in titles:
            title_of = getattr(self.guide, "document_title", None)  # the library's GuideView has it
            try:
                titles[doc] = title_of(section_key) if title_of is not None else ""
            except Exception:  # noqa: BLE001 - a bookmark's book is never worth a failed list
                log.exception("document title of a bookmark")
                titles[doc] = ""
        return titles[doc]

    def _reload_if_changed(self) -> None:
        if self.store is None:
            return
        try:
            if self.manager.data_version() != self._data_version:
                self.reload()
        except StoreError:
            pass

    def _expanded_folders(self) -> set[int] | None:
        if self.model.rowCount() == 0:
            return None
        out = set()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(KIND_ROLE) == "folder" and self.tree.isExpanded(index):
                out.add(index.data(ID_ROLE))
        return out

    def _restore_expanded(self, expanded: set[int] | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(KIND_ROLE) == "folder":
                self.tree.setExpanded(index, expanded is None or index.data(ID_ROLE) in expanded
                                      or bool(self.filter.text()))

    def _fill_recent(self) -> None:
        """Raises StoreError (callers say what failed)."""
        self.recent.clear()
        if self.store is None:
            return
        for entry in self.manager.recent():
            section = self.guide.sections.get(entry.section_id)
            item = QListWidgetItem(section.title if section else f"{entry.title} (no longer in the guide)")
            item.setData(SECTION_ROLE, entry.section_id if section else "")
            self.recent.addItem(item)

    def bookmarked_sections(self) -> set[str]:
        try:
            return self.manager.bookmarked_sections()
        except StoreError:
            return set()

    def is_bookmarked(self, section_id: str, anchor: str = "") -> bool:
        try:
            return self.manager.is_bookmarked(section_id, anchor)
        except StoreError:
            return False

    def on_section_shown(self, section_id: str, anchor: str = "") -> None:
        """Follow the reader: record the view in history and say whether it is bookmarked."""
        self._current = (section_id, anchor)
        if self.store is not None:
            try:
                if self.manager.record_view(section_id):
                    self._data_version = self.manager.data_version()
                    self._fill_recent()
            except StoreError as exc:
                log.warning("history not saved: %s", exc)
        self.current_changed.emit(self.is_bookmarked(section_id, anchor))

    # ---------------------------------------------------------------- actions
    def _attempt(self, failed: str, action, *args):
        """Run a store action; a StoreError (a locked or damaged file...) is said in one sentence
        under the heading `failed`, never left to reach the crash dialog. None on failure."""
        try:
            return action(*args)
        except StoreError as exc:
            warn(self, failed, str(exc))
            self.reload()
            return None

    def add_or_edit(self, section_id: str, anchor: str = "") -> Bookmark | None:
        """Bookmark a section or heading (asking for name, folder, note), or edit it if already there."""
        if self.store is None:
            warn(self, "Bookmarks unavailable", self.notice.text() or "Bookmarks are not available.")
            return None
        section = self.guide.sections.get(section_id)
        if section is None:
            self.message.emit("Only sections of the guide can be bookmarked.")
            return None
        try:
            existing = self.manager.find(section_id, anchor)
            folders = [f.name for f in self.manager.folders()]
        except StoreError as exc:
            warn(self, "The bookmark was not saved", str(exc))
            return None
        if existing is not None:
            return self.edit(existing.id)
        details = ask_details(self, section_title=section.title,
                              headings=[(h.text, h.anchor) for h in section.headings], anchor=anchor,
                              folders=folders)
        if details is None:
            return None
        bookmark = self._attempt("The bookmark was not saved", self.manager.save, section_id, section.title,
                                 details)
        if bookmark is None:
            return None
        self.reload()
        self.select_bookmark(bookmark.id)
        self.message.emit(f"Bookmarked “{bookmark.label}”.")
        return bookmark

    def edit(self, bookmark_id: int) -> Bookmark | None:
        if self.store is None:
            return None
        try:
            b = self.manager.get(bookmark_id)
            folders = [f.name for f in self.manager.folders()]
        except StoreError as exc:
            warn(self, "The bookmark was not saved", str(exc))
            return None
        section = self.guide.sections.get(b.section_id)
        headings = [(h.text, h.anchor) for h in section.headings] if section else (
            [(b.heading_text, b.anchor)] if b.anchor else [])
        details = ask_details(self, section_title=section.title if section else b.section_title,
                              headings=headings, anchor=b.anchor, title=b.title, folder=b.folder_name,
                              folders=folders, note=b.note, editing=True)
        if details is None:
            return None
        saved = self._attempt("The bookmark was not saved", self.manager.update, b.id, details)
        if saved is None:
            return None
        self.reload()
        self.select_bookmark(saved.id)
        return saved

    def rename(self, bookmark_id: int) -> None:
        b = self._attempt("The bookmark was not renamed", self.manager.get, bookmark_id)
        if b is None:
            return
        name = ask_text(self, "Rename bookmark", "Name (empty: use the section's title):", b.label)
        if name is not None and self._attempt("The bookmark was not renamed", self.manager.rename,
                                              bookmark_id, name) is not None:
            self.reload()

    def move(self, bookmark_ids: list[int], folder_id: int | None) -> None:
        self._attempt("The bookmark was not moved", self.manager.move, bookmark_ids, folder_id)
        self.reload()

    def new_folder(self, move_ids: list[int] | None = None) -> Folder | None:
        if self.store is None:
            return None
        name = ask_text(self, "New folder", "Folder name:", "")
        if not name:
            return None
        folder = self._attempt("The folder was not created", self.manager.create_folder, name)
        if folder is None:
            return None
        if move_ids:
            self.move(move_ids, folder.id)
        else:
            self.reload()
        return folder

    def rename_folder(self, folder_id: int) -> None:
        folder = self._attempt("The folder was not renamed", self.manager.folder, folder_id)
        if folder is None:
            return
        name = ask_text(self, "Rename folder", "Folder name:", folder.name)
        if name and self._attempt("The folder was not renamed", self.manager.rename_folder, folder_id, name):
            self.reload()

    def delete_folder(self, folder_id: int) -> None:
        gone = self._attempt("The folder was not deleted", self.manager.delete_folder, folder_id)
        if gone is None:
            return
        folder, ids = gone
        self._offer_undo(f"Folder “{folder.name}” deleted; its {count(len(ids), 'bookmark')} {'is' if len(ids) == 1 else 'are'} kept at the top.")
        self.reload()

    def delete(self, bookmark_ids: list[int]) -> None:
        if self.store is None or not bookmark_ids:
            return
        gone = self._attempt("Nothing was deleted", self.manager.delete, bookmark_ids)
        if not gone:
            return
        what = f"“{gone[0].label}”" if len(gone) == 1 else f"{len(gone)} bookmarks"
        self._offer_undo(f"Deleted {what}.")
        self.reload()

    def delete_selected(self) -> None:
        ids = self.selected_bookmark_ids()
        if ids:
            self.delete(ids)
            return
        folders = [i.data(ID_ROLE) for i in self.tree.selectionModel().selectedRows() if i.data(KIND_ROLE) == "folder"]
        if len(folders) == 1:
            self.delete_folder(int(folders[0]))

    def _offer_undo(self, text: str) -> None:
        self.undo_label.setText(text)
        self.undo_bar.show()
        self.message.emit(text + " Undo with Ctrl+Z.")

    def undo_delete(self) -> None:
        if self.store is None or not self.manager.can_undo:
            return
        text = self._attempt("Could not undo", self.manager.undo)
        if text is None:
            return
        self.undo_bar.hide()
        self.message.emit(text)
        self.reload()

    def relocate(self, bookmark_id: int) -> None:
        """Point a moved bookmark at where its section is now."""
        self._attempt("The bookmark was not updated", self.manager.relocate, bookmark_id)
        self.reload()

    def clear_history(self) -> None:
        if self.store is None:
            return
        try:
            self.manager.clear_history()
            self._fill_recent()
        except StoreError as exc:
            warn(self, "History was not cleared", str(exc))
            return
        self.message.emit("Recently viewed history cleared.")

    def wipe_dialog(self) -> bool:
        """Delete all the user's bookmarks, folders, notes and history, after asking."""
        if self.store is None:
            return False
        if not confirm(self, "Wipe my data",
                       "Delete all your bookmarks, folders, notes and recently viewed history from this "
                       "computer?\n\nThis cannot be undone. Export your bookmarks first if you want a copy."):
            return False
        try:
            self.manager.wipe()
        except StoreError as exc:
            warn(self, "Your data was not wiped", str(exc))
            self.reload()
            return False
        self.undo_bar.hide()
        self.show_notice("")
        self.reload()
        self.message.emit("All your bookmarks, notes and history have been deleted.")
        return True

    def export_dialog(self) -> None:
        if self.store is None:
            return
        try:
            risky = self.manager.notes_with_case_details()
        except StoreError as exc:
            warn(self, "Bookmarks not exported", str(exc))
            return
        if risky and not confirm(self, "Notes that look like case details", export_warning(risky)):
            return
        name = choose_file(self, save=True)
        if not name:
            return
        try:
            n = self.manager.export(name, self.guide.content_version)
        except StoreError as exc:
            warn(self, "Bookmarks not exported", str(exc))
            return
        self.message.emit(f"Exported {count(n, 'bookmark')} to {name}.")

    def import_dialog(self) -> None:
        if self.store is None:
            return
        name = choose_file(self, save=False)
        if not name:
            return
        try:
            result = self.manager.import_file(name)
        except StoreError as exc:
            warn(self, "Bookmarks not imported", f"{exc}\n\nYour bookmarks were not changed.")
            return
        self.reload()
        info(self, "Bookmarks imported", result.message())

    # ---------------------------------------------------------------- view helpers
    def selected_bookmark_ids(self) -> list[int]:
        rows = self.tree.selectionModel().selectedRows()
        return [int(i.data(ID_ROLE)) for i in rows if i.data(KIND_ROLE) == "bookmark"]

    def index_of_bookmark(self, bookmark_id: int) -> QModelIndex:
        for index in _walk(self.proxy):
            if index.data(KIND_ROLE) == "bookmark" and index.data(ID_ROLE) == bookmark_id:
                return index
        return QModelIndex()

    def select_bookmark(self, bookmark_id: int) -> None:
        index = self.index_of_bookmark(bookmark_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text:
            self.tree.expandAll()

    def _apply_sort(self, *_args) -> None:
        index = max(0, self.sort.currentIndex())
        self.proxy.setSortRole(SORT_ROLES[index])
        self.proxy.sort(0, Qt.SortOrder.DescendingOrder if SORTS[index][1] else Qt.SortOrder.AscendingOrder)

    def _open_index(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) != "bookmark":
            return
        section = index.data(SECTION_ROLE)
        if not section:
            self.message.emit("This bookmark's section is no longer in the guide; its title and note are kept.")
            return
        self.open_requested.emit(str(section), str(index.data(ANCHOR_ROLE) or ""))

    def _open_recent(self, item: QListWidgetItem) -> None:
        section = item.data(SECTION_ROLE)
        if section:
            self.open_requested.emit(str(section), "")

    def _context_menu(self, pos) -> None:
        if self.store is None:
            return
        index = self.tree.indexAt(pos)
        menu = QMenu(self)
        if index.data(KIND_ROLE) == "bookmark":
            bookmark_id = int(index.data(ID_ROLE))
            ids = self.selected_bookmark_ids() or [bookmark_id]
            menu.addAction("Open", lambda: self._open_index(index)).setEnabled(bool(index.data(SECTION_ROLE)))
            menu.addAction("Edit note…", lambda: self.edit(bookmark_id))
            menu.addAction("Rename…", lambda: self.rename(bookmark_id))
            move = menu.addMenu("Move to")
            move.addAction("Top level (no folder)", lambda: self.move(ids, None))
            try:
                folders = self.manager.folders()
            except StoreError as exc:
                folders = []
                self.message.emit(str(exc))
            for f in folders:
                move.addAction(f.name, lambda _c=False, fid=f.id: self.move(ids, fid))
            move.addSeparator()
            move.addAction("New folder…", lambda: self.new_folder(ids))
            if index.data(STATUS_ROLE) == Status.SECTION_MOVED.value:
                menu.addAction("Point at the section's new place", lambda: self.relocate(bookmark_id))
            menu.addSeparator()
            menu.addAction("Delete", lambda: self.delete(ids))
        elif index.data(KIND_ROLE) == "folder":
            folder_id = int(index.data(ID_ROLE))
            menu.addAction("Rename folder…", lambda: self.rename_folder(folder_id))
            menu.addAction("Delete folder (keep its bookmarks)", lambda: self.delete_folder(folder_id))
        else:
            menu.addAction("New folder…", self.new_folder)
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self._menu = menu  # keep it alive while shown; tests look at it


def _walk(model, parent: QModelIndex = QModelIndex()):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _walk(model, index)


# ---------------------------------------------------------------- modal questions (tests replace these)

def ask_details(parent: QWidget, **kwargs) -> BookmarkDetails | None:
    dialog = BookmarkDialog(parent=parent, **kwargs)
    return dialog.details() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    for child in dialog.findChildren(QLabel):
        plain.label(child)
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    return plain.ask(parent, title, text)


def warn(parent: QWidget, title: str, text: str) -> None:
    plain.warn(parent, title, text)


def info(parent: QWidget, title: str, text: str) -> None:
    plain.inform(parent, title, text)


def choose_file(parent: QWidget, save: bool) -> str:
    from app.ui.file_dialogs import open_file_name, save_file_name

    filters = "Bookmarks (*.json);;All files (*)"
    if save:
        return save_file_name(parent, "Export bookmarks", "wt-reader-bookmarks.json", filters)
    return open_file_name(parent, "Import bookmarks", filters)
