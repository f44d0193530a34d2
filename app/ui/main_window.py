"""The main window: reader in the middle, panels docked around it, actions in one place.

Panels expose signals (open_requested(section_id, anchor), ...); they are wired in
_connect_signals (reader, contents, find bar) and in the _make_* method that builds each lazy
panel, and nowhere else. The contents and the reader are built before the first
paint; the search, timeline and bookmarks panels live in LazyDocks and are built when first
shown or asked for, or by finish_start() just after the first paint.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMenu,
    QTabBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.guide import Guide
from app.guide.render import print_footer
from app.library.library import open_library
from app.library.model import is_document_key
from app.ui import focus, text_size, themes
from app.ui.announce import announce
from app.ui.contents import ContentsPanel
from app.ui.definition_bar import DefinitionBar
from app.ui.dock_title import give_title_bar
from app.ui.find_bar import FindBar
from app.ui.lazy_dock import LazyDock
from app.ui.library_actions import LibraryActions
from app.ui.reader import GLOSSARY_PAGE, ReaderView, heading_at
from app.ui.search_service import SearchService
from app.ui.settings import AUDIENCE, Settings
from app.ui.status_label import FittingLabel
from app.ui.update_dialog import UpdateController
from app.wording import count

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Signals: theme_changed(theme_id)."""

    theme_changed = Signal(str)

    def __init__(self, guide: Guide, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.settings = settings
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # before any widget: restyling them all later costs more
            themes.apply(app, themes.theme(settings.theme))
        self.reader = ReaderView(guide, self)
        self.library = open_library(guide)  # the guide and the documents beside it; reads nothing yet
        self.reader.library = self.library
        self.find_bar = FindBar(self)
        self.definition_bar = DefinitionBar(guide, self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.reader, 1)
        column.addWidget(self.definition_bar)
        column.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self._create_panels()
        self.updates = UpdateController(self)  # Help › Install content update…, Roll back, What's new
        self._create_actions()
        self._create_toolbar()
        self._create_menus()
        self._create_status_bar()
        text_size.install(self)  # View › Text size: every font in the app, not just the page
        self._connect_signals()
        self.library_actions = LibraryActions(self)  # File › Add document…, drops, documents' books
        self.set_theme(settings.theme)
        self.reader.set_zoom(settings.zoom)
        self.contents.set_audience(settings.get(AUDIENCE))
        self.resize(1180, 800)

    # -- construction ----------------------------------------------------------------------------
    def _dock(self, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState needs a stable name
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        give_title_bar(dock)
        self.addDockWidget(area, dock)
        return dock

    def _create_panels(self) -> None:
        self.start_finished = False
        self._fit_contents_until = 0.0  # first start: contents sized to their titles until then
        self._shown_before_bookmarks: list[tuple[str, str]] = []
        self.contents = ContentsPanel(self.guide, self)
        self.contents_dock = self._dock(self.contents, "Contents", "contents-dock", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.search_service = SearchService(self.guide, self)
        self.search_service.library = self.library
        self.search_dock = self._lazy_dock("Search", "search-dock", self._make_search,
                                           Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.contents_dock, self.search_dock)
        self.contents_dock.raise_()
        self.timeline_dock = self._lazy_dock("Timeline", "timeline-dock", self._make_timeline,
                                             Qt.DockWidgetArea.BottomDockWidgetArea)
        self.timeline_dock.hide()  # opened on demand; its visibility is then remembered
        self.timeline_dock.visibilityChanged.connect(
            lambda visible: visible and QTimer.singleShot(0, self._leave_the_page_room))
        self.bookmarks_dock = self._lazy_dock("Bookmarks", "bookmarks-dock", self._make_bookmarks,
                                              Qt.DockWidgetArea.RightDockWidgetArea)
        self.bookmarks_dock.hide()  # shown at once if the bookmarks file needs attention; then remembered

    def _leave_the_page_room(self) -> None:
        """A dock below the reader opens at its preferred height (the timeline's is half a laptop
        screen), which squeezed the page to a strip: keep the page at least half the window high."""
        if self.timeline_dock.isFloating() or self.reader.height() >= self.height() // 2:
            return
        wanted = max(self.timeline_dock.minimumSizeHint().height(), self.height() // 3)
        self.resizeDocks([self.timeline_dock], [wanted], Qt.Orientation.Vertical)

    def _lazy_dock(self, title: str, name: str, factory, area: Qt.DockWidgetArea) -> LazyDock:
        dock = LazyDock(title, name, factory, self)
        give_title_bar(dock)
        self.addDockWidget(area, dock)
        return dock

    # The panels behind the lazy docks: built on first use, wired as they are built.
    @property
    def search(self):
        return self.search_dock.panel()

    @property
    def timeline(self):
        return self.timeline_dock.panel()

    @property
    def bookmarks(self):
        return self.bookmarks_dock.panel()

    def _make_search(self) -> QWidget:
        from app.ui.search_panel import SearchPanel

        panel = SearchPanel(self.guide, self.search_service, self)
        panel.open_requested.connect(self.open_search_result)
        self.library_actions.attach_search(panel)
        return panel

    def _make_timeline(self) -> QWidget:
        from app.ui.timeline_panel import TimelinePanel

        panel = TimelinePanel(self.guide, self)
        panel.open_requested.connect(self.open_section)
        self._colour_timeline(panel, themes.theme(self.current_theme))
        if self.reader.current_section:
            panel.follow_section(self.reader.current_section)
        return panel

    def _make_bookmarks(self) -> QWidget:
        from app.store.bookmark_manager import BookmarkManager
        from app.store.shared import shared_store
        from app.ui.bookmarks_panel import BookmarksPanel

        store, problem = shared_store()
        self.bookmark_manager = BookmarkManager(store, self.library.sections, unavailable=problem)
        panel = BookmarksPanel(self.library.guide_view, self.bookmark_manager, self)
        panel.open_requested.connect(self.open_section)
        self.reader.section_shown.connect(panel.on_section_shown)
        panel.bookmarks_changed.connect(lambda: self.contents.set_bookmarked(panel.bookmarked_sections()))
        panel.current_changed.connect(self._on_bookmarked_changed)
        panel.message.connect(lambda text: self.say(text, 6000))
        self.contents.set_bookmarked(panel.bookmarked_sections())
        for section_id, anchor in self._shown_before_bookmarks:  # catch up: recently viewed, ☆/★
            panel.on_section_shown(section_id, anchor)
        self._shown_before_bookmarks.clear()
        if store is None or store.recovery is not None:
            QTimer.singleShot(0, self.bookmarks_dock.show)  # the user must see what happened to the file
        return panel

    def finish_start(self) -> None:
        """After the first paint: label the toolbar and build the panels still waiting, so the
        first use of each is instant. start_finished is then True."""
        self._label_toolbar_buttons()
        self.contents.add_headings()
        self.library_actions.finish_start()
        for dock in (self.bookmarks_dock, self.search_dock, self.timeline_dock):
            dock.panel()
        focus.reading_order(self)
        self.start_finished = True

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        """Tab and Shift+Tab reach only what is on screen (app/ui/focus.py)."""
        return focus.next_visible(self, next, super().focusNextPrevChild)

    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        keys_once: list[QKeySequence] = []
        for shortcut in shortcuts:  # a key bound twice is "ambiguous" to Qt and does nothing
            key = QKeySequence(shortcut)
            if not key.isEmpty() and key not in keys_once:
                keys_once.append(key)
        if keys_once:
            action.setShortcuts(keys_once)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text.replace('&', '')}" + (f" ({keys})" if keys else ""))
        action.setStatusTip(tip or text.replace("&", ""))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work wherever focus is
        return action

    def _create_actions(self) -> None:
        ks = QKeySequence.StandardKey
        self.back_action = self._action("&Back", self.reader.go_back, (ks.Back,), "Go back")
        self.forward_action = self._action("&Forward", self.reader.go_forward, (ks.Forward,), "Go forward")
        self.home_action = self._action("&Home", self.go_home, ("Alt+Home",), "Go to the guide's home page")
        self.zoom_in_action = self._action("Zoom &in", lambda: self.set_zoom(self.reader.zoom() + 1),
                                           (ks.ZoomIn, "Ctrl+="), "Make the page's text larger")
        self.zoom_out_action = self._action("Zoom &out", lambda: self.set_zoom(self.reader.zoom() - 1),
                                            (ks.ZoomOut,), "Make the page's text smaller")
        self.zoom_reset_action = self._action("&Actual size", lambda: self.set_zoom(0), ("Ctrl+0",),
                                              "Reset the page's zoom")
        self.print_action = self._action("&Print…", self.print_section, (ks.Print,), "Print this section")
        self.preview_action = self._action("Print pre&view…", self.print_preview, tip="See the pages before printing")
        self.pdf_action = self._action("Export as P&DF…", self.export_pdf_dialog, ("Ctrl+Shift+E",),
                                       "Save this section as a PDF")
        self.cite_action = self._action("Copy &citation", self.copy_citation, ("Ctrl+Shift+C",),
                                        "Copy a citation for this section to paste into case notes")
        self.glossary_action = self._action("&Glossary", lambda: self.open_section(GLOSSARY_PAGE), ("Ctrl+G",),
                                            "Open the glossary and abbreviations")
        self.focus_contents_action = self._action("Go to &contents", self.focus_contents, ("Ctrl+Shift+T", "F6"),
                                                  "Move keyboard focus to the contents")
        self.focus_reader_action = self._action("Go to &text", self.reader.setFocus, ("Ctrl+Shift+R",),
                                                "Move keyboard focus to the guide text")
        self.search_action = self._action("&Search…", self.show_search, (ks.Find,),
                                          "Search the guide (abbreviations such as s47 and ICPC work)")
        self.next_hit_action = self._action("Next search &hit", self.reader.next_hit, (ks.FindNext,),
                                            "Go to the next highlighted search hit")
        self.previous_hit_action = self._action("Previous search hi&t", self.reader.previous_hit,
                                                (ks.FindPrevious,), "Go to the previous highlighted search hit")
        self.timeline_action = self._action("T&imeline", self.show_timeline, ("Ctrl+Shift+L",),
                                            "Show the timeline of editions and the case timescales")
        self.timescales_action = self._action("Case time&scales", self.show_timescales, ("Ctrl+Shift+D",),
                                              "Work out a case's statutory timescales as dates")
        self.official_action = self._action("Official guidance on GOV.UK (needs internet)", self.open_official,
                                            tip="Open the official guidance in your web browser (needs internet)")
        self.bookmark_action = self._action("☆ &Bookmark", self.bookmark_current, ("Ctrl+D",),
                                            "Bookmark this section, with an optional note")
        self.bookmark_action.setCheckable(True)  # checked: this section is bookmarked
        self.bookmarks_panel_action = self._action("Show &bookmarks", self.show_bookmarks, ("Ctrl+Shift+B",),
                                                   "Show your bookmarks and recently viewed sections")
        self.export_bookmarks_action = self._action("&Export bookmarks…", lambda: self.bookmarks.export_dialog(),
                                                    tip="Save your bookmarks to a file, e.g. for another laptop")
        self.import_bookmarks_action = self._action("&Import bookmarks…", lambda: self.bookmarks.import_dialog(),
                                                    tip="Add bookmarks from an exported file (no duplicates)")
        self.clear_history_action = self._action("&Clear recently viewed", lambda: self.bookmarks.clear_history(),
                                                 tip="Forget which sections you have viewed")
        self.wipe_action = self._action("&Wipe my data…", lambda: self.bookmarks.wipe_dialog(),
                                        tip="Delete all your bookmarks, notes and history from this computer")
        self.about_action = self._action("&About", self.show_about)
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts,
                                             tip="List every keyboard shortcut")
        self.quit_action = self._action("&Quit", self.close, (ks.Quit, "Ctrl+Q"))
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for theme in themes.THEMES.values():
            act = QAction(theme.name, self, checkable=True)
            act.setStatusTip(f"Use the {theme.name.lower()} theme")
            act.triggered.connect(lambda _c=False, t=theme.id: self.set_theme(t))
            self.theme_group.addAction(act)
            self.theme_actions[theme.id] = act
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)

    def _create_toolbar(self) -> None:
        bar = QToolBar("Main toolbar", self)
        bar.setObjectName("main-toolbar")
        bar.setAccessibleName("Main toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.back_action, self.forward_action, self.home_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (self.zoom_out_action, self.zoom_in_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.search_action)
        bar.addAction(self.timeline_action)
        bar.addSeparator()
        bar.addAction(self.cite_action)
        bar.addAction(self.print_action)
        bar.addSeparator()
        bar.addAction(self.bookmark_action)
        self.toolbar = bar
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _label_toolbar_buttons(self) -> None:
        """Names for screen readers and Tab focus for keyboard users on every toolbar button.

        Done just after the first paint: fetching the buttons wraps them for Python, which
        costs more than drawing them."""
        for action in self.toolbar.actions():
            if action.isSeparator():  # a separator is a line, not a Tab stop
                continue
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", ""))
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        more = self.toolbar.findChild(QWidget, "qt_toolbar_ext_button")  # the » of a narrow window
        if more is not None:
            more.setAccessibleName("More toolbar actions")
            more.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def _create_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (self.print_action, self.preview_action, self.pdf_action, self.cite_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu
        go = menu.addMenu("&Go")
        for action in (self.back_action, self.forward_action, self.home_action, self.glossary_action):
            go.addAction(action)
        go.addSeparator()
        for action in (self.search_action, self.next_hit_action, self.previous_hit_action):
            go.addAction(action)
        go.addSeparator()
        go.addAction(self.focus_contents_action)
        go.addAction(self.focus_reader_action)
        self.go_menu = go
        view = menu.addMenu("&View")
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view.addAction(action)
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        for act in self.theme_actions.values():
            theme_menu.addAction(act)
        view.addSeparator()
        self.panels_menu = view.addMenu("&Panels")
        self.panels_menu.addAction(self.contents_dock.toggleViewAction())
        self.panels_menu.addAction(self.search_dock.toggleViewAction())
        self.panels_menu.addAction(self.timeline_dock.toggleViewAction())
        self.panels_menu.addAction(self.bookmarks_dock.toggleViewAction())
        self.view_menu = view
        self.bookmarks_menu = menu.addMenu("&Bookmarks")
        for action in (self.bookmark_action, self.bookmarks_panel_action, None, self.export_bookmarks_action,
                       self.import_bookmarks_action, None, self.clear_history_action, self.wipe_action):
            self.bookmarks_menu.addAction(action) if action else self.bookmarks_menu.addSeparator()
        self.tools_menu = menu.addMenu("&Tools")
        self.tools_menu.addAction(self.timeline_action)
        self.tools_menu.addAction(self.timescales_action)
        help_menu = menu.addMenu("&Help")
        for action in (self.updates.whats_new_action, self.updates.install_action, self.updates.rollback_action,
                       self.updates.trust_action):
            help_menu.addAction(action)
        help_menu.addSeparator()
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.official_action)
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu

    def _create_status_bar(self) -> None:
        status = self.statusBar()
        from app.packs.service import content_labels

        self.version_label = FittingLabel(content_labels(self.guide), status)
        self.version_label.setAccessibleDescription("Guide version")
        status.addPermanentWidget(self.version_label)
        if self.guide.problems:
            status.showMessage(f"{count(len(self.guide.problems), 'problem')} in the content were skipped; "
                               "see the log file for details", 15000)

    def _connect_signals(self) -> None:
        """The reader, contents and find bar; each lazy panel is wired in its _make_* method."""
        self.contents.open_requested.connect(self.open_section)
        self.reader.hits_changed.connect(self.find_bar.show_count)
        self.find_bar.next_requested.connect(self.reader.next_hit)
        self.find_bar.previous_requested.connect(self.reader.previous_hit)
        self.find_bar.closed.connect(self.reader.clear_highlights)
        self.reader.term_shown.connect(self.definition_bar.show_term)
        self.reader.installEventFilter(self.definition_bar)  # Escape closes the definition
        self.reader.section_shown.connect(lambda *_a: self.definition_bar.close_bar())
        self.definition_bar.closed.connect(self.reader.setFocus)
        self.search_service.failed.connect(lambda text: self.say(text, 10000))
        self.reader.section_shown.connect(self._on_section_shown)
        self.reader.section_shown.connect(self.updates.on_section_shown)
        self.reader.history_changed.connect(self._on_history_changed)
        self.reader.missing_section.connect(self._on_missing_section)
        self.contents.audience_changed.connect(lambda audience: self.settings.set(AUDIENCE, audience))
        self.contents.menu_requested.connect(self._contents_menu)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self._reader_menu)

    # -- behaviour ---------------------------------------------------------------------------------
    def open_section(self, section_id: str, anchor: str = "") -> bool:
        if section_id == self.reader.current_section and anchor:
            self.reader.scroll_to_anchor(anchor)
            self.contents.select_section(section_id, anchor)
            return True
        return self.reader.show_section(section_id, anchor)

    def open_search_result(self, section_id: str, anchor: str, terms: list) -> None:
        """Open a result at its heading and highlight every hit in the page."""
        if not self.open_section(section_id, anchor):
            return
        self.reader.highlight(list(terms), from_anchor=anchor)

    def show_search(self) -> None:
        panel = self.search_dock.show_panel()
        self.search_dock.raise_()
        panel.focus_box()

    def go_home(self) -> None:
        self.open_section(self.guide.home)

    def show_timeline(self) -> None:
        panel = self.timeline_dock.show_panel()
        panel.show_history()

    def show_timescales(self) -> None:
        panel = self.timeline_dock.show_panel()
        panel.show_timescales()

    def focus_contents(self) -> None:
        self.contents_dock.show()
        self.contents_dock.raise_()  # in front of the Search tab it shares
        self.contents.focus_tree()

    def restore_session(self, section_id: str | None = None) -> None:
        """Reopen where the user left off: window, section and scroll position."""
        geometry, state = self.settings.geometry(), self.settings.state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        else:  # first start: most of the width for reading, a third at most for the contents
            self._fit_contents_until = time.monotonic() + 1.0  # a window manager maximising it at once
            self._fit_contents()
        # Size the reader now, not at show(): a page laid out at the hidden widget's default
        # width, then again at the real one, would double the work of the first paint.
        self.layout().activate()
        if section_id:
            if not self.open_section(section_id):
                self.go_home()
            return
        last, fraction = self.settings.last_section, self.settings.last_scroll
        if last and (self.library.has_section(last) or last == GLOSSARY_PAGE) and self.open_section(last):
            self.reader.restore_scroll_fraction(fraction)
        else:
            self.go_home()

    def _fit_contents(self) -> None:
        """Whole section titles where the window allows, a third of its width at most."""
        width = min(self.contents.preferred_width(), self.width() // 3)
        self.resizeDocks([self.contents_dock], [width], Qt.Orientation.Horizontal)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if time.monotonic() < self._fit_contents_until:
            self._fit_contents()

    def event(self, event) -> bool:
        # The tab bars Qt makes under tabbed docks shorten their labels ("Se…") when short of
        # room: keep them whole and scroll instead (issue 13, at 200 % text size).
        if event.type() == QEvent.Type.ChildPolished and isinstance(event.child(), QTabBar):
            event.child().setElideMode(Qt.TextElideMode.ElideNone)
            event.child().setUsesScrollButtons(True)
        return super().event(event)

    def save_session(self) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        if self.reader.current_section:
            self.settings.save_position(self.reader.current_section, self.reader.scroll_fraction())
        self.settings.theme = self.current_theme
        self.settings.zoom = self.reader.zoom()
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_session()
        self.library_actions.shutdown()
        self.search_service.shutdown()
        super().closeEvent(event)

    def set_theme(self, theme_id: str) -> None:
        theme = themes.theme(theme_id)
        self.current_theme = theme.id
        app = QApplication.instance()
        if isinstance(app, QApplication):
            themes.apply(app, theme)
        self.reader.set_css(themes.reader_css(theme), QColor(theme.search_hit), QColor(theme.search_current))
        self.contents.set_accent(theme.accent)
        if self.timeline_dock.is_built:
            self._colour_timeline(self.timeline, theme)
        self.theme_actions[theme.id].setChecked(True)
        self.settings.theme = theme.id
        self.theme_changed.emit(theme.id)

    @staticmethod
    def _colour_timeline(panel, theme: themes.Theme) -> None:
        panel.set_colours(theme.text, theme.muted, theme.base, theme.accent, theme.id == "high-contrast")

    def say(self, message: str, timeout_ms: int = 4000) -> None:
        """A status-bar message that a screen reader also speaks (app/ui/announce.py)."""
        self.statusBar().showMessage(message, timeout_ms)
        announce(self.statusBar(), message)

    def set_zoom(self, steps: int) -> None:
        self.reader.set_zoom(steps)
        self.settings.zoom = self.reader.zoom()
        # Not "Text size": that is View › Text size, shown as a percentage beside it in the status bar.
        self.say(f"Page zoom {self.reader.zoom():+d} (the page only; Ctrl+0 resets it)", 3000)

    def _on_section_shown(self, section_id: str, anchor: str) -> None:
        self.contents.select_section(section_id, anchor)
        if self.timeline_dock.is_built:
            self.timeline.follow_section(section_id)
        if not self.bookmarks_dock.is_built:
            self._shown_before_bookmarks.append((section_id, anchor))
        is_section = self.library.has_section(section_id)  # the guide's, or a library document's
        title = self.library.section(section_id).title if is_section else "Glossary and abbreviations"
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.cite_action.setEnabled(is_section)
        self.settings.save_position(section_id, 0.0)

    # -- bookmarks (app/ui/bookmarks_panel.py does the work) ---------------------------------------
    def bookmark_current(self, _checked: bool = False, anchor: str | None = None) -> None:
        """Ctrl+D: bookmark (or edit the bookmark of) the section, at the heading now at the top."""
        sid = self.reader.current_section
        if anchor is None:
            anchor = self.reader.current_anchor or heading_at(self.reader, self.reader.viewport().rect().topLeft())
        self.bookmarks.add_or_edit(sid, anchor)
        self._on_bookmarked_changed(self.bookmarks.is_bookmarked(sid))

    def show_bookmarks(self) -> None:
        panel = self.bookmarks_dock.show_panel()
        panel.show_bookmarks_tab()

    def _on_bookmarked_changed(self, bookmarked: bool) -> None:
        self.bookmark_action.setChecked(bookmarked)
        self.bookmark_action.setText("★ &Bookmarked" if bookmarked else "☆ &Bookmark")
        self.bookmark_action.setEnabled(self.library.has_section(self.reader.current_section))

    def _contents_menu(self, sid: str, anchor: str, where) -> None:
        if not sid or not self.library.has_section(sid):
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_section(sid, anchor))
        menu.addAction("Bookmark this heading…" if anchor else "Bookmark this section…",
                       lambda: self.bookmarks.add_or_edit(sid, anchor))
        menu.popup(where)
        self._context = menu

    def _reader_menu(self, pos) -> None:
        menu = self.reader.createStandardContextMenu(pos)
        sid = self.reader.current_section
        if self.library.has_section(sid):
            anchor = heading_at(self.reader, pos)
            menu.addSeparator()
            menu.addAction("Bookmark this heading…" if anchor else "Bookmark this section…",
                           lambda: self.bookmark_current(anchor=anchor))
            if is_document_key(sid):
                menu.addAction("Copy citation of this paragraph", lambda: self.copy_citation(anchor=anchor))
        menu.popup(self.reader.viewport().mapToGlobal(pos))
        self._context = menu

    def _on_history_changed(self, can_back: bool, can_forward: bool) -> None:
        self.back_action.setEnabled(can_back)
        self.forward_action.setEnabled(can_forward)

    def _on_missing_section(self, section_id: str) -> None:
        self.say(f"There is no section called “{section_id}” in this guide.", 8000)

    def copy_citation(self, _checked: bool = False, anchor: str | None = None) -> str:
        """A citation of the section (for a library document: of the paragraph at the top of the
        page, or `anchor`) on the clipboard."""
        sid = self.reader.current_section
        if not self.library.has_section(sid):
            return ""
        if anchor is None:
            anchor = self.reader.current_anchor
            if is_document_key(sid):  # the paragraph on the first line of the page
                top = QPoint(self.reader.viewport().width() // 2, self.reader.fontMetrics().height())
                anchor = heading_at(self.reader, top) or anchor
        text = self.library.citation(sid, anchor)
        QApplication.clipboard().setText(text)
        self.say("Citation copied: paste it into your notes.", 4000)
        return text

    def _printable(self):
        """Paper is white: print in the light theme whatever the screen uses."""
        return self.reader.printable_document(themes.reader_css(themes.THEMES["light"]))

    def export_pdf(self, path: Path) -> int:
        """Save the section as a PDF, the stamp on every page; returns the number of pages."""
        from PySide6.QtPrintSupport import QPrinter

        from app.ui.printing import new_printer, print_document

        printer = new_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setDocName(self.windowTitle())
        return print_document(self._printable(), printer, print_footer(self.guide))

    def export_pdf_dialog(self) -> None:
        default = f"{self.reader.current_section or 'section'}.pdf"
        from app.ui import plain  # dialogs: imported when first used
        from app.ui.file_dialogs import save_file_name

        name = save_file_name(self, "Export as PDF", default, "PDF files (*.pdf)")
        if not name:
            return
        try:
            self.export_pdf(Path(name))
        except OSError as exc:
            plain.warn(self, "Could not save the PDF", f"The PDF could not be saved:\n{exc}")
            return
        self.say(f"Saved the PDF as {name}", 5000)

    def print_section(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        from app.ui.printing import new_printer, print_document

        printer = new_printer(f"{self.reader.current_section or 'section'}.pdf")
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_document(self._printable(), printer, print_footer(self.guide))

    def print_preview(self) -> None:
        from app.ui.printing import preview

        self._preview = preview(self, self._printable(), print_footer(self.guide), self.windowTitle())

    def open_official(self) -> None:
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl(self.guide.official_url))

    def show_shortcuts(self) -> None:
        from app.ui.shortcuts_dialog import ShortcutsDialog

        menu_order = [a for menu in (self.file_menu, self.go_menu, self.view_menu, self.bookmarks_menu,
                                     self.tools_menu, self.help_menu) for a in menu.actions()]
        rest = [a for a in self.actions() if a not in menu_order]
        self._shortcuts = ShortcutsDialog(menu_order + rest, self)
        self._shortcuts.open()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            f"<p>A practitioner's guide to <i>Working Together to Safeguard Children</i> (England), "
            f"written in our own words. It is not the statutory guidance.</p>"
            f"<p>Guide content version {self.guide.content_version}, covering the "
            f"{self.guide.current_edition} edition. The official guidance is on GOV.UK:<br/>"
            f"{self.guide.official_url} (needs internet)</p>"
            f"<p>This app works offline, sends nothing over the network and stores no details of any child.</p>",
        )


class MouseNavigationFilter(QObject):
    """Mouse back/forward buttons anywhere in a reader window move through its history.

    One filter serves the whole application (see install), whatever the number of windows.
    """

    @classmethod
    def install(cls, app: QApplication) -> None:
        if app.property("wt_mouse_navigation"):
            return
        app.installEventFilter(cls(app))
        app.setProperty("wt_mouse_navigation", True)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.MouseButtonPress:
            return False
        button = event.button()
        if button not in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
            return False
        window = obj.window() if isinstance(obj, QWidget) else None
        if not isinstance(window, MainWindow):
            return False
        if button == Qt.MouseButton.BackButton:
            window.reader.go_back()
        else:
            window.reader.go_forward()
        return True
