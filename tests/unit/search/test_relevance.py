"""Relevance over the real guide: what practitioners type, and the section that must come up.

Each query must put its section in the top 3 (sections and headings; glossary entries are left
out here because they are a separate kind of result). If ranking gets worse, this fails.
"""
from __future__ import annotations

import pytest

from app.search import IndexManager, Searcher

CASES = [
    ("s47", "section-47-enquiries"),
    ("section 47 enquiry", "section-47-enquiries"),
    ("icpc", "initial-child-protection-conference"),
    ("icpc timescale", "initial-child-protection-conference"),
    ("initial conference 15 working days", "initial-child-protection-conference"),
    ("rcpc", "review-conference"),
    ("review conference", "review-conference"),
    ("lado", "allegations-and-lado"),
    ("allegation against a teacher", "allegations-and-lado"),
    ("strategy meeting", "strategy-discussion"),
    ("strategy meeting who attends", "strategy-discussion"),
    ("strat meeting police", "strategy-discussion"),
    ("core group", "core-group"),
    ("core group timescale", "core-group"),
    ("cp plan", "child-protection-plan"),
    ("ending a child protection plan", "ending-a-child-protection-plan"),
    ("cin", "assessment-of-children-in-need"),
    ("section 17", "assessment-of-children-in-need"),
    ("45 working days", "assessment-of-children-in-need"),
    ("how long does an assessment take", "assessment-of-children-in-need"),
    ("assessment triangle", "assessment-framework"),
    ("how to make a referral", "making-a-referral"),
    ("referral decision one working day", "decision-after-referral"),
    ("early help", "early-help-and-family-help"),
    ("family help plan", "early-help-and-family-help"),
    ("safegaurding partners", "safeguarding-partners"),
    ("lead safeguarding partner", "lead-and-delegated-partners"),
    ("dsp", "lead-and-delegated-partners"),
    ("independent scrutiny", "independent-scrutiny"),
    ("annual report", "published-arrangements-and-yearly-report"),
    ("threshold document", "local-threshold-document"),
    ("information sharing consent", "information-sharing"),
    ("gdpr", "information-sharing"),
    ("escalation", "professional-disagreements"),
    ("cse", "child-exploitation"),
    ("cce", "child-exploitation"),
    ("county lines", "child-exploitation"),
    ("knife crime", "serious-violence"),
    ("prevent", "channel-and-prevent"),
    ("nrm", "trafficking-and-modern-slavery"),
    ("coercive control", "domestic-abuse"),
    ("fgm", "domestic-abuse"),
    ("unborn baby", "infants-and-unborn-children"),
    ("young carers assessment", "young-carers"),
    ("private fostering 28 days", "privately-fostered-children"),
    ("missing from care", "children-missing"),
    ("lac", "children-looked-after"),
    ("care proceedings plo", "care-proceedings"),
    ("fgc", "family-group-decision-making"),
    ("police protection 72 hours", "immediate-protection"),
    ("emergency protection order", "immediate-protection"),
    ("notify the panel", "notifying-the-panel"),
    ("serious incident notification 5 working days", "notifying-the-panel"),
    ("rapid review", "rapid-review"),
    ("lcspr", "local-child-safeguarding-practice-reviews"),
    ("cdop", "child-death-overview-panel"),
    ("joint agency response", "joint-agency-response"),
    ("dsl", "schools-and-colleges"),
    ("kcsie", "schools-and-colleges"),
    ("health visitor", "health-services"),
    ("working together 2018", "edition-2018"),
    ("munro", "edition-2013"),
    ("climbie", "edition-2006"),
    ("what changed in 2026", "edition-2026"),
    ("macpt", "what-comes-next"),
    ("who is a child", "who-is-a-child"),
    ("voice of the child", "voice-of-the-child"),
    ("section 11", "section-11-duties"),
    ("dbs check", "safer-recruitment"),
    ("timescales", "timescales-at-a-glance"),
]


@pytest.fixture(scope="module")
def searcher(real_guide, tmp_path_factory):
    manager = IndexManager(real_guide, tmp_path_factory.mktemp("relevance") / "index")
    manager.ensure()
    return Searcher(real_guide, manager)


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q for q, _ in CASES])
def test_expected_section_in_top_three(searcher, real_guide, query, expected):
    assert expected in real_guide.sections, f"relevance case points at a missing section: {expected}"
    response = searcher.search(query, include_glossary=False)
    top = [r.section_id for r in response.results[:3]]
    assert expected in top, f"{query!r}: expected {expected} in top 3, got {top}"


def test_most_queries_put_the_right_section_first(searcher):
    first = sum(searcher.search(q, include_glossary=False).results[0].section_id == want for q, want in CASES)
    assert first / len(CASES) >= 0.8, f"only {first} of {len(CASES)} queries ranked their section first"
