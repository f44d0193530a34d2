"""Run queries: the plan (prefixes, little words, glossary names, spelling), ranking over cached
term statistics, filters, the passage to land on, snippets, why it matched, words to highlight."""
from __future__ import annotations

import logging
import re
import threading

from app.guide import Guide
from app.search.index import IndexManager, known_names, make_schema
from app.search.plan import Plan, Planner
from app.search.query import STOP_WORDS, PreparedQuery, prepare
from app.search.ranking import Concept, Ranker
from app.search.results import SearchResponse, SearchResult
from app.search.snippets import snippet, stems
from app.search.spelling import is_english
from app.search.snippets import stem as _stem
from app.search.snippets import words as _words
from app.search.synonyms import SynonymTable, glossary_homes
from app.search.terms import TermStats

log = logging.getLogger(__name__)

MAX_LIMIT = 200
GLOSSARY_WEIGHT = 0.6  # a definition helps, but the section that explains the topic should lead
EXTRA_CANDIDATES = 10  # ranked first, then re-ranked here with the "typed together" bonus
# Words typed together (2 to 8 of them) that appear together: in a title, heading or keywords,
# or in the text. Checked on the candidates' own stored stems.
TOGETHER_IN_TITLE = 1.0
TOGETHER_IN_TEXT = 0.5
CLOSEST_TOPICS = 3


def _forms_of(packed: str, matched: set[str]) -> list[str]:
    """How the matched stems are written in a document (from the index's " stem=w,w " list)."""
    out: list[str] = []
    for st in sorted(matched):
        i = packed.find(f" {st}=")
        if i != -1:
            j = packed.find(" ", i + 1)
            out.extend(packed[i + len(st) + 2 : j].split(","))
    return out


