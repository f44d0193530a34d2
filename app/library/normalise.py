"""From an importer's ParsedDocument to our own Document: sections split at chapter headings,
an anchor for every heading and every printed paragraph number, a clean title and its family.

Everything here is text in, text out: nothing of the file's own markup ever arrives (see
app/library/parsed.py), and the HTML the reader sees is made later by app/library/render.py.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from app.library.model import Document, DocSection, DocumentInfo, Piece, Place, place_of_piece, section_key
from app.library.parsed import Block, ParsedDocument

TITLE_MAX = 200
ID_MAX = 48
# A section is one page in the reader: past about ten printed pages it is cut in parts, at a
# heading or a new page where it can be, so a long chapter (or a file with no headings at all)
# opens in a moment and its search hits land in a page of readable length.
PART_CHARS = 30_000  # about ten pages: cut before the next heading
PART_CHARS_PAGE = 45_000  # no heading by then: cut at the next page turn
PART_CHARS_HARD = 60_000  # no heading or page turn either: cut before the next block
START = "start"  # the local id of every document's first page (title, date, source, licence)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_LABEL = re.compile(
    r"^(chapter|part|annex|appendix|section|schedule)\s+"
    r"([0-9]+[a-z]?|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z])"
    r"(?=$|[\s.:,;)\u2013\u2014-])", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)*)[.)]?\s+")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_FAMILY_NOISE = re.compile(
    r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b|\b(edition|version|draft|updated|update|revised|final|for information|"
    r"statutory guidance|guidance for schools and colleges)\b|\bv?\d+(\.\d+)*\b", re.IGNORECASE)


def clean_text(text: str, limit: int | None = None) -> str:
    """One line of plain text: no control or direction-override characters, spaces collapsed."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", str(text or "")))
    text = " ".join(text.split())
    return text[:limit].rstrip() if limit else text


def slug(text: str, limit: int = ID_MAX) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:limit].strip("-")


