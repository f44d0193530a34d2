"""Moving bookmarks from a document to its newer copy, by their text.

A bookmark on a heading goes to the new copy's heading with the nearest text; one on a numbered
paragraph to the paragraph whose text is nearest (paragraphs are renumbered between editions, so
the number only breaks ties); one on a section to the section with the nearest title. A
bookmark with no match good enough is listed as not placed and left as it was (it then says
"document removed"): never attached to the wrong text.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process, utils

from app.library.model import Document, DocSection

HEADING_CUTOFF = 85.0  # headings are short: a word changed is already far
PARAGRAPH_CUTOFF = 80.0
TITLE_CUTOFF = 80.0


class Move(NamedTuple):
    bookmark: Any  # app.store.Bookmark
    section_id: str
    anchor: str
    section_title: str
    heading_text: str
    score: float


class Plan(NamedTuple):
    moves: tuple  # Move
    not_placed: tuple  # the bookmarks no place was found for


def _full_text(section: DocSection, anchor: str) -> tuple[str, str, str]:
    """(kind, text, number) of the piece an anchor names."""
    piece = next((p for p in section.pieces if p.anchor == anchor), None)
    if piece is None:
        return "", "", ""
    return piece.kind, piece.text, piece.number


def _best(query: str, choices: dict, cutoff: float, prefer=None):
    if not query or not choices:
        return None
    found = process.extract(query, choices, scorer=fuzz.ratio, processor=utils.default_process,
                            score_cutoff=cutoff, limit=5)
    if not found:
        return None
    top = found[0][1]
    tied = [f for f in found if f[1] >= top - 0.5]
    if prefer is not None:
        tied.sort(key=lambda f: not prefer(f[2]))
    return tied[0]


def plan(old: Document, new: Document, bookmarks: Iterable[Any]) -> Plan:
    """Where each bookmark on `old` goes in `new` (nothing is written here)."""
    pieces = {(s.id, p.anchor): (s, p) for s in new.sections for p in s.pieces if p.anchor}
    headings = {k: p.text for k, (_s, p) in pieces.items() if p.kind == "heading"}
    paragraphs = {k: p.text for k, (_s, p) in pieces.items() if p.kind == "paragraph"}
    titles = {s.id: s.title for s in new.sections}
    moves, lost = [], []
    for b in bookmarks:
        old_section = old.section(b.section_id)
        if not b.anchor:
            title = old_section.title if old_section else b.section_title
            same_label = (lambda key, o=old_section: o is not None and new.section(key).label == o.label)
            hit = _best(title, titles, TITLE_CUTOFF, same_label)
            if hit is None:
                lost.append(b)
                continue
            section = new.section(hit[2])
            moves.append(Move(b, section.id, "", section.title, "", hit[1]))
            continue
        kind, text, number = _full_text(old_section, b.anchor) if old_section else ("", "", "")
        if not text:  # the old copy has lost it too: go by the snapshot
            kind, text = ("heading", b.heading_text) if b.heading_text else ("", "")
        choices, cutoff = (paragraphs, PARAGRAPH_CUTOFF) if kind == "paragraph" else (headings, HEADING_CUTOFF)
        hit = _best(text, choices, cutoff, lambda key, n=number: bool(n) and pieces[key][1].number == n)
        if hit is None:
            lost.append(b)
            continue
        section, _piece = pieces[hit[2]]
        place = next(p for p in section.places if p.anchor == hit[2][1])
        moves.append(Move(b, section.id, place.anchor, section.title, place.text, hit[1]))
    return Plan(tuple(moves), tuple(lost))


def apply(plan_: Plan, bookmark_store) -> tuple[list, list]:
    """Move the planned bookmarks (app.store BookmarkStore). Returns (moved, not placed): one
    that would land where another bookmark already is is not placed either."""
    from app.store.errors import DuplicateBookmarkError, NotFoundError

    moved, lost = [], list(plan_.not_placed)
    for m in plan_.moves:
        try:
            moved.append(bookmark_store.relocate(m.bookmark.id, m.section_id, m.anchor,
                                                 section_title=m.section_title, heading_text=m.heading_text))
        except (DuplicateBookmarkError, NotFoundError):
            lost.append(m.bookmark)
    return moved, lost


def bookmarks_on(bookmark_store, doc_id: str) -> list:
    prefix = f"{doc_id}~"
    return [b for b in bookmark_store.list() if b.section_id.startswith(prefix)]
