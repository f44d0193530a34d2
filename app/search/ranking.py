"""Ranking: a query is a list of concepts, each a set of alternatives (a word's stem, a name of
several words, the completions of a word being typed), scored BM25F-style over cached postings.

A document's score for a concept is its best alternative (so "lado" and "local authority
designated officer" in one section count once, not twice); its score for the query is the sum
over concepts, scaled by the share of concepts it matched. Same formula and parameters as
Whoosh's BM25F (B 0.75, K1 1.2, idf log(N/(n+1))+1, the schema's field boosts).
"""
from __future__ import annotations

import heapq
import logging
import math
from dataclasses import dataclass, field

from app.search.terms import PHRASE_FIELD, SCORED_FIELDS, TermStats

log = logging.getLogger(__name__)

K1 = 2.0  # tuned on the relevance set (1.2 to 3.0 tried)
B = 0.75
FIELD_BOOST = {"title": 4.0, "keywords": 3.0, "heading": 2.0, "body": 1.0}
COORD_POWER = 1.0  # score x (concepts matched / concepts)^power
HOME_BOOST = 1.5  # the section a glossary term names as explaining it, for that term's concept
_CACHE = 50_000


@dataclass(frozen=True)
class Alt:
    stems: tuple[str, ...]  # one stem, or the stems of a name of several words
    label: str  # how to show it ("local authority designated officer")
    weight: float = 1.0


@dataclass
class Concept:
    label: str  # what the person typed
    alts: list[Alt]
    required: bool = False  # AND
    excluded: bool = False  # NOT
    bonus: bool = False  # a name typed whole ("who is a child"): adds, never counts as missing
    prefix: bool = False  # the word being typed
    homes: frozenset[str] = frozenset()  # sections the glossary says explain this concept
    home_docs: frozenset[int] = frozenset()
    matched_docs: frozenset[int] = field(default_factory=frozenset)


