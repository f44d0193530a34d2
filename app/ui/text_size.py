"""Text size for the whole interface: menus, panels, tooltips, dialogs and the page together.

The page's own zoom (Ctrl + / Ctrl −) only enlarges the page; "Text size" (View menu and the
status bar button) scales every font in the application from the system's size, so someone
who needs 200 % gets it everywhere. Layouts follow the fonts: nothing in the window has a
fixed text height (docs/ARCHITECTURE.md, accessibility rules).
"""
from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QFont
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QToolButton, QToolTip

from app.ui.settings import TEXT_SIZE

SIZES = (100, 125, 150, 175, 200)
SETTING = TEXT_SIZE  # declared with the other settings in app/ui/settings.py
BASE_PROPERTY = "wt_base_point"  # the system font size (100 %), read once


def saved_percent(settings) -> int:
    try:
        percent = int(settings.value(SETTING, 100) or 100)
    except (TypeError, ValueError):
        percent = 100
    return percent if percent in SIZES else 100


# Widgets the platform gives a font of their own (dock titles, menus, tooltips, ...).
CLASS_FONTS = ("QDockWidgetTitle", "QMdiSubWindowTitleBar", "QTipLabel", "QMenu", "QMenuBar", "QToolButton",
               "QMessageBox", "QHeaderView", "QStatusBar", "QLabel", "QComboMenuItem", "QSmallFont", "QMiniFont")
_class_bases: dict[str, float] = {}


def apply(percent: int) -> float:
    """Scale the application font to `percent` of the system size; the new point size."""
    app = QApplication.instance()
    base = app.property(BASE_PROPERTY)
    if not base:
        base = app.font().pointSizeF()
        app.setProperty(BASE_PROPERTY, base)
        _class_bases.update({name: QApplication.font(name).pointSizeF() for name in CLASS_FONTS})
    point = float(base) * percent / 100
    font = app.font()
    if abs(font.pointSizeF() - point) > 0.01:
        font.setPointSizeF(point)
        app.setFont(font)
        for name, class_base in _class_bases.items():
            class_font = QApplication.font(name)
            class_font.setPointSizeF(class_base * percent / 100)
            QApplication.setFont(class_font, name)
        QToolTip.setFont(font)
        sheet = app.styleSheet()
        if sheet:  # widgets polished under a style sheet keep their old font until re-polished
            app.setStyleSheet("")
            app.setStyleSheet(sheet)
    return point


def title_follows_text_size(dock: QDockWidget) -> None:
    """A QDockWidget paints its title in the dock-title font of the moment it was made ("Search"
    stayed small at 200 %), unless its own font differs from the font for docks: then it paints
    in its own, which follows the text size. Differ in a way nobody sees and that changes no size:
    only what is set here passes on to the panel inside."""
    font = QFont()
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    dock.setFont(font)


def install(window) -> None:
    """The View › Text size menu and the status bar button, at the saved size."""
    group = QActionGroup(window)
    window.text_size_actions = {}
    menu = QMenu("Text si&ze", window)
    for percent in SIZES:
        action = QAction(f"{percent} %", window, checkable=True)
        action.setStatusTip(f"Show all text in the app at {percent} % of the usual size")
        action.triggered.connect(lambda _c=False, p=percent: set_percent(window, p))
        group.addAction(action)
        menu.addAction(action)
        window.text_size_actions[percent] = action
    window.view_menu.insertMenu(window.view_menu.actions()[0], menu)
    window.text_size_menu = menu
    button = QToolButton(window)
    button.setObjectName("text-size-button")
    button.setAutoRaise(True)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setMenu(menu)
    button.setToolTip("Text size for the whole app")
    window.statusBar().addPermanentWidget(button)
    window.text_size_button = button
    for dock in window.findChildren(QDockWidget):
        title_follows_text_size(dock)
    set_percent(window, saved_percent(window.settings), announce_it=False)


def set_percent(window, percent: int, announce_it: bool = True) -> None:
    point = apply(percent)
    window.reader.set_base_point(point)
    window.text_size_actions[percent].setChecked(True)
    window.text_size_button.setText(f"Text size {percent} %")
    window.text_size_button.setAccessibleName(f"Text size {percent} %")
    window.settings.set_value(SETTING, percent)
    window.text_size = percent
    if announce_it:
        window.say(f"Text size {percent} %", 3000)
