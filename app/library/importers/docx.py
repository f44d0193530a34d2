"""A Word .docx into plain-text blocks (python-docx opens the package; the text is read from its XML).

- headings: paragraphs in Title / Heading 1-6 styles, or styles based on them, or with an outline level;
- numbered lists: Word's own numbering (numPr on the paragraph or its style) is counted the way Word
  shows it ("a.", "(ii)", "3.2"); a body paragraph numbered that way is a numbered paragraph;
- typed paragraph numbers ("142. …") as in every other format; tables; footnotes (word/footnotes.xml)
  with "[n]" where each is referred to; deleted tracked changes and field codes left out.

The archive has been checked against the zip-bomb limits before python-docx sees it.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any, Iterator

from lxml import etree

from app.library.importers._common import (
    Job, ParagraphNumbers, clean, heading_number, licence_line, table_block)
from app.library.parsed import Block, ParsedDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_PRINTED_DATE = re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:{'|'.join(_MONTHS)})\s+\d{{4}}\b")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _w(name: str) -> str:
    return _W + name


def parse(data: bytes, stem: str, job: Job) -> ParsedDocument:
    import docx

    document = docx.Document(io.BytesIO(data))
    styles = Styles(document)
    numbering = Numbering(document, styles)
    notes = _footnotes(document)
    body = document.element.body
    elements = list(_body_items(body))
    numbers = ParagraphNumbers()
    referenced: set[str] = set()  # footnotes the text refers to
    blocks: list[Block] = []
    for index, element in enumerate(elements):
        if element.tag == _w("tbl"):
            block = table_block([[_cell_text(cell) for cell in _cells(row)] for row in element.iter(_w("tr"))
                                 if next(row.iterancestors(_w("tbl")), None) is element])
            if block:
                blocks.append(block)
        else:
            blocks += _paragraph(element, styles, numbering, numbers, referenced)
        if index % 20 == 0:
            job.step(index, len(elements))
    titles = [b.text for b in blocks if b.kind == "title"]
    blocks = [b._replace(kind="heading", level=1) if b.kind == "title" else b
              for b in blocks if not (titles and b.kind == "title" and b.text == titles[0])]
    title = titles[0] if titles else ""
    blocks += [Block("footnote", text, number=number) for number, text in notes.items()
               if text and number in referenced]
    core = document.core_properties
    title = clean(core.title or "") or title or next((b.text for b in blocks if b.kind == "heading"), "")
    return ParsedDocument(title=title or stem, format="docx", blocks=tuple(blocks), source_file="", sha256="",
                          date=_date(blocks, core), licence=licence_line(blocks))


def _body_items(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in reading order, including those inside content controls."""
    for child in parent:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins")):
            yield from _body_items(child)


def _cells(row: Any) -> list[Any]:
    cells = []
    for cell in row:
        if cell.tag == _w("tc"):
            cells.append(cell)
            span = cell.find(f"{_w('tcPr')}/{_w('gridSpan')}")
            cells += [None] * (min(_int(span.get(_w("val")) if span is not None else None, 1), 50) - 1)
        elif cell.tag in (_w("sdt"), _w("customXml")):
            cells += [c for c in cell.iter(_w("tc"))]
    return cells


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    return clean(" ".join(_text(p) for p in cell.iter(_w("p"))))


def _text(paragraph: Any, notes: set[str] | None = None) -> str:
    """A paragraph's text as Word shows it: no deleted text or field codes; footnotes as [n]."""
    parts: list[str] = []
    for element in paragraph.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("footnoteReference"),
                                  _w("noBreakHyphen"), _w("sym")):
        tag = element.tag
        if tag == _w("t"):
            parts.append(element.text or "")
        elif tag == _w("footnoteReference"):
            number = element.get(_w("id")) or ""
            parts.append(f" [{number}]")
            if notes is not None:
                notes.add(number)
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        elif tag != _w("sym"):
            parts.append(" ")
    return "".join(parts)


def _paragraph(p: Any, styles: "Styles", numbering: "Numbering", numbers: ParagraphNumbers,
               referenced: set[str]) -> list[Block]:
    text = clean(_text(p, referenced))
    level = styles.level(p)
    label, depth, bullet = numbering.label(p)
    if not text:
        return []
    if level == -1:
        return [Block("title", text)]
    if level:
        if label and not bullet:
            text = f"{label} {text}"
        return [Block("heading", text, level=level, number=heading_number(text))]
    if label or bullet:
        if not bullet and depth == 0 and not styles.is_list(p) and re.fullmatch(r"\d{1,4}\.?", label):
            numbers.last = int(label.rstrip("."))
            return [Block("paragraph", text, number=label.rstrip("."))]
        return [Block("list_item", text, level=depth, number="" if bullet else label)]
    number, rest = numbers.split(text)
    return [Block("paragraph", rest, number=number)]


