"""Every theme meets WCAG 2.2 AA contrast: 4.5:1 for text, 3:1 for borders, focus and the search hits' marks."""
from __future__ import annotations

import pytest

from app.ui import themes
from app.ui.themes import HIT_MARK, HIT_TEXT, Theme, contrast

TEXT = 4.5  # WCAG 1.4.3
NON_TEXT = 3.0  # WCAG 1.4.11


def text_pairs(t: Theme):
    """(what, foreground, background) for every text the app draws."""
    for bg_name in ("base", "window", "box", "button"):
        bg = getattr(t, bg_name)
        for fg_name in ("text", "muted", "link"):
            yield f"{fg_name} on {bg_name}", getattr(t, fg_name), bg
    yield "selected text", t.highlight_text, t.highlight
    yield "search hit", HIT_TEXT, t.search_hit
    yield "current search hit", HIT_TEXT, t.search_current
    yield "disabled text on button", t.disabled, t.button
    yield "disabled text on window", t.disabled, t.window
    yield "example text in an empty box", themes.placeholder_colour(t), t.base


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_example_text_in_an_empty_box_is_not_the_colour_of_typed_text(theme):
    palette = themes.palette_for(theme)
    placeholder = palette.color(palette.ColorRole.PlaceholderText).name()
    assert placeholder != palette.color(palette.ColorRole.Text).name(), theme.name


def non_text_pairs(t: Theme):
    for bg_name in ("base", "window", "box", "button"):
        yield f"focus mark on {bg_name}", t.accent, getattr(t, bg_name)
    yield "table rules on the page", t.rule, t.base
    yield "table rules on a header cell", t.rule, t.box
    yield "box border on the page", t.boxborder, t.base
    yield "box border on the box", t.boxborder, t.box
    yield "current search hit on the page", t.search_current, t.base
    yield "scroll bar handle", t.muted, t.window
    yield "focused link on the page", t.highlight, t.base
    yield "text field border on the window", t.rule, t.window
    yield "button edge on the window", t.rule, t.window


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_text_contrast(theme):
    low = [(what, round(contrast(fg, bg), 2)) for what, fg, bg in text_pairs(theme) if contrast(fg, bg) < TEXT]
    assert not low, f"{theme.name}: text below {TEXT}:1: {low}"


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_non_text_contrast(theme):
    low = [(what, round(contrast(fg, bg), 2)) for what, fg, bg in non_text_pairs(theme)
           if contrast(fg, bg) < NON_TEXT]
    assert not low, f"{theme.name}: borders, focus or current hit below {NON_TEXT}:1: {low}"


def hit_marks(t: Theme):
    """(what, ratio) for the marks that make every search hit findable without seeing colour."""
    for what, background in (("search hit", t.search_hit), ("current search hit", t.search_current)):
        # The underline is drawn on the hit's own background: it must show there.
        yield f"{what}: underline on the hit", contrast(HIT_MARK, background)
        # Around the hit is the page: the hit must stand out from it by its underline (where the
        # background is as pale as the page, as in the light theme) or by its background.
        yield f"{what} against the page", max(contrast(HIT_MARK, t.base), contrast(background, t.base))


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_every_search_hit_is_marked_3_to_1(theme):
    low = [(what, round(ratio, 2)) for what, ratio in hit_marks(theme) if ratio < NON_TEXT]
    assert not low, f"{theme.name}: search hit marks below {NON_TEXT}:1: {low}"


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_disabled_looks_different_from_enabled(theme):
    assert theme.disabled.lower() != theme.text.lower()
    assert contrast(theme.disabled, theme.text) >= 1.5


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_links_are_underlined_on_the_page():
    """Links, glossary terms included, never differ from the text by colour alone."""
    css = themes.reader_css(themes.THEMES["high-contrast"])
    rules = {sel.strip(): body for sel, body in (r.split("{", 1) for r in css.split("}") if "{" in r)}
    for selector in ("a", "a.term", "a.external"):
        assert "text-decoration: underline" in rules[selector], selector
