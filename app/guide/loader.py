"""Read content/ into a Guide, checking everything and reporting each problem with file and line.

Loading is forgiving: a broken section is left out and reported, so one bad file never stops
the reader. `check_content` (and `wt-reader check-content`) is strict: any problem is a failure.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from app.guide.fingerprint import content_fingerprint
from app.guide.model import (
    Change,
    ContentError,
    GlossaryTerm,
    Guide,
    Heading,
    Part,
    Problem,
    Section,
    TimelineEvent,
    TimescaleStep,
)
from app.guide.text import heading_anchor, local_image, outline

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED_FIELDS = ("id", "title", "summary", "source", "reviewed", "audience")
EVENT_KINDS = ("edition", "inquiry", "review", "legislation", "other")
UNITS = ("working_days", "days", "months")
BASES = ("must", "should", "local")


# libyaml's parser when PyYAML has it (it does in the wheels): several times faster at start-up.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDatesLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Leaves dates as text, so a bad date is reported on its own entry, not as a broken file."""


_TextDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_TextDatesLoader)  # noqa: S506 - a SafeLoader subclass


class _Report:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def add(self, path: Path, line: int, message: str) -> None:
        try:
            name = str(path.relative_to(self.root.parent))
        except ValueError:
            name = str(path)
        self.problems.append(Problem(name, max(1, line), message))


def _read_yaml(path: Path, report: _Report) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.add(path, 1, "file is missing")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        report.add(path, 1, f"cannot read file: {exc}")
        return None
    try:
        return _yaml(text)
    except ValueError as exc:  # e.g. an impossible date such as 2020-13-01
        report.add(path, 1, f"invalid value: {exc}")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        report.add(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}")
        return None


def _key_lines(text: str) -> dict[str, int]:
    """Line number of each top-level key in a YAML block, for messages."""
    lines: dict[str, int] = {}
    for no, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^([A-Za-z_]+)\s*:", line)
        if m and m.group(1) not in lines:
            lines[m.group(1)] = no
    return lines


def _as_str_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    return None


def _parse_date(value: Any) -> tuple[dt.date, str] | None:
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int) and 1000 <= value <= 9999:
        return dt.date(value, 1, 1), "year"
    if isinstance(value, str):
        for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date(), precision
            except ValueError:
                continue
    return None


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where body starts) or None when there is no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None