class Styles:
    """What each paragraph style means: heading level (-1 for Title), list style, its numbering."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        for style in document.styles.element.iter(_w("style")):
            self.by_id[style.get(_w("styleId")) or ""] = style
        self._levels: dict[str, int] = {}

    def style_id(self, p: Any) -> str:
        found = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        return (found.get(_w("val")) if found is not None else "") or "Normal"

    def chain(self, style_id: str) -> Iterator[Any]:
        seen = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else ""

    def level(self, p: Any) -> int:
        outline = p.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        if outline is not None:
            value = _int(outline.get(_w("val")), 9)
            return value + 1 if value < 6 else 0
        style_id = self.style_id(p)
        if style_id not in self._levels:
            self._levels[style_id] = self._style_level(style_id)
        return self._levels[style_id]

    def _style_level(self, style_id: str) -> int:
        for style in self.chain(style_id):
            name = (style.find(_w("name")).get(_w("val")) if style.find(_w("name")) is not None else "").lower()
            if name == "title":
                return -1
            match = re.fullmatch(r"heading ([1-6])", name)
            if match:
                return int(match.group(1))
            outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            if outline is not None and _int(outline.get(_w("val")), 9) < 6:
                return _int(outline.get(_w("val")), 9) + 1
        return 0

    def is_list(self, p: Any) -> bool:
        return any("list" in (s.find(_w("name")).get(_w("val")) or "").lower()
                   for s in self.chain(self.style_id(p)) if s.find(_w("name")) is not None)

    def num_pr(self, p: Any) -> tuple[str, int] | None:
        for holder in [p.find(_w("pPr"))] + [s.find(_w("pPr")) for s in self.chain(self.style_id(p))]:
            num = holder.find(_w("numPr")) if holder is not None else None
            if num is not None:
                num_id = num.find(_w("numId"))
                ilvl = num.find(_w("ilvl"))
                if num_id is not None:
                    return num_id.get(_w("val")) or "", _int(ilvl.get(_w("val")) if ilvl is not None else None, 0)
        return None


class Numbering:
    """Counts Word's list numbering as Word shows it."""

    def __init__(self, document: Any, styles: Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in abstract.iter(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                start = lvl.find(_w("start"))
                levels[_int(lvl.get(_w("ilvl")), 0)] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    text.get(_w("val")) if text is not None else "",
                    _int(start.get(_w("val")) if start is not None else None, 1))
            self.abstract[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            overrides = {_int(o.get(_w("ilvl")), 0): _int(s.get(_w("val")), 1)
                         for o in num.iter(_w("lvlOverride")) for s in o.iter(_w("startOverride"))}
            self.nums[num.get(_w("numId")) or ""] = (ref.get(_w("val")) if ref is not None else "", overrides)

    def label(self, p: Any) -> tuple[str, int, bool]:
        """(label as shown, depth, is a bullet) for a numbered paragraph, else ("", 0, False)."""
        found = self.styles.num_pr(p)
        if not found or found[0] in ("", "0") or found[0] not in self.nums:
            return "", 0, False
        num_id, ilvl = found
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return "", ilvl, True
        counters = self.counters.setdefault(abstract_id, [0] * 10)
        ilvl = min(ilvl, 9)
        if counters[ilvl] == 0:
            counters[ilvl] = overrides.get(ilvl, levels[ilvl][2])
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return "", ilvl, True

        def shown(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] or (levels.get(k, ("decimal", "", 1))[2])
            return _format(value, levels.get(k, ("decimal", "", 1))[0])

        return re.sub(r"%([1-9])", shown, text).strip(), ilvl, False


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = ""
        for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while n >= value:
                roman, n = roman + letters, n - value
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


def _footnotes(document: Any) -> dict[str, str]:
    """Footnote text by id, from word/footnotes.xml (parsed with no entities, DTD or network)."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob, _SAFE_XML)
            return {note.get(_w("id")) or "": clean(" ".join(_text(p) for p in note.iter(_w("p"))))
                    for note in root.iter(_w("footnote"))
                    if note.get(_w("type")) in (None, "normal")}
    return {}


def _date(blocks: list[Block], core: Any) -> str:
    for block in blocks[:15]:
        match = _PRINTED_DATE.search(block.text)
        if match:
            return match.group(0)
    for value in (core.created, core.modified):
        if isinstance(value, dt.datetime) and value.year > 1990:
            return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return ""


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
