"""A saved web page, above all a GOV.UK publication, as plain-text blocks.

GOV.UK pages are rendered from govspeak: the text sits in `div.govspeak`, chapters are `h2`/`h3`
with ids (sometimes numbered in a `span.number`), numbered paragraphs are plain text ("142. …"),
footnotes are a `div.footnotes` list after `sup > a.footnote` references. Around it are the site's
header, cookie banner, contents list, navigation and footer, which are not the document.

Nothing is fetched or run: the parser loads no DTD or entity and touches no network, every
script, style, frame, form and image is dropped, and only text survives (no link, no markup).
The page's `_files` folder is never read.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
from typing import Iterable

from lxml import etree
from lxml import html as lxml_html

from app.library.importers._common import Job, ParagraphNumbers, clean, heading_number, table_block
from app.library.parsed import Block, ImportRefused, ParsedDocument

# Elements whose content is never the document's text.
_DROP_TAGS = ("script", "style", "noscript", "iframe", "frame", "frameset", "object", "applet",
              "button", "select", "textarea", "template", "svg", "math", "canvas",
              "audio", "video", "picture", "map", "nav", "header", "footer", "dialog", "head", "title")
# Empty elements (the parser may hang what follows an unclosed one inside them) and forms (some
# sites wrap the whole page in one): only the tag goes.
_DROP_EMPTY = ("form", "img", "embed", "input", "link", "meta", "base", "source", "track", "area", "param", "wbr")
# GOV.UK's page furniture, by class: cookie banner, skip link, breadcrumbs, contents list, print
# and share links, feedback form, back-to-top, related links, the site header and footer.
_DROP_CLASS = re.compile(
    r"cookie|skip-link|breadcrumb|contents-list|print-link|share-links|feedback|back-to-top|"
    r"related-navigation|govuk-header|govuk-footer|gem-c-layout-super-navigation|"
    r"govuk-phase-banner|emergency-banner|global-bar|reversefootnote", re.IGNORECASE)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "ul", "ol", "dl", "table", "pre", "blockquote", "div", "section", "article", "main",
           "aside", "figure", "figcaption", "details", "summary", "li", "dt", "dd", "hr", "address",
           "body", "center", "fieldset", "legend", "caption", *_HEADINGS}
_LIST_MARK = re.compile(r"\(?([a-z]{1,2}|[ivxl]{1,5}|\d{1,3})[.)]\s+", re.IGNORECASE)
_DATE_LINE = re.compile(r"\b(Published|Updated|Last updated)\s*:?\s*(\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})")
_META_DATES = ("govuk:first-published-at", "article:published_time", "dcterms.issued", "dcterms.date",
               "dc.date", "date")
_META_UPDATED = ("govuk:public-updated-at", "article:modified_time", "dcterms.modified")


def parse(data: bytes, stem: str, job: Job) -> ParsedDocument:
    root = page_tree(data)
    title = _title(root) or stem
    date, version = _dates(root)
    licence = _licence(root)
    content = content_roots(root)
    for element in content:
        strip_furniture(element)
    blocks = BlockWriter(job, title).write(content)
    return ParsedDocument(title=title, format="html", blocks=tuple(blocks), source_file="", sha256="",
                          date=date, version=version, licence=licence)


def page_tree(data: bytes) -> etree._Element:
    """The page parsed leniently, with no network, no DTD, no comments or processing instructions."""
    parser = lxml_html.HTMLParser(encoding=_encoding(data), no_network=True, remove_comments=True,
                                  remove_pis=True, remove_blank_text=False, default_doctype=False)
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        raise ImportRefused("This web page has no text to read.") from None
    for br in root.iter("br"):  # a line break separates words
        br.tail = "\n" + (br.tail or "")
    return root


def _encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    declared = re.search(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", data[:8192], re.I)
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
            return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name  # what browsers do
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def text_of(element: etree._Element) -> str:
    return clean("".join(t for t in element.itertext() if isinstance(t, str)))


def _title(root: etree._Element) -> str:
    main = _first(root, "//main")
    for found in (_first(main if main is not None else root, ".//h1"), _first(root, "//h1")):
        if found is not None and text_of(found):
            return text_of(found)
    for name in ("og:title", "dc.title", "dcterms.title"):
        value = _meta(root, name)
        if value:
            return value
    title = _first(root, "//title")
    if title is not None:
        return re.sub(r"\s+[-–|]\s+GOV\.UK$", "", text_of(title))
    return ""


def _dates(root: etree._Element) -> tuple[str, str]:
    """(publication date, version): "Published 15 December 2023" / "Updated 24 February 2024".

    Looked for in the page's header (outside the document's own text, whose paragraphs may mention
    other publications' dates), then in its metadata.
    """
    published = updated = ""
    lines = root.xpath("//p|//dd|//span|//time|//div[not(*)]")
    for line in [el for el in lines if not _in_govspeak(el)][:400]:
        text = text_of(line)
        term = line.getprevious() if _tag(line) == "dd" else None
        if term is not None and _tag(term) == "dt":  # <dt>Published</dt><dd>15 December 2023</dd>
            text = f"{text_of(term).rstrip(':')} {text}"
        match = _DATE_LINE.search(text)
        if match and match.group(1) == "Published":
            published = published or match.group(2)
        elif match:
            updated = updated or match.group(2)
    published = published or _meta_date(root, _META_DATES)
    updated = updated or _meta_date(root, _META_UPDATED)
    version = f"Updated {updated}" if updated and updated != published else ""
    return published or updated, version


def _in_govspeak(element: etree._Element) -> bool:
    return any(_is_govspeak(a) for a in element.iterancestors())


def _meta_date(root: etree._Element, names: Iterable[str]) -> str:
    for name in names:
        value = _meta(root, name)
        if value:
            try:
                day = dt.date.fromisoformat(value[:10])
            except ValueError:
                return value[:40]
            return f"{day.day} {day:%B %Y}"
    return ""


def _meta(root: etree._Element, name: str) -> str:
    for meta in root.iter("meta"):
        if name in ((meta.get("name") or "").lower(), (meta.get("property") or "").lower()):
            return clean(meta.get("content") or "")
    return ""


def _licence(root: etree._Element) -> str:
    """The line naming the Open Government Licence: the document's own first, else the site footer's."""
    for tags in (("p", "li"), ("div", "span", "small")):
        for element in root.iter(*tags):
            text = text_of(element)
            if "Open Government Licence" in text and len(text) <= 400:
                return text
    return ""


_GOVSPEAK = {"govspeak", "gem-c-govspeak", "govuk-govspeak"}  # the classes GOV.UK puts on a document's body


def content_roots(root: etree._Element) -> list[etree._Element]:
    """GOV.UK's govspeak bodies (the outermost of each), or the page's main content, or its whole body."""
    bodies = [el for el in root.iter() if isinstance(el.tag, str) and _is_govspeak(el)
              and not any(_is_govspeak(a) for a in el.iterancestors())]
    if not bodies:
        main = next((_first(root, path) for path in ("//main", "//*[@role='main']", "//article", "//body")
                     if _first(root, path) is not None), root)
        bodies = [main]
    return [_unwrapped(body) for body in bodies]


def _unwrapped(element: etree._Element) -> etree._Element:
    """The innermost of nested wrappers (so progress counts the document's parts, not one wrapper)."""
    while (len(element) == 1 and not (element.text or "").strip() and not (element[0].tail or "").strip()
           and _tag(element[0]) in ("div", "section", "article", "main")):
        element = element[0]
    return element


def _is_govspeak(element: etree._Element) -> bool:
    return not _GOVSPEAK.isdisjoint((element.get("class") or "").split())


def strip_furniture(content: etree._Element) -> None:
    doomed = [el for el in content.iter(*_DROP_TAGS)]
    doomed += [el for el in content.iter() if isinstance(el.tag, str) and (
        _DROP_CLASS.search(el.get("class") or "") or el.get("hidden") is not None
        or (el.get("aria-hidden") or "").lower() == "true"
        or re.search(r"display\s*:\s*none", el.get("style") or "", re.I))]
    for element in doomed:
        if element.getparent() is not None and element is not content:
            element.drop_tree()  # keeps the text that follows it
    for element in list(content.iter(*_DROP_EMPTY)):
        if element.getparent() is not None:
            element.drop_tag()


def _first(root: etree._Element, path: str) -> etree._Element | None:
    found = root.xpath(path)
    return found[0] if found else None


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _has_class(element: etree._Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


class BlockWriter:
    """Walks the content in reading order, writing a Block for each heading, paragraph, item, table."""

    def __init__(self, job: Job, title: str, top: int = 0) -> None:
        self.job = job
        self.title = title
        self.blocks: list[Block] = []
        self.numbers = ParagraphNumbers()
        self.inline: list[str] = []
        self.top = top  # the heading tag that is level 1 (h2 on GOV.UK); 0: the highest in the page

    def write(self, roots: list[etree._Element], report: bool = True) -> list[Block]:
        """Add the blocks of `roots` (one page, or one part of a book when `report` is False)."""
        if not self.top:
            self.top = top_heading(roots, self.title)
        total = sum(len(root) for root in roots) or 1
        done = 0
        for root in roots:
            if root.text:
                self.inline.append(root.text)
            for child in root:
                self._child(child)
                done += 1
                if report:
                    self.job.step(done, total)
            self._flush()
        return self.blocks

    # -- containers: text directly inside them is a paragraph of its own
    def _container(self, element: etree._Element) -> None:
        if element.text:
            self.inline.append(element.text)
        for child in element:
            self._child(child)
        self._flush()

    def _child(self, child: etree._Element) -> None:
        tag = _tag(child)
        if tag in _BLOCKS:
            self._flush()
            self._block(child, tag)
        elif tag:
            self.inline.append("".join(t for t in child.itertext() if isinstance(t, str)))
        if child.tail:
            self.inline.append(child.tail)

    def _flush(self) -> None:
        text = clean("".join(self.inline))
        self.inline = []
        if text:
            self._paragraph(text)

    def _block(self, element: etree._Element, tag: str) -> None:
        if tag in _HEADINGS:
            self._heading(element, tag)
        elif tag in ("p", "pre", "address", "summary", "legend", "caption"):
            self._paragraph(text_of(element))
        elif tag in ("ul", "ol"):
            self._list(element, 0)
        elif tag == "table":
            self._table(element)
        elif _has_class(element, "footnotes") or element.get("role") == "doc-endnotes":
            self._footnotes(element)
        elif tag != "hr":
            self._container(element)

    def _heading(self, element: etree._Element, tag: str) -> None:
        text = text_of(element)
        if not text or (tag == "h1" and text == self.title):
            return
        level = max(1, min(6, _HEADINGS[tag] - self.top + 1))
        self.blocks.append(Block("heading", text, level=level, number=heading_number(text)))

    def _paragraph(self, text: str) -> None:
        if text:
            number, text = self.numbers.split(text)
            self.blocks.append(Block("paragraph", text, number=number))

    def _list(self, element: etree._Element, depth: int) -> None:
        ordered = _tag(element) == "ol"
        counter = _int(element.get("start"), 1)
        style = element.get("type") or "1"
        for item in element:
            tag = _tag(item)
            if tag in ("ul", "ol"):  # a list straight inside a list (common in saved pages)
                self._list(item, depth + 1)
                continue
            if tag != "li":
                continue
            counter = _int(item.get("value"), counter)
            own: list[str] = [item.text or ""]
            nested: list[etree._Element] = []
            for child in item:
                if _tag(child) in ("ul", "ol", "table"):
                    nested.append(child)
                else:
                    own.append(" ".join(t for t in child.itertext() if isinstance(t, str)) + " ")
                own.append(child.tail or "")
            text = clean("".join(own))
            number = _list_label(counter, style) if ordered else ""
            mark = _LIST_MARK.match(text)
            if mark and not number:
                number, text = mark.group(0).strip(), text[mark.end():]
            if text or number:
                self.blocks.append(Block("list_item", text, level=depth, number=number))
            for child in nested:
                if _tag(child) == "table":
                    self._table(child)
                else:
                    self._list(child, depth + 1)
            counter += 1

    def _table(self, table: etree._Element) -> None:
        caption = _first(table, "./caption")
        if caption is not None and text_of(caption):
            self._paragraph(text_of(caption))
        rows = []
        for row in table.iter("tr"):
            if next(row.iterancestors("table"), None) is not table:
                continue  # a row of a table inside a cell: its text is in that cell
            cells: list[str] = []
            for cell in row:
                if _tag(cell) in ("td", "th"):
                    cells.append(text_of(cell))
                    cells += [""] * (min(_int(cell.get("colspan"), 1), 50) - 1)
            rows.append(cells)
        block = table_block(rows)
        if block:
            self.blocks.append(block)

    def _footnotes(self, element: etree._Element) -> None:
        for position, item in enumerate(element.iter("li"), start=1):
            number = re.sub(r"^(fn|footnote)[:-]?", "", item.get("id") or "") or str(position)
            text = text_of(item)
            if text:
                self.blocks.append(Block("footnote", text, number=number))


def top_heading(roots: list[etree._Element], title: str) -> int:
    """The highest heading tag used (h1 = 1), leaving out an h1 that only repeats the title."""
    levels = [_HEADINGS[_tag(h)] for root in roots for h in root.iter(*_HEADINGS)
              if not (_tag(h) == "h1" and text_of(h) == title)]
    return min(levels, default=1)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _list_label(n: int, style: str) -> str:
    if style in ("a", "A") and 1 <= n <= 26:
        letter = chr(ord("a") + n - 1)
        return (letter.upper() if style == "A" else letter) + "."
    if style in ("i", "I") and 1 <= n <= 39:
        roman = _roman(n)
        return (roman.upper() if style == "I" else roman) + "."
    return f"{n}."


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out
