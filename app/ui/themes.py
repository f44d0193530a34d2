"""Light, dark and high-contrast themes: a Qt palette for the widgets and colours for the page."""
from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app import paths


class Theme(NamedTuple):
    id: str
    name: str
    window: str
    base: str
    text: str
    muted: str
    link: str
    accent: str
    highlight: str
    highlight_text: str
    button: str
    box: str
    boxborder: str
    rule: str
    search_hit: str
    search_current: str  # also shaped differently (HIT_MARK): never told apart by colour alone
    disabled: str  # text of disabled controls: readable, but plainly not the enabled colour


# WCAG 2.2 AA, checked by tests/ui/test_contrast.py: text 4.5:1 on every background it is drawn
# on; focus mark, borders, table rules, scroll bar handles and the current hit 3:1; every hit's
# underline 3:1 on the hit, and every hit 3:1 against the page by its underline or its background.
THEMES: dict[str, Theme] = {
    "light": Theme("light", "Light", "#f3f3f1", "#ffffff", "#1d1d1b", "#5b5b57", "#1d4f91", "#1d70b8",
                   "#1d70b8", "#ffffff", "#e9e9e6", "#eef4fa", "#6b85a3", "#8a8a85", "#fff0a0", "#c97a00",
                   "#62625e"),
    "dark": Theme("dark", "Dark", "#202124", "#17181a", "#e6e6e3", "#a9aaa6", "#8ab4f8", "#8ab4f8",
                  "#3c6fb0", "#ffffff", "#2c2d30", "#24303d", "#6f8fb5", "#7a7c80", "#e6d36b", "#d98c00",
                  "#9a9b97"),
    "high-contrast": Theme("high-contrast", "High contrast", "#000000", "#000000", "#ffffff", "#ffffff",
                           "#ffff00", "#00ffff", "#ffff00", "#000000", "#000000", "#000000", "#ffffff",
                           "#ffffff", "#00ffff", "#ff00ff", "#8c8c8c"),
}
HIT_TEXT = "#000000"  # search hits are black on a light highlight in every theme
# Every hit is underlined in this colour (dashed; the current hit solid, with a line above and a
# bolder stroke), so hits are found, and the current one told apart, without seeing colour.
HIT_MARK = HIT_TEXT
DEFAULT_THEME = "light"
STYLE = "Fusion"  # the same look on every platform, and palettes are honoured
STYLE_PROPERTY = "wt_style"  # set on the application once STYLE is in use


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme(theme_id: str) -> Theme:
    return THEMES.get(theme_id, THEMES[DEFAULT_THEME])


def placeholder_colour(t: Theme) -> str:
    """The example text in an empty box: the muted colour, unless that is the text's own (high
    contrast), where an example would read as something already typed."""
    return t.muted if t.muted.lower() != t.text.lower() else t.disabled


def palette_for(t: Theme) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: t.window,
        QPalette.ColorRole.WindowText: t.text,
        QPalette.ColorRole.Base: t.base,
        QPalette.ColorRole.AlternateBase: t.box,
        QPalette.ColorRole.Text: t.text,
        QPalette.ColorRole.PlaceholderText: placeholder_colour(t),
        QPalette.ColorRole.Button: t.button,
        QPalette.ColorRole.ButtonText: t.text,
        QPalette.ColorRole.Highlight: t.highlight,
        QPalette.ColorRole.HighlightedText: t.highlight_text,
        QPalette.ColorRole.Link: t.link,
        QPalette.ColorRole.LinkVisited: t.link,
        QPalette.ColorRole.ToolTipBase: t.base,
        QPalette.ColorRole.ToolTipText: t.text,
        QPalette.ColorRole.BrightText: t.accent,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.disabled))
    return p


def reader_css(t: Theme) -> str:
    try:
        css = paths.resource("reader.css").read_text(encoding="utf-8")
    except OSError:
        css = ""
    for key in ("text", "muted", "link", "accent", "box", "boxborder", "rule"):
        css = css.replace("{" + key + "}", getattr(t, key))
    return css


