"""Completions offered under the search box: section titles, glossary terms and abbreviations
that continue what is being typed ("lad" -> LADO, "child prot" -> Child protection plan).

Plain Python over the guide (a few hundred names), no index: fast enough to run on the UI
thread at every keystroke, and ready before the search index is.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from app.guide import Guide

_WORD = re.compile(r"[a-z0-9]+")
_SECTION_NUMBER = re.compile(r"^s\.?\d+$")
MAX_ABBREVIATION = 6  # an `also` name this short, typed in capitals in the glossary, is an abbreviation


class Completion(NamedTuple):
    text: str  # what goes in the box
    kind: str  # "abbreviation" | "section" | "term"


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


class Completions:
    def __init__(self, guide: Guide) -> None:
        entries: list[tuple[Completion, tuple[str, ...]]] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()

        def add(text: str, kind: str, matched_by: str = "") -> None:
            key = (text.lower(), _words(matched_by or text))
            if text and key not in seen:
                seen.add(key)
                entries.append((Completion(text, kind), key[1]))

        for term in guide.glossary.values():
            for name in term.also:
                if len(name) <= MAX_ABBREVIATION and (name.isupper() or _SECTION_NUMBER.match(name)):
                    add(name, "abbreviation")
                    add(term.term, "term", matched_by=name)  # "cse" offers Child sexual exploitation
        for section in guide.sections.values():
            add(section.title, "section")
        for term in guide.glossary.values():
            add(term.term, "term")
        self._entries = entries

    def complete(self, typed: str, limit: int = 8) -> tuple[Completion, ...]:
        """Names whose words begin with the typed words, in order; those that begin with the
        first typed word first, then abbreviations, sections and terms, shorter first."""
        words = _words(typed)
        if not words or (len(words) == 1 and len(words[0]) < 2):
            return ()
        ranked = []
        for order, (entry, names) in enumerate(self._entries):
            at = _prefix_run(names, words)
            if at < 0 or (entry.text.lower() == typed.strip().lower()):
                continue
            kind_rank = {"abbreviation": 0, "section": 1, "term": 2}[entry.kind]
            ranked.append((at > 0, kind_rank, len(names), order, entry))
        ranked.sort(key=lambda r: r[:4])
        out: list[Completion] = []
        for r in ranked:
            if r[4] not in out:
                out.append(r[4])
            if len(out) == limit:
                break
        return tuple(out)


def _prefix_run(names: tuple[str, ...], typed: tuple[str, ...]) -> int:
    """Where the typed words begin, one after another, words of the name (each typed word the
    start of a name word; the last may be unfinished); -1 when they do not."""
    n = len(typed)
    for start in range(len(names) - n + 1):
        if all(names[start + i].startswith(typed[i]) if i == n - 1 else names[start + i] == typed[i]
               for i in range(n)):
            return start
    return -1
