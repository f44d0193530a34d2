"""Bookmarks and reading history follow sections that a content update gave a new id.

A pack may say "section `old` is now `new`" (its manifest's `replaces`). Bookmarks on `old`
move to `new` (keeping their heading anchor, note and folder); one that would land on a place
already bookmarked stays where it is, flagged by `locate()` like any other lost bookmark.
Removed sections' bookmarks are never touched. Running it twice changes nothing.
"""
from __future__ import annotations

from collections.abc import Mapping

from app.store.db import Database, now_iso


def follow_section_moves(db: Database, moves: Mapping[str, str]) -> int:
    """Move bookmarks and history from each old section id to its new one; returns bookmarks moved."""
    moved = 0
    with db.write() as c:
        for old, new in moves.items():
            if not old or not new or old == new:
                continue
            moved += c.execute(
                """UPDATE bookmarks SET section_id = ?, updated = ? WHERE section_id = ? AND NOT EXISTS
                   (SELECT 1 FROM bookmarks AS b2 WHERE b2.section_id = ? AND b2.anchor = bookmarks.anchor)""",
                (new, now_iso(), old, new)).rowcount
            c.execute("""UPDATE OR IGNORE history SET section_id = ? WHERE section_id = ?""", (new, old))
            c.execute("""UPDATE OR IGNORE section_reads SET section_id = ? WHERE section_id = ?""", (new, old))
    return moved