def title_family(title: str) -> str:
    """The title without years, months, editions and version numbers: "Keeping children safe in
    education 2026" and "... 2027 (draft)" are one family, so the second is a newer copy."""
    words = _FAMILY_NOISE.sub(" ", title.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", words).split())


def year_of(*texts: str) -> str:
    for text in texts:
        found = _YEAR.search(text or "")
        if found:
            return found.group()
    return ""


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def document_id(title: str, taken: Iterable[str]) -> str:
    """A readable id from the title ("keeping-children-safe-in-education-2026"), never one that
    is taken, never the guide's."""
    return _unique(slug(title) or "document", set(taken) | {"guide"})


def chapter_label(text: str, number: str) -> tuple[str, str]:
    """(number as printed, how a citation names the chapter) of a chapter heading."""
    found = _LABEL.match(text)
    if found:
        return found.group(2), f"{found.group(1).lower()} {found.group(2)}"
    number = number.strip().rstrip(".")
    if not number:
        lead = _LEADING_NUMBER.match(text)
        number = lead.group(1) if lead else ""
    if number:
        return number, f"chapter {number}"
    return "", text


def _display_title(text: str, number: str) -> str:
    if not number or text.startswith(number) or _LABEL.match(text):
        return text
    return f"{number}. {text}" if number[:1].isdigit() else f"{number} {text}"


def _chapter_level(blocks: list[Block], title: str) -> tuple[int | None, Block | None]:
    """The heading level that starts a chapter, and the heading that is the document's own title
    (if any): the top level, unless only one heading has it, it comes first, carries no chapter
    number, and the others sit below it; then the next level down are the chapters."""
    headings = [b for b in blocks if b.kind == "heading"]
    if not headings:
        return None, None
    levels = [b.level for b in headings]
    top = min(levels)
    single = next(b for b in headings if b.level == top)
    first_text = next((b for b in blocks if b.kind != "heading" or b is single), None) is single
    numbered = bool(chapter_label(clean_text(single.text), clean_text(single.number))[0])
    same_title = title_family(clean_text(single.text)) == title_family(title)
    if levels.count(top) == 1 and len(set(levels)) > 1 and (same_title or (first_text and not numbered)):
        return min(level for level in levels if level > top), single
    return top, None


def _pieces(blocks: list[Block]) -> tuple[tuple[Piece, ...], tuple[Place, ...]]:
    """Blocks with anchors (headings "h-…", numbered paragraphs "p-<number>"), and the places."""
    taken: set[str] = set()
    pieces: list[Piece] = []
    for b in blocks:
        text = clean_text(b.text)
        number = clean_text(b.number, 20)
        page = clean_text(b.page, 20)
        rows = tuple(tuple(clean_text(c, 2000) for c in row) for row in b.rows)
        anchor = ""
        if b.kind == "heading":
            anchor = _unique("h-" + (slug(text, 50) or "heading"), taken)
        elif b.kind == "paragraph" and number:
            anchor = _unique("p-" + (slug(number, 20) or "n"), taken)
        if not text and not rows:
            continue
        level = max(1, min(6, int(b.level or 1))) if b.kind == "heading" else max(0, int(b.level or 0))
        pieces.append(Piece(b.kind, text, level, number, page, rows, anchor))
    places = (place_of_piece(p) for p in pieces)
    return tuple(pieces), tuple(p for p in places if p is not None)


def _block_chars(b: Block) -> int:
    return len(b.text) + sum(len(c) for row in b.rows for c in row)


def _parts(body: list[Block]) -> list[list[Block]]:
    """`body` cut in parts: before a heading once a part is long enough, before a page turn
    once it is longer, before any block once it is too long."""
    parts: list[list[Block]] = [[]]
    size = 0
    for b in body:
        current = parts[-1]
        if current:
            heading = b.kind == "heading"
            page_turn = bool(b.page) and b.page != current[-1].page
            if ((size >= PART_CHARS and heading) or (size >= PART_CHARS_PAGE and page_turn)
                    or size >= PART_CHARS_HARD):
                parts.append([])
                size = 0
        parts[-1].append(b)
        size += _block_chars(b)
    return parts


def _part_title(title: str, part: list[Block], n: int) -> str:
    first = part[0]
    if first.kind == "heading" and clean_text(first.text):
        return f"{title} › {clean_text(first.text, 80)}"
    if first.page:
        return f"{title}, from page {clean_text(first.page, 20)}"
    return f"{title}, part {n}"


def split_sections(doc_id: str, title: str, blocks: list[Block]) -> tuple[DocSection, ...]:
    """The first page (everything before the first chapter), then one section per chapter; a
    long one in parts (`_parts`), each citing as its chapter."""
    level, title_heading = _chapter_level(blocks, title)
    groups: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for b in blocks:
        if b is title_heading:
            continue
        if b.kind == "heading" and level is not None and b.level <= level:
            groups.append((b, []))
        else:
            groups[-1][1].append(b)
    taken: set[str] = {START}
    sections: list[DocSection] = []
    for head, body in groups:
        if head is None:
            first, *rest = _parts(body)
            pieces, places = _pieces(first)
            sections.append(DocSection(section_key(doc_id, START), title, "", title, places, pieces,
                                       next((p.page for p in pieces if p.page), "")))
            shown, number, label, local = title, "", title, "pages"
        else:
            text = clean_text(head.text, TITLE_MAX) or "Untitled chapter"
            number, label = chapter_label(text, clean_text(head.number, 20))
            local = _unique(slug(label if number else text, 40) or "chapter", taken)
            first, *rest = _parts(body)
            shown = _display_title(text, number)
            pieces, places = _pieces(first)
            sections.append(DocSection(section_key(doc_id, local), shown, number, label, places, pieces,
                                       clean_text(head.page, 20)))
        for n, part in enumerate(rest, start=2):
            pieces, places = _pieces(part)
            sections.append(DocSection(section_key(doc_id, _unique(f"{local}-part-{n}", taken)),
                                       _part_title(shown, part, n), number, label, places, pieces,
                                       clean_text(part[0].page, 20)))
    return tuple(sections)


def normalise(parsed: ParsedDocument, *, doc_id: str, kind: str = "official", title: str = "",
              added: str = "") -> Document:
    """Our Document from an importer's ParsedDocument (`title` overrides the file's own)."""
    name = clean_text(title or parsed.title, TITLE_MAX) or clean_text(parsed.source_file, TITLE_MAX) or "Untitled document"
    sections = split_sections(doc_id, name, list(parsed.blocks))
    paragraphs = sum(1 for s in sections for p in s.pieces if p.kind == "paragraph")
    info = DocumentInfo(
        id=doc_id, title=name, kind=kind, format=clean_text(parsed.format, 20),
        source_file=clean_text(parsed.source_file, 260), sha256=clean_text(parsed.sha256, 64),
        added=added, date=clean_text(parsed.date, 80), version=clean_text(parsed.version, 80),
        licence=clean_text(parsed.licence, 500), family=title_family(name),
        sections=len(sections), paragraphs=paragraphs, pages=int(parsed.pages or 0),
    )
    return Document(info, sections)
