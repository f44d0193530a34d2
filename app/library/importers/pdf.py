"""A PDF, as GOV.UK prints its guidance, into plain-text blocks (pypdf: pure Python, easy to bundle).

A PDF is positioned text, not a structure, so the structure is rebuilt from how the page looks:
- lines: pypdf's text runs grouped by baseline, each with its font size, boldness and position;
- headings: the outline (bookmarks) when there is one, matched to the lines they point at;
  otherwise lines in a larger font than the body, or short bold lines (levels by size);
- paragraphs start at a printed number ("142."), a list marker ("•", "a."), or a gap wider than
  the line spacing; a paragraph cut by a page break is joined again;
- footnotes: lines in a smaller font below the text, starting with their number;
- tables: runs of lines split into aligned columns by wide gaps;
- page numbers and running headers/footers (the same line on most pages) are left out;
- Block.page is the printed page label (PDF page labels: "iv", "42"), not the sheet count.
"""
from __future__ import annotations

import io
import math
import re
import statistics
from collections import Counter
from typing import Any, NamedTuple

from app.library.importers._common import (
    MAX_PAGES, Job, ParagraphNumbers, clean, heading_number, licence_line, table_block)
from app.library.parsed import Block, ImportRefused, ParsedDocument

_PROTECTED = "This PDF is password-protected; open it, save an unprotected copy and add that."
_NO_TEXT = "This PDF has no text to read; it may be a scan."
_BULLET = re.compile(r"[\u2022\u25cf\u25aa\u25a0\u2013\u2014\u2023\u2043\u25e6o\-\*\uf0b7\uf0a7]\s+")
_LETTER = re.compile(r"\(?([a-z]{1,2}|[ivx]{1,5})[.)]\s+")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_PRINTED_DATE = re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+\d{{4}}\b")
_SENTENCE_END = re.compile(r"[.:;!?)\]\u201d\"']$")


class Run(NamedTuple):
    text: str
    x: float
    y: float
    size: float
    bold: bool


class Line(NamedTuple):
    text: str
    x: float  # where it starts
    y: float  # baseline, from the bottom of the page
    size: float  # the size most of its characters are in
    bold: bool
    cells: tuple[tuple[float, str], ...]  # the line cut at wide gaps: (x, text), for tables
    page: int


def parse(data: bytes, stem: str, job: Job) -> ParsedDocument:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%%EOF" not in data[-8192:]:
        raise ImportRefused("This PDF is incomplete (its download may have been cut short); "
                            "download it again and add the new copy.")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError):
            raise ImportRefused("This PDF is encrypted in a way the app cannot read; open it, save an "
                                "unprotected copy and add that.") from None
        if not opened:
            raise ImportRefused(_PROTECTED)
    try:
        count = len(reader.pages)
    except FileNotDecryptedError:
        raise ImportRefused(_PROTECTED) from None
    if count == 0:
        raise ImportRefused("This PDF has no pages.")
    if count > MAX_PAGES:
        raise ImportRefused(f"This PDF has {count} pages, more than the {MAX_PAGES} the app reads.")
    labels = _labels(reader, count)
    pages: list[list[Line]] = []
    for index, page in enumerate(reader.pages):
        pages.append(_lines(page, index))
        job.step(index + 1, count)
    if sum(len(line.text) for lines in pages for line in lines) < 20:
        raise ImportRefused(_NO_TEXT)
    outline = _outline(reader)
    blocks = Layout(pages, labels, outline).blocks()
    title, date = _title_and_date(reader, pages)
    return ParsedDocument(title=title or stem, format="pdf", blocks=tuple(blocks), source_file="", sha256="",
                          date=date, licence=licence_line(blocks), pages=count)


def _labels(reader: Any, count: int) -> list[str]:
    try:
        labels = [str(label) for label in reader.page_labels]
    except Exception:  # a damaged /PageLabels tree is not worth refusing the file for
        labels = []
    return labels if len(labels) == count else [str(n) for n in range(1, count + 1)]