def _load_section(path: Path, part_id: str, audiences: dict[str, str], report: _Report) -> Section | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.add(path, 1, "section file is missing")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        report.add(path, 1, f"cannot read section file: {exc}")
        return None
    split = _split_front_matter(text)
    if split is None:
        report.add(path, 1, "no front matter: the file must start with a '---' line and close it with another")
        return None
    front_text, body, body_line = split
    try:
        meta = _yaml(front_text) or {}
    except ValueError as exc:
        report.add(path, 2, f"invalid value in front matter: {exc}")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(path, (mark.line + 2) if mark else 1, f"invalid front matter: {getattr(exc, 'problem', exc)}")
        return None
    if not isinstance(meta, dict):
        report.add(path, 2, "front matter must be a mapping of fields")
        return None
    key_line = {k: v + 1 for k, v in _key_lines(front_text).items()}
    ok = True
    for name in REQUIRED_FIELDS:
        value = meta.get(name)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            report.add(path, key_line.get(name, 1), f"missing required field '{name}'")
            ok = False
    if not ok:
        return None
    section_id = str(meta["id"])
    if not ID_RE.match(section_id):
        report.add(path, key_line.get("id", 1), f"id {section_id!r} must be lowercase letters, digits and hyphens")
        return None
    if section_id != path.stem:
        report.add(path, key_line.get("id", 1), f"id {section_id!r} does not match the file name {path.name!r}")
    reviewed = _parse_date(meta.get("reviewed"))
    if reviewed is None or reviewed[1] != "day":
        report.add(path, key_line.get("reviewed", 1), "'reviewed' must be a date, YYYY-MM-DD")
    keywords = _as_str_list(meta.get("keywords"))
    if keywords is None:
        report.add(path, key_line.get("keywords", 1), "'keywords' must be a list of words or phrases")
        keywords = []
    audience = _as_str_list(meta.get("audience")) or []
    for a in audience:
        if a not in audiences and a != "all":
            report.add(path, key_line.get("audience", 1), f"unknown audience {a!r} (known: all, {', '.join(audiences)})")
    changes: list[Change] = []
    raw_changed = meta.get("changed") or []
    if not isinstance(raw_changed, list):
        report.add(path, key_line.get("changed", 1), "'changed' must be a list of {edition, note}")
        raw_changed = []
    for item in raw_changed:
        if not isinstance(item, dict) or not isinstance(item.get("edition"), int) or not str(item.get("note") or "").strip():
            report.add(path, key_line.get("changed", 1), "each 'changed' entry needs an edition year and a note")
            continue
        changes.append(Change(int(item["edition"]), str(item["note"]).strip()))
    heading_list, links, images = outline(body)
    for src in images:
        if not local_image(src):
            report.add(path, _line_of(body, src, body_line),
                       f"image {src!r} is not a file in the content folder (remote and absolute "
                       "images are not allowed: the reader works offline and reads only its own files)")
    headings = tuple(Heading(level, title, heading_anchor(title)) for level, title in heading_list)
    seen_anchors: set[str] = set()
    for h in headings:
        if h.anchor in seen_anchors:
            report.add(path, body_line, f"two headings share the anchor '#{h.anchor}' ({h.text!r})")
        seen_anchors.add(h.anchor)
    if re.search(r"<(?!https?:)[a-zA-Z/][^>]*>", body):
        report.add(path, body_line, "raw HTML is not allowed in section bodies")
    return Section(
        id=section_id,
        title=str(meta["title"]).strip(),
        summary=" ".join(str(meta["summary"]).split()),
        source=str(meta["source"]).strip(),
        reviewed=reviewed[0] if reviewed else None,
        keywords=tuple(keywords),
        audience=tuple(audience),
        changed=tuple(changes),
        part_id=part_id,
        body=body,
        headings=headings,
        path=path,
        body_line=body_line,
        links=tuple(links),
    )


def _line_of(text: str, needle: str, first_line: int) -> int:
    idx = text.find(needle)
    return first_line + text.count("\n", 0, idx) if idx >= 0 else first_line


def _check_links(guide_sections: dict[str, Section], glossary: dict[str, GlossaryTerm], report: _Report) -> None:
    for section in guide_sections.values():
        for target in section.links:
            scheme, _, rest = target.partition(":")
            line = _line_of(section.body, target, section.body_line)
            if scheme == "section":
                sid, _, anchor = rest.partition("#")
                if sid not in guide_sections:
                    report.add(section.path, line, f"link to unknown section '{sid}'")
                elif anchor and anchor not in {h.anchor for h in guide_sections[sid].headings}:
                    report.add(section.path, line, f"link to unknown heading '#{anchor}' in section '{sid}'")
            elif scheme == "term":
                if rest not in glossary:
                    report.add(section.path, line, f"link to unknown glossary term '{rest}'")
            elif scheme in ("http", "https", "mailto"):
                continue
            else:
                report.add(section.path, line, f"link target {target!r} is not section:, term: or https:")


def _yaml_items(path: Path, key: str, noun: str, report: _Report) -> tuple[list[tuple[int, int, dict]], str]:
    """The mappings in a YAML file's `key` list as (number, line, item), and the file's text;
    a missing list, or an entry that is not a mapping, is reported and skipped."""
    data = _read_yaml(path, report)
    if data is None:
        return [], ""
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        report.add(path, 1, f"{path.stem} must have {'an' if key[0] in 'aeiou' else 'a'} '{key}' list")
        return [], ""
    text = path.read_text(encoding="utf-8")
    items = []
    for i, item in enumerate(data[key]):
        if not isinstance(item, dict):
            report.add(path, 1, f"{noun} #{i + 1} is not a mapping")
            continue
        items.append((i + 1, _line_of(text, f"id: {item.get('id')}", 1), item))
    return items, text


