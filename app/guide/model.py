"""Plain, frozen value types for the guide. The UI and search are handed these, never files.

The values are NamedTuples, the Guide a plain class: immutable values like frozen dataclasses,
but made without generating and compiling methods, which at import cost more than the rest of a
cached start's guide loading, and unpickled (app/guide/cache.py) as plain tuples. No
`from __future__ import annotations` here for the same reason: NamedTuple would compile each
annotation string.
"""
import datetime as dt
from pathlib import Path
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong in the content, where it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content cannot be used at all (no guide.yaml, unreadable folder)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownSection(KeyError):
    """A section id that the guide does not have."""

    def __init__(self, section_id: str) -> None:
        super().__init__(section_id)
        self.section_id = section_id

    def __str__(self) -> str:
        return f"no section with id {self.section_id!r}"


class Heading(NamedTuple):
    level: int
    text: str
    anchor: str


class Change(NamedTuple):
    edition: int
    note: str


class Section(NamedTuple):
    id: str
    title: str
    summary: str
    source: str
    reviewed: dt.date | None
    keywords: tuple[str, ...]
    audience: tuple[str, ...]
    changed: tuple[Change, ...]
    part_id: str
    body: str
    headings: tuple[Heading, ...]
    path: Path
    body_line: int = 1
    links: tuple[str, ...] = ()  # every link target in the body, in order

    def changed_in(self, edition: int) -> Change | None:
        return next((c for c in self.changed if c.edition == edition), None)

    def is_for(self, audience: str) -> bool:
        return "all" in self.audience or audience in self.audience


class Part(NamedTuple):
    id: str
    title: str
    section_ids: tuple[str, ...]


class GlossaryTerm(NamedTuple):
    id: str
    term: str
    also: tuple[str, ...]
    definition: str
    section: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the term goes by, the main one first."""
        return (self.term, *self.also)


class TimelineEvent(NamedTuple):
    id: str
    date: dt.date
    precision: str  # "day" | "month" | "year"
    kind: str  # edition | inquiry | review | legislation | other
    title: str
    summary: str
    sections: tuple[str, ...]

    @property
    def date_label(self) -> str:
        if self.precision == "year":
            return f"{self.date.year}"
        if self.precision == "month":
            return self.date.strftime("%B %Y")
        return f"{self.date.day} {self.date.strftime('%B %Y')}"


class TimescaleStep(NamedTuple):
    id: str
    name: str
    section: str
    after: str | None = None
    amount: int | None = None
    unit: str | None = None  # working_days | days | months
    basis: str | None = None  # must | should | local
    edition: int | None = None
    note: str = ""


class Guide:
    """The whole guide. `pages` holds rendered HTML by section id: filled by
    app.guide.render.section_html, and saved with the guide cache."""

    content_date = ""  # for caches pickled before these existed
    local_timescales: "dict[str, str]" = {}

    def __init__(self, *, title: str, subtitle: str, content_version: str, current_edition: int,
                 official_url: str, home: str, audiences: dict, parts: list, sections: dict,
                 glossary: dict, timeline: list, timescales: dict, content_dir: Path,
                 fingerprint: str, problems: "list | None" = None, pages: "dict | None" = None,
                 content_date: str = "", local_timescales: "dict | None" = None) -> None:
        self.title = title
        self.subtitle = subtitle
        self.content_version = content_version
        self.current_edition = current_edition
        self.official_url = official_url
        self.home = home
        self.audiences: dict[str, str] = audiences
        self.parts: list[Part] = parts
        self.sections: dict[str, Section] = sections
        self.glossary: dict[str, GlossaryTerm] = glossary
        self.timeline: list[TimelineEvent] = timeline
        self.timescales: dict[str, TimescaleStep] = timescales
        self.content_dir = content_dir
        self.fingerprint = fingerprint
        self.problems: list = problems if problems is not None else []
        self.pages: dict[str, str] = pages if pages is not None else {}
        self.content_date = content_date  # YYYY-MM-DD of the content in use (app.packs.service.for_window)
        # step id → "local: 1 working day; national: none set" where a local pack overrides it
        self.local_timescales = local_timescales if local_timescales is not None else {}

    def __repr__(self) -> str:
        return f"Guide({self.title!r}, {len(self.sections)} sections, content {self.fingerprint})"

    def replace(self, **changes) -> "Guide":
        """A copy with some fields changed (as dataclasses.replace)."""
        return Guide(**{**vars(self), **changes})

    def section(self, section_id: str) -> Section:
        try:
            return self.sections[section_id]
        except KeyError:
            raise UnknownSection(section_id) from None

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)

    def part_title(self, section_id: str) -> str:
        return self.part(self.section(section_id).part_id).title

