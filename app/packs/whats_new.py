"""What's new for this user: sections changed since they last read them, and what changed.

Plain Python (no Qt). A section is listed when the user read it before and its content hash
(app/packs/changes.section_hash) is not the one recorded then (app/store/reads.py), or when the
last update added it and the user has not read it yet. The local layer's pages count too, by
their library keys ("local-<partnership>~<page>"). Each entry carries the note of the
change: the pack's note for that section, else the edition note in the section itself, else (for
a section the last update changed) the headings it added and the pack's own note.
"""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import NamedTuple

from app.packs.changes import section_hash


class Entry(NamedTuple):
    section_id: str
    title: str
    reason: str  # "changed since you last read it" | "new in this update"
    note: str


def _by_id(changes: dict | None, key: str) -> dict[str, dict]:
    return {c["id"]: c for c in (changes or {}).get(key) or []}


def whats_new(guide, marks: dict[str, str], changes: dict | None, *, kind: str = "guide",
              key=None, label: str = "") -> list[Entry]:
    """The entries for one content: the guide (kind "guide"), or the local pages (kind "local",
    `key(section id)` their library keys, `label` the partnership's "Local — …" after each title).
    The last update's changes count only for the kind it was."""
    if (changes or {}).get("kind", "guide") != kind:
        changes = None
    key = key or (lambda sid: sid)
    changed, added = _by_id(changes, "changed"), _by_id(changes, "added")
    out = []
    for sid, section in guide.sections.items():
        title = f"{section.title} ({label})" if label else section.title
        change = changed.get(sid) or {}
        note = change.get("note") or ""
        if not note and guide.current_edition:
            edition = section.changed_in(guide.current_edition)
            note = edition.note if edition else ""
        if not note and (sid in changed or sid in added):  # the last update's own words, and what it added
            heads = change.get("headings_added") or []
            note = " ".join(filter(None, [
                ("New headings: " + ", ".join(f"“{h}”" for h in heads) + ".") if heads else "",
                (changes or {}).get("note") or ""]))
        before = marks.get(key(sid)) or (marks.get(key(change["replaces"])) if change.get("replaces") else None)
        if before is not None and before != section_hash(section):
            out.append(Entry(key(sid), title, "changed since you last read it", note))
        elif before is None and sid in added and ((changes or {}).get("from") or kind == "local"):
            out.append(Entry(key(sid), title, "new in this update", note))
    return out


def date_label(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return f"{day.day} {day.strftime('%B %Y')}"


def banner(change: dict, changes: dict) -> str:
    """The box at the top of a changed section: which update, its note, headings added/removed."""
    when = date_label(changes.get("date") or "")
    head = f"Updated in content {changes.get('to')}" + (f" ({when})" if when else "")
    parts = [f"<b>{escape(head)}:</b> {escape(change.get('note') or changes.get('note') or 'the text of this section changed.')}"]
    if change.get("replaces"):
        parts.append(f"This section replaces “{escape(change['replaces'])}”.")
    if change.get("headings_added"):
        parts.append("New headings: " + ", ".join(f"“{escape(h)}”" for h in change["headings_added"]) + ".")
    if change.get("headings_removed"):
        parts.append("Headings removed: " + ", ".join(f"“{escape(h)}”" for h in change["headings_removed"]) + ".")
    return ('<table class="changed" width="100%" cellpadding="8" cellspacing="0"><tr><td>'
            + " ".join(parts) + "</td></tr></table>")


def with_banners(guide, changes: dict | None):
    """The guide with a banner at the top of each section the last guide update changed."""
    if not changes or changes.get("kind") != "guide" or changes.get("rolled_back"):
        return guide
    from app.guide.render import section_html

    pages = dict(guide.pages)
    for change in changes.get("changed") or []:
        sid = change.get("id")
        if sid not in guide.sections:
            continue
        page = pages.get(sid) or section_html(guide, sid)
        meta = page.find('<p class="meta">')
        at = page.find("</p>", meta) + 4 if meta >= 0 else page.find("</h1>") + 5
        pages[sid] = page[:at] + "\n" + banner(change, changes) + page[at:]
    return guide.replace(pages=pages)
