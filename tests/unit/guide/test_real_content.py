"""Checks over the real guide in content/: complete, consistent and saying what the data says."""
from __future__ import annotations

import re

import pytest

from app.guide.timescales import describe_interval

EDITIONS = [1999, 2006, 2010, 2013, 2015, 2018, 2023, 2026]

# Coverage list of CONTENT-GUIDE.md: each topic and the section that answers it.
COVERAGE = {
    "about this guide and its limits": "about-this-guide",
    "what Working Together is, who must follow it": "what-is-working-together",
    "key principles": "key-principles",
    "who counts as a child": "who-is-a-child",
    "working with parents and carers": "working-with-parents-and-carers",
    "the voice of the child": "voice-of-the-child",
    "expectations for practitioners": "expectations-for-practitioners",
    "expectations for leaders": "expectations-for-leaders",
    "information sharing": "information-sharing",
    "anti-discriminatory and anti-racist practice": "anti-discriminatory-practice",
    "professional disagreements and escalation": "professional-disagreements",
    "the three safeguarding partners": "safeguarding-partners",
    "lead and delegated safeguarding partners": "lead-and-delegated-partners",
    "partnership chair": "partnership-chair",
    "relevant agencies": "relevant-agencies",
    "education and childcare": "education-and-childcare-in-arrangements",
    "voluntary, charity, faith and sports organisations": "voluntary-and-community-in-arrangements",
    "independent scrutiny": "independent-scrutiny",
    "funding": "funding-arrangements",
    "published arrangements and yearly reports": "published-arrangements-and-yearly-report",
    "local thresholds": "local-threshold-document",
    "data and information": "data-and-information",
    "early help and family help": "early-help-and-family-help",
    "who may need help": "children-who-may-need-help",
    "disabled children": "disabled-children",
    "young carers": "young-carers",
    "children missing": "children-missing",
    "privately fostered children": "privately-fostered-children",
    "children in secure settings": "children-in-secure-settings",
    "making a referral": "making-a-referral",
    "decision within one working day": "decision-after-referral",
    "assessment of children in need": "assessment-of-children-in-need",
    "the assessment framework": "assessment-framework",
    "assessments of disabled children, young carers, parent carers": "assessing-disabled-children-and-carers",
    "harm outside the home": "harm-outside-the-home",
    "child sexual and criminal exploitation": "child-exploitation",
    "serious violence": "serious-violence",
    "radicalisation": "radicalisation",
    "online harm": "online-harm",
    "trafficking and modern slavery": "trafficking-and-modern-slavery",
    "child sexual abuse": "child-sexual-abuse",
    "domestic abuse": "domestic-abuse",
    "infants and unborn children": "infants-and-unborn-children",
    "immediate protection": "immediate-protection",
    "strategy discussion": "strategy-discussion",
    "section 47 enquiries": "section-47-enquiries",
    "initial child protection conference": "initial-child-protection-conference",
    "child protection plan": "child-protection-plan",
    "core group": "core-group",
    "review conferences": "review-conference",
    "ending a plan": "ending-a-child-protection-plan",
    "children looked after": "children-looked-after",
    "care proceedings": "care-proceedings",
    "children returning home": "children-returning-home",
    "family group decision-making": "family-group-decision-making",
    "section 11 duties": "section-11-duties",
    "schools and colleges": "schools-and-colleges",
    "early years": "early-years-and-childcare",
    "health": "health-services",
    "police": "police",
    "adult social care": "adult-social-care",
    "housing": "housing",
    "probation": "probation",
    "youth justice": "youth-justice",
    "secure estate": "secure-estate",
    "immigration and border services": "immigration-and-border-services",
    "Cafcass": "cafcass",
    "armed forces": "armed-forces",
    "Channel and Prevent": "channel-and-prevent",
    "sports clubs, voluntary and faith organisations": "voluntary-faith-and-sports-organisations",
    "allegations and the LADO": "allegations-and-lado",
    "safer recruitment": "safer-recruitment",
    "serious child safeguarding incidents": "serious-child-safeguarding-incidents",
    "notifying the Panel": "notifying-the-panel",
    "rapid reviews": "rapid-review",
    "local child safeguarding practice reviews": "local-child-safeguarding-practice-reviews",
    "national child safeguarding practice reviews": "national-child-safeguarding-practice-reviews",
    "publication and learning": "publication-and-learning",
    "child death review partners": "child-death-review-partners",
    "the child death review process": "child-death-review-process",
    "the child death overview panel": "child-death-overview-panel",
    "joint agency response": "joint-agency-response",
    "statutory timescales in one table": "timescales-at-a-glance",
    "the path of a case": "path-of-a-case",
}

# Abbreviations from the issue that the glossary must know.
ABBREVIATIONS = ["s47", "ICPC", "RCPC", "LADO", "DSL", "MASH", "CIN", "CP plan", "CLA", "LAC", "CSE", "CCE",
                 "CSA", "FGM", "ICB", "LSP", "DSP", "MASA", "CSPR", "LCSPR", "CDOP", "FGC", "EHA"]


@pytest.fixture(scope="module")
def guide(real_guide):
    assert not real_guide.problems, "\n".join(map(str, real_guide.problems))
    return real_guide


def test_content_has_no_problems(real_guide):
    assert real_guide.problems == []


@pytest.mark.parametrize("topic", sorted(COVERAGE))
def test_every_coverage_topic_has_a_section(guide, topic):
    section = guide.sections.get(COVERAGE[topic])
    assert section is not None, f"no section for '{topic}'"
    assert len(section.body.split()) >= 120, f"section for '{topic}' is too thin"


