"""What each section said when this user last read it: a short content hash per section.

"What's new" compares it with the section as it is now (app/packs/whats_new.py). Only the
hash is kept, never the text; wiping the user's data clears it with the history.
"""
from __future__ import annotations

from app.store.db import Database, now_iso


class ReadMarks:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, section_id: str, content_hash: str) -> None:
        with self.db.write() as c:
            c.execute(
                """INSERT INTO section_reads(section_id, content_hash, read) VALUES (?, ?, ?)
                   ON CONFLICT(section_id) DO UPDATE SET content_hash = excluded.content_hash,
                   read = excluded.read""",
                (section_id, content_hash, now_iso()))

    def marks(self) -> dict[str, str]:
        """section id → the content hash when it was last read."""
        return {r["section_id"]: r["content_hash"] for r in self.db.query("SELECT * FROM section_reads")}

    def clear(self) -> int:
        with self.db.write() as c:
            return c.execute("DELETE FROM section_reads").rowcount
