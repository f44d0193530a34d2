"""From what was typed to what is searched: concepts, corrections, and words the guide lacks.

- the word still being typed is a prefix: its completions in the guide (never a correction);
- question and function words are left out (they stay in names and the "typed together" bonus);
- an abbreviation or everyday name from the glossary is one concept with all its names;
- a name typed whole (a section title, keyword or glossary name: "who is a child") adds a bonus;
- a word the guide does not have: a real English word or a name is kept and reported as not
  found; anything else is replaced by the guide's nearest word, and the answer says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.search.query import OPERATORS, STOP_WORDS, PreparedQuery
from app.search.ranking import Alt, Concept
from app.search.snippets import stem, stems
from app.search.spelling import is_english, suggest

MAX_COMPLETIONS = 12
MAX_CORRECTIONS = 4  # slips looked up per query (a pasted paragraph of garbage stays fast)
COMPLETION_WEIGHT = 0.9  # a completion counts a little less than the word typed in full


@dataclass
class Plan:
    concepts: list[Concept]
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> guide word searched
    offered: dict[str, str] = field(default_factory=dict)  # "did you mean" only (names are kept)
    missing: list[str] = field(default_factory=list)  # typed words the guide does not have
    names_missing: list[str] = field(default_factory=list)  # of which names (typed with a capital)


def _capitalised(text: str) -> set[str]:
    """Words typed with a capital and then small letters: names ("Maria Colwell"), not
    abbreviations (LADO) or words typed in small letters. A capital on the first word alone is
    how a sentence starts ("Neglegence of babies", or a phone's keyboard), not a sign of a name."""
    words = re.findall(r"\w+", text)
    named = [i for i, w in enumerate(words) if w[:1].isupper() and w[1:].islower() and len(w) > 1]
    if named == [0] and len(words) > 0:
        named = []
    return {words[i].lower() for i in named}


def _single(word: str) -> Alt:
    return Alt((stem(word),), word)


def _name(text: str, weight: float = 1.0) -> Alt | None:
    seq = stems(text)
    return Alt(seq, text, weight) if seq else None


class Planner:
    """`homes`: glossary name (as words) -> the sections the glossary says explain it."""

    def __init__(self, stats, names: frozenset[tuple[str, ...]], homes: dict | None = None,
                 longest_name: int = 8) -> None:
        self.stats = stats
        self.names = names
        self.homes = homes or {}
        self.longest = longest_name

    def _home(self, concept: Concept, key: tuple[str, ...]) -> Concept:
        homes = self.homes.get(key)
        if homes:
            concept.homes = frozenset(homes)
            docs: frozenset[int] = frozenset()
            for sid in homes:
                docs |= self.stats.docs_with("section_id", sid)
            concept.home_docs = docs
        return concept

    def completions(self, prefix: str) -> list[Alt]:
        alts: list[Alt] = []
        seen: set[str] = set()
        own = stem(prefix)
        if self.stats.knows_word(prefix):
            alts.append(Alt((own,), prefix))
            seen.add(own)
        for word in self.stats.words_starting(prefix):
            st = stem(word)
            if st in seen or not word.isalnum():
                continue
            seen.add(st)
            alts.append(Alt((st,), word, COMPLETION_WEIGHT))
            if len(alts) >= MAX_COMPLETIONS:
                break
        return alts

    def plan(self, prepared: PreparedQuery) -> Plan:
        if not prepared.expansions and any(tok in OPERATORS for tok in prepared.whoosh.split()):
            return self._boolean(prepared)
        out = Plan([])
        words = list(prepared.words)
        capital = _capitalised(prepared.text)
        covered: dict[int, object] = {}
        for e in prepared.expansions:
            for i in range(e.start, e.start + e.length):
                covered[i] = e
        last = len(words) - 1
        typing_at = last if prepared.typing and words and words[-1] == prepared.typing else -1
        content = [i for i, w in enumerate(words) if w not in STOP_WORDS or i in covered]
        if not content and not prepared.phrases:
            content = [i for i, w in enumerate(words)]  # nothing but little words: search them
        done: set[int] = set()
        for i in content:
            if i in done:
                continue
            word = words[i]
            e = covered.get(i)
            if e is not None:
                done.update(range(e.start, e.start + e.length))  # type: ignore[attr-defined]
                alts = [a for a in (_name(e.typed), *(_name(x) for x in e.alternatives)) if a]  # type: ignore[attr-defined]
                if typing_at != -1 and e.start + e.length - 1 == typing_at:  # type: ignore[attr-defined]
                    alts += [a for a in self.completions(words[typing_at]) if a.stems != alts[0].stems]
                out.concepts.append(self._home(Concept(e.typed, alts), tuple(e.typed.split())))  # type: ignore[attr-defined]
                continue
            done.add(i)
            if i == typing_at or word in prepared.prefixes:
                alts = self.completions(word)
                if alts:
                    out.concepts.append(Concept(word, alts, prefix=True))
                elif i != typing_at:
                    out.missing.append(word)
                elif word not in capital and not is_english(word):
                    guess = suggest(word, self.stats)  # offered, never searched, while typing
                    if guess:
                        out.offered[word] = guess
                continue
            if word.isdigit() or self.stats.knows_word(word):
                out.concepts.append(self._home(Concept(word, [_single(word)]), (word,)))
                continue
            if word in capital or is_english(word) or not word.isalpha():
                out.missing.append(word)
                if word in capital:
                    out.names_missing.append(word)
                continue
            guess = suggest(word, self.stats) if len(out.corrections) < MAX_CORRECTIONS else ""
            if guess:
                out.corrections[word] = guess
                out.concepts.append(Concept(word, [_single(guess)]))
            else:
                out.missing.append(word)
        for phrase in prepared.phrases:
            alt = _name(phrase)
            if alt:
                out.concepts.append(Concept(f'"{phrase}"', [alt]))
        self._name_bonus(words, typing_at, out)
        return out

    def _name_bonus(self, words: list[str], typing_at: int, out: Plan) -> None:
        """A section title, keyword or glossary name typed whole ("voice of the child") ranks the
        documents that have it, as a run, a little higher."""
        seq = [stem(w) for w in (words if typing_at == -1 else words[:typing_at])]
        already = {a.stems for c in out.concepts for a in c.alts}
        i = 0
        while i < len(seq):
            for n in range(min(self.longest, len(seq) - i), 1, -1):
                run = tuple(seq[i : i + n])
                if run in self.names and run not in already:
                    typed = words[i : i + n]
                    out.concepts.append(self._home(Concept(" ".join(typed), [Alt(run, " ".join(typed))], bonus=True),
                                                   tuple(typed)))
                    i += n - 1
                    break
            i += 1

    def _boolean(self, prepared: PreparedQuery) -> Plan:
        """Words with AND / OR / NOT between them, as typed (no expansions)."""
        out = Plan([])
        tokens = re.findall(r'"[^"]*"|\S+', prepared.whoosh)
        pending_not = False
        pending_and = False
        for tok in tokens:
            if tok in OPERATORS:
                pending_not = tok in ("NOT", "ANDNOT")
                pending_and = tok == "AND"
                if pending_and and out.concepts:
                    out.concepts[-1].required = True
                continue
            text = tok.strip('"').rstrip("*")
            if tok.endswith("*") and not tok.startswith('"'):
                alts = self.completions(text.lower())
            else:
                alt = _name(text)
                alts = [alt] if alt else []
            if not alts:
                if not pending_not:
                    out.missing.append(text.lower())
                pending_not = pending_and = False
                continue
            out.concepts.append(Concept(tok, alts, required=pending_and, excluded=pending_not,
                                        prefix=tok.endswith("*")))
            pending_not = pending_and = False
        return out
