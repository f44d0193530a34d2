"""Citations of a document's text, as practitioners write them in case notes and reports:
"Working Together to Safeguard Children 2023, chapter 3, paragraph 142"."""
from __future__ import annotations

from app.library.model import DocSection, DocumentInfo, Place
from app.library.normalise import year_of


def cited_title(info: DocumentInfo) -> str:
    """The title with its year, when the title itself does not say it."""
    year = year_of(info.date, info.version)
    if year and not year_of(info.title):
        return f"{info.title} {year}"
    return info.title


def place_of(section: DocSection, anchor: str) -> Place | None:
    return next((p for p in section.places if p.anchor == anchor), None) if anchor else None


def citation(info: DocumentInfo, section: DocSection, anchor: str = "") -> str:
    """Title, chapter, and the printed paragraph number (else the page, else the heading)."""
    parts = [cited_title(info)]
    if not section.id.endswith("~start") and section.label:  # the first page is the title
        parts.append(section.label)
    place = place_of(section, anchor)
    if place is not None and place.is_paragraph:
        parts.append(f"paragraph {place.number}")
    elif place is not None:
        if place.text and place.text != section.title:
            parts.append(f"“{place.text}”")
        if place.page:
            parts.append(f"p. {place.page}")
    elif anchor.startswith("page-"):
        parts.append(f"p. {anchor[5:]}")
    elif section.page:
        parts.append(f"p. {section.page}")
    return ", ".join(parts)
