"""Relevance over the real guide: what practitioners type, and the section that must come up.

Each query must put its section first, or in the top 3 (sections and headings; glossary entries
are left out here because they are a separate kind of result), and most must put it first. If
ranking gets worse, this fails.

The content is being written while this set exists: section ids are fixed in content/guide.yaml,
and a case whose section file is not there yet is skipped, not failed. A case whose section is
not in guide.yaml at all, or whose file is there but does not load, fails.
"""
from __future__ import annotations

import pytest
import yaml

from tests.conftest import REAL_CONTENT

# (what a practitioner types, the section that must come up, within how many places: 1 = first)
CASES = [
    ("s47", "section-47-enquiries", 1),
    ("section 47 enquiry", "section-47-enquiries", 1),
    ("icpc", "initial-child-protection-conference", 1),
    ("icpc timescale", "initial-child-protection-conference", 1),
    ("initial conference 15 working days", "initial-child-protection-conference", 3),
    ("rcpc", "review-conference", 1),
    ("review conference", "review-conference", 3),
    ("lado", "allegations-and-lado", 1),
    ("allegation against a teacher", "allegations-and-lado", 3),
    ("strategy meeting", "strategy-discussion", 1),
    ("strategy meeting who attends", "strategy-discussion", 1),
    ("strat meeting police", "strategy-discussion", 3),
    ("core group", "core-group", 1),
    ("core group timescale", "core-group", 3),
    ("cp plan", "child-protection-plan", 1),
    ("ending a child protection plan", "ending-a-child-protection-plan", 3),
    ("cin", "assessment-of-children-in-need", 3),
    ("section 17", "assessment-of-children-in-need", 3),
    ("45 working days", "assessment-of-children-in-need", 3),
    ("how long does an assessment take", "assessment-of-children-in-need", 3),
    ("assessment triangle", "assessment-framework", 3),
    ("how to make a referral", "making-a-referral", 3),
    ("referral decision one working day", "decision-after-referral", 3),
    ("early help", "early-help-and-family-help", 1),
    ("family help plan", "early-help-and-family-help", 3),
    ("safegaurding partners", "safeguarding-partners", 1),
    ("lead safeguarding partner", "lead-and-delegated-partners", 3),
    ("dsp", "lead-and-delegated-partners", 3),
    ("independent scrutiny", "independent-scrutiny", 3),
    ("annual report", "published-arrangements-and-yearly-report", 3),
    ("threshold document", "local-threshold-document", 3),
    ("information sharing consent", "information-sharing", 3),
    ("gdpr", "information-sharing", 1),
    ("escalation", "professional-disagreements", 1),
    ("cse", "child-exploitation", 1),
    ("cce", "child-exploitation", 1),
    ("county lines", "child-exploitation", 1),
    ("knife crime", "serious-violence", 3),
    ("prevent", "channel-and-prevent", 1),
    ("nrm", "trafficking-and-modern-slavery", 1),
    ("coercive control", "domestic-abuse", 1),
    ("fgm", "domestic-abuse", 3),
    ("unborn baby", "infants-and-unborn-children", 3),
    ("young carers assessment", "young-carers", 3),
    ("private fostering 28 days", "privately-fostered-children", 3),
    ("missing from care", "children-missing", 3),
    ("lac", "children-looked-after", 1),
    ("care proceedings plo", "care-proceedings", 3),
    ("fgc", "family-group-decision-making", 1),
    ("police protection 72 hours", "immediate-protection", 3),
    ("emergency protection order", "immediate-protection", 1),
    ("notify the panel", "notifying-the-panel", 3),
    ("serious incident notification 5 working days", "notifying-the-panel", 3),
    ("rapid review", "rapid-review", 1),
    ("lcspr", "local-child-safeguarding-practice-reviews", 1),
    ("cdop", "child-death-overview-panel", 1),
    ("joint agency response", "joint-agency-response", 1),
    ("dsl", "schools-and-colleges", 1),
    ("kcsie", "schools-and-colleges", 1),
    ("health visitor", "health-services", 3),
    ("working together 2018", "edition-2018", 3),
    ("munro", "edition-2013", 1),
    ("climbie", "edition-2006", 1),
    ("what changed in 2026", "edition-2026", 3),
    ("macpt", "what-comes-next", 1),
    ("who is a child", "who-is-a-child", 1),
    ("voice of the child", "voice-of-the-child", 1),
    ("section 11", "section-11-duties", 1),
    ("dbs check", "safer-recruitment", 3),
    ("timescales", "timescales-at-a-glance", 1),
]


