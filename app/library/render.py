"""A document's pages as the HTML subset QTextBrowser shows, made by us from escaped text.

Nothing from the imported file is markup here: every string is escaped, links are only our own
`section:` links between a document's sections, and no image, style or script is ever emitted.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from app.library.model import Document, DocSection, DocumentInfo

ATTRIBUTION_NOTE = ("Imported by you from your own copy of the file; this app does not ship it. "
                    "Check the publisher's website for the current version.")


def added_label(added: str) -> str:
    try:
        when = dt.datetime.fromisoformat(added)
    except ValueError:
        return added
    return f"{when.day} {when.strftime('%B %Y')}"


def _para(piece) -> str:
    text = escape(piece.text)
    if piece.kind == "paragraph" and piece.number:
        return (f'<p class="numbered"><a name="{piece.anchor}"></a>'
                f'<span class="para-number">{escape(piece.number)}.</span> {text}</p>')
    if piece.kind == "footnote":
        number = f"<sup>{escape(piece.number)}</sup> " if piece.number else ""
        return f'<p class="footnote">{number}{text}</p>'
    return f"<p>{text}</p>"


def _table(piece) -> str:
    rows = piece.rows or ((piece.text,),)
    out = ['<table class="data" cellspacing="0" cellpadding="6" width="100%">']
    for i, row in enumerate(rows):
        tag = "th" if i == 0 and len(rows) > 1 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{escape(cell)}</{tag}>" for cell in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _list(items) -> str:
    """Consecutive list items: bullets, or the printed numbers ("a)", "3.") kept as text."""
    out = []
    for item in items:
        indent = 24 * (1 + max(0, min(6, item.level)))
        marker = escape(item.number) if item.number else "•"
        out.append(f'<p class="list-item" style="margin-left: {indent}px; text-indent: -14px">'
                   f"{marker} {escape(item.text)}</p>")
    return "\n".join(out)


def body_html(section: DocSection) -> str:
    out: list[str] = []
    page = section.page
    pending_list: list = []
    for piece in section.pieces:
        if piece.kind != "list_item" and pending_list:
            out.append(_list(pending_list))
            pending_list = []
        if piece.page and piece.page != page:
            page = piece.page
            out.append(f'<p class="page"><a name="page-{escape(page)}"></a>p. {escape(page)}</p>')
        if piece.kind == "heading":
            level = max(2, min(4, piece.level + 1))
            out.append(f'<h{level}><a name="{piece.anchor}"></a>{escape(piece.text)}</h{level}>')
        elif piece.kind == "list_item":
            pending_list.append(piece)
        elif piece.kind == "table":
            out.append(_table(piece))
        else:
            out.append(_para(piece))
    if pending_list:
        out.append(_list(pending_list))
    return "\n".join(out)


def _about(info: DocumentInfo) -> str:
    rows = []
    if info.date:
        rows.append(("Date", info.date))
    if info.version:
        rows.append(("Version", info.version))
    rows.append(("Source file", info.source_file or "not recorded"))
    rows.append(("Added to your library", added_label(info.added) or "not recorded"))
    if info.pages:
        rows.append(("Pages", str(info.pages)))
    rows.append(("Licence", info.licence or "No licence line was found in the file."))
    lines = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows)
    return (f'<table class="changed" width="100%" cellpadding="6" cellspacing="0">{lines}</table>'
            f'<p class="meta">{escape(ATTRIBUTION_NOTE)}</p>')


def section_html(doc: Document, section: DocSection) -> str:
    """One page: the document's first page carries its title, date or version, source file,
    when it was added, the licence line and the list of chapters."""
    info = doc.info
    index = doc.sections.index(section)
    out = [f'<p class="crumb">{escape(info.title)}</p>']
    if index == 0:
        out.append(f"<h1>{escape(info.title)}</h1>")
        out.append(_about(info))
        out.append(body_html(section))
        chapters = doc.sections[1:]
        if chapters:
            out.append("<h2>Contents</h2>")
            out.extend(f'<p><a href="section:{s.id}">{escape(s.title)}</a></p>' for s in chapters)
    else:
        page = f' · starts on p. {escape(section.page)}' if section.page else ""
        out.append(f"<h1>{escape(section.title)}</h1>")
        out.append(f'<p class="meta">{escape(info.title)}{page}</p>')
        out.append(body_html(section))
    prev = doc.sections[index - 1] if index > 0 else None
    nxt = doc.sections[index + 1] if index + 1 < len(doc.sections) else None
    links = []
    if prev is not None:
        links.append(f'Previous: <a href="section:{prev.id}">{escape(prev.title)}</a>')
    if nxt is not None:
        links.append(f'Next: <a href="section:{nxt.id}">{escape(nxt.title)}</a>')
    if links:
        out.append('<hr/><p class="source">' + " · ".join(links) + "</p>")
    return "\n".join(out)
