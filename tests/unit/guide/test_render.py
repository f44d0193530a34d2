"""Rendering keeps our link schemes, anchors headings and labels what needs the internet."""
from __future__ import annotations

import datetime as dt

from app.guide.render import citation, print_footer, render_glossary, render_section


def test_headings_get_anchors(fixture_guide):
    html = render_section(fixture_guide, fixture_guide.section("strategy-discussion"))
    assert '<h2><a name="who-takes-part"></a>Who takes part</h2>' in html


def test_section_links_carry_summary_and_terms_carry_definition(fixture_guide):
    html = render_section(fixture_guide, fixture_guide.section("welcome"))
    assert 'href="section:strategy-discussion#who-takes-part"' in html
    assert 'href="term:icpc"' in html
    assert "A meeting of family and practitioners" in html  # the tooltip text


def test_external_links_marked_needs_internet(fixture_guide):
    html = render_section(fixture_guide, fixture_guide.section("welcome"))
    assert 'class="external"' in html
    assert html.count("(needs internet)") >= 2  # the body link and the official source line


def test_page_says_it_is_a_guide_and_where_the_official_text_is(fixture_guide):
    html = render_section(fixture_guide, fixture_guide.section("welcome"))
    assert "not the statutory text" in html
    assert fixture_guide.official_url in html


def test_changed_in_current_edition_is_shown(fixture_guide):
    html = render_section(fixture_guide, fixture_guide.section("who-is-a-child"))
    assert "Changed in the current edition (2026)" in html
    assert "Unborn children named explicitly." in html


def test_raw_html_is_escaped(fixture_guide):

    section = fixture_guide.section("welcome")._replace(body="<script>alert(1)</script> & more")
    html = render_section(fixture_guide, section)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_broken_links_are_visible(fixture_guide):

    section = fixture_guide.section("welcome")._replace(body="See [gone](section:gone) and [x](term:gone).")
    html = render_section(fixture_guide, section)
    assert html.count('class="broken"') == 2


def test_glossary_page_lists_terms_and_abbreviations(fixture_guide):
    html = render_glossary(fixture_guide)
    assert "Initial child protection conference" in html and "ICPC" in html
    assert 'href="section:initial-conference"' in html


def test_print_footer_has_version_date_and_official_source(fixture_guide):
    text = print_footer(fixture_guide, dt.date(2026, 11, 24))
    assert "24 November 2026" in text and "test.1" in text
    assert "not the statutory text" in text and fixture_guide.official_url in text


def test_citation_names_section_heading_version_and_source(fixture_guide):
    text = citation(fixture_guide, fixture_guide.section("strategy-discussion"), "who-takes-part")
    assert "Strategy discussion — Who takes part" in text
    assert "test.1" in text and "Working Together 2026, chapter 3" in text


def test_an_earlier_edition_s_change_says_its_year_once(real_guide):
    from app.guide.render import section_html

    earlier = [(s, c) for s in real_guide.sections.values() for c in s.changed
               if c.edition != real_guide.current_edition]
    assert earlier, "the real guide notes changes from earlier editions"
    for section, change in earlier:
        html = section_html(real_guide, section.id)
        assert f"Changed in {change.edition}:" in html
        assert f"Changed in {change.edition} ({change.edition})" not in html
