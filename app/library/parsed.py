"""What an importer hands the library: a file's text and structure, never its markup.

The contract between `app/library/importers` (one module per format) and the rest of the
library. Importers read an untrusted file and return plain text in blocks; nothing of the
file's own HTML, scripts, styles or links survives, so the reader's HTML is always built by us
from text we escape.

    parsed = import_file(path, progress=lambda done, total: ..., cancelled=lambda: False)

`import_file` raises `ImportRefused` with one sentence a user can act on ("This PDF has no
text to read; it may be a scan.") for every file it cannot or will not read.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

Progress = Callable[[int, int], None]  # (done, total) in the importer's own units
Cancelled = Callable[[], bool]  # polled between pages or parts; True stops with ImportCancelled


class Block(NamedTuple):
    kind: str  # "heading" | "paragraph" | "list_item" | "table" | "footnote"
    text: str  # plain text; for a table the cells' text joined, for search
    level: int = 0  # heading level 1-6 (1 = chapter); list nesting depth from 0
    number: str = ""  # the number as printed: paragraph "142", list "3." or "a)", chapter "3"
    page: str = ""  # printed page label where the block starts (PDF only), e.g. "42" or "iv"
    rows: tuple[tuple[str, ...], ...] = ()  # table cells by row; the first row is the header


class ParsedDocument(NamedTuple):
    title: str
    format: str  # "pdf" | "html" | "docx" | "epub"
    blocks: tuple[Block, ...]
    source_file: str  # the file's name as the user had it (no folder)
    sha256: str  # of the original file's bytes
    date: str = ""  # publication date or version as the document states it, e.g. "December 2023"
    version: str = ""
    licence: str = ""  # the licence/attribution line the document carries, if any
    pages: int = 0  # PDF page count


class ImportRefused(Exception):
    """The file cannot be imported; str(error) is one sentence for the user."""


class ImportCancelled(ImportRefused):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was added.")