class Ranker:
    def __init__(self, stats: TermStats) -> None:
        self.stats = stats
        self._alt_cache: dict[tuple[str, ...], dict[int, float]] = {}

    def _field_scores(self, field_name: str, alt: Alt) -> tuple[tuple[int, ...], list[float]]:
        stats = self.stats
        if len(alt.stems) == 1:
            ids, tfs = stats.postings(field_name, alt.stems[0])
        else:
            ids, tfs = stats.postings(PHRASE_FIELD, f"{field_name[0]}:{' '.join(alt.stems)}")
            if not ids:
                ids, tfs = self._phrase_fallback(field_name, alt.stems)
        if not ids:
            return (), []
        n = len(ids)
        idf = math.log(stats.doc_count / (n + 1)) + 1
        boost = FIELD_BOOST[field_name] * idf
        lengths = stats.lengths[field_name]
        avg = stats.avg_length[field_name]
        k_base = K1 * (1 - B)
        k_len = K1 * B / avg
        scores = [boost * tf * (K1 + 1) / (tf + k_base + k_len * lengths[d]) for d, tf in zip(ids, tfs)]
        return ids, scores

    def _phrase_fallback(self, field_name: str, stems: tuple[str, ...]):
        """A name nobody listed (a quoted phrase): Whoosh's positional phrase matcher."""
        from whoosh.query import Phrase
        from whoosh.searching import Searcher

        key = ("#phrase", field_name, *stems)
        if key in self._alt_cache:
            return self._alt_cache[key]  # type: ignore[return-value]
        ids: list[int] = []
        tfs: list[float] = []
        try:
            with self.stats._lock:
                searcher = Searcher(self.stats._reader, closereader=False)
                m = Phrase(field_name, list(stems)).matcher(searcher)
                while m.is_active():
                    ids.append(m.id())
                    tfs.append(max(1.0, float(m.weight())))
                    m.next()
        except Exception:  # noqa: BLE001 - a phrase the index cannot match matches nothing
            log.debug("phrase %r in %s not matched", stems, field_name, exc_info=True)
        found = (tuple(ids), tfs)
        self._alt_cache[key] = found  # type: ignore[assignment]
        return found

    def alt_scores(self, alt: Alt) -> dict[int, float]:
        """Document -> score of one alternative over all fields (cached: the same words recur
        keystroke after keystroke). BM25F: each field's frequency, weighted by the field's boost
        and normalised by its length, is added up first and saturated once, so a word in the
        title and the text is one strong match rather than two."""
        found = self._alt_cache.get(alt.stems)
        if found is None:
            stats = self.stats
            pseudo: dict[int, float] = {}
            get = pseudo.get
            for field_name in SCORED_FIELDS:
                ids, tfs = self._field_postings(field_name, alt)
                if not ids:
                    continue
                lengths = stats.lengths[field_name]
                norm = B / stats.avg_length[field_name]
                boost = FIELD_BOOST[field_name]
                for d, tf in zip(ids, tfs):
                    pseudo[d] = get(d, 0.0) + boost * tf / (1 - B + norm * lengths[d])
            idf = math.log(stats.doc_count / (len(pseudo) + 1)) + 1 if pseudo else 0.0
            k1 = K1
            found = {d: idf * t * (k1 + 1) / (t + k1) for d, t in pseudo.items()}
            if len(self._alt_cache) < _CACHE:
                self._alt_cache[alt.stems] = found
        return found

    def _field_postings(self, field_name: str, alt: Alt):
        stats = self.stats
        if len(alt.stems) == 1:
            return stats.postings(field_name, alt.stems[0])
        ids, tfs = stats.postings(PHRASE_FIELD, f"{field_name[0]}:{' '.join(alt.stems)}")
        if not ids:
            ids, tfs = self._phrase_fallback(field_name, alt.stems)
        return ids, tfs

    def concept_scores(self, concept: Concept) -> dict[int, float]:
        if concept.home_docs:
            scores = dict(self._best_alt(concept))
            for d in concept.home_docs & scores.keys():
                scores[d] *= HOME_BOOST
            return scores
        return self._best_alt(concept)

    def _best_alt(self, concept: Concept) -> dict[int, float]:
        if len(concept.alts) == 1 and concept.alts[0].weight == 1.0:
            return self.alt_scores(concept.alts[0])
        best: dict[int, float] = {}
        get = best.get
        for alt in concept.alts:
            w = alt.weight
            for d, v in self.alt_scores(alt).items():
                v *= w
                if v > get(d, 0.0):
                    best[d] = v
        return best

    def rank(self, concepts: list[Concept], allowed: frozenset[int] | None, k: int
             ) -> tuple[list[tuple[int, float]], int]:
        """The best `k` (document, score) and how many documents matched."""
        scored = [c for c in concepts if not c.excluded]
        counted = [c for c in scored if not c.bonus]
        if not counted:
            return [], 0
        per = [(c, self.concept_scores(c)) for c in scored]
        for c, s in per:
            c.matched_docs = frozenset(s)
        totals: dict[int, float] = {}
        hits: dict[int, int] = {}
        for c, s in per:
            if c.bonus:
                continue
            tget, hget = totals.get, hits.get
            for d, v in s.items():
                totals[d] = tget(d, 0.0) + v
                hits[d] = hget(d, 0) + 1
        for c, s in per:
            if c.bonus:
                for d, v in s.items():
                    if d in totals:
                        totals[d] += v
        n = len(counted)
        if n > 1:
            for d in totals:
                totals[d] *= (hits[d] / n) ** COORD_POWER
        drop: set[int] = set()
        for c in concepts:
            if c.excluded:
                drop |= set(self.concept_scores(c))
        required = [c for c in counted if c.required]
        items = totals.items()
        if allowed is not None or drop or required:
            items = [(d, v) for d, v in items
                     if (allowed is None or d in allowed) and d not in drop
                     and all(d in c.matched_docs for c in required)]
        else:
            items = list(items)
        total = len(items)
        return heapq.nlargest(k, items, key=lambda r: (r[1], -r[0])), total