class _Terms:
    """What the candidates are checked against: single stems and runs of stems (names), as
    " stem " needles for the stored space-separated stems (substring tests run in C)."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.single: set[str] = set()
        self.runs: set[tuple[str, ...]] = set()
        for c in concepts:
            if c.excluded:
                continue
            for a in c.alts:
                (self.single.add(a.stems[0]) if len(a.stems) == 1 else self.runs.add(a.stems))
        self._single = [(st, f" {st} ") for st in self.single]
        self._runs = [(run, f" {' '.join(run)} ") for run in self.runs]

    def in_document(self, forms: str, head: str) -> "_Terms":
        """Only the stems and names whose words this document has at all (its " stem=..."
        list and its title and keywords), so each passage is checked against a few needles."""
        def has(st: str) -> bool:
            return f" {st}=" in forms or f" {st} " in head

        sub = _Terms([])
        sub._single = [(st, n) for st, n in self._single if has(st)]
        sub._runs = [(run, n) for run, n in self._runs if all(has(st) for st in run)]
        sub.single = {st for st, _n in sub._single}
        sub.runs = {run for run, _n in sub._runs}
        return sub

    def hits(self, padded: str) -> tuple[set[str], list[tuple[str, ...]]]:
        """Matched stems, and matched names, in " stems " text."""
        out = {st for st, needle in self._single if needle in padded}
        runs = [run for run, needle in self._runs if needle in padded]
        for run in runs:
            out.update(run)
        return out, runs


class Searcher:
    def __init__(self, guide: Guide, manager: IndexManager) -> None:
        self.guide = guide
        self.manager = manager
        self._analyzer = make_schema()["body"].analyzer
        self._stem_cache: dict[str, frozenset[str]] = {}
        self.synonyms = SynonymTable(guide, same=lambda name: tuple(t.text for t in self._analyzer(name)))
        self.names = known_names(guide)
        self.homes = glossary_homes(guide)
        self._lock = threading.Lock()
        self._stats: TermStats | None = None
        self._ranker: Ranker | None = None
        self._allowed_cache: dict[tuple, frozenset[int] | None] = {}
        if manager is not None:
            manager.when_closed(self.close)

    def _stems(self, text: str) -> frozenset[str]:
        cached = self._stem_cache.get(text)
        if cached is None:
            cached = frozenset(stems(text))
            if len(self._stem_cache) < 50_000:
                self._stem_cache[text] = cached
        return cached

    def _current(self) -> tuple[TermStats, Ranker]:
        """Term statistics of the index in use, read again when the index was rebuilt."""
        ix = self.manager.ensure()
        with self._lock:
            if self._stats is None or self._stats.ix is not ix:
                if self._stats is not None:
                    self._stats.close()
                self._stats = TermStats(ix)
                self._ranker = Ranker(self._stats)
                self._allowed_cache = {}
            return self._stats, self._ranker  # type: ignore[return-value]

    def warm(self) -> None:
        """Read what the first searches need (lengths, vocabulary, the English word list) now,
        in the worker that opened the index, rather than on the first keystroke."""
        stats, _ranker = self._current()
        stats.knows_word("child")
        is_english("child")

    def close(self) -> None:
        with self._lock:
            if self._stats is not None:
                self._stats.close()
                self._stats = None

    def search(self, raw: str, limit: int = 20, part: str | None = None, audience: str | None = None,
               include_glossary: bool = True, as_you_type: bool = False,
               document: str | None = None) -> SearchResponse:
        """`as_you_type`: the last word, with no space after it yet, is matched as a prefix.
        `document`: only this library document ("guide" for the guide alone)."""
        limit = max(1, min(MAX_LIMIT, int(limit)))
        prepared = prepare(raw, self.synonyms, as_you_type=as_you_type)
        if not prepared.whoosh and not prepared.words:
            return SearchResponse(query=prepared.text, results=(), total=0,
                                  message="Type a word or two to search the guide.")
        stats, ranker = self._current()
        plan = Planner(stats, self.names, self.homes).plan(prepared)
        allowed = self._allowed(stats, part, audience, include_glossary, document)
        corrected = ""
        if plan.corrections:
            corrected = " ".join(plan.corrections.get(w, w) for w in prepared.words)
        elif plan.offered:
            corrected = " ".join(plan.offered.get(w, w) for w in prepared.words)
        expansions = tuple((e.typed, e.alternatives) for e in prepared.expansions)
        if plan.names_missing:
            # A name the guide never mentions: say so, rather than list weak matches for the rest.
            missing = " ".join(w for w in prepared.text.split() if w.lower().strip("\"'") in plan.names_missing)
            topics = self._closest_topics(plan, ranker, stats, allowed)
            return SearchResponse(query=prepared.text, results=(), total=0, corrected=corrected,
                                  expansions=expansions, suggestions=topics, not_found=tuple(plan.missing),
                                  message=f"The guide does not cover “{missing or ' '.join(plan.names_missing)}”.")
        results, total = self._run(stats, ranker, plan, prepared, limit, allowed)
        suggestions: tuple[str, ...] = ()
        message = ""
        if total == 0:
            suggestions = self._closest_topics(plan, ranker, stats, allowed)
            if plan.missing:
                message = f"The guide does not cover “{' '.join(plan.missing)}”."
            else:
                message = "No results."
        elif plan.missing:
            message = f"The guide has no “{'”, “'.join(plan.missing)}”: results are for the other words."
        return SearchResponse(
            query=prepared.text, results=tuple(results), total=total,
            corrected=corrected, used_correction=bool(plan.corrections) and total > 0,
            replaced=_as_typed(prepared.text, plan.corrections), expansions=expansions, suggestions=suggestions, message=message, not_found=tuple(plan.missing),
        )

    def _closest_topics(self, plan: Plan, ranker: Ranker, stats: TermStats, allowed) -> tuple[str, ...]:
        """Section titles for the words that were found, when the whole query found nothing."""
        concepts = [Concept(c.label, c.alts, bonus=c.bonus) for c in plan.concepts if not c.excluded]
        if not [c for c in concepts if not c.bonus]:
            return ()
        out: list[str] = []
        for docnum, _score in ranker.rank(concepts, allowed, 20)[0]:
            fields = stats.stored(docnum)
            title = fields.get("section_title") or fields.get("title") or ""
            if fields.get("kind") != "glossary" and title and title not in out:
                out.append(title)
            if len(out) >= CLOSEST_TOPICS:
                break
        return tuple(out)

    def _allowed(self, stats: TermStats, part, audience, include_glossary, document) -> frozenset[int] | None:
        key = (part, audience, include_glossary, document)
        if key in self._allowed_cache:
            return self._allowed_cache[key]
        sets: list[frozenset[int]] = []
        if part:
            sets.append(stats.docs_with("part", part))
        if audience:
            sets.append(stats.docs_with("audience", "all") | stats.docs_with("audience", audience.lower())
                        | stats.docs_with("kind", "glossary"))
        if not include_glossary:
            sets.append(stats.docs_with("kind", "section") | stats.docs_with("kind", "heading"))
        if document and "document" in stats.schema:
            sets.append(stats.docs_with("document", document))
        allowed = frozenset.intersection(*sets) if sets else None
        self._allowed_cache[key] = allowed
        return allowed

    def _run(self, stats: TermStats, ranker: Ranker, plan: Plan, prepared: PreparedQuery, limit: int, allowed):
        top, total = ranker.rank(plan.concepts, allowed, limit + EXTRA_CANDIDATES)
        terms = _Terms(plan.concepts)
        typed = [plan.corrections.get(w, w) for w in prepared.words if w not in prepared.prefixes
                 and w != prepared.typing]
        run = stems(" ".join(typed)) if 2 <= len(typed) <= 8 and not prepared.phrases else ()

        ranked = []
        for docnum, score in top:
            fields = stats.stored(docnum)
            together, best, matched, runs = self._passages(fields, terms, run)
            weight = GLOSSARY_WEIGHT if fields["kind"] == "glossary" else 1.0
            ranked.append((float(score) * (1.0 + together) * weight, fields, best, (matched, runs)))
        ranked = self._glossary_after_its_section(ranked)
        results: list[SearchResult] = []
        for score, fields, best, (matched, runs) in ranked[:limit]:
            chunks = fields.get("chunks") or (("", "", ""),)
            heading, anchor, text = chunks[best]
            single = matched & terms.single
            title_words = {w for w in _words(fields.get("title") or "") if _stem(w) in single}
            page_words = list(dict.fromkeys(_forms_of(fields.get("forms") or "", single) + sorted(title_words)))
            packed = fields.get("forms") or ""
            run_forms = tuple(tuple(tuple(_forms_of(packed, {st}) or [st]) for st in r) for r in sorted(runs))
            snippet_html, snippet_text = snippet(text, frozenset(page_words), runs=run_forms)
            kind = fields["kind"]
            if kind == "section" and heading:
                kind = "heading"
            cites = fields.get("cites") or ()
            results.append(SearchResult(
                kind=kind, section_id=fields["section_id"],
                anchor=anchor or (fields.get("anchor") or ""),
                title=fields.get("section_title") or fields.get("title") or "", heading=heading,
                part_title=fields.get("part_title") or "", score=round(score, 3),
                snippet_html=snippet_html, snippet_text=" ".join(snippet_text.split()),
                why=self._why(plan, matched),
                highlight_terms=self._highlight_terms(prepared, plan, matched, page_words),
                changed=bool(fields.get("changed")),
                document=fields.get("document") or "guide",
                citation=cites[best] if best < len(cites) else "",
            ))
        return results, total

    def _glossary_after_its_section(self, ranked: list) -> list:
        """Best first, except that a glossary entry never comes before the section that explains
        it (its `section:`), when that section is among the results: "lado" opens the LADO
        section first, with the definition just after it."""
        ranked.sort(key=lambda r: -r[0])
        section_score = {r[1]["section_id"]: r[0] for r in ranked if r[1]["kind"] != "glossary"}
        out = []
        for r in ranked:
            if r[1]["kind"] == "glossary":
                term = self.guide.glossary.get(str(r[1]["doc_id"])[2:])
                home = section_score.get(term.section) if term and term.section else None
                if home is not None and home <= r[0]:
                    r = (home * 0.999, *r[1:])
            out.append(r)
        out.sort(key=lambda r: -r[0])
        return out

    @staticmethod
    def _passages(fields, terms: _Terms, run: tuple[str, ...]):
        """How one candidate matched: the "typed together" bonus, which passage answers best (the
        one with most matched words, those in its heading counting double and words typed
        together counting most; the first on a tie), every matched stem and matched name."""
        together_needle = f" {' '.join(run)} " if run else ""
        if fields.get("forms"):
            terms = terms.in_document(fields["forms"], fields.get("head_stems") or "")
        title_text = fields.get("head_stems") or ""
        together = TOGETHER_IN_TITLE if run and together_needle in title_text else 0.0
        matched, _runs = terms.hits(title_text)
        runs: set[tuple[str, ...]] = set()
        best, best_score = 0, -1
        for i, (h_text, t_text) in enumerate(fields.get("chunk_stems") or ()):
            h_pad, t_pad = f" {h_text} ", f" {t_text} "
            h_hits, _hr = terms.hits(h_pad)
            t_hits, t_runs = terms.hits(t_pad)
            runs.update(t_runs)
            matched |= h_hits | t_hits
            score = 2 * len(h_hits) + len(t_hits)
            if run:
                if together_needle in h_pad:
                    together, score = max(together, TOGETHER_IN_TITLE), score + 3
                elif together_needle in t_pad:
                    together, score = max(together, TOGETHER_IN_TEXT), score + 3
            if score > best_score:
                best, best_score = i, score
        return together, best, matched, runs

    @staticmethod
    def _why(plan: Plan, matched: set[str]) -> tuple[str, ...]:
        """The person's words (or the guide's names for them) that matched, each once."""
        out: list[str] = []
        for c in plan.concepts:
            if c.excluded:
                continue
            hit = next((a for a in c.alts if a.stems and set(a.stems) <= matched), None)
            if hit is None:
                continue
            typed = plan_label = c.label
            for wrong, right in plan.corrections.items():
                if plan_label == wrong:
                    typed = right
            if hit is c.alts[0] and (not c.prefix or hit.label == c.label):
                out.append(typed)
            elif c.prefix:
                out.append(hit.label)
            else:
                out.append(f"{typed} → {hit.label}")
        return tuple(dict.fromkeys(out))

    @staticmethod
    def _highlight_terms(prepared: PreparedQuery, plan: Plan, matched: set[str],
                         matched_words: list[str]) -> tuple[str, ...]:
        """Words to find in the page: the names and phrases that matched there, and every word of
        the page that matched, as written there (so stemmed variants too); no little words."""
        terms: list[str] = []
        for c in plan.concepts:
            if c.excluded:
                continue
            for a in c.alts:
                if len(a.stems) > 1 and set(a.stems) <= matched:
                    terms.append(a.label)
        seen = {t.lower() for t in terms}
        for word in matched_words:
            if word not in seen and word not in STOP_WORDS:
                seen.add(word)
                terms.append(word)
        return tuple(t for t in terms if t and len(t) > 1)[:40]


def _as_typed(text: str, words) -> tuple[str, ...]:
    """`words` (lower case) as the user typed them in `text` ("Neglegence", not "neglegence")."""
    typed = {w.lower(): w for w in re.findall(r"\w+", text)}
    return tuple(typed.get(w, w) for w in words)
