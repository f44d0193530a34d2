"""Fast word finding and snippets for the few passages a search shows.

`stems()` splits text exactly as the index's analyzer does (same pattern, lowercase, Porter stem)
with a plain dict as the stem cache. The index stores each passage's stems this way at build
time, so at search time finding which words of a result matched is set arithmetic, and cutting a
snippet is one regex pass over one passage, instead of a trip through Whoosh's analyzer chain
and highlighter for every result.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from whoosh.lang.porter import stem as _porter

# Whoosh's default tokenizer pattern (whoosh.analysis.tokenizers.default_pattern), without its
# capturing group so that findall() returns whole words.
PATTERN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*", re.UNICODE)
_MAX_CACHED = 200_000
# Words the Porter stemmer folds into another word of a different meaning: "armed" (forces)
# became "arm", so "bruises on a child's arm" found Armed forces first. Kept whole.
KEPT_WHOLE = {"armed": "armed"}
_STEMS: dict[str, str] = dict(KEPT_WHOLE)


def stem(word: str) -> str:
    """The index's stem of one lowercase word (the index's analyzer uses this function too)."""
    cached = _STEMS.get(word)
    if cached is None:
        cached = _porter(word)
        if len(_STEMS) < _MAX_CACHED:
            _STEMS[word] = cached
    return cached


def words(text: str) -> list[str]:
    """Every word of `text` as the index's tokenizer finds it, lowercased."""
    return [w.lower() for w in PATTERN.findall(text)]


def stems(text: str) -> tuple[str, ...]:
    """Every word of `text` as the index sees it (lowercase, stemmed), in order."""
    return tuple(stem(w.lower()) for w in PATTERN.findall(text))


def contains_run(haystack: Sequence[str], needle: tuple[str, ...]) -> bool:
    """Whether the stems in `needle` appear one after another in `haystack`."""
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    first = needle[0]
    for i, s in enumerate(haystack[: len(haystack) - n + 1]):
        if s == first and tuple(haystack[i : i + n]) == needle:
            return True
    return False


def _window(text: str, hits: list[tuple[int, int, str]], first: int, maxchars: int) -> tuple[int, int, int]:
    """(start, end, distinct matched words) of a window beginning a little before hit `first`."""
    start = max(0, hits[first][0] - maxchars // 4)
    end = min(len(text), start + maxchars)
    return start, end, len({w for s, e, w in hits[first:] if e <= end})


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a window to word boundaries."""
    if start > 0:
        space = text.find(" ", start, min(len(text), start + 20))
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, end - 20), end)
        end = space if space != -1 else end
    return start, end


_RX_CACHE: dict[object, re.Pattern] = {}


def _rx(key, source: str) -> re.Pattern:
    rx = _RX_CACHE.get(key)
    if rx is None:
        if len(_RX_CACHE) > 5000:
            _RX_CACHE.clear()
        rx = _RX_CACHE[key] = re.compile(r"(?<![\w*])(?:" + source + r")(?![\w*])", re.IGNORECASE)
    return rx


def _find_hits(text: str, matched, runs) -> list[tuple[int, int, str]]:
    """Matched words, and names as whole runs, each found by its own cached regular expression
    (the C engine scans a passage far faster than tokenising it in Python; one pattern per word
    is compiled once, whatever else is typed with it)."""
    found: list[tuple[int, int, str]] = []
    for run in runs:
        source = r"[^\w*]+".join(
            f"(?:{'|'.join(re.escape(f) for f in sorted(forms, key=len, reverse=True))})" for forms in run)
        if source:
            found.extend((m.start(), m.end(), m.group().lower()) for m in _rx(run, source).finditer(text))
    low = text.lower()
    for word in matched:
        if word in low:
            found.extend((m.start(), m.end(), word) for m in _rx(word, re.escape(word)).finditer(text))
    found.sort(key=lambda h: (h[0], -h[1]))
    out: list[tuple[int, int, str]] = []
    end = -1
    for hit in found:  # a word inside a name already marked is not marked again
        if hit[0] >= end:
            out.append(hit)
            end = hit[1]
    return out


def snippet(text: str, matched: set[str] | frozenset[str], maxchars: int = 220,
            fragments: int = 2, runs: tuple[tuple[tuple[str, ...], ...], ...] = ()) -> tuple[str, str]:
    """(html, plain) of the best one or two windows of `text` around the matched words
    (`matched`: words as the tokenizer finds them, lowercased; `runs`: names, each a sequence of
    the ways each of its words is written, marked only where the words stand together, so "lado"
    marks "local authority designated officer" and not every "local").

    In the HTML, matched words are `<b class="match">…</b>` and everything else is escaped; in the
    plain text they are [bracketed]. With no matched word in the text, its opening is used."""
    hits = _find_hits(text, matched, runs) if (matched or runs) else []
    if not hits:
        start, end = _snap(text, 0, min(len(text), maxchars))
        cut = text[start:end] + (" …" if end < len(text) else "")
        return html.escape(cut), cut
    # Greedy: the window with the most distinct matched words, then the best one not overlapping it.
    windows: list[tuple[int, int]] = []
    candidates = [_window(text, hits, i, maxchars) for i in range(min(len(hits), 60))]
    for _ in range(fragments):
        best = None
        for start, end, score in candidates:
            if any(start < e and s < end for s, e in windows):
                continue
            if best is None or score > best[2]:
                best = (start, end, score)
        if best is None:
            break
        windows.append(best[:2])
    windows.sort()
    html_parts: list[str] = []
    plain_parts: list[str] = []
    for start, end in windows:
        start, end = _snap(text, start, end)
        out_html: list[str] = []
        out_plain: list[str] = []
        pos = start
        for h_start, h_end, _w in hits:
            if h_start < start or h_end > end:
                continue
            out_html.append(html.escape(text[pos:h_start]))
            out_plain.append(text[pos:h_start])
            word = text[h_start:h_end]
            out_html.append(f'<b class="match">{html.escape(word)}</b>')
            out_plain.append(f"[{word}]")
            pos = h_end
        out_html.append(html.escape(text[pos:end]))
        out_plain.append(text[pos:end])
        html_parts.append("".join(out_html).strip())
        plain_parts.append("".join(out_plain).strip())
    lead = "… " if windows[0][0] > 0 else ""
    tail = " …" if windows[-1][1] < len(text) else ""
    return (lead + " … ".join(html_parts) + tail, lead + " … ".join(plain_parts) + tail)
