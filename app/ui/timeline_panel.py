"""The timeline panel: the guidance through time, and a case's timescales as dates."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.guide import Guide
from app.guide.timescales import Plan, TimescaleError, format_date, holidays_text, plan, starting_points
from app.ui import plain
from app.ui.date_field import DateField
from app.ui.timeline_view import KIND_LABELS, KIND_LANES, KIND_SHAPES, TimelineView

SHAPE_GLYPHS = {"square": "■", "circle": "●", "diamond": "◆", "triangle": "▲", "ring": "◎"}
NOTICE = ("Local procedures may set shorter timescales: check your safeguarding partnership's procedures. "
          "Nothing you choose here is saved; this app stores no details of any child.")


class HistoryTab(QWidget):
    """Signals: open_requested(section_id, anchor)."""

    open_requested = Signal(str, str)

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.view = TimelineView(guide.current_edition)
        self.filters: dict[str, QCheckBox] = {}
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("Show:"))
        for kind in KIND_LANES:
            box = QCheckBox(f"{SHAPE_GLYPHS[KIND_SHAPES[kind]]} {KIND_LABELS[kind]}")
            box.setChecked(True)
            box.setAccessibleName(f"Show {KIND_LABELS[kind].lower()}")
            box.toggled.connect(self._apply_filter)
            self.filters[kind] = box
            filter_row.addWidget(box)
        filter_row.addStretch(1)
        filter_row.addWidget(QLabel("★ current edition"))
        self.list = QListWidget()
        self.list.setAccessibleName("Timeline events")
        # Long titles wrap onto a second line rather than needing a sideways scrollbar.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details = QLabel()
        self.details.setObjectName("timeline-details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.setAccessibleDescription("Selected event")
        self.open_button = QPushButton("&Open in guide")
        self.open_button.setAccessibleName("Open the selected event in the guide")
        self.chart = QScrollArea()
        self.chart.setObjectName("timeline-chart")
        self.chart.setWidget(self.view)
        self.chart.setWidgetResizable(True)
        self.chart.setFrameShape(QScrollArea.Shape.NoFrame)
        self.chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The details scroll on their own, the Open button pinned under them: whatever the text
        # size, choosing an event shows its title and the button without scrolling the panel.
        self.details_scroller = QScrollArea()
        self.details_scroller.setWidget(self.details)
        self.details_scroller.setWidgetResizable(True)
        self.details_scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.details_scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details_scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_pane = QWidget()
        side = QVBoxLayout(details_pane)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.details_scroller, 1)
        side.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Chart, list and details side by side when the panel is wide (docked under the page,
        # where height is short), one above another when it is tall (floating, or docked at a side).
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("timeline-splitter")
        self.splitter.setChildrenCollapsible(False)
        for pane, stretch in ((self.chart, 5), (self.list, 3), (details_pane, 3)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self._panes_sized_by_hand = False
        self.splitter.splitterMoved.connect(lambda _pos, _index: setattr(self, "_panes_sized_by_hand", True))
        layout = QVBoxLayout(self)
        layout.addLayout(filter_row)
        layout.addWidget(self.splitter, 1)
        self.view.current_changed.connect(self._on_view_current)
        self.view.activated.connect(lambda _i: self.open_current())
        self.list.currentRowChanged.connect(self._on_list_current)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.open_button.clicked.connect(self.open_current)
        self._apply_filter()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_orientation()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View › Text size
            self._fit_orientation()

    def _fit_orientation(self) -> None:
        """Stacked when the chart, a few list rows and the details all fit one above another;
        otherwise side by side, so a short dock under the page still shows the details."""
        line = self.fontMetrics().height()
        # Two lines of the list and of the details are enough: a short dock at 200 % text keeps
        # the panel from scrolling, so the Open button stays in sight.
        self.list.setMinimumHeight(2 * line + 8)
        self.details_scroller.setMinimumHeight(2 * line + 4)
        stacked = self.view.sizeHint().height() + 14 * line + self.open_button.sizeHint().height()
        wanted = (Qt.Orientation.Vertical if self.height() >= stacked or self.width() < 40 * line
                  else Qt.Orientation.Horizontal)
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            self._panes_sized_by_hand = False
        if self._panes_sized_by_hand:  # a handle the user dragged stays where they left it
            return
        if wanted == Qt.Orientation.Vertical:
            chart = self.view.sizeHint().height() + 8
            rest = max(0, self.splitter.height() - chart - 2 * self.splitter.handleWidth())
            self.splitter.setSizes([chart, rest * 3 // 5, rest - rest * 3 // 5])
        else:
            width = self.splitter.width() - 2 * self.splitter.handleWidth()
            self.splitter.setSizes([width * 48 // 100, width * 24 // 100, width * 28 // 100])

    def _apply_filter(self) -> None:
        kinds = {k for k, box in self.filters.items() if box.isChecked()}
        events = [e for e in self.guide.timeline if e.kind in kinds]
        self.view.set_events(events)
        self.list.blockSignals(True)
        self.list.clear()
        for event in events:
            current = " (current edition)" if event.kind == "edition" and event.date.year == self.guide.current_edition else ""
            item = QListWidgetItem(f"{SHAPE_GLYPHS[KIND_SHAPES[event.kind]]} {event.date_label} — {event.title}{current}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{event.date_label}, {KIND_LABELS[event.kind].rstrip('s').lower()}: {event.title}{current}")
            self.list.addItem(item)
        self.list.setCurrentRow(self.view.current_index())
        self.list.blockSignals(False)
        self._show_details()

    def _on_view_current(self, index: int) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(index)
        self.list.blockSignals(False)
        self._show_details()

    def _on_list_current(self, row: int) -> None:
        self.view.set_current(row, notify=False)
        self._show_details()

    def _show_details(self) -> None:
        event = self.view.current_event()
        if event is None:
            self.details.setText("<i>No events match the filter.</i>")
            self.open_button.setEnabled(False)
            return
        kind = KIND_LABELS[event.kind].rstrip("s")
        current = " · current edition" if event.kind == "edition" and event.date.year == self.guide.current_edition else ""
        self.details.setText(f"<b>{plain.html(event.title)}</b><br/><i>{plain.html(event.date_label)} · {kind}{current}</i>"
                             f"<br/>{plain.html(event.summary)}")
        self.open_button.setEnabled(any(s in self.guide.sections for s in event.sections))
        # A new event's details start at their title; its marker and list row are in sight.
        self.details_scroller.verticalScrollBar().setValue(0)
        centre = self.view.event_centre(self.view.current_index()).toPoint()
        self.chart.ensureVisible(centre.x(), centre.y(), 24, 24)
        if self.list.currentItem() is not None:
            self.list.scrollToItem(self.list.currentItem())

    def open_current(self) -> None:
        event = self.view.current_event()
        if event is None:
            return
        target = next((s for s in event.sections if s in self.guide.sections), None)
        if target:
            self.open_requested.emit(target, "")

    def follow_section(self, section_id: str) -> None:
        """Select the event the reader's section belongs to, without opening anything."""
        events = self.view.events()
        for i, event in enumerate(events):
            if event.sections and event.sections[0] == section_id:
                self.view.set_current(i, notify=False)
                self._on_view_current(i)
                return


