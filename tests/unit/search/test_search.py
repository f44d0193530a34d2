"""Search over the fixture guide: abbreviations both ways, phrases, prefixes, typos, filters, bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.search.query import prepare
from tests.conftest import FIXTURE_CONTENT, ROOT


@pytest.fixture
def searcher(fixture_searcher):
    return fixture_searcher


def ids(response):
    return [r.section_id for r in response.results if r.kind != "glossary"]


def test_abbreviation_finds_full_name(searcher):
    response = searcher.search("icpc")
    assert ids(response)[0] == "initial-conference"
    assert ("icpc", ("Initial child protection conference", "initial conference")) in response.expansions
    # each word typed is explained once: "icpc", or "icpc → initial conference", never both
    assert [w for w in response.results[0].why if w.startswith("icpc")] in (["icpc"], ["icpc → initial conference"],
                                                                            ["icpc → Initial child protection conference"])


def test_full_name_finds_abbreviation_and_s47_means_section_47(searcher):
    assert "strategy-discussion" in ids(searcher.search("s47"))
    assert "strategy-discussion" in ids(searcher.search("section 47"))


def test_glossary_terms_are_searchable_but_sections_lead(searcher):
    response = searcher.search("icpc")
    kinds = [r.kind for r in response.results]
    assert "glossary" in kinds and kinds[0] != "glossary"
    glossary = next(r for r in response.results if r.kind == "glossary")
    assert glossary.section_id == "glossary" and glossary.anchor == "term-icpc"


def test_heading_hit_lands_on_the_heading(searcher):
    response = searcher.search("who takes part")
    top = response.results[0]
    assert (top.section_id, top.anchor, top.heading) == ("strategy-discussion", "who-takes-part", "Who takes part")
    assert top.location == "The process › Strategy discussion › Who takes part"


def test_stemming(searcher):
    assert "strategy-discussion" in ids(searcher.search("enquiry"))  # body says "enquiries"


def test_phrase_must_match_in_order(searcher):
    assert ids(searcher.search('"reasonable cause"'))[0] == "strategy-discussion"
    assert ids(searcher.search('"cause reasonable"')) == []


def test_prefix(searcher):
    assert "strategy-discussion" in ids(searcher.search("strat*"))


def test_typo_gets_did_you_mean_and_results(searcher):
    response = searcher.search("stratgey")
    assert response.corrected == "strategy" and response.used_correction
    assert ids(response)[0] == "strategy-discussion"


def test_snippet_highlights_matched_words_safely(searcher):
    top = searcher.search("significant harm").results[0]
    assert '<b class="match">significant</b>' in top.snippet_html
    assert "[significant]" in top.snippet_text
    assert "significant" in [t.lower() for t in top.highlight_terms]


def test_filters_by_part_and_audience(searcher):
    assert set(ids(searcher.search("child", part="basics"))) <= {"welcome", "who-is-a-child"}
    education = ids(searcher.search("strategy", audience="education"))
    assert "strategy-discussion" not in education  # social care and police only
    assert "initial-conference" in education


def test_nothing_found_offers_suggestions(searcher):
    response = searcher.search("zzqx")
    assert response.total == 0 and response.results == ()
    assert response.message == "The guide does not cover “zzqx”."


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "OR OR", "NOT", "*", "**", "a" * 10_000, "\x00\x07\x1b[31m",
                                   "😀👶", "日本語 العربية", "", "   ", "title:x", "(((", "child^5", "s47~", "?"])
def test_strange_queries_never_fail(searcher, query):
    response = searcher.search(query)
    assert isinstance(response.results, tuple)
    assert response.results or response.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_is_a_safe_query(searcher, text):
    response = searcher.search(text)
    assert response.total >= 0
    assert prepare(text).whoosh.count('"') % 2 == 0


def test_cli_json_is_stable(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "app", "--content-dir", str(FIXTURE_CONTENT), "--data-dir",
                          str(tmp_path), "search", "icpc", "--json", "--limit", "3"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["version"] == 1 and data["query"] == "icpc"
    first = data["results"][0]
    assert set(first) == {"id", "anchor", "kind", "title", "heading", "location", "score", "snippet", "why",
                          "document"}  # "citation" too, for a library document
    assert first["document"] == "guide"
    assert first["id"] == "initial-conference"


def test_names_the_index_sees_as_one_are_searched_once(real_guide):
    """'Looked-after child' and 'looked after child' are one phrase to the index: searching both
    doubles the cost and lists the same name twice under "also searched"."""
    from app.search.searcher import Searcher

    table = Searcher(real_guide, manager=None).synonyms
    analyzer = Searcher(real_guide, manager=None)._analyzer
    for key in list(table._by_words):
        for expansion in table.find(list(key)):
            forms = [tuple(t.text for t in analyzer(a)) for a in expansion.alternatives]
            assert len(forms) == len(set(forms)), expansion
            assert tuple(t.text for t in analyzer(expansion.typed)) not in forms, expansion


@pytest.mark.parametrize("query", ["mum's boyfriend", "mums boyfriend", "mum\u2019s boyfriend"])
def test_a_glossary_name_with_an_apostrophe_is_found_however_it_is_typed(real_searcher, query):
    """A query loses "'s" ("mum's" is searched as "mum") and many type "mums": the glossary's
    "mum's boyfriend" must still lead to the term's section, not to words that merely match."""
    response = real_searcher.search(query, include_glossary=False)
    assert response.results[0].section_id == "working-with-parents-and-carers", [
        (r.section_id, r.why) for r in response.results[:3]]
    assert any(alt == "Parent's partner" for _typed, alts in response.expansions for alt in alts)
