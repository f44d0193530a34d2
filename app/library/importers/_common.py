"""What every importer shares: the limits, the job (progress, cancel, time), and text clean-up."""
from __future__ import annotations

import re
import time
import unicodedata
import zipfile
from typing import Callable

from app.library.parsed import Block, Cancelled, ImportCancelled, ImportRefused, Progress

MB = 1024 * 1024
MAX_FILE_BYTES = 200 * MB  # the largest file read at all (official PDFs are a few MB)
MAX_PAGES = 3000  # pages of a PDF
MAX_ZIP_MEMBERS = 5000  # files inside a .docx or .epub
MAX_ZIP_TOTAL = 300 * MB  # their total size once uncompressed, as the archive declares it
MAX_ZIP_RATIO = 150  # uncompressed / compressed for any member over ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 2 * MB  # small members may compress very well (repetitive XML) without harm
MAX_SECONDS = 300.0  # a file that takes longer than this is refused rather than left running


class Job:
    """Progress, cancel and time limit, checked between pages or parts."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None,
                 seconds: float = MAX_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._clock = clock
        self._deadline = clock() + seconds

    def step(self, done: int, total: int) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled()
        if self._clock() > self._deadline:
            raise ImportRefused("This file took too long to read, so it was not added.")
        if self._progress is not None:
            self._progress(done, total)


def check_zip(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse an archive that would expand beyond the limits (a zip bomb), before anything reads it.

    zipfile never returns more than a member's declared size, so the declared sizes bound the work.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportRefused(f"This {what} holds too many parts to be a real document, so it was not added.")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_ZIP_TOTAL or (member.file_size > ZIP_RATIO_FLOOR and ratio > MAX_ZIP_RATIO):
            raise ImportRefused(
                f"This {what} would expand to far more than a real document (it may be a zip bomb), "
                "so it was not added.")


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_ZIP_TOTAL) -> bytes:
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused("A part of this file is too large to read, so it was not added.")
    return data


# Characters that carry no text: controls (but tab and newline), soft hyphen, zero-width marks, BOM.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def clean(text: str) -> str:
    """One line of plain text: invisible characters gone, runs of white space one space, NFC."""
    text = _INVISIBLE.sub("", text.translate(_LIGATURES))
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()


# "142. Local authorities…", "3.2 The plan…", "142 Local authorities…": a number, then a capital,
# a quote or a bracket (lower case after a number is a sentence such as "2 children were…").
_PARAGRAPH_NUMBER = re.compile(r"(\d{1,4}(?:\.\d{1,3})*)(\.?)\s+(?=[A-Z\u2018\u201c\"'(\[])")
_HEADING_NUMBER = re.compile(
    r"(?:(?:chapter|part|section|annex|appendix|schedule)\s+([0-9]+|[A-Z]|[IVXLC]+)\b"
    r"|([0-9]+(?:\.[0-9]+)*)(?=[.:)]?\s))", re.IGNORECASE)


class ParagraphNumbers:
    """Finds the number a paragraph is printed with, and keeps the run of numbers it belongs to.

    "142." or "3.2" is taken as a paragraph number wherever it starts a paragraph; a bare "142"
    (no full stop) only when it follows the paragraph before it (141), so a paragraph that opens
    with a count or a date ("15 December…") keeps its first word.
    """

    def __init__(self) -> None:
        self.last = 0

    def split(self, text: str) -> tuple[str, str]:
        match = _PARAGRAPH_NUMBER.match(text)
        if not match:
            return "", text
        number, dot = match.group(1), match.group(2)
        if not dot and "." not in number and int(number) not in (self.last + 1, 1):
            return "", text
        if "." not in number:
            self.last = int(number)
        return number, text[match.end():]


def heading_number(text: str) -> str:
    """'Chapter 3: Providing help' -> '3', '3.2 Assessment' -> '3.2', 'Annex A: …' -> 'A'."""
    match = _HEADING_NUMBER.match(text)
    if not match:
        return ""
    return match.group(1) or match.group(2) or ""


def table_block(rows: list[list[str]], page: str = "") -> Block | None:
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        return None
    text = " ".join(cell for row in rows for cell in row if cell)
    return Block("table", text, page=page, rows=tuple(tuple(row) for row in rows))


_LICENCE = re.compile(r"[^.]*Open Government Licence[^.]*(?:\.\d[^.]*)*\.?")


def licence_line(blocks: list[Block]) -> str:
    """The sentence naming the Open Government Licence, as the document prints it."""
    for block in blocks:
        if "Open Government Licence" in block.text:
            match = _LICENCE.search(block.text)
            if match:
                return clean(match.group(0))[:400]
    return ""
