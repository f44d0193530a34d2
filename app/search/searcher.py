"""Run queries: glossary-driven expansion, filters, spelling correction, snippets, why it matched."""
from __future__ import annotations

import logging

from whoosh import collectors, qparser
from whoosh.query import And, Or, Term

from app.guide import Guide
from app.search.index import IndexManager, make_schema
from app.search.query import PreparedQuery, prepare
from app.search.results import SearchResponse, SearchResult
from app.search.snippets import contains_run, snippet, stems
from app.search.snippets import stem as _stem
from app.search.snippets import words as _words
from app.search.synonyms import SynonymTable

log = logging.getLogger(__name__)

FIELDS = ["title", "keywords", "heading", "body"]
MAX_LIMIT = 200
GLOSSARY_WEIGHT = 0.6  # a definition helps, but the section that explains the topic should lead
EXTRA_CANDIDATES = 10  # ranked by Whoosh, then re-ranked here with the "typed together" bonus
# Words typed together (2 to 8 of them) that appear together: in a title, heading or keywords,
# or in the text. Checked on the candidates' own words rather than with a Whoosh phrase query,
# which costs more than the rest of the search together on a large corpus.
TOGETHER_IN_TITLE = 1.0
TOGETHER_IN_TEXT = 0.5


def _forms_of(packed: str, matched: set[str]) -> list[str]:
    """How the matched stems are written in a document (from the index's " stem=w,w " list)."""
    out: list[str] = []
    for st in sorted(matched):
        i = packed.find(f" {st}=")
        if i != -1:
            j = packed.find(" ", i + 1)
            out.extend(packed[i + len(st) + 2 : j].split(","))
    return out