class TimescalesTab(QWidget):
    """Signals: open_requested(section_id, anchor)."""

    open_requested = Signal(str, str)

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.plan: Plan | None = None
        self.start = QComboBox()
        self.start.setAccessibleName("Starting point")
        for step in starting_points(guide):
            self.start.addItem(step.name, step.id)
        # Typed as a case record writes it (24/12/2026): a QDateEdit threw such digits away
        # (app/ui/date_field.py). The weekday is shown beside it.
        self.date = DateField(QDate.currentDate())
        self.date.setAccessibleName("Date it happened")
        self.date.setToolTip("Type the date as day/month/year, e.g. 24/12/2026, or pick it from the calendar")
        self.weekday = QLabel()
        self.weekday.setObjectName("start-weekday")
        self.weekday.setTextFormat(Qt.TextFormat.PlainText)
        self.weekday.setAccessibleDescription("Day of the week")
        self.today_button = QPushButton("&Today")
        form = QFormLayout()
        form.addRow("&Starting point:", self.start)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date, 1)
        date_row.addWidget(self.weekday)
        date_row.addWidget(self.today_button)
        date_label = QLabel("&Date:")
        date_label.setBuddy(self.date.edit)
        form.addRow(date_label, date_row)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Due dates")
        self.table.setHeaderLabels(["Due", "Step", "Timescale", "Basis"])
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.header()
        header.setStretchLastSection(False)
        # Every column as wide as its text, the table scrolling sideways when the panel is narrower
        # (a data table may): at a large text size no step is cut to "R…".
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(col, mode)
        self.holidays = QLabel()
        self.holidays.setObjectName("bank-holidays-skipped")
        self.holidays.setWordWrap(True)
        self.holidays.setTextFormat(Qt.TextFormat.PlainText)
        self.holidays.setAccessibleDescription("Bank holidays skipped")  # the name is the text
        self.holidays.hide()
        # The selected step's note and the bank holidays it skipped: shown here, not only in a
        # tooltip, so the keyboard and a screen reader reach them.
        self.step_note = QLabel()
        self.step_note.setObjectName("timescale-note")
        self.step_note.setWordWrap(True)
        self.step_note.setTextFormat(Qt.TextFormat.PlainText)
        self.step_note.setAccessibleDescription("About the selected step")
        self.warnings = plain.label(QLabel())  # quotes timescale names, which packs can bring
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleDescription("Warnings")
        notice = QLabel(NOTICE)
        notice.setWordWrap(True)
        self.copy_button = QPushButton("&Copy as text")
        self.print_button = QPushButton("&Print…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.holidays)
        layout.addWidget(self.step_note)
        layout.addWidget(self.warnings)
        layout.addWidget(notice)
        layout.addLayout(buttons)
        self.start.currentIndexChanged.connect(lambda _i: self.recalculate())
        self.date.dateChanged.connect(lambda _d: self.recalculate())
        self.date.invalid.connect(self._not_a_date)
        self.today_button.clicked.connect(lambda: self.date.setDate(QDate.currentDate()))
        self.table.itemActivated.connect(self._open_item)
        self.table.currentItemChanged.connect(self._show_step_note)
        self.copy_button.clicked.connect(self.copy_text)
        self.print_button.clicked.connect(self.print_plan)
        self._calculated = False  # worked out when first shown, to keep start-up quick

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Moving the panel into its dock put the date's text and calendar button at the end of
        # the Tab chain (Tab went from the starting point to Today): put them back in place.
        QWidget.setTabOrder(self.start, self.date.edit)
        QWidget.setTabOrder(self.date.edit, self.date.calendar_button)
        QWidget.setTabOrder(self.date.calendar_button, self.today_button)
        if not self._calculated:
            self.recalculate()

    def selected_date(self) -> dt.date:
        q = self.date.date()
        return dt.date(q.year(), q.month(), q.day())

    def recalculate(self) -> None:
        self._calculated = True
        self.weekday.setText(f"{self.selected_date():%A}")
        self.table.clear()
        self.holidays.hide()
        step_id = self.start.currentData()
        if not step_id:
            self.warnings.setText("The guide has no timescales to work out.")
            return
        try:
            self.plan = plan(self.guide, step_id, self.selected_date())
        except TimescaleError as exc:
            self.plan = None
            self.warnings.setText(str(exc))
            return
        basis_words = {"must": "Must (law)", "should": "Should (guidance)", "local": "Local procedures"}
        for planned in self.plan.steps[1:]:
            indent = "    " * (planned.depth - 1)
            after = planned.counted_from.name.lower() if planned.counted_from else ""
            basis = (self.guide.local_timescales.get(planned.step.id)  # "local: …; national: …"
                     or basis_words.get(planned.step.basis or "", ""))
            item = QTreeWidgetItem([format_date(planned.date), f"{indent}{planned.step.name}",
                                    f"{planned.interval} after {after}", basis])
            tip = planned.step.note
            if planned.holidays_skipped:
                tip += ("\n" if tip else "") + holidays_text(planned.holidays_skipped)
            for col in range(4):
                item.setToolTip(col, plain.tooltip(tip or planned.step.name))
            item.setData(1, Qt.ItemDataRole.UserRole, f"{planned.step.name}: {tip}" if tip else "")
            item.setData(0, Qt.ItemDataRole.UserRole, planned.step.section)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                         f"{planned.step.name}: due {format_date(planned.date)}")
            self.table.addTopLevelItem(item)
        skipped = sorted({h for planned in self.plan.steps for h in planned.holidays_skipped})
        self.holidays.setText(holidays_text(skipped) + "." if skipped else "")
        self.holidays.setVisible(bool(skipped))
        self.warnings.setText(" ".join(self.plan.warnings))
        self.warnings.setVisible(bool(self.plan.warnings))
        if self.table.topLevelItemCount():
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self._show_step_note(self.table.currentItem())

    def _not_a_date(self, text: str) -> None:
        if text:
            self.weekday.setText(f"Not a date: type day/month/year. Showing {format_date(self.selected_date())}.")
        else:
            self.weekday.setText(f"{self.selected_date():%A}")

    def _show_step_note(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        note = str(item.data(1, Qt.ItemDataRole.UserRole) or "") if item is not None else ""
        self.step_note.setText(note)
        self.step_note.setVisible(bool(note))

    def _open_item(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        section = item.data(0, Qt.ItemDataRole.UserRole)
        if section in self.guide.sections:
            self.open_requested.emit(section, "")

    def text(self) -> str:
        return self.plan.as_text(self.guide) if self.plan else ""

    def copy_text(self) -> None:
        QApplication.clipboard().setText(self.text())

    def print_plan(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog

        from app.guide.render import print_footer
        from app.ui.printing import new_printer, print_document

        printer = new_printer("case-timescales.pdf")  # no case date in a file name
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setPlainText(self.text())
        print_document(doc, printer, print_footer(self.guide))


class TimelinePanel(QTabWidget):
    """Signals: open_requested(section_id, anchor)."""

    open_requested = Signal(str, str)

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline-panel")
        self.setAccessibleName("Timeline")
        self.history = HistoryTab(guide)
        self.timescales = TimescalesTab(guide)
        # Each tab scrolls rather than holding the window open: at a large text size the tabs
        # are taller than a 720-pixel screen has room for under the page.
        self._scrollers: dict[QWidget, QScrollArea] = {}
        for page, title in ((self.history, "&History"), (self.timescales, "Case &timescales")):
            scroller = QScrollArea()
            scroller.setWidget(page)
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QScrollArea.Shape.NoFrame)
            scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._scrollers[page] = scroller
            self.addTab(scroller, title)
        self.history.open_requested.connect(self.open_requested)
        self.timescales.open_requested.connect(self.open_requested)

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802
        super().setCurrentWidget(self._scrollers.get(widget, widget))

    def current_page(self) -> QWidget:
        current = self.currentWidget()
        return current.widget() if isinstance(current, QScrollArea) else current

    def set_colours(self, text: str, muted: str, base: str, accent: str, high_contrast: bool) -> None:
        self.history.view.set_colours(text, muted, base, accent, high_contrast)

    def follow_section(self, section_id: str) -> None:
        self.history.follow_section(section_id)

    def show_history(self) -> None:
        """The history tab in front, keyboard focus on the drawn timeline."""
        self.setCurrentWidget(self.history)
        self.history.view.setFocus()

    def show_timescales(self) -> None:
        """The case timescales tab in front, keyboard focus on its starting point."""
        self.setCurrentWidget(self.timescales)
        self.timescales.start.setFocus()
