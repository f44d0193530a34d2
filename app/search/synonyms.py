"""Abbreviations and everyday names, taken from the glossary (no second hand-kept list).

Every glossary term with its `also` names forms a group; a query that contains any name in a
group also searches for the others: "s47" finds "section 47 enquiry", "strategy meeting"
finds "strategy discussion", and the reverse.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from app.guide import Guide

_WORD = re.compile(r"[a-z0-9]+")
_SECTION_NUMBER = re.compile(r"^s\.?\s?(\d+[a-z]?)$")
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b", re.IGNORECASE)


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def _variants(name: str) -> set[tuple[str, ...]]:
    """A name as word tuples, with "s47" and "section 47" treated as the same thing."""
    out = {words(name)}
    if "'" in name or "\u2019" in name:
        # as a query arrives: "mum's boyfriend" loses its "'s" (query.CONTRACTIONS), and
        # "mums boyfriend" is how many type it
        out.add(words(_POSSESSIVE.sub("", name)))
        out.add(words(name.replace("'", "").replace("\u2019", "")))
    m = _SECTION_NUMBER.match(name.strip().lower())
    if m:
        out.add(("section", m.group(1)))
        out.add((f"s{m.group(1)}",))
    m = re.match(r"^section (\d+[a-z]?)$", name.strip().lower())
    if m:
        out.add((f"s{m.group(1)}",))
    return {w for w in out if w}


@dataclass(frozen=True)
class Expansion:
    typed: str  # the words as the user typed them (lowercased)
    start: int  # index of the first word in the query's word list
    length: int
    alternatives: tuple[str, ...]  # other names for the same thing


class SynonymTable:
    """`same(name)` says what the index makes of a name (its stems, say): alternatives that come
    out the same as the typed words or as an earlier alternative are not searched twice
    ("children looked after" and "child looked after" are one phrase to a stemmed index, and
    each extra phrase costs a walk through the positions of every document)."""

    def __init__(self, guide: Guide, same: Callable[[str], Hashable] | None = None) -> None:
        self._same = same or words
        self._groups: list[tuple[str, ...]] = []
        self._by_words: dict[tuple[str, ...], set[int]] = {}
        for term in guide.glossary.values():
            names = [n for n in term.names if n.strip()]
            group_index = len(self._groups)
            self._groups.append(tuple(dict.fromkeys(names)))
            for name in names:
                for variant in _variants(name):
                    self._by_words.setdefault(variant, set()).add(group_index)
        self._longest = max((len(k) for k in self._by_words), default=1)

    def __len__(self) -> int:
        return len(self._groups)

    def find(self, query_words: list[str]) -> list[Expansion]:
        """Longest names first, left to right, not overlapping."""
        found: list[Expansion] = []
        i = 0
        while i < len(query_words):
            for length in range(min(self._longest, len(query_words) - i), 0, -1):
                key = tuple(query_words[i : i + length])
                groups = self._by_words.get(key)
                if not groups:
                    continue
                typed = " ".join(key)
                alternatives: list[str] = []
                seen = {self._same(typed)}
                for g in sorted(groups):
                    for name in self._groups[g]:
                        form = self._same(name)
                        if words(name) != key and form not in seen:
                            alternatives.append(name)
                            seen.add(form)
                if alternatives:
                    found.append(Expansion(typed, i, length, tuple(alternatives)))
                i += length - 1
                break
            i += 1
        return found


def glossary_homes(guide: Guide) -> dict[tuple[str, ...], set[str]]:
    """Each glossary name (as words, "s47" and "section 47" alike) -> the sections its term says
    explain it, so that the section leads for the term's words."""
    out: dict[tuple[str, ...], set[str]] = {}
    for term in guide.glossary.values():
        if not term.section:
            continue
        for name in term.names:
            for variant in _variants(name):
                out.setdefault(variant, set()).add(term.section)
    return out
