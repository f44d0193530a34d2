"""Render sections to the HTML subset QTextBrowser understands.

Links keep their schemes (section:, term:, https:) so the reader decides what a click does.
Glossary links carry the definition as a tooltip; unknown targets are shown, not hidden.
"""
from __future__ import annotations

import datetime as dt

from app.guide.model import Guide, Section

EXTERNAL_NOTE = "Opens in your web browser (needs internet)"
OFFICIAL_NOTE = "Opens the official document at this chapter, if you have added it to your library"


def _render_body(guide: Guide, body: str) -> str:
    from markdown_it.renderer import RendererHTML  # only when a page is not in the guide cache

    from markdown_it.token import Token

    from app.guide.text import heading_anchor, local_image, markdown

    md = markdown()
    tokens = md.parse(body)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            text = "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline"))
            tok.meta["anchor"] = heading_anchor(text.strip())
        for n, child in enumerate(tok.children or []):
            if child.type == "image" and not local_image(str(child.attrGet("src") or "")):
                # check-content refuses these; a lenient load shows the words, never fetches
                alt = "".join(c.content for c in (child.children or [])) or "image"
                tok.children[n] = Token("text", "", 0, content=f"[{alt}: image not shown]")
                continue
            if child.type != "link_open":
                continue
            href = str(child.attrGet("href") or "")
            scheme, _, rest = href.partition(":")
            if scheme == "term":
                term = guide.glossary.get(rest)
                if term:
                    child.attrSet("title", f"{term.term}: {term.definition}")
                    child.attrSet("class", "term")
                else:
                    child.attrSet("class", "broken")
                    child.attrSet("title", "This glossary term is missing")
            elif scheme == "section":
                sid = rest.partition("#")[0]
                if sid in guide.sections:
                    child.attrSet("title", guide.sections[sid].summary)
                else:
                    child.attrSet("class", "broken")
                    child.attrSet("title", "This section is missing from the guide")
            elif scheme in ("http", "https"):
                child.attrSet("class", "external")
                child.attrSet("title", f"{href} — {EXTERNAL_NOTE}")
    renderer = RendererHTML()
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            out.append(f'<{tok.tag}><a name="{tok.meta["anchor"]}"></a>')
        elif tok.type == "heading_close":
            out.append(f"</{tok.tag}>\n")
        elif tok.type == "inline":
            html = renderer.renderInline(tok.children or [], md.options, {})
            out.append(html)
        elif tok.type == "table_open":
            out.append('<table class="data" cellspacing="0" cellpadding="6" width="100%">\n')
        else:
            out.append(renderer.render([tok], md.options, {}))
    return "".join(out)


def _external_marker(html: str) -> str:
    """Mark external links visibly, so nobody clicks one expecting an offline page."""
    parts = html.split('class="external"')
    if len(parts) == 1:
        return html
    result = parts[0]
    for part in parts[1:]:
        close = part.find("</a>")
        if close >= 0:
            part = part[:close] + "</a>" + ' <span class="needs-net">(needs internet)</span>' + part[close + 4 :]
        result += 'class="external"' + part
    return result


def change_label(edition: int, is_current: bool) -> str:
    """'Changed in the current edition (2023)', or 'Changed in 2018': the year said once."""
    return f"Changed in the current edition ({edition})" if is_current else f"Changed in {edition}"


def render_section(guide: Guide, section: Section) -> str:
    from html import escape  # rendering happens when the guide cache is built, rarely at start

    part = guide.part(section.part_id).title
    audience = ", ".join("everyone" if a == "all" else guide.audiences.get(a, a) for a in section.audience)
    reviewed = section.reviewed.strftime("%-d %B %Y") if section.reviewed else "not recorded"
    html = [f'<p class="crumb">{escape(part)}</p>', f"<h1>{escape(section.title)}</h1>"]
    html.append(f'<p class="meta">For: {escape(audience)} · Facts checked: {escape(reviewed)}</p>')
    current = section.changed_in(guide.current_edition)
    for change in sorted(section.changed, key=lambda c: -c.edition):
        html.append(
            '<table class="changed" width="100%" cellpadding="8" cellspacing="0"><tr><td>'
            f"<b>{escape(change_label(change.edition, change is current))}:</b> {escape(change.note)}</td></tr></table>"
        )
    html.append(_external_marker(_render_body(guide, section.body)))
    html.append(
        f'<hr/><p class="source"><b>Official guidance:</b> {escape(section.source)}. '
        f'<a class="official" href="official:{section.id}" title="{OFFICIAL_NOTE}">Read the official text</a> '
        "(your own copy, in the library). "
        "This page is a practitioner's guide in our own words, not the statutory text. "
        f'The official text is on GOV.UK: <a class="external" href="{escape(guide.official_url)}" '
        f'title="{EXTERNAL_NOTE}">{escape(guide.official_url)}</a> '
        '<span class="needs-net">(needs internet)</span>. '
        f"Guide content version {escape(guide.content_version)}.</p>"
    )
    return "\n".join(html)


def section_html(guide: Guide, section_id: str) -> str:
    """A section's page, rendered once per content version (kept in guide.pages and its cache).

    Raises UnknownSection for an id the guide does not have."""
    html = guide.pages.get(section_id)
    if html is None:
        html = guide.pages[section_id] = render_section(guide, guide.section(section_id))
    return html


def render_glossary(guide: Guide) -> str:
    from html import escape

    html = ["<p class=\"crumb\">Quick reference</p><h1>Glossary and abbreviations</h1>",
            f'<p class="meta">{len(guide.glossary)} terms, in alphabetical order.</p>']
    letter = ""
    for term in sorted(guide.glossary.values(), key=lambda t: t.term.lower()):
        first = term.term[:1].upper()
        if first != letter:
            letter = first
            html.append(f'<h2><a name="letter-{escape(letter.lower())}"></a>{escape(letter)}</h2>')
        also = f' <span class="also">({escape(", ".join(term.also))})</span>' if term.also else ""
        link = ""
        if term.section and term.section in guide.sections:
            link = f' <a href="section:{term.section}">Read more: {escape(guide.sections[term.section].title)}</a>'
        html.append(
            f'<p><a name="term-{term.id}"></a><b>{escape(term.term)}</b>{also}<br/>{escape(term.definition)}{link}</p>'
        )
    return "\n".join(html)


def _of_date(guide: Guide) -> str:
    """' of 15 January 2027' when the content's date is known (app.packs.service.for_window)."""
    try:
        day = dt.date.fromisoformat(guide.content_date)
    except (TypeError, ValueError):
        return ""
    return f" of {day.day} {day.strftime('%B %Y')}"


def print_footer(guide: Guide, when: dt.date | None = None) -> str:
    """Line printed on every printout and PDF: printouts go out of date."""
    when = when or dt.date.today()
    return (
        f"Printed {when.strftime('%-d %B %Y')} from Working Together Reader, guide content version "
        f"{guide.content_version}{_of_date(guide)} (covers the {guide.current_edition} edition). This is a practitioner's guide, "
        f"not the statutory text; printouts go out of date. Check the official guidance on GOV.UK: {guide.official_url}"
    )


def citation(guide: Guide, section: Section, anchor: str = "") -> str:
    """A citation to paste into case notes."""
    heading = next((h.text for h in section.headings if h.anchor == anchor), "")
    where = f"{section.title} — {heading}" if heading else section.title
    return (
        f"Working Together Reader (practitioner's guide, content version {guide.content_version}{_of_date(guide)}): "
        f"\"{where}\". Official guidance: {section.source}, {guide.official_url}"
    )
