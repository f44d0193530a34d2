"""What an update changes: sections added, changed and removed (by id and by content),
sections that replace old ids, and timescales whose figures moved.

Kept as plain JSON data (it is stored with the active-layer pointer and printed by
`wt-reader changes --json`):

    {"kind", "from", "to", "date", "publisher", "note",
     "added": [{"id", "title"}], "removed": [{"id", "title"}],
     "changed": [{"id", "title", "note", "replaces", "headings_added", "headings_removed"}],
     "timescales": [{"id", "name", "from": {"amount", "unit"}, "to": {"amount", "unit"}}]}

A local pack's timescales are the calculator figures it changes (its overrides), each also with
`"local": true` and the `"national"` figure; a local pack replacing another partnership's has
`"replaces_local": NAME`, every old page removed and every new page added.
"""
from __future__ import annotations

import hashlib
from typing import Any

from app.guide.model import Guide, Section
from app.wording import count


def section_hash(section: Section) -> str:
    """What a reader would notice: title, summary and body (not file paths or review dates)."""
    digest = hashlib.sha256()
    for part in (section.title, section.summary, section.body.replace("\r\n", "\n").strip()):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _figures(step) -> dict[str, Any]:
    return {"amount": step.amount, "unit": step.unit}


def diff(old: Guide | None, new: Guide, *, kind: str = "guide", date: str = "", publisher: str = "",
         note: str = "", replaces: dict[str, str] | None = None, notes: dict[str, str] | None = None) -> dict:
    old_sections = old.sections if old is not None else {}
    replaces = {o: n for o, n in (replaces or {}).items() if n in new.sections and o not in new.sections}
    replaced_by = {n: o for o, n in replaces.items()}
    notes = notes or {}
    added, changed, removed = [], [], []
    for sid, section in new.sections.items():
        before = old_sections.get(sid) or old_sections.get(replaced_by.get(sid, ""))
        if before is None:
            added.append({"id": sid, "title": section.title})
            continue
        if section_hash(before) == section_hash(section) and sid in old_sections:
            continue
        old_heads = [h.text for h in before.headings]
        new_heads = [h.text for h in section.headings]
        current = section.changed_in(new.current_edition) if new.current_edition else None
        changed.append({
            "id": sid, "title": section.title,
            "note": notes.get(sid) or (current.note if current else ""),
            "replaces": replaced_by.get(sid) if sid not in old_sections else None,
            "headings_added": [h for h in new_heads if h not in old_heads],
            "headings_removed": [h for h in old_heads if h not in new_heads],
        })
    for sid, section in old_sections.items():
        if sid not in new.sections and sid not in replaces:
            removed.append({"id": sid, "title": section.title})
    timescales = []
    old_steps = old.timescales if old is not None else {}
    for sid, step in new.timescales.items():
        before = old_steps.get(sid)
        if before is not None and _figures(before) != _figures(step):
            timescales.append({"id": sid, "name": step.name, "from": _figures(before), "to": _figures(step)})
    return {
        "kind": kind, "from": old.content_version if old is not None else None, "to": new.content_version,
        "date": date, "publisher": publisher, "note": note,
        "added": added, "changed": changed, "removed": removed, "timescales": timescales,
    }


def reversed_changes(changes: dict, to_version: str | None) -> dict:
    """What rolling back undoes: the same update seen from the other side."""
    back = dict(changes)
    back["from"], back["to"] = changes.get("to"), to_version
    back["added"], back["removed"] = list(changes.get("removed", [])), list(changes.get("added", []))
    back["changed"] = [{**c, "replaces": None, "headings_added": c.get("headings_removed", []),
                        "headings_removed": c.get("headings_added", [])} for c in changes.get("changed", [])]
    back["timescales"] = [{**t, "from": t["to"], "to": t["from"]} for t in changes.get("timescales", [])]
    back["note"] = f"Rolled back the update to {changes.get('to')}."
    back["rolled_back"] = True
    back["moves"] = {c["id"]: c["replaces"] for c in changes.get("changed", []) if c.get("replaces")}
    return back


def moves(changes: dict | None) -> dict[str, str]:
    """Old section id → new id, for bookmarks and reading history to follow."""
    if not changes:
        return {}
    if changes.get("rolled_back"):
        return dict(changes.get("moves") or {})
    return {c["replaces"]: c["id"] for c in changes.get("changed", []) if c.get("replaces")}


def summary_lines(changes: dict) -> list[str]:
    """A few plain sentences for the confirm dialog and the command line."""
    lines = []
    for key, label in (("added", "added"), ("changed", "changed"), ("removed", "removed")):
        items = changes.get(key) or []
        if items:
            names = ", ".join(i["title"] for i in items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")
            lines.append(f"{count(len(items), 'section')} {label}: {names}")
    for t in changes.get("timescales") or []:
        line = f"Timescale '{t['name']}': {_figure_text(t['from'])} → {_figure_text(t['to'])}"
        if t.get("local"):  # a partnership's figure for the calculator; the national one stays beside it
            line = f"Local {line[0].lower()}{line[1:]} (national: {_figure_text(t.get('national') or {})})"
        lines.append(line)
    return lines or ["No section or timescale changes."]


def _figure_text(fig: dict) -> str:
    if fig.get("amount") is None:
        return "none set"
    unit = {"working_days": "working day", "days": "day", "months": "month"}.get(fig.get("unit"), fig.get("unit") or "")
    return f"{fig['amount']} {unit}{'' if fig['amount'] == 1 else 's'}"
