"""The library's value types: documents, their sections, and the places inside a section.

Every section has one key, unique across the whole library: the guide's section ids as they
always were ("strategy-discussion"), and `<document id>~<section>` for every other document
("kcsie-2026~part-one"). Bookmarks, history, search and the reader keep keying pages by that one
string; the document is read from the key (`document_of`).

No `from __future__ import annotations`: NamedTuple would compile each annotation string.
"""
from typing import NamedTuple

GUIDE_ID = "guide"
SEPARATOR = "~"
KINDS = ("guide", "official", "local")


def section_key(document_id: str, local_id: str) -> str:
    return f"{document_id}{SEPARATOR}{local_id}"


def document_of(key: str) -> str:
    """The document a section key belongs to ("guide" for the guide's own ids)."""
    doc, sep, _rest = key.partition(SEPARATOR)
    return doc if sep else GUIDE_ID


def is_document_key(key: str) -> bool:
    return SEPARATOR in key


class Place(NamedTuple):
    """A heading, or a paragraph with a printed number, inside a section. Shaped like the guide's
    Heading (level, text, anchor), so bookmark look-up treats both alike."""

    level: int  # heading level 1-6; 0 for a numbered paragraph
    text: str  # the heading; for a paragraph its number and first words (what a bookmark shows)
    anchor: str
    number: str = ""  # as printed: chapter "3", paragraph "142"
    page: str = ""  # printed page label where it starts ("" if the format has no pages)

    @property
    def is_paragraph(self) -> bool:
        return self.level == 0


class Piece(NamedTuple):
    """One block of a section as stored: the importer's Block plus the anchor we gave it."""

    kind: str  # "heading" | "paragraph" | "list_item" | "table" | "footnote"
    text: str
    level: int = 0
    number: str = ""
    page: str = ""
    rows: tuple = ()
    anchor: str = ""


PLACE_WORDS = 72  # characters of a paragraph's opening that name it in lists


def place_of_piece(piece: "Piece") -> "Place | None":
    """The Place a stored piece makes, if any (headings and numbered paragraphs have anchors)."""
    if not piece.anchor:
        return None
    if piece.kind == "heading":
        return Place(piece.level, piece.text, piece.anchor, piece.number, piece.page)
    opening = piece.text if len(piece.text) <= PLACE_WORDS else piece.text[:PLACE_WORDS].rsplit(" ", 1)[0] + "…"
    return Place(0, f"{piece.number}. {opening}", piece.anchor, piece.number, piece.page)


class DocSection(NamedTuple):
    id: str  # the library-wide key, "<document id>~<local id>"
    title: str
    number: str  # the chapter's number as printed ("3", "one", "B"), "" if none
    label: str  # how a citation names it: "chapter 3", "part one", "annex B", or the title
    places: tuple  # Place: headings and numbered paragraphs, in reading order
    pieces: tuple  # Piece: everything in the section, in reading order
    page: str = ""  # printed page where the section starts

    @property
    def headings(self) -> tuple:
        """Headings and numbered paragraphs (bookmarks can point at either)."""
        return self.places

    @property
    def summary(self) -> str:
        first = next((p.text for p in self.pieces if p.kind == "paragraph"), "")
        return first[:200] + ("…" if len(first) > 200 else "")


class DocumentInfo(NamedTuple):
    """What the library knows about a document without loading its text (the manifest entry)."""

    id: str
    title: str
    kind: str  # "guide" | "official" | "local"
    format: str  # "pdf" | "html" | "docx" | "epub" | "guide" | a pack's format
    source_file: str = ""
    sha256: str = ""
    added: str = ""  # ISO 8601, UTC
    date: str = ""
    version: str = ""
    licence: str = ""
    family: str = ""  # the title without years and editions: how a newer copy is recognised
    sections: int = 0
    paragraphs: int = 0  # paragraph blocks (numbered or not)
    pages: int = 0

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "kind": self.kind, "format": self.format,
                "source_file": self.source_file, "sha256": self.sha256, "added": self.added,
                "date": self.date, "version": self.version, "licence": self.licence,
                "family": self.family, "sections": self.sections, "paragraphs": self.paragraphs,
                "pages": self.pages}

    @classmethod
    def from_json(cls, data: dict) -> "DocumentInfo":
        fields = {k: data[k] for k in cls._fields if k in data}
        return cls(**fields)


class Document(NamedTuple):
    """An imported (or installed) document, loaded: its info and its sections in order."""

    info: DocumentInfo
    sections: tuple  # DocSection

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title

    def section(self, key: str):
        return next((s for s in self.sections if s.id == key), None)
