"""What a search hands to its callers: plain values."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "section" | "heading" | "glossary"
    section_id: str  # the section to open ("glossary" for the glossary page)
    anchor: str  # heading anchor or glossary anchor, "" for the top of the section
    title: str  # section title, or the glossary term
    heading: str  # heading inside the section, if the best match was under one
    part_title: str
    score: float
    snippet_html: str  # matched words wrapped in <b class="match">
    snippet_text: str  # the same without markup, matched words in [brackets]
    why: tuple[str, ...]  # which words (or expanded abbreviations) matched
    highlight_terms: tuple[str, ...]  # words to highlight in the page
    changed: bool = False  # changed in the current edition
    document: str = "guide"  # the library document it is in ("guide" for the bundled guide)
    citation: str = ""  # a library document's title, chapter and printed paragraph number

    @property
    def location(self) -> str:
        parts = [self.part_title, self.title]
        if self.heading:
            parts.append(self.heading)
        return " › ".join(p for p in parts if p)


@dataclass(frozen=True)
class SearchResponse:
    query: str
    results: tuple[SearchResult, ...]
    total: int
    corrected: str = ""  # "did you mean" text, when the index knows a better spelling
    used_correction: bool = False  # results are for the corrected query (the original found nothing)
    replaced: tuple[str, ...] = ()  # the typed words the correction replaced, as typed
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (what they typed, what it also searched)
    suggestions: tuple[str, ...] = field(default_factory=tuple)  # offered when nothing matched
    message: str = ""  # plain words about the query (e.g. "type at least one word")
    not_found: tuple[str, ...] = ()  # words typed that the guide does not have (kept, not replaced)