def test_the_guide_is_large_enough(guide):
    assert len(guide.sections) >= 70
    assert len(guide.glossary) >= 120
    assert len(guide.timeline) >= 25


@pytest.mark.parametrize("year", EDITIONS)
def test_each_edition_has_a_section_and_a_timeline_event(guide, year):
    assert f"edition-{year}" in guide.sections
    events = [e for e in guide.timeline if e.kind == "edition" and e.date.year == year]
    assert events, f"no edition event in {year}"
    assert any(f"edition-{year}" in e.sections for e in events)


def test_2020_update_is_an_event_linked_to_the_2018_section(guide):
    update = [e for e in guide.timeline if e.date.year == 2020 and e.kind == "edition"]
    assert update and "edition-2018" in update[0].sections


@pytest.mark.parametrize("abbreviation", ABBREVIATIONS)
def test_glossary_knows_each_abbreviation(guide, abbreviation):
    names = {n.lower() for t in guide.glossary.values() for n in t.names}
    assert abbreviation.lower() in names


def test_every_timescale_is_stated_in_its_section(guide):
    """The number and unit in timescales.yaml appear in the section it points to."""
    for step in guide.timescales.values():
        if step.amount is None:
            continue
        text = " ".join(guide.sections[step.section].body.split()).lower()
        words = {1: "one", 3: "3", 5: "5", 6: "6", 10: "10", 15: "15", 45: "45"}
        interval = describe_interval(step.amount, step.unit).lower()
        spelled = interval.replace(str(step.amount), words.get(step.amount, str(step.amount)), 1)
        assert interval in text or spelled in text, f"{step.id}: '{interval}' not stated in {step.section}"


def test_quick_reference_table_lists_every_timescale(guide):
    table = guide.sections["timescales-at-a-glance"].body
    for step in guide.timescales.values():
        if step.amount is not None:
            assert describe_interval(step.amount, step.unit) in table, step.id


def test_every_section_names_where_the_official_guidance_covers_it(guide):
    for section in guide.sections.values():
        assert re.search(r"Working Together|Children Act|Historical|Act 20", section.source), section.id
        if section.part_id != "quick-reference" and section.id != guide.home:
            assert "## In the guidance" in section.body, section.id


def test_unconfirmed_2026_chapters_name_the_2023_edition(guide):
    for part in ("organisational-responsibilities", "serious-incidents", "child-death-reviews"):
        for sid in guide.part(part).section_ids:
            assert "2023" in guide.sections[sid].source, sid


def test_home_page_says_it_is_a_guide_and_where_the_official_text_is(guide):
    home = guide.sections[guide.home]
    assert "not the statutory guidance" in home.body
    assert guide.official_url in home.body


def test_changed_notes_cover_the_2026_edition(guide):
    changed = [s.id for s in guide.sections.values() if s.changed_in(2026)]
    assert len(changed) >= 10
    for expected in ("early-help-and-family-help", "who-is-a-child", "domestic-abuse", "published-arrangements-and-yearly-report"):
        assert expected in changed


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_each_change_is_filed_under_the_year_it_happened(guide):
    """A note that dates its change ("the December 2020 update") is filed under that year."""
    for section in guide.sections.values():
        for change in section.changed:
            for year in re.findall(rf"\b(?:{MONTHS}) (\d{{4}})\b", change.note):
                assert int(year) == change.edition, f"{section.id}: '{change.note[:60]}…' filed under {change.edition}"


def test_2020_update_notes_are_filed_under_2020(guide):
    notes = [(s.id, c.edition) for s in guide.sections.values() for c in s.changed if "2020 update" in c.note]
    assert len(notes) >= 4
    assert all(edition == 2020 for _, edition in notes), notes


def test_the_colwell_inquiry_starts_the_history(guide):
    first = guide.timeline[0]
    assert first.kind == "inquiry" and "Colwell" in first.title and first.date.year == 1974
    assert "before-1999" in first.sections
    assert "Colwell" in guide.sections["before-1999"].body
    assert "Colwell" in guide.glossary["acpc"].definition


def test_readme_timeline_starts_where_the_timeline_does():
    from pathlib import Path

    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    bullet = next(line for line in readme.split("\n- ") if line.startswith("**Timeline**"))
    assert "since 1999" not in bullet.split("1988")[0], "README dates the timeline from 1999"
    assert "1974" in bullet


def test_2015_edition_covers_early_help_missing_and_secure_settings(guide):
    body = guide.sections["edition-2015"].body
    for target in ("early-help-and-family-help", "children-missing", "children-in-secure-settings"):
        assert f"section:{target}" in body
        assert guide.sections[target].changed_in(2015), target
    event = next(e for e in guide.timeline if e.id == "edition-2015")
    assert {"early-help-and-family-help", "children-missing", "children-in-secure-settings"} <= set(event.sections)
    assert "stronger statement of the guidance's" not in body


def test_unplanned_return_from_section_20_is_a_duty(guide):
    body = guide.sections["children-returning-home"].body
    unplanned = body.split("## Unplanned returns", 1)[1].split("\n## ", 1)[0]
    assert "**must**" in unplanned and "should still check" not in unplanned


@pytest.mark.parametrize("part", ["organisational-responsibilities", "serious-incidents", "child-death-reviews"])
def test_unconfirmed_2026_chapter_is_said_once_per_part(guide, part):
    ids = guide.part(part).section_ids
    says = [sid for sid in ids if re.search(r"2026 chapter|could not confirm (how|whether) the 2026",
                                              guide.sections[sid].source + " " + guide.sections[sid].body)]
    assert says == [ids[0]], says