def _outline(reader: Any) -> dict[int, list[tuple[str, int, float]]]:
    """Bookmarks by page index: (title, level, top of the destination or inf)."""
    found: dict[int, list[tuple[str, int, float]]] = {}

    def walk(entries: list[Any], level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(entry)
                title = clean(str(entry.title or ""))
                top = float(entry.top) if entry.get("/Top") is not None else math.inf
            except Exception:
                continue
            if title and page is not None and page >= 0:
                found.setdefault(page, []).append((title, min(level, 6), top))

    try:
        walk(reader.outline, 1)
    except Exception:  # a damaged outline: fall back to font sizes
        return {}
    return found


def _lines(page: Any, index: int) -> list[Line]:
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text or not text.strip():
            return
        a, b, c, d, e, f = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                            tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
                            tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
        name = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
        bold = any(word in name for word in ("Bold", "Black", "Heavy", "Semibold", "Demi"))
        for part in text.split("\n"):
            if part.strip():
                runs.append(Run(part, e, f, round(size * math.hypot(c, d), 1), bold))

    page.extract_text(visitor_text=visit)
    return _group(runs, index)


def _group(runs: list[Run], page: int) -> list[Line]:
    """Runs on the same baseline make a line; lines top to bottom."""
    rows: list[list[Run]] = []
    for run in runs:
        for row in rows[-3:]:  # text is usually drawn in order; look back a little for stragglers
            if abs(row[0].y - run.y) <= max(run.size, row[0].size) * 0.4:
                row.append(run)
                break
        else:
            rows.append([run])
    lines = []
    for row in rows:
        row.sort(key=lambda r: r.x)
        sizes: Counter[float] = Counter()
        for run in row:
            sizes[run.size] += len(run.text)
        size = sizes.most_common(1)[0][0]
        baseline = next(run.y for run in row if run.size == size)
        cells: list[list[Any]] = []
        for run in row:
            gap = run.x - cells[-1][2] if cells else 0.0
            if cells and _is_note_reference(run, size, baseline):  # a raised small "12" after a word
                cells[-1][1] = cells[-1][1].rstrip() + f" [{run.text.strip()}]"
                cells[-1][2] = max(cells[-1][2], _end(run))
            elif cells and gap < size * 1.6:
                cells[-1][1] += ("" if cells[-1][1].endswith(" ") or run.text.startswith(" ") else " ") + run.text
                cells[-1][2] = max(cells[-1][2], _end(run))
            else:
                cells.append([run.x, run.text, _end(run)])
        text = clean(" ".join(cell[1] for cell in cells))
        if text:
            lines.append(Line(text, row[0].x, row[0].y, size, sum(len(r.text) for r in row if r.bold) * 2 >
                              sum(len(r.text) for r in row), tuple((c[0], clean(c[1])) for c in cells), page))
    lines.sort(key=lambda line: -line.y)
    return lines


def _is_note_reference(run: Run, size: float, baseline: float) -> bool:
    return (run.size <= size * 0.8 and run.y > baseline + size * 0.15
            and re.fullmatch(r"\d{1,3}|[*\u2020\u2021]", run.text.strip()) is not None)


def _end(run: Run) -> float:
    return run.x + len(run.text) * run.size * 0.5  # a rough width: enough to tell a gap from a space


class Layout:
    """The document's lines, turned into blocks."""

    def __init__(self, pages: list[list[Line]], labels: list[str],
                 outline: dict[int, list[tuple[str, int, float]]]) -> None:
        self.labels = labels
        self.outline = outline
        self.pages = _without_furniture(pages, labels)
        self.cover = len(pages) > 2  # the first page is a cover: its big type is not a heading
        body = [line for lines in self.pages[1 if self.cover else 0:] for line in lines]
        sizes: Counter[float] = Counter()
        for line in body:
            sizes[line.size] += len(line.text)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        margins: Counter[int] = Counter(round(line.x) for line in body if line.size == self.body_size)
        self.margin = margins.most_common(1)[0][0] if margins else 0
        self.heading_sizes = sorted({s for s in sizes if s >= self.body_size * 1.15}, reverse=True)[:5]
        self.spacing = _line_spacing(self.pages, self.body_size)
        self.numbers = ParagraphNumbers()
        self.out: list[Block] = []
        self.notes: list[Block] = []
        self.current: list[Any] | None = None  # [kind, text, level, number, page]

    def blocks(self) -> list[Block]:
        previous: Line | None = None
        for index, lines in enumerate(self.pages):
            lines = self._headings_from_outline(index, lines)
            text_bottom = min((l.y for l in lines if not isinstance(l, Block) and l.size >= self.body_size * 0.9),
                              default=0.0)
            table: list[Line] = []
            for line in lines:
                if isinstance(line, Block):  # a heading the outline placed here
                    self._flush_table(table)
                    self._end()
                    self._chapter_notes(line)
                    self.out.append(line)
                    previous = None
                    continue
                if line.size <= self.body_size * 0.88 and line.y < text_bottom:
                    self._flush_table(table)
                    self._footnote(line)
                    continue
                if len(line.cells) >= 2 and not self._starts_item(line) and line.size not in self.heading_sizes:
                    table.append(line)
                    continue
                if table and self._flush_table(table):
                    previous = None
                self._line(line, previous)
                previous = line
            self._flush_table(table)
        self._end()
        self._chapter_notes(None)
        return self.out

    # -- headings
    def _headings_from_outline(self, index: int, lines: list[Line]) -> list[Any]:
        """The page's lines with each bookmark's heading in place of the lines that print it."""
        marks = sorted(self.outline.get(index, []), key=lambda m: -m[2])
        if not marks:
            return lines
        out: list[Any] = []
        todo = list(lines)
        label = self.labels[index]
        for title, level, top in marks:
            wanted = _key(title)
            placed = False
            for start, line in enumerate(todo):
                if line.y > top + line.size * 2 or not wanted.startswith(_key(line.text)[:12]):
                    continue
                joined, end = "", start
                while end < len(todo) and len(_key(joined)) < len(wanted):
                    joined = f"{joined} {todo[end].text}".strip()
                    end += 1
                if _key(joined) == wanted:
                    out += todo[:start]
                    todo = todo[end:]
                    placed = True
                    break
            block = Block("heading", title, level=level, number=heading_number(title), page=label)
            if not placed:  # the heading is not printed as such: put it where the bookmark points
                above = [line for line in todo if line.y > top]
                out += above
                todo = todo[len(above):]
            out.append(block)
        return out + todo

    def _heading_level(self, line: Line) -> int:
        if self.outline or (self.cover and line.page == 0):
            return 0
        words = len(line.text.split())
        if line.size in self.heading_sizes and words <= 25:
            return self.heading_sizes.index(line.size) + 1
        if line.bold and line.size >= self.body_size * 0.95 and words <= 14 and not _SENTENCE_END.search(line.text):
            return len(self.heading_sizes) + 1 + min(heading_number(line.text).count("."), 2)
        return 0

    # -- body text
    def _starts_item(self, line: Line) -> bool:
        return bool(_BULLET.match(line.text) or _LETTER.match(line.text) or
                    re.match(r"\d{1,4}(\.\d{1,3})*\.?\s", line.text))

    def _line(self, line: Line, previous: Line | None) -> None:
        label = self.labels[line.page]
        level = self._heading_level(line)
        if level:
            current = self.current
            if (current and current[0] == "heading" and current[2] == min(level, 6) and previous
                    and previous.size == line.size and previous.y - line.y < line.size * 2):
                current[1] += " " + line.text  # a heading printed on two lines
                return
            self._end()
            if level == 1:
                self._chapter_notes(Block("heading", line.text, level=1))
            self.current = ["heading", line.text, min(level, 6), "", label]
            return
        text = line.text
        bullet = _BULLET.match(text)
        letter = _LETTER.match(text)
        number, rest = self.numbers.split(text) if line.x < self.margin + 3 else ("", text)
        if bullet or letter:
            self._end()
            depth = 1 if line.x - self.margin > 40 else 0
            mark = letter.group(0).strip() if letter else ""
            self.current = ["list_item", text[(bullet or letter).end():], depth, mark, label]  # type: ignore[union-attr]
        elif number:
            self._end()
            self.current = ["paragraph", rest, 0, number, label]
        elif self.current and self.current[0] != "heading" and self._continues(line, previous):
            self.current[1] = _join(self.current[1], text)
        else:
            self._end()
            self.current = ["paragraph", text, 0, "", label]

    def _continues(self, line: Line, previous: Line | None) -> bool:
        if previous is None:  # first line on a page: a paragraph cut by the page break goes on
            assert self.current is not None
            return not _SENTENCE_END.search(self.current[1]) or line.text[:1].islower()
        return previous.y - line.y <= self.spacing * 1.35 and line.size == previous.size

    def _end(self) -> None:
        if self.current and clean(self.current[1]):
            kind, text, level, number, page = self.current
            if kind == "heading":
                number = heading_number(text)
            self.out.append(Block(kind, clean(text), level=level, number=number, page=page))
        self.current = None

    def _footnote(self, line: Line) -> None:
        match = re.match(r"(\d{1,3}|[*\u2020\u2021])\s+", line.text)
        if match:
            self.notes.append(Block("footnote", line.text[match.end():], number=match.group(1),
                                    page=self.labels[line.page]))
        elif self.notes:
            last = self.notes[-1]
            self.notes[-1] = last._replace(text=_join(last.text, line.text))

    def _chapter_notes(self, heading: Block | None) -> None:
        """Footnotes go after the chapter they belong to, before the next chapter's heading."""
        if self.notes and (heading is None or heading.level == 1):
            self._end()
            self.out += self.notes
            self.notes = []

    def _flush_table(self, table: list[Line]) -> bool:
        if not table:
            return False
        lines = list(table)
        table.clear()
        if len(lines) < 2:  # one line with a wide gap is just a line
            for line in lines:
                self._line(line, None if not self.current else line)
            return False
        self._end()
        columns = sorted({round(x) for line in lines for x, _ in line.cells[:1]} |
                         {round(x) for x, _ in max(lines, key=lambda l: len(l.cells)).cells})
        rows: list[list[str]] = []
        for line in lines:
            row = [""] * len(columns)
            for x, text in line.cells:
                column = min(range(len(columns)), key=lambda i: abs(columns[i] - x))
                row[column] = _join(row[column], text) if row[column] else text
            if rows and not row[0] and len([c for c in row if c]) < len(columns) // 2 + 1:
                rows[-1] = [_join(a, b) if b else a for a, b in zip(rows[-1], row)]  # a wrapped cell
            else:
                rows.append(row)
        block = table_block(rows, page=self.labels[lines[0].page])
        if block:
            self.out.append(block)
        return True


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _join(text: str, more: str) -> str:
    if text.endswith("-") and more[:1].islower():
        return text[:-1] + more  # a word broken across lines
    return f"{text} {more}"


def _line_spacing(pages: list[list[Line]], size: float) -> float:
    gaps = [round(a.y - b.y, 1) for lines in pages for a, b in zip(lines, lines[1:])
            if a.size == b.size == size and 0 < a.y - b.y < size * 3]
    return statistics.median(gaps) if gaps else size * 1.4


def _without_furniture(pages: list[list[Line]], labels: list[str]) -> list[list[Line]]:
    """Drop printed page numbers and the running header and footer repeated on most pages."""
    edges: Counter[str] = Counter()
    for lines in pages:
        for line in lines[:2] + lines[-2:]:
            edges[re.sub(r"\d+", "#", line.text)] += 1
    repeated = {text for text, n in edges.items() if n >= 3 and n >= len(pages) * 0.3}
    out = []
    for index, lines in enumerate(pages):
        keep = []
        for position, line in enumerate(lines):
            at_edge = position < 2 or position >= len(lines) - 2
            if at_edge and (re.sub(r"\d+", "#", line.text) in repeated or line.text == labels[index]
                            or re.fullmatch(r"(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?|[ivxlc]{1,6}", line.text, re.I)):
                continue
            keep.append(line)
        out.append(keep)
    return out


def _title_and_date(reader: Any, pages: list[list[Line]]) -> tuple[str, str]:
    try:
        info = reader.metadata or {}
        title = clean(str(info.get("/Title") or ""))
        created = str(info.get("/CreationDate") or "")
    except Exception:
        title, created = "", ""
    if re.search(r"^(untitled|microsoft word|document\d*$)|\.(docx?|pdf|indd)$", title, re.I) or len(title) < 3:
        title = ""
    first = [line for lines in pages[:1] for line in lines]
    if not title and first:
        biggest = max(line.size for line in first)
        title = clean(" ".join(line.text for line in first if line.size == biggest))[:300]
    date = ""
    for line in [line for lines in pages[:2] for line in lines]:
        match = _PRINTED_DATE.search(line.text)
        if match:
            date = match.group(0)
            break
    if not date and re.match(r"D:\d{8}", created):
        months = _MONTHS.split("|")
        year, month, day = int(created[2:6]), int(created[6:8]), int(created[8:10])
        if 1 <= month <= 12:
            date = f"{day} {months[month - 1]} {year}" if 1 <= day <= 31 else f"{months[month - 1]} {year}"
    return title, date
