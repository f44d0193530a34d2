"""Turn whatever a person types into a safe Whoosh query string.

Accepts phrases ("child protection plan"), prefixes (exploit*), AND/OR/NOT between words;
cleans what would confuse the parser (unbalanced quotes, lone operators, bare wildcards,
control characters, very long input) instead of failing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.search.synonyms import Expansion, SynonymTable

MAX_QUERY_CHARS = 300
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_TOKEN = re.compile(r'"[^"]*"|\S+')
# Question and function words: they match nearly every passage, so they neither rank nor
# highlight ("who can I tell", "can" never marked inside "cannot"); they stay in phrases, in
# names ("who is a child") and in the "words typed together" bonus.
STOP_WORDS = frozenset("""
a an and the of in on to for is are be been being by at with it its as does do did done
who whom whose what whats which when where why how if then than so or but not no nor yes
can could cannot should would will shall may might must ought need needs
i im ive me my mine we our ours us you your yours they them their theirs he him his she her
this that these those there here about from into onto over under up out off
am was were has have had having get gets got getting let lets make makes
any all some each every other such own same too very just also only even still
please tell want know think someone something anyone anything
""".split())
# Contractions as people type them, so "won't" is "will not" (two little words) and not "wont".
CONTRACTIONS = {"won't": "will not", "can't": "can not", "shan't": "shall not", "n't": " not",
                "'re": " are", "'ve": " have", "'ll": " will", "'d": " would", "'m": " am", "'s": ""}
_CONTRACTION = re.compile(r"(?i)\b(won't|can't|shan't)\b|(?<=\w)(n't|'re|'ve|'ll|'d|'m|'s)\b")
_SPECIAL = re.compile(r"[(){}\[\]^~:+\\/<>=!|&@#$%;,?]")


@dataclass(frozen=True)
class PreparedQuery:
    text: str  # cleaned text as the user meant it
    whoosh: str  # the query string handed to the parser ('' when there is nothing to search)
    words: tuple[str, ...]  # plain words typed (for "why it matched" and highlighting)
    phrases: tuple[str, ...]
    expansions: tuple[Expansion, ...]
    prefixes: tuple[str, ...] = ()  # words typed with a trailing * (never "corrected")
    typing: str = ""  # the word still being typed (as you type, no space after it yet): a prefix


def clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if (ch.isprintable() or ch == " ") else " " for ch in text)
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = text[:MAX_QUERY_CHARS]
    if text.count('"') % 2:
        # an unbalanced quote: drop the last one rather than quote the rest of the line
        i = text.rfind('"')
        text = text[:i] + text[i + 1 :]
    return " ".join(text.split())


def _clean_token(token: str) -> str:
    if token.startswith('"'):
        inner = " ".join(_SPECIAL.sub(" ", token.strip('"')).replace("*", " ").split())
        return f'"{inner}"' if inner else ""
    prefix = token.endswith("*")
    core = _SPECIAL.sub(" ", token).replace("*", " ").replace("'", "").replace('"', " ")
    core = " ".join(core.split())
    if not core:
        return ""
    if prefix and " " not in core and len(core) >= 2:
        return core + "*"
    return core


def _expand_contractions(text: str) -> str:
    return _CONTRACTION.sub(lambda m: CONTRACTIONS[(m.group(1) or m.group(2)).lower()], text)


def prepare(raw: str, synonyms: SynonymTable | None = None, as_you_type: bool = False) -> PreparedQuery:
    """`as_you_type`: the last word, when nothing follows it yet, is still being typed and is
    matched as a prefix (never corrected)."""
    text = clean(raw)
    still_typing = as_you_type and bool(text) and not (raw or "").endswith((" ", '"')) and text.count('"') % 2 == 0
    text = _expand_contractions(text)
    tokens = [t for t in (_clean_token(t) for t in _TOKEN.findall(text)) if t]
    # operators are kept only between two terms; a lone or leading/trailing one is dropped
    kept: list[str] = []
    for tok in tokens:
        if tok.upper() in OPERATORS and tok.isupper():
            if kept and kept[-1] not in OPERATORS:
                kept.append(tok.upper())
            continue
        kept.append(tok)
    while kept and kept[-1] in OPERATORS:
        kept.pop()
    phrases = tuple(t.strip('"') for t in kept if t.startswith('"'))
    plain_words = [w.lower() for t in kept if not t.startswith('"') and t not in OPERATORS
                   for w in re.findall(r"\w+\*?", t)]
    expansions: list[Expansion] = []
    if synonyms is not None and not any(t in OPERATORS for t in kept):
        bare = [w.rstrip("*") for w in plain_words]
        expansions = synonyms.find(bare)
    parts: list[str] = []
    if expansions:
        covered = {i for e in expansions for i in range(e.start, e.start + e.length)}
        by_start = {e.start: e for e in expansions}
        i = 0
        words_only = plain_words
        while i < len(words_only):
            if i in by_start:
                e = by_start[i]
                alts = " OR ".join(f'"{_clean_token(a).strip(chr(34))}"' if " " in a else _clean_token(a)
                                   for a in e.alternatives if _clean_token(a))
                typed = f'"{e.typed}"' if " " in e.typed else e.typed
                parts.append(f"({typed} OR {alts})" if alts else typed)
                i += e.length
                continue
            if i not in covered:
                parts.append(words_only[i])
            i += 1
        parts.extend(f'"{p}"' for p in phrases)
    else:
        parts = kept
    if not any(p in OPERATORS for p in parts):
        content = [p for p in parts if p.startswith(('"', "(")) or p.lower() not in STOP_WORDS]
        parts = content or parts
    whoosh = " ".join(parts)
    prefixes = tuple(w.rstrip("*") for w in plain_words if w.endswith("*"))
    typing = ""
    if still_typing and plain_words and not kept[-1].startswith('"'):
        last = plain_words[-1].rstrip("*")
        if len(last) >= 2 and not last.isdigit():
            typing = last
    return PreparedQuery(text, whoosh, tuple(w.rstrip("*") for w in plain_words), phrases, tuple(expansions),
                         prefixes, typing)
