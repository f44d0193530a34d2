"""Spelling: which typed words are real, and the guide's word nearest to one that is not.

A word is left as typed when the index knows it, when it is an English word (pyspellchecker's
English word-frequency list, MIT licence, 160,000 words, about 650 KB, loaded on first need) or
when it looks like a name (typed with a capital): "Maria Colwell" is never "march colwell".
Only other words get a suggestion, taken from the guide's own words: the nearest within one or
two edits (Whoosh's spelling automaton), else the most used guide word sharing a long beginning
with it ("neglegence" -> "neglect"). A word that is two English words run together ("stepdad",
"stepmum": the list lacks them) is kept unless a guide word is a single slip away: two edits made
"stepdad" into "stepped", while "exploitaton" (exploit + aton) is still "exploitation".
"""
from __future__ import annotations

import gzip
import json
import logging
import threading
from importlib import resources

log = logging.getLogger(__name__)

_english: frozenset[str] | None = None
_lock = threading.Lock()


def english_words() -> frozenset[str]:
    global _english
    if _english is None:
        with _lock:
            if _english is None:
                try:
                    path = resources.files("spellchecker") / "resources" / "en.json.gz"
                    with path.open("rb") as fh:
                        _english = frozenset(json.loads(gzip.decompress(fh.read()).decode("utf-8")))
                except Exception:  # noqa: BLE001 - without the list, only the index decides
                    log.warning("English word list not available; spelling uses the guide's words only")
                    _english = frozenset()
    return _english


def is_english(word: str) -> bool:
    return word.lower() in english_words()


def distance(a: str, b: str, limit: int = 3) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b, capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def two_words(word: str) -> bool:
    """`word` is two English words run together ("step" + "dad"), the first of four letters or
    more ("ref" + "feral" is a slip for "referral")."""
    english = english_words()
    return any(word[:i] in english and word[i:] in english for i in range(4, len(word) - 2))


def suggest(word: str, stats) -> str:
    """The guide's word nearest to `word` (lowercase), or '' when nothing is close (remembered
    per index: people retype the same slip keystroke after keystroke)."""
    cache = stats.__dict__.setdefault("_suggestions", {})
    found = cache.get(word)
    if found is None:
        found = _suggest(word, stats)
        if len(cache) < 10_000:
            cache[word] = found
    return found


MAX_WORD = 20  # longer than any word worth correcting; the edit automaton grows with the word


def _suggest(word: str, stats) -> str:
    if not 3 <= len(word) <= MAX_WORD or not word.isalpha():
        return ""
    maxdist = 1 if len(word) <= 4 else 2
    candidates: set[str] = set()
    try:
        with stats._lock:
            for field in ("body", "title"):
                for term in stats._reader.terms_within(field, word, maxdist, prefix=1):
                    candidates.add(term.decode("utf-8") if isinstance(term, bytes) else str(term))
    except Exception:  # noqa: BLE001 - the automaton is an optimisation; the scan below still works
        log.debug("terms_within failed for %r", word, exc_info=True)
    candidates.discard(word)
    if candidates:
        best = min(candidates, key=lambda c: (distance(word, c), -stats.body_frequency(c), c))
        return "" if distance(word, best) > 1 and two_words(word) else best
    if two_words(word):
        return ""
    # No near spelling: the most used guide word that starts the same way, for a long stretch.
    need = max(4, (len(word) + 1) // 2)
    for size in range(len(word) - 1, need - 1, -1):
        found = [w for w in stats.words_starting(word[:size]) if w.isalpha() and len(w) >= size + 1]
        if found:
            return found[0]
    return ""
