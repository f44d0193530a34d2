"""Run queries: glossary-driven expansion, filters, spelling correction, snippets, why it matched."""
from __future__ import annotations

import html
import logging
import re

from whoosh import highlight, qparser
from whoosh.query import And, Or, Term

from app.guide import Guide
from app.search.index import IndexManager, make_schema
from app.search.query import PreparedQuery, prepare
from app.search.results import SearchResponse, SearchResult
from app.search.synonyms import SynonymTable

log = logging.getLogger(__name__)

FIELDS = ["title", "keywords", "heading", "body"]
MAX_LIMIT = 200
_MATCH_TAG = re.compile(r'<b class="match">(.*?)</b>')
GLOSSARY_WEIGHT = 0.6  # a definition helps, but the section that explains the topic should lead


class _Formatter(highlight.Formatter):
    """Matched words as <b class="match">…</b>, everything else escaped."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f'<b class="match">{html.escape(highlight.get_text(text, token, replace))}</b>'

    @staticmethod
    def _text(text: str) -> str:
        return html.escape(text)

    def format_fragment(self, fragment, replace=False):
        output, index = [], fragment.startchar
        text = fragment.text
        for t in fragment.matches:
            if t.startchar > index:
                output.append(self._text(text[index : t.startchar]))
            output.append(self.format_token(text, t, replace))
            index = t.endchar
        output.append(self._text(text[index : fragment.endchar]))
        return "".join(output)


class Searcher:
    def __init__(self, guide: Guide, manager: IndexManager) -> None:
        self.guide = guide
        self.manager = manager
        self.synonyms = SynonymTable(guide)
        self._analyzer = make_schema()["body"].analyzer
        self._stem_cache: dict[str, frozenset[str]] = {}

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
               include_glossary: bool = True) -> SearchResponse:
        limit = max(1, min(MAX_LIMIT, int(limit)))
        prepared = prepare(raw, self.synonyms)
        if not prepared.whoosh:
            return SearchResponse(query=prepared.text, results=(), total=0,
                                  message="Type a word or two to search the guide.")
        ix = self.manager.ensure()
        with ix.searcher() as s:
            parser = self._parser_for(ix.schema)
            try:
                query = parser.parse(prepared.whoosh)
            except Exception:  # noqa: BLE001 - the parser must never reach the user as an error
                log.info("query %r fell back to plain words", prepared.whoosh)
                query = parser.parse(" ".join(prepared.words) or "*")
            query = self._with_proximity_bonus(parser, query, prepared)
            filt = self._filter(part, audience, include_glossary)
            response = self._run(s, query, prepared, limit, filt)
            try:
                corrected = self._correct(s, prepared)
            except Exception:  # noqa: BLE001 - a suggestion is a nicety, never a failure
                log.exception("spelling suggestion failed for %r", prepared.text)
                corrected = ""
            used = False
            if corrected and response[1] == 0:
                alt = self._run(s, parser.parse(corrected), prepare(corrected, self.synonyms), limit, filt)
                if alt[1]:
                    response, used = alt, True
            results, total = response
            suggestions: tuple[str, ...] = ()
            if total == 0:
                try:
                    suggestions = self._suggest(s, prepared)
                except Exception:  # noqa: BLE001
                    log.exception("suggestions failed for %r", prepared.text)
        return SearchResponse(
            query=prepared.text, results=tuple(results), total=total,
            corrected=corrected, used_correction=used,
            expansions=tuple((e.typed, e.alternatives) for e in prepared.expansions),
            suggestions=suggestions,
            message="" if total else "No results.",
        )

    @staticmethod
    def _with_proximity_bonus(parser, query, prepared: PreparedQuery):
        """Words typed together that appear together (a heading, a title) rank first."""
        plain = [w for w in prepared.words if w not in prepared.prefixes]
        if len(plain) < 2 or len(plain) > 8 or prepared.phrases:
            return query
        try:
            phrase = parser.parse('"' + " ".join(plain) + '"')
        except Exception:  # noqa: BLE001
            return query
        return Or([query, phrase.with_boost(3.0)])

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

    def _filter(self, part, audience, include_glossary):
        clauses = []
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
        # Several passages of one section can match; the best one stands for the section. (Whoosh's
        # collapse needs a sortable column, so the de-duplication is done here.)
        # optimize=False: Whoosh's block-quality skipping can loop forever on an OR of phrase
        # queries with boosts (seen on a 20× corpus); scoring every match is fast enough here.
        hits = s.search(query, limit=limit * 3, filter=filt, optimize=False)
        query_terms = {t.decode() if isinstance(t, bytes) else str(t) for _f, t in query.iter_all_terms()}
        rich = _Formatter()
        fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60, charlimit=6000)
        results: list[SearchResult] = []
        seen: set[str] = set()
        unique = []
        for hit in hits:
            # glossary terms all open the glossary page: each stays a result of its own
            key = hit["doc_id"] if hit["kind"] == "glossary" else hit["section_id"]
            if key not in seen:
                seen.add(key)
                unique.append(hit)
        weight = {True: GLOSSARY_WEIGHT, False: 1.0}
        unique.sort(key=lambda h: -h.score * weight[h["kind"] == "glossary"])
        for hit in unique[:limit]:
            # Which query terms this passage contains, found from its own text (cheaper than
            # asking Whoosh to track matched terms for every candidate).
            text = f"{hit.get('title') or ''} {hit.get('heading') or ''} {hit.get('keywords') or ''} {hit.get('body') or ''}"
            pairs = [(t.text, t.original) for t in self._analyzer(text, keeporiginal=True, removestops=False)]
            matched = {stem for stem, _o in pairs
                       if stem in query_terms or any(stem.startswith(p) for p in prepared.prefixes)}
            hit.results.fragmenter = fragmenter
            hit.results.formatter = rich
            snippet_html = hit.highlights("body", top=2) or hit.highlights("heading") or ""
            if snippet_html:
                snippet_text = html.unescape(_MATCH_TAG.sub(r"[\1]", snippet_html))
            else:
                snippet_text = (hit.get("body") or "")[:200]
                snippet_html = html.escape(snippet_text)
            why = self._why(prepared, matched)
            terms = self._highlight_terms(prepared, pairs, matched)
            results.append(SearchResult(
                kind=hit["kind"], section_id=hit["section_id"], anchor=hit.get("anchor") or "",
                title=hit.get("section_title") or hit.get("title") or "", heading=hit.get("heading") or "",
                part_title=hit.get("part_title") or "",
                score=round(float(hit.score) * (GLOSSARY_WEIGHT if hit["kind"] == "glossary" else 1.0), 3),
                snippet_html=snippet_html, snippet_text=" ".join(snippet_text.split()), why=why,
                highlight_terms=terms, changed=bool(hit.get("changed")),
            ))
        results.sort(key=lambda r: -r.score)
        return results, len(unique)

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
    def _highlight_terms(prepared: PreparedQuery, pairs: list[tuple[str, str]], matched: set[str]) -> tuple[str, ...]:
        """Words to find in the page: what matched in this passage, as written there."""
        terms: list[str] = list(prepared.phrases)
        for e in prepared.expansions:
            terms.extend(a for a in e.alternatives if len(a) > 2)
            terms.append(e.typed)
        seen = {t.lower() for t in terms}
        for stem, original in pairs:
            if stem in matched and original and original.lower() not in seen:
                seen.add(original.lower())
                terms.append(original)
        return tuple(dict.fromkeys(t for t in terms if t and len(t) > 1))[:40]

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
