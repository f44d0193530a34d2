"""A date typed the way a case record writes it (24/12/2026), or picked from a calendar.

QDateEdit edits one section at a time: digits typed over a selected date, as someone copying a
referral date types them, were thrown away or landed in the year ("02/12/8122"). Here the text is
free; a whole date (day/month/year, with /, ., - or spaces; a two-digit year is 20xx; "24 Dec
2026" too) is taken at once, anything else is said plainly and the last good date kept.
Up and Down move a day, Page Up and Page Down a month.
"""
from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QPushButton, QWidget, QWidgetAction

FORMAT = "dd/MM/yyyy"
_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4}|\d{2})\s*$")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"), 1)}
_WORDS = re.compile(r"^\s*(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\s*$")


def parse(text: str) -> dt.date | None:
    """The date in `text` (day first, as in England), or None."""
    text = text.strip().lower()
    m = _NUMERIC.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if year < 100:
            year += 2000
    else:
        m = _WORDS.match(text)
        if not m or m.group(2)[:3] not in _MONTHS:
            return None
        day, month, year = int(m.group(1)), _MONTHS[m.group(2)[:3]], int(m.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class DateField(QWidget):
    """date(), setDate(QDate) and dateChanged(QDate), like QDateEdit."""

    dateChanged = Signal(QDate)  # noqa: N815 (Qt's name)
    invalid = Signal(str)  # the text that is not a date, "" once it is one again

    def __init__(self, date: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = QDate(date)
        self.edit = QLineEdit(date.toString(FORMAT))
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.calendar_button = QPushButton("Calendar…")  # a tool button's menu arrow covered its text
        self.calendar_button.setAccessibleName("Pick the date from a calendar")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        menu = QMenu(self.calendar_button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(lambda: self.calendar.setSelectedDate(self._date))
        self.calendar.clicked.connect(lambda d: (self.setDate(d), menu.hide()))
        self.calendar.activated.connect(lambda d: (self.setDate(d), menu.hide()))
        self.calendar_menu = menu
        self.calendar_button.clicked.connect(
            lambda: menu.popup(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft())))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.edit.installEventFilter(self)

    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, date: QDate) -> None:  # noqa: N802 (Qt's name)
        if not date.isValid():
            return
        if not self.edit.hasFocus() or parse(self.edit.text()) != _py(date):
            self.edit.setText(date.toString(FORMAT))
        self.invalid.emit("")
        if date != self._date:
            self._date = QDate(date)
            self.dateChanged.emit(QDate(date))

    def setFocus(self, *reason) -> None:  # noqa: N802 - not a focus proxy: Qt's Tab then skipped the text
        self.edit.setFocus(*reason)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def setToolTip(self, tip: str) -> None:  # noqa: N802
        super().setToolTip(tip)
        self.edit.setToolTip(tip)

    def _typed(self, text: str) -> None:
        found = parse(text)
        # While typing, only a four-digit year is whole: "1/1/20" is on its way to 2027, not 2020.
        if found is not None and re.search(r"\d{4}\s*$", text):
            self.setDate(QDate(found.year, found.month, found.day))

    def _finished(self) -> None:
        found = parse(self.edit.text())
        if found is None:
            self.invalid.emit(self.edit.text())
        else:
            self.setDate(QDate(found.year, found.month, found.day))
            self.edit.setText(self._date.toString(FORMAT))  # "24.12.26" shown as 24/12/2026

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.edit and event.type() == event.Type.KeyPress:
            step = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0),
                    Qt.Key.Key_PageUp: (0, 1), Qt.Key.Key_PageDown: (0, -1)}.get(event.key())
            if step:
                days, months = step
                self.setDate(self._date.addDays(days).addMonths(months))
                self.edit.setText(self._date.toString(FORMAT))
                return True
        return super().eventFilter(obj, event)


def _py(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())