MIN_FIRST = 0.85  # share of the cases (present in the content) that must rank their section first


def _planned_files() -> dict[str, str]:
    """Section id -> its file under content/, as guide.yaml lays them out."""
    meta = yaml.safe_load((REAL_CONTENT / "guide.yaml").read_text(encoding="utf-8"))
    return {str(sid): f"{part['id']}/{sid}.md" for part in meta["parts"] for sid in part.get("sections") or []}


PLANNED = _planned_files()


def _present(section_id: str) -> bool:
    return (REAL_CONTENT / PLANNED[section_id]).is_file() if section_id in PLANNED else True


def test_every_case_names_a_planned_section():
    unknown = sorted({want for _q, want, _n in CASES if want not in PLANNED})
    assert not unknown, f"relevance cases point at sections guide.yaml does not list: {unknown}"


def test_the_set_is_big_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize(("query", "expected", "within"), CASES, ids=[q for q, _e, _n in CASES])
def test_expected_section_ranks_high(real_searcher, real_guide, query, expected, within):
    if not _present(expected):
        pytest.skip(f"content/{PLANNED[expected]} is not written yet")
    assert expected in real_guide.sections, f"{PLANNED.get(expected, expected)} exists but did not load"
    response = real_searcher.search(query, include_glossary=False)
    top = [r.section_id for r in response.results[:within]]
    place = "first" if within == 1 else f"in the top {within}"
    assert expected in top, f"{query!r}: expected {expected} {place}, got {top}"


def test_most_queries_put_the_right_section_first(real_searcher):
    cases = [(q, want) for q, want, _n in CASES if _present(want)]
    if not cases:
        pytest.skip("no relevance case has its section written yet")
    first = [q for q, want in cases
             if [r.section_id for r in real_searcher.search(q, include_glossary=False).results[:1]] == [want]]
    assert len(first) / len(cases) >= MIN_FIRST, (
        f"only {len(first)} of {len(cases)} queries ranked their section first; "
        f"not first: {sorted(set(q for q, _w in cases) - set(first))}")


# The issue's own examples: with glossary entries included (as the reader shows them), the section
# still comes first; a definition never pushes the section that explains it down.
HEADLINE = [
    ("s47", "section-47-enquiries"),
    ("icpc timescale", "initial-child-protection-conference"),
    ("lado", "allegations-and-lado"),
    ("strategy meeting who attends", "strategy-discussion"),
    ("safegaurding partners", "safeguarding-partners"),
    ("cce", "child-exploitation"),
]


@pytest.mark.parametrize(("query", "expected"), HEADLINE, ids=[q for q, _e in HEADLINE])
def test_headline_queries_put_the_section_first_even_with_the_glossary(real_searcher, query, expected):
    if not _present(expected):
        pytest.skip(f"content/{PLANNED[expected]} is not written yet")
    top = real_searcher.search(query).results[0]
    assert (top.kind, top.section_id) != ("glossary", "glossary") and top.section_id == expected, (
        f"{query!r}: first result is {top.kind} {top.section_id} {top.anchor}")


def test_a_typo_is_corrected_and_searched(real_searcher):
    response = real_searcher.search("safegaurding partners")
    assert response.corrected == "safeguarding partners" and response.used_correction
    assert response.query == "safegaurding partners"
    assert "safeguarding" in response.results[0].why
