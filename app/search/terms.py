"""Term statistics read once from the open Whoosh index and kept in memory.

Whoosh builds, stores and reads the index; what a search then needs from it (each query term's
postings as document numbers and frequencies, each document's field lengths, the vocabulary for
prefixes and spelling, the few stored documents shown) is read here through Whoosh's reader and
leaf matchers, block by block, and cached. Profiling showed Whoosh's own query tree (parsing,
building a matcher per term and field, phrase spans, per-posting scoring calls) costing most of
a search; scoring a handful of cached posting arrays is set and dict arithmetic.

One reader stays open for the life of the index; `close()` lets it go (the manager does this
before it swaps in a rebuilt index, which Windows refuses while files are open).
"""
from __future__ import annotations

import bisect
import threading
from array import array
from collections import OrderedDict

from whoosh.codec.whoosh3 import W3LeafMatcher

from app.search.snippets import stem

SCORED_FIELDS = ("title", "keywords", "heading", "body")
PHRASE_FIELD = "phrases"  # "<field letter>:<stems>" tokens for names found as runs at build time
_STORED_CACHE = 512


class TermStats:
    def __init__(self, ix) -> None:
        self.ix = ix
        self._lock = threading.RLock()
        self._reader = ix.reader()
        reader = self._reader
        self.doc_count = reader.doc_count_all()
        self.schema = ix.schema
        self.lengths: dict[str, list[int]] = {}
        self.avg_length: dict[str, float] = {}
        for field in SCORED_FIELDS:
            lengths = [reader.doc_field_length(d, field, 0) or 0 for d in range(self.doc_count)]
            self.lengths[field] = lengths
            self.avg_length[field] = (sum(lengths) / max(1, self.doc_count)) or 1.0
        self._postings: dict[tuple[str, str], tuple[tuple[int, ...], array]] = {}
        self._stored: OrderedDict[int, dict] = OrderedDict()
        self._words: list[str] | None = None
        self._word_set: frozenset[str] | None = None
        self._word_freq: dict[str, int] = {}

    # -- postings --------------------------------------------------------------------------
    def postings(self, field: str, text: str) -> tuple[tuple[int, ...], array]:
        """(document numbers, term frequencies) of one term in one field; empty when absent."""
        key = (field, text)
        found = self._postings.get(key)
        if found is None:
            with self._lock:
                found = self._read_postings(field, text)
                if len(self._postings) < 200_000:
                    self._postings[key] = found
        return found

    def _read_postings(self, field: str, text: str):
        ids: list[int] = []
        weights = array("f")
        if field not in self.schema:
            return (), weights
        for leaf, base in self._reader.leaf_readers():
            try:
                if (field, text) not in leaf:
                    continue
                m = leaf.postings(field, text)
            except Exception:  # noqa: BLE001 - a term the leaf cannot read is a term it lacks
                continue
            if isinstance(m, W3LeafMatcher):
                # Whole blocks at a time: the decoded id and weight arrays, not a call per posting.
                while m.is_active():
                    m._read_ids()
                    m._read_weights()
                    ids.extend(base + i for i in m._ids)
                    weights.extend(m._weights)
                    m._next_block()
            else:  # inlined postings, or a segment with deleted documents filtered out
                while m.is_active():
                    ids.append(base + m.id())
                    weights.append(m.weight())
                    m.next()
        return tuple(ids), weights

    def doc_frequency(self, field: str, text: str) -> int:
        return len(self.postings(field, text)[0])

    def docs_with(self, field: str, text: str) -> frozenset[int]:
        key = ("#set", field, text)
        found = self._postings.get(key)  # type: ignore[arg-type]
        if found is None:
            found = frozenset(self.postings(field, text)[0])
            self._postings[key] = found  # type: ignore[index]
        return found  # type: ignore[return-value]

    # -- stored documents ------------------------------------------------------------------
    def stored(self, docnum: int) -> dict:
        found = self._stored.get(docnum)
        if found is None:
            with self._lock:
                found = self._reader.stored_fields(docnum)
                self._stored[docnum] = found
                if len(self._stored) > _STORED_CACHE:
                    self._stored.popitem(last=False)
        return found

    # -- vocabulary ------------------------------------------------------------------------
    def _load_words(self) -> None:
        """Every word as written in titles and text (Whoosh's unstemmed spelling fields), with
        how many documents use it; sorted, for prefixes."""
        with self._lock:
            if self._words is not None:
                return
            reader = self._reader
            written: set[str] = set()
            for field in ("spell_title", "spell_body"):
                if field not in self.schema:
                    continue
                for raw in reader.lexicon(field):
                    written.add(raw.decode("utf-8") if isinstance(raw, bytes) else str(raw))
            freq: dict[str, int] = {}
            by_stem: dict[str, int] = {}
            for word in written:
                st = stem(word)
                n = by_stem.get(st)
                if n is None:
                    n = reader.doc_frequency("body", st) + reader.doc_frequency("title", st)
                    by_stem[st] = n
                freq[word] = n
            self._word_freq = freq
            self._words = sorted(written)
            self._word_set = frozenset(written)

    def knows_word(self, word: str) -> bool:
        """Whether the index has this word, as written or as a stem in any scored field."""
        if self._word_set is None:
            self._load_words()
        if word in self._word_set:  # type: ignore[operator]
            return True
        st = stem(word)
        return any(self.postings(f, st)[0] for f in SCORED_FIELDS)

    def words_starting(self, prefix: str) -> list[str]:
        """Written words that start with `prefix`, most widely used first."""
        if self._words is None:
            self._load_words()
        words = self._words or []
        i = bisect.bisect_left(words, prefix)
        out = []
        while i < len(words) and words[i].startswith(prefix):
            out.append(words[i])
            i += 1
        out.sort(key=lambda w: (-self.body_frequency(w), w))
        return out

    def body_frequency(self, word: str) -> int:
        """Documents whose title or text uses the stem of `word`."""
        if self._words is None:
            self._load_words()
        found = self._word_freq.get(word)
        if found is None:
            st = stem(word)
            found = len(self.postings("body", st)[0]) + len(self.postings("title", st)[0])
        return found

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._load_words()
        return self._words or []

    def close(self) -> None:
        with self._lock:
            try:
                self._reader.close()
            except Exception:  # noqa: BLE001 - closing twice or after the index is fine
                pass