TAB_H_SPACE, TAB_V_SPACE = 24, 12  # what the style (Fusion) adds around a tab's text


def widget_stylesheet(t: Theme) -> str:
    """Focus must always be visible for keyboard users, in every theme."""
    width = 2 if t.id != "high-contrast" else 3
    return (
        f"*:focus {{ outline: none; }}"
        # Where text is typed or chosen, a border 3:1 against the page and the window (Fusion's
        # own is about 2:1 in light and invisible in dark); the focus border below replaces it.
        f"QLineEdit, QComboBox, QPlainTextEdit, QDateEdit {{ border: 1px solid {t.rule}; border-radius: 2px;"
        f" padding: 1px 3px; background-color: {t.base}; }}"
        f"QPushButton {{ border: 1px solid {t.rule}; border-radius: 3px; padding: 3px 10px;"
        f" background-color: {t.button}; color: {t.text}; }}"
        f"QPushButton:hover {{ border-color: {t.text}; }}"
        f"QPushButton:pressed {{ background-color: {t.box}; }}"
        f"QPushButton:disabled {{ color: {t.disabled}; border-style: dashed; }}"
        f"QPushButton:default {{ border-width: 2px; }}"
        f"QTreeView:focus, QListView:focus, QTextBrowser:focus, QLineEdit:focus, QComboBox:focus,"
        f" QToolButton:focus, QPushButton:focus, QCheckBox:focus, QDateEdit:focus, QPlainTextEdit:focus"
        f" {{ border: {width}px solid {t.accent}; }}"
        # A focused tab is sized by this rule, the others by the style (its text plus 24 by 12 px):
        # the padding keeps the two the same, or tabs laid out while one has focus lose their
        # labels to "…" once it goes ("Se…" for Search at 200 %).
        f"QTabBar::tab:focus {{ border: {width}px solid {t.accent};"
        f" padding: {TAB_V_SPACE // 2 - width}px {TAB_H_SPACE // 2 - width}px; }}"
        f"QToolTip {{ color: {t.text}; background-color: {t.base}; border: 1px solid {t.boxborder}; padding: 4px; }}"
        # Scroll bars: a handle that stands out from its groove (3:1) in every theme; Fusion's own
        # is the button colour on the window colour (black on black in high contrast).
        f"QScrollBar {{ background: {t.window}; border: 1px solid {t.rule}; }}"
        f"QScrollBar:vertical {{ width: 14px; }} QScrollBar:horizontal {{ height: 14px; }}"
        f"QScrollBar::handle {{ background: {t.muted}; border: 2px solid {t.window}; border-radius: 5px; }}"
        f"QScrollBar::handle:hover {{ background: {t.text}; }}"
        f"QScrollBar::handle:vertical {{ min-height: 28px; }} QScrollBar::handle:horizontal {{ min-width: 28px; }}"
        f"QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; border: none; }}"
        f"QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}"
    )


THEME_PROPERTY = "wt_theme"  # the theme the application's palette and style sheet are in


def apply(app: QApplication, t: Theme) -> None:
    """Palette and widget style sheet for the whole application (once per theme change: a new
    style sheet re-styles every widget there is)."""
    if app.property(THEME_PROPERTY) == t.id:
        return
    if app.property(STYLE_PROPERTY) != STYLE:  # an application not made by make_application
        app.setStyle(STYLE)
        app.setProperty(STYLE_PROPERTY, STYLE)
    app.setProperty(THEME_PROPERTY, t.id)
    app.setPalette(palette_for(t))
    # From no style sheet, not from the last theme's: going from one sheet straight to another,
    # after a text-size change had set the sheet again and its window had gone, crashed inside
    # Qt (seen in the tests: a text-size test, then a theme change in a new window).
    app.setStyleSheet("")
    app.setStyleSheet(widget_stylesheet(t))