class Searcher:
    def __init__(self, guide: Guide, manager: IndexManager) -> None:
        self.guide = guide
        self.manager = manager
        self._analyzer = make_schema()["body"].analyzer
        self._stem_cache: dict[str, frozenset[str]] = {}
        self.synonyms = SynonymTable(guide, same=lambda name: tuple(t.text for t in self._analyzer(name)))

    @staticmethod
    def _parser_for(schema):
        parser = qparser.MultifieldParser(FIELDS, schema=schema, group=qparser.OrGroup.factory(0.9))
        parser.remove_plugin_class(qparser.FieldsPlugin)  # "title:x" is text here, not syntax
        parser.remove_plugin_class(qparser.BoostPlugin)
        parser.remove_plugin_class(qparser.RangePlugin)
        return parser

    def _stems(self, text: str) -> frozenset[str]:
        cached = self._stem_cache.get(text)
        if cached is None:
            cached = frozenset(t.text for t in self._analyzer(text))
            if len(self._stem_cache) < 50_000:
                self._stem_cache[text] = cached
        return cached

    def search(self, raw: str, limit: int = 20, part: str | None = None, audience: str | None = None,
               include_glossary: bool = True, document: str | None = None) -> SearchResponse:
        """`document`: only this library document ("guide" for the guide alone)."""
        limit = max(1, min(MAX_LIMIT, int(limit)))
        prepared = prepare(raw, self.synonyms)
        if not prepared.whoosh:
            return SearchResponse(query=prepared.text, results=(), total=0,
                                  message="Type a word or two to search the guide.")
        typed_text = prepared.text
        ix = self.manager.ensure()
        with ix.searcher() as s:
            parser = self._parser_for(ix.schema)
            try:
                query = parser.parse(prepared.whoosh)
            except Exception:  # noqa: BLE001 - the parser must never reach the user as an error
                log.info("query %r fell back to plain words", prepared.whoosh)
                query = parser.parse(" ".join(prepared.words) or "*")
            filt = self._filter(part, audience, include_glossary, document)
            try:
                corrected = self._correct(s, prepared)
            except Exception:  # noqa: BLE001 - a suggestion is a nicety, never a failure
                log.exception("spelling suggestion failed for %r", prepared.text)
                corrected = ""
            used = False
            response: tuple[list[SearchResult], int] = ([], 0)
            if corrected:
                # A word the guide does not contain can only match through the others, so the
                # corrected words answer better ("safegaurding partners"), and are searched
                # first: the words as typed are searched only if the correction finds nothing.
                fixed = prepare(corrected, self.synonyms)
                try:
                    response = self._run(s, parser.parse(fixed.whoosh), fixed, limit, filt) if fixed.whoosh else ([], 0)
                except Exception:  # noqa: BLE001 - the words as typed are searched instead
                    log.exception("corrected query %r failed", corrected)
                if response[1]:
                    used = True
                    prepared = fixed
            if not used:
                response = self._run(s, query, prepared, limit, filt)
            results, total = response
            suggestions: tuple[str, ...] = ()
            if total == 0:
                try:
                    suggestions = self._suggest(s, prepared)
                except Exception:  # noqa: BLE001
                    log.exception("suggestions failed for %r", prepared.text)
        return SearchResponse(
            query=typed_text, results=tuple(results), total=total,
            corrected=corrected, used_correction=used,
            expansions=tuple((e.typed, e.alternatives) for e in prepared.expansions),
            suggestions=suggestions,
            message="" if total else "No results.",
        )

    def _known(self, s, word: str) -> bool:
        reader = s.reader()
        if ("spell_body", word) in reader or ("spell_title", word) in reader:
            return True
        stems = self._stems(word)
        return any((field, stem) in reader for stem in stems for field in FIELDS)

    def _correct(self, s, prepared: PreparedQuery) -> str:
        """'Did you mean': each word the guide does not contain, replaced by its nearest word."""
        if not prepared.words:
            return ""
        expanded = {w for e in prepared.expansions for w in e.typed.split()}
        changed = False
        out: list[str] = []
        for word in prepared.words:
            if word in expanded or word in prepared.prefixes or len(word) < 3 or word.isdigit() or self._known(s, word):
                out.append(word)
                continue
            suggestion = next(iter(s.corrector("body").suggest(word, limit=1, maxdist=2, prefix=1)), None)
            suggestion = suggestion or next(iter(s.corrector("title").suggest(word, limit=1, maxdist=2, prefix=1)), None)
            if suggestion and suggestion != word:
                out.append(suggestion)
                changed = True
            else:
                out.append(word)
        return " ".join(out) if changed else ""

    def _filter(self, part, audience, include_glossary, document=None):
        clauses = []
        if document:
            clauses.append(Term("document", document))
        if part:
            clauses.append(Term("part", part))
        if audience:
            clauses.append(Or([Term("audience", "all"), Term("audience", audience.lower()),
                               Term("kind", "glossary")]))
        if not include_glossary:
            clauses.append(Or([Term("kind", "section"), Term("kind", "heading")]))
        if not clauses:
            return None
        return And(clauses)

    def _run(self, s, query, prepared: PreparedQuery, limit: int, filt):
        # optimize=False: Whoosh's block-quality skipping can loop forever on an OR of phrase
        # queries with boosts (seen on a 20x corpus); scoring every match is fast enough here.
        # replace=0: Whoosh otherwise rebuilds the whole matcher tree every ten documents to
        # prune exhausted branches, which cost more than it saved on glossary-expanded queries.
        collector = collectors.TopCollector(limit + EXTRA_CANDIDATES, usequality=False,
                                            replace=0)
        if filt is not None:
            collector = collectors.FilterCollector(collector, allow=filt)
        s.search_with_collector(query, collector)
        hits = collector.results()
        total = len(hits)
        query_terms = {t.decode() if isinstance(t, bytes) else str(t) for _f, t in query.iter_all_terms()}
        typed = [w for w in prepared.words if w not in prepared.prefixes]
        run = stems(" ".join(typed)) if 2 <= len(typed) <= 8 and not prepared.phrases else ()

        prefixes = tuple(prepared.prefixes)
        ranked = []
        for hit in hits:
            fields = hit.fields()
            together, best, matched = self._passages(fields, query_terms, prefixes, run)
            weight = GLOSSARY_WEIGHT if fields["kind"] == "glossary" else 1.0
            ranked.append((float(hit.score) * (1.0 + together) * weight, fields, best, matched))
        ranked = self._glossary_after_its_section(ranked)
        results: list[SearchResult] = []
        for score, fields, best, matched in ranked[:limit]:
            chunks = fields.get("chunks") or (("", "", ""),)
            heading, anchor, text = chunks[best]
            cites = fields.get("cites") or ()
            title_words = {w for w in _words(fields.get("title") or "") if _stem(w) in matched}
            page_words = list(dict.fromkeys(_forms_of(fields.get("forms") or "", matched) + sorted(title_words)))
            snippet_html, snippet_text = snippet(text, frozenset(page_words))
            kind = fields["kind"]
            if kind == "section" and heading:
                kind = "heading"
            results.append(SearchResult(
                kind=kind, section_id=fields["section_id"],
                anchor=anchor or (fields.get("anchor") or ""),
                title=fields.get("section_title") or fields.get("title") or "", heading=heading,
                part_title=fields.get("part_title") or "", score=round(score, 3),
                snippet_html=snippet_html, snippet_text=" ".join(snippet_text.split()),
                why=self._why(prepared, matched),
                highlight_terms=self._highlight_terms(prepared, page_words),
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
    def _passages(fields, query_terms: set[str], prefixes: tuple[str, ...],
                  run: tuple[str, ...]) -> tuple[float, int, set[str]]:
        """How one candidate matched: the "typed together" bonus, which passage answers best (the
        one with most matched words, those in its heading counting double and words typed
        together counting most; the first on a tie) and every matched stem."""
        def hits_in(found: set[str]) -> set[str]:
            out = found & query_terms
            if prefixes:
                out |= {st for st in found if st.startswith(prefixes)}
            return out

        run_set = set(run)
        title_seq = stems(f"{fields.get('title') or ''} ; {fields.get('keywords') or ''}")
        together = TOGETHER_IN_TITLE if run and contains_run(title_seq, run) else 0.0
        matched = hits_in(set(title_seq))
        best, best_score = 0, -1
        for i, (h_text, t_text) in enumerate(fields.get("chunk_stems") or ()):
            h_seq, t_seq = h_text.split(), t_text.split()
            h_set, t_set = set(h_seq), set(t_seq)
            h_hits, t_hits = hits_in(h_set), hits_in(t_set)
            matched |= h_hits | t_hits
            score = 2 * len(h_hits) + len(t_hits)
            if run:
                if run_set <= h_set and contains_run(h_seq, run):
                    together, score = max(together, TOGETHER_IN_TITLE), score + 3
                elif run_set <= t_set and contains_run(t_seq, run):
                    together, score = max(together, TOGETHER_IN_TEXT), score + 3
            if score > best_score:
                best, best_score = i, score
        return together, best, matched

    def _why(self, prepared: PreparedQuery, matched_tokens: set[str]) -> tuple[str, ...]:
        """The user's words (and expansions) that matched, in their terms."""
        out: list[str] = []
        for word in prepared.words:
            if word in prepared.prefixes:
                if any(t.startswith(word) for t in matched_tokens):
                    out.append(f"{word}*")
            elif self._stems(word) & matched_tokens:
                out.append(word)
        for phrase in prepared.phrases:
            if self._stems(phrase) <= matched_tokens:
                out.append(f'"{phrase}"')
        for e in prepared.expansions:
            for alt in e.alternatives:
                stems = self._stems(alt)
                if stems and stems <= matched_tokens:
                    out.append(f"{e.typed} → {alt}")
                    break
        return tuple(dict.fromkeys(out))

    @staticmethod
    def _highlight_terms(prepared: PreparedQuery, matched_words: list[str]) -> tuple[str, ...]:
        """Words to find in the page: the phrases and names searched for, and every word of the
        page that matched, as written there (so stemmed variants too)."""
        terms: list[str] = list(prepared.phrases)
        for e in prepared.expansions:
            terms.extend(a for a in e.alternatives if len(a) > 2)
            terms.append(e.typed)
        seen = {t.lower() for t in terms}
        for word in matched_words:
            if word not in seen:
                seen.add(word)
                terms.append(word)
        return tuple(t for t in terms if t and len(t) > 1)[:40]

    def _suggest(self, s, prepared: PreparedQuery) -> tuple[str, ...]:
        """Offer real words from the guide close to what was typed, and section titles."""
        out: list[str] = []
        corrector = s.corrector("body")
        for word in prepared.words:
            for suggestion in corrector.suggest(word, limit=3, maxdist=2, prefix=1):
                if suggestion not in out:
                    out.append(suggestion)
        title_corrector = s.corrector("title")
        for word in prepared.words:
            for suggestion in title_corrector.suggest(word, limit=2, maxdist=2, prefix=1):
                if suggestion not in out:
                    out.append(suggestion)
        return tuple(out[:6])
