"""From a guide section's `source:` ("Working Together 2026, chapter 3 (Providing help, support
and protection)") to the matching chapter of an official document in the library.

The document is matched by its title family (every word the source names it by, "working
together", is in the document's title), preferring the edition the source names; the chapter
by its number, checked against its title when the source gives one.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz import fuzz, utils

from app.library.model import GUIDE_ID, DocumentInfo
from app.library.normalise import title_family, year_of

_CHAPTER = re.compile(r"\b(chapter|part|annex|appendix)\s+([0-9]+|[a-z]\b|one|two|three|four|five|six)"
                      r"(?:\s*\(([^)]*)\))?", re.IGNORECASE)
TITLE_MATCH = 70.0


class SourceRef(NamedTuple):
    name: str  # the document as the source names it: "Working Together"
    year: str
    label: str  # "chapter 3", "" when the source names no chapter
    chapter_title: str


class Found(NamedTuple):
    info: DocumentInfo
    section_id: str  # the chapter, or the document's first page when no chapter matched
    chapter_found: bool


def parse_source(source: str) -> SourceRef:
    first = source.split(";")[0]
    name_part = re.split(r",|\(", first, maxsplit=1)[0]
    year = year_of(first)
    name = " ".join(re.sub(r"\b(19|20)\d\d\b", " ", name_part).split())
    found = _CHAPTER.search(first)
    if not found:
        return SourceRef(name, year, "", "")
    title = found.group(3) or ""
    if re.search(r"\b(edition|confirmed|content|as set out|as in)\b", title, re.IGNORECASE):
        title = ""  # a note about the source, not the chapter's title
    return SourceRef(name, year, f"{found.group(1).lower()} {found.group(2).lower()}", title)


def _document_matches(ref: SourceRef, info: DocumentInfo) -> bool:
    wanted = set(title_family(ref.name).split())
    return bool(wanted) and wanted <= set(title_family(info.title).split())


def find_official(library, source: str) -> Found | None:
    """The library document and chapter a guide section's source names, or None."""
    ref = parse_source(source)
    candidates = [i for i in library.documents() if i.id != GUIDE_ID and _document_matches(ref, i)]
    if not candidates:
        return None
    candidates.sort(key=lambda i: (year_of(i.title, i.date, i.version) == ref.year,
                                   year_of(i.title, i.date, i.version)), reverse=True)
    for info in candidates:
        try:
            doc = library.document(info.id)
        except KeyError:
            continue
        chapters = doc.sections[1:]
        by_label = [s for s in chapters if s.label.lower() == ref.label]
        if ref.chapter_title:
            def closeness(s):
                return fuzz.token_set_ratio(ref.chapter_title, s.title, processor=utils.default_process)
            good = [s for s in by_label if closeness(s) >= TITLE_MATCH] or \
                   [s for s in chapters if closeness(s) >= TITLE_MATCH + 15]
            by_label = sorted(good, key=closeness, reverse=True) or by_label
        if by_label:
            return Found(info, by_label[0].id, True)
        return Found(info, doc.sections[0].id, False)
    return None
