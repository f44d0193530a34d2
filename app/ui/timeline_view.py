"""A drawn time axis of the guidance's history: one lane per kind of event, told apart by
shape and lane label as well as colour. Keyboard: Left/Right (or Up/Down) move between events,
Home/End jump to the ends, Enter opens the selected event's section."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.guide import TimelineEvent

KIND_LANES = ("edition", "inquiry", "review", "legislation", "other")
KIND_LABELS = {
    "edition": "Editions",
    "inquiry": "Inquiries",
    "review": "Reviews",
    "legislation": "Laws",
    "other": "Other",
}
KIND_SHAPES = {"edition": "square", "inquiry": "circle", "review": "diamond", "legislation": "triangle",
               "other": "ring"}
KIND_COLOURS = {  # Okabe–Ito colours: distinguishable with common colour-vision differences
    "edition": "#0072b2",
    "inquiry": "#d55e00",
    "review": "#009e73",
    "legislation": "#cc79a7",
    "other": "#8a8a8a",
}
# Geometry follows the font (the interface's text size can be 200 %): these are the sizes at
# the usual font, grown with it (_lane_height, _gutter, _axis_space).
LANE_HEIGHT = 30
LEFT_GUTTER = 88
AXIS_SPACE = 34


def shape_path(shape: str, centre: QPointF, r: float) -> QPainterPath:
    path = QPainterPath()
    x, y = centre.x(), centre.y()
    if shape == "square":
        path.addRect(QRectF(x - r, y - r, 2 * r, 2 * r))
    elif shape == "circle":
        path.addEllipse(centre, r, r)
    elif shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(x, y - r * 1.25), QPointF(x + r * 1.25, y), QPointF(x, y + r * 1.25),
                                   QPointF(x - r * 1.25, y)]))
        path.closeSubpath()
    elif shape == "triangle":
        path.addPolygon(QPolygonF([QPointF(x, y - r * 1.2), QPointF(x + r * 1.2, y + r), QPointF(x - r * 1.2, y + r)]))
        path.closeSubpath()
    else:
        path.addEllipse(centre, r, r)
        path.addEllipse(centre, r * 0.45, r * 0.45)
    return path


class TimelineView(QWidget):
    """Signals: current_changed(index), activated(index)."""

    current_changed = Signal(int)
    activated = Signal(int)

    def __init__(self, current_edition: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline-view")
        self.setAccessibleName("Timeline of the guidance")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.current_edition = current_edition
        self._events: list[TimelineEvent] = []
        self._current = -1
        self._colours = {"text": "#1d1d1b", "muted": "#5b5b57", "base": "#ffffff", "accent": "#1d70b8"}
        self._high_contrast = False

    # -- data -------------------------------------------------------------------------------------
    def set_events(self, events: list[TimelineEvent]) -> None:
        keep = self._events[self._current].id if 0 <= self._current < len(self._events) else None
        self._events = list(events)
        ids = [e.id for e in self._events]
        self._current = ids.index(keep) if keep in ids else (0 if self._events else -1)
        self._announce()
        self.update()

    def events(self) -> list[TimelineEvent]:
        return list(self._events)

    def current_index(self) -> int:
        return self._current

    def current_event(self) -> TimelineEvent | None:
        return self._events[self._current] if 0 <= self._current < len(self._events) else None

    def set_current(self, index: int, notify: bool = True) -> None:
        if not self._events:
            return
        index = max(0, min(len(self._events) - 1, index))
        if index == self._current:
            return
        self._current = index
        self._announce()
        self.update()
        if notify:
            self.current_changed.emit(index)

    def set_colours(self, text: str, muted: str, base: str, accent: str, high_contrast: bool) -> None:
        self._colours = {"text": text, "muted": muted, "base": base, "accent": accent}
        self._high_contrast = high_contrast
        self.update()

    def _announce(self) -> None:
        event = self.current_event()
        if event is None:
            self.setAccessibleDescription("No events match the filter")
            return
        self.setAccessibleDescription(
            f"{event.date_label}, {KIND_LABELS[event.kind].rstrip('s').lower()}: {event.title}. "
            f"Event {self._current + 1} of {len(self._events)}. Press Enter to open it in the guide.")

    # -- geometry -----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(760, 22 + len(KIND_LANES) * self._lane_height() + self._axis_space() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, self.sizeHint().height())

    def _year_range(self) -> tuple[float, float]:
        if not self._events:
            return 1999.0, 2027.0
        first = min(e.date.year for e in self._events)
        last = max(e.date.year for e in self._events)
        return float(first - 1), float(last + 2)

    def _x_for(self, event: TimelineEvent) -> float:
        start, end = self._year_range()
        year = event.date.year + (event.date.timetuple().tm_yday - 1) / 366
        width = self.width() - self._gutter() - 16
        return self._gutter() + (year - start) / (end - start) * width

    def _y_for(self, kind: str) -> float:
        lane = self._lane_height()
        return 22 + KIND_LANES.index(kind if kind in KIND_LANES else "other") * lane + lane / 2

    def _lane_height(self) -> int:
        return max(LANE_HEIGHT, round(self.fontMetrics().height() * 1.7))

    def _gutter(self) -> int:
        widest = max(self.fontMetrics().horizontalAdvance(label) for label in KIND_LABELS.values())
        return max(LEFT_GUTTER, widest + 34)

    def _axis_space(self) -> int:
        return max(AXIS_SPACE, self.fontMetrics().height() + 16)

    def event_centre(self, index: int) -> QPointF:
        event = self._events[index]
        return QPointF(self._x_for(event), self._y_for(event.kind))

    def _index_at(self, pos: QPointF) -> int:
        best, best_d = -1, 14.0 ** 2
        for i in range(len(self._events)):
            c = self.event_centre(i)
            d = (c.x() - pos.x()) ** 2 + (c.y() - pos.y()) ** 2
            if d < best_d:
                best, best_d = i, d
        return best

    # -- painting -----------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text, muted, accent = QColor(self._colours["text"]), QColor(self._colours["muted"]), QColor(self._colours["accent"])
        font = QFont(self.font())
        p.setFont(font)
        fm = QFontMetrics(font)
        axis_y = 22 + len(KIND_LANES) * self._lane_height() + 4
        gutter = self._gutter()
        # lanes and their labels
        for kind in KIND_LANES:
            y = self._y_for(kind)
            p.setPen(QPen(muted, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(gutter - 6, y), QPointF(self.width() - 8, y))
            self._draw_shape(p, kind, QPointF(10, y), 5, selected=False)
            p.setPen(text)
            p.drawText(QRectF(20, y - fm.height() / 2, gutter - 26, fm.height()),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, KIND_LABELS[kind])
        # the axis with year marks every 5 years, small ticks each year
        start, end = self._year_range()
        p.setPen(QPen(text, 1.5))
        p.drawLine(QPointF(gutter, axis_y), QPointF(self.width() - 8, axis_y))
        width = self.width() - gutter - 16
        step = 5 if width / max(1.0, end - start) < max(40, fm.horizontalAdvance("2000") * 1.3) else 1
        for year in range(int(start) + 1, int(end) + 1):
            x = gutter + (year - start) / (end - start) * width
            major = year % step == 0 if step > 1 else True
            p.drawLine(QPointF(x, axis_y), QPointF(x, axis_y + (6 if major else 3)))
            if major and (step > 1 or year % 2 == 0 or width / (end - start) > 60):
                label = str(year)
                p.drawText(QRectF(x - 30, axis_y + 7, 60, fm.height()), Qt.AlignmentFlag.AlignHCenter, label)
        # events; an edition's year above it unless it would overlap a label already drawn
        # (the current edition's first: it is always labelled)
        order = sorted(range(len(self._events)), key=lambda i: not (
            self._events[i].kind == "edition" and self._events[i].date.year == self.current_edition))
        drawn: list[QRectF] = []
        for i in order:
            event = self._events[i]
            c = self.event_centre(i)
            is_current_edition = event.kind == "edition" and event.date.year == self.current_edition
            self._draw_shape(p, event.kind, c, 8 if event.kind == "edition" else 6.5, selected=i == self._current,
                             emphasis=is_current_edition)
            if event.kind == "edition":
                label = str(event.date.year)
                spot = QRectF(c.x() - fm.horizontalAdvance(label + " ★") / 2 - 4, c.y() - 8 - fm.height() - 2,
                              fm.horizontalAdvance(label + " ★") + 8, fm.height())
                if any(spot.intersects(other) for other in drawn):
                    continue
                drawn.append(spot)
                bold = QFont(font)
                if is_current_edition:
                    label += " ★"  # current edition: bold, star, larger marker (not colour alone)
                    bold.setBold(True)
                p.setFont(bold)
                p.setPen(accent if is_current_edition else text)
                width = fm.horizontalAdvance(label) + 12
                p.drawText(QRectF(c.x() - width / 2, c.y() - 8 - fm.height() - 2, width, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter, label)
                p.setFont(font)
        # focus ring around the selected event, always visible for keyboard users
        if 0 <= self._current < len(self._events):
            c = self.event_centre(self._current)
            p.setPen(QPen(accent, 2.5 if not self._high_contrast else 3.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(c, 14, 14)
            if self.hasFocus():  # the focus mark: solid, as wide as the widgets' focus borders
                p.setPen(QPen(accent, 2 if not self._high_contrast else 3))
                p.drawRect(QRectF(1, 1, self.width() - 2, self.height() - 2))
        p.end()

    def _draw_shape(self, p: QPainter, kind: str, centre: QPointF, r: float, selected: bool,
                    emphasis: bool = False) -> None:
        colour = QColor(KIND_COLOURS.get(kind, KIND_COLOURS["other"]))
        if self._high_contrast:
            colour = QColor(self._colours["text"])
        path = shape_path(KIND_SHAPES.get(kind, "ring"), centre, r * (1.25 if emphasis else 1.0))
        p.setPen(QPen(QColor(self._colours["base"]) if not self._high_contrast else colour, 1.2))
        p.setBrush(colour)
        p.drawPath(path)

    # -- input --------------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.set_current(self._current + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.set_current(self._current - 1)
        elif key == Qt.Key.Key_Home:
            self.set_current(0)
        elif key == Qt.Key.Key_End:
            self.set_current(len(self._events) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._current >= 0:
                self.activated.emit(self._current)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        index = self._index_at(event.position())
        if index >= 0:
            self.set_current(index)
        self.setFocus()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        index = self._index_at(event.position())
        if index >= 0:
            self.activated.emit(index)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        index = self._index_at(event.position())
        if index >= 0:
            e = self._events[index]
            QToolTip.showText(event.globalPosition().toPoint(), f"{e.date_label} — {e.title}", self)
        else:
            QToolTip.hideText()

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()
