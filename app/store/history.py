"""Recently viewed sections (the user's, kept with the bookmarks; not the Back/Forward stack)."""
from __future__ import annotations

from dataclasses import dataclass

from app.store.db import Database, now_iso

HISTORY_MAX = 50


@dataclass(frozen=True)
class HistoryEntry:
    section_id: str
    title: str
    viewed: str  # ISO 8601, UTC


class HistoryStore:
    def __init__(self, db: Database, limit: int = HISTORY_MAX) -> None:
        self.db = db
        self.limit = limit

    def record(self, section_id: str, title: str) -> None:
        """Note that a section was viewed now; keeps the newest `limit` entries."""
        with self.db.write() as c:
            c.execute(
                """INSERT INTO history(section_id, title, viewed) VALUES (?, ?, ?)
                   ON CONFLICT(section_id) DO UPDATE SET title = excluded.title, viewed = excluded.viewed""",
                (section_id, title, now_iso()),
            )
            c.execute(
                """DELETE FROM history WHERE section_id NOT IN
                   (SELECT section_id FROM history ORDER BY viewed DESC LIMIT ?)""",
                (self.limit,),
            )

    def recent(self, limit: int | None = None) -> list[HistoryEntry]:
        rows = self.db.query("SELECT * FROM history ORDER BY viewed DESC LIMIT ?", (limit or self.limit,))
        return [HistoryEntry(r["section_id"], r["title"], r["viewed"]) for r in rows]

    def remove(self, section_id: str) -> None:
        with self.db.write() as c:
            c.execute("DELETE FROM history WHERE section_id = ?", (section_id,))

    def clear(self) -> int:
        with self.db.write() as c:
            n = c.execute("DELETE FROM history").rowcount
            c.execute("DELETE FROM section_reads")  # what was read when goes with what was read
        self.db.compact()
        return n
