"""A panel's title bar: its name in the dock-title font, and float and close buttons that are at
least 24 px square at every text size (WCAG 2.2 2.5.8, target size; Qt's own are 18 × 14 px and
do not grow with View › Text size).

Dragging the title moves or docks the panel and a double click floats it, as with Qt's own
title bar: the label and the bar ignore the mouse, so the dock widget handles it. The buttons
take no keyboard focus, as Qt's do not: View › Panels and the panels' shortcuts do the same.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QDockWidget, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

MIN_TARGET = 24  # px, WCAG 2.2 2.5.8


class DockTitle(QWidget):
    def __init__(self, dock: QDockWidget) -> None:
        super().__init__(dock)
        self.setObjectName(f"{dock.objectName()}-title")
        self.dock = dock
        self.label = QLabel(dock.windowTitle(), self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.float_button = self._button(QStyle.StandardPixmap.SP_TitleBarNormalButton, "Float or dock the panel")
        self.close_button = self._button(QStyle.StandardPixmap.SP_TitleBarCloseButton, "Close the panel")
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

    def _button(self, icon: QStyle.StandardPixmap, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(icon))
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
        for button in (self.float_button, self.close_button):
            button.setFixedSize(side, side)
            button.setIconSize(QSize(side * 2 // 3, side * 2 // 3))

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ApplicationFontChange):
            self._fit()
        return super().event(event)


def give_title_bar(dock: QDockWidget) -> DockTitle:
    title = DockTitle(dock)
    dock.setTitleBarWidget(title)
    return title
