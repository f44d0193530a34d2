"""A panel's title bar: its name in the dock-title font, and float and close buttons that are at
least 24 px square at every text size (WCAG 2.2 2.5.8, target size; Qt's own are 18 × 14 px and
do not grow with View › Text size).

Dragging the title moves or docks the panel and a double click floats it, as with Qt's own
title bar: the label and the bar ignore the mouse, so the dock widget handles it. The buttons
take no keyboard focus, as Qt's do not: View › Panels and the panels' shortcuts do the same.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QDockWidget, QHBoxLayout, QLabel, QToolButton, QWidget

MIN_TARGET = 24  # px, WCAG 2.2 2.5.8


class DockTitle(QWidget):
    def __init__(self, dock: QDockWidget) -> None:
        super().__init__(dock)
        self.setObjectName(f"{dock.objectName()}-title")
        self.dock = dock
        self.label = QLabel(dock.windowTitle(), self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.float_button = self._button("Float or dock the panel")
        self.close_button = self._button("Close the panel")
        self.float_button.clicked.connect(lambda: dock.setFloating(not dock.isFloating()))
        self.close_button.clicked.connect(dock.close)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 1, 1)
        layout.setSpacing(2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.float_button)
        layout.addWidget(self.close_button)
        dock.windowTitleChanged.connect(self.label.setText)
        self._fit()

    def _button(self, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(name)
        button.setToolTip(name)
        return button

    def _fit(self) -> None:
        """The title in the dock-title font of the moment (View › Text size sets it), and buttons
        as tall as that text, never under MIN_TARGET."""
        font = QApplication.font("QDockWidgetTitle")
        self.label.setFont(font)
        side = max(MIN_TARGET, QFontMetrics(font).height() + 6)
        icon = side * 2 // 3
        colour = self.palette().color(self.foregroundRole())
        for button, draw in ((self.float_button, _draw_float), (self.close_button, _draw_close)):
            button.setFixedSize(side, side)
            button.setIconSize(QSize(icon, icon))
            button.setIcon(_icon(draw, icon, colour, self.devicePixelRatioF()))

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ApplicationFontChange,
                            QEvent.Type.PaletteChange):
            self._fit()
        return super().event(event)


def _icon(draw, size: int, colour, ratio: float) -> QIcon:
    """The buttons' marks drawn in the title's own text colour (so they keep its contrast in every
    theme) and at the size of the moment; the style's standard icons would need QStyle wrapped for
    Python, which costs the start-up some milliseconds."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, max(1.5, size / 10)))
    draw(painter, size)
    painter.end()
    return QIcon(pixmap)


def _draw_close(painter: QPainter, size: int) -> None:
    m = size * 0.22
    painter.drawLine(QPointF(m, m), QPointF(size - m, size - m))
    painter.drawLine(QPointF(size - m, m), QPointF(m, size - m))


def _draw_float(painter: QPainter, size: int) -> None:
    """Two overlapping windows: float the panel (or dock it again)."""
    m, w = size * 0.16, size * 0.5
    painter.drawRect(QRectF(m + size * 0.2, m, w, w))
    painter.drawRect(QRectF(m, m + size * 0.2, w, w))


def give_title_bar(dock: QDockWidget) -> DockTitle:
    title = DockTitle(dock)
    dock.setTitleBarWidget(title)
    return title