def _report_unknown_sections(path: Path, noun: str, targets, sections: dict[str, Section],
                             report: _Report) -> None:
    """Every (id, section id) in `targets` whose section the guide does not have."""
    text = None
    for item_id, section_id in targets:
        if section_id not in sections:
            text = text if text is not None else path.read_text(encoding="utf-8")
            report.add(path, _line_of(text, f"id: {item_id}", 1),
                       f"{noun} '{item_id}' points at unknown section '{section_id}'")


def _load_glossary(path: Path, report: _Report) -> dict[str, GlossaryTerm]:
    terms: dict[str, GlossaryTerm] = {}
    items, _ = _yaml_items(path, "terms", "term", report)
    for number, line, item in items:
        missing = [f for f in ("id", "term", "definition") if not str(item.get(f) or "").strip()]
        if missing:
            report.add(path, line, f"term #{number} is missing {', '.join(missing)}")
            continue
        tid = str(item["id"])
        if not ID_RE.match(tid):
            report.add(path, line, f"term id {tid!r} must be lowercase letters, digits and hyphens")
            continue
        if tid in terms:
            report.add(path, line, f"duplicate glossary id '{tid}'")
            continue
        also = _as_str_list(item.get("also"))
        if also is None:
            report.add(path, line, f"'also' of term '{tid}' must be a list")
            also = []
        section = item.get("section")
        terms[tid] = GlossaryTerm(
            id=tid,
            term=str(item["term"]).strip(),
            also=tuple(a.strip() for a in also if a.strip()),
            definition=" ".join(str(item["definition"]).split()),
            section=str(section) if section else None,
        )
    return terms


def _load_timeline(path: Path, report: _Report) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    seen: set[str] = set()
    items, _ = _yaml_items(path, "events", "event", report)
    for number, line, item in items:
        missing = [f for f in ("id", "date", "kind", "title", "summary") if item.get(f) in (None, "")]
        if missing:
            report.add(path, line, f"event #{number} is missing {', '.join(missing)}")
            continue
        eid = str(item["id"])
        if eid in seen:
            report.add(path, line, f"duplicate event id '{eid}'")
            continue
        seen.add(eid)
        parsed = _parse_date(item["date"])
        if parsed is None:
            report.add(path, line, f"event '{eid}': date must be YYYY-MM-DD, YYYY-MM or YYYY")
            continue
        kind = str(item["kind"])
        if kind not in EVENT_KINDS:
            report.add(path, line, f"event '{eid}': kind must be one of {', '.join(EVENT_KINDS)}")
            continue
        sections = _as_str_list(item.get("sections")) or []
        if not sections:
            report.add(path, line, f"event '{eid}' must link at least one section")
        events.append(
            TimelineEvent(eid, parsed[0], parsed[1], kind, str(item["title"]).strip(),
                          " ".join(str(item["summary"]).split()), tuple(sections))
        )
    events.sort(key=lambda e: e.date)
    return events


def _load_timescales(path: Path, report: _Report) -> dict[str, TimescaleStep]:
    steps: dict[str, TimescaleStep] = {}
    items, text = _yaml_items(path, "steps", "step", report)
    for number, line, item in items:
        missing = [f for f in ("id", "name", "section") if not str(item.get(f) or "").strip()]
        if missing:
            report.add(path, line, f"step #{number} is missing {', '.join(missing)}")
            continue
        sid = str(item["id"])
        if sid in steps:
            report.add(path, line, f"duplicate step id '{sid}'")
            continue
        after = item.get("after")
        amount, unit, basis = item.get("amount"), item.get("unit"), item.get("basis")
        if after is not None:
            if not isinstance(amount, int) or amount < 0:
                report.add(path, line, f"step '{sid}': amount must be a whole number")
                continue
            if unit not in UNITS:
                report.add(path, line, f"step '{sid}': unit must be one of {', '.join(UNITS)}")
                continue
            if basis not in BASES:
                report.add(path, line, f"step '{sid}': basis must be one of {', '.join(BASES)}")
                continue
        edition = item.get("edition")
        steps[sid] = TimescaleStep(
            id=sid, name=str(item["name"]).strip(), section=str(item["section"]),
            after=str(after) if after is not None else None,
            amount=amount if after is not None else None,
            unit=unit if after is not None else None,
            basis=basis if after is not None else None,
            edition=int(edition) if isinstance(edition, int) else None,
            note=" ".join(str(item.get("note") or "").split()),
        )
    for step in steps.values():
        if step.after is not None and step.after not in steps:
            report.add(path, _line_of(text, f"id: {step.id}", 1), f"step '{step.id}' counts from unknown step '{step.after}'")
    # A chain that loops back on itself would never end.
    for step in steps.values():
        seen, cur = set(), step
        while cur.after is not None and cur.after in steps:
            if cur.id in seen:
                report.add(path, _line_of(text, f"id: {step.id}", 1), f"step '{step.id}' is part of a loop")
                break
            seen.add(cur.id)
            cur = steps[cur.after]
    return steps


