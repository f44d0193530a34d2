"""Counted nouns said the way people write them: "1 bookmark", "3 bookmarks", never a form's
"bookmark" with an "(s)" after it."""
from __future__ import annotations

_IRREGULAR = {"child": "children", "summary": "summaries", "entry": "entries"}


def count(n: int, noun: str, plural: str = "") -> str:
    """`n` and `noun`, plural unless n is 1: count(2, "section") == "2 sections"."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {plural or _IRREGULAR.get(noun) or noun + 's'}"