def load_guide(content_dir: Path | str) -> Guide:
    """Load the guide. Raises ContentError only when nothing usable is there."""
    root = Path(content_dir)
    report = _Report(root)
    if not root.is_dir():
        raise ContentError([Problem(str(root), 1, "content folder not found")])
    guide_file = root / "guide.yaml"
    meta = _read_yaml(guide_file, report)
    if not isinstance(meta, dict) or not isinstance(meta.get("parts"), list):
        if not report.problems:
            report.add(guide_file, 1, "guide.yaml must be a mapping with a 'parts' list")
        raise ContentError(report.problems)
    audiences = {str(k): str(v) for k, v in (meta.get("audiences") or {}).items()}
    parts: list[Part] = []
    sections: dict[str, Section] = {}
    gtext = guide_file.read_text(encoding="utf-8")
    for part in meta["parts"]:
        if not isinstance(part, dict) or not part.get("id") or not part.get("title"):
            report.add(guide_file, 1, "each part needs an id and a title")
            continue
        pid = str(part["id"])
        ids: list[str] = []
        for sid in part.get("sections") or []:
            sid = str(sid)
            line = _line_of(gtext, f"- {sid}\n", 1)
            if sid in sections or sid in ids:
                report.add(guide_file, line, f"section '{sid}' is listed twice")
                continue
            section = _load_section(root / pid / f"{sid}.md", pid, audiences, report)
            if section is None:
                continue
            if section.id != sid:
                continue
            sections[sid] = section
            ids.append(sid)
        parts.append(Part(pid, str(part["title"]), tuple(ids)))
    expected = {root / str(p.get("id")) / f"{sid}.md" for p in meta["parts"] if isinstance(p, dict)
                for sid in (p.get("sections") or [])}
    for path in sorted(root.glob("*/*.md")):
        if path not in expected:
            report.add(path, 1, "section file is not listed in guide.yaml")
    glossary = _load_glossary(root / "glossary.yaml", report)
    timeline = _load_timeline(root / "timeline.yaml", report)
    timescales = _load_timescales(root / "timescales.yaml", report)
    _check_links(sections, glossary, report)
    _report_unknown_sections(root / "glossary.yaml", "term",
                             [(t.id, t.section) for t in glossary.values() if t.section], sections, report)
    _report_unknown_sections(root / "timeline.yaml", "event",
                             [(e.id, sid) for e in timeline for sid in e.sections], sections, report)
    _report_unknown_sections(root / "timescales.yaml", "step",
                             [(s.id, s.section) for s in timescales.values()], sections, report)
    home = str(meta.get("home") or "")
    if home not in sections:
        report.add(guide_file, _line_of(gtext, "home:", 1), f"home section '{home}' not found")
        home = next(iter(sections), "")
    edition = meta.get("current_edition")
    return Guide(
        title=str(meta.get("title") or "Working Together Reader"),
        subtitle=str(meta.get("subtitle") or ""),
        content_version=str(meta.get("content_version") or "unknown"),
        current_edition=int(edition) if isinstance(edition, int) else 0,
        official_url=str(meta.get("official_url") or ""),
        home=home,
        audiences=audiences,
        parts=parts,
        sections=sections,
        glossary=glossary,
        timeline=timeline,
        timescales=timescales,
        content_dir=root,
        fingerprint=content_fingerprint(root),
        problems=report.problems,
    )


def check_content(content_dir: Path | str) -> list[Problem]:
    """Every problem in the content; an empty list means it is all good."""
    try:
        return load_guide(content_dir).problems
    except ContentError as exc:
        return exc.problems
