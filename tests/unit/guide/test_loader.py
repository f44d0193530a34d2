"""The loader reads the content contract and reports each problem with file and line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.guide import ContentError, check_content, load_guide
from tests.conftest import FIXTURE_CONTENT


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def test_fixture_content_loads_in_order(fixture_guide):
    assert [p.id for p in fixture_guide.parts] == ["basics", "process"]
    assert list(fixture_guide.sections)[:3] == ["welcome", "who-is-a-child", "strategy-discussion"]
    section = fixture_guide.section("strategy-discussion")
    assert [h.anchor for h in section.headings] == ["who-takes-part", "what-it-decides"]
    assert section.audience == ("social-care", "police")
    assert fixture_guide.section("who-is-a-child").changed_in(2026).note.startswith("Unborn")
    assert fixture_guide.glossary["icpc"].also == ("ICPC", "initial conference")
    assert fixture_guide.timescales["icpc-held"].amount == 15


def test_fingerprint_changes_with_content(content):
    before = load_guide(content).fingerprint
    path = content / "basics" / "welcome.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    assert load_guide(content).fingerprint != before


def test_broken_link_reported_with_file_and_line(content):
    path = content / "basics" / "welcome.md"
    text = path.read_text().replace("section:strategy-discussion)", "section:no-such-section)")
    path.write_text(text)
    problems = check_content(content)
    assert len(problems) == 1
    assert problems[0].file.endswith("basics/welcome.md")
    assert problems[0].line == 10
    assert "no-such-section" in problems[0].message


def test_unknown_anchor_and_term_reported(content):
    path = content / "basics" / "welcome.md"
    text = path.read_text().replace("#who-takes-part", "#nobody").replace("term:icpc", "term:nope")
    path.write_text(text)
    messages = [p.message for p in check_content(content)]
    assert any("#nobody" in m for m in messages)
    assert any("'nope'" in m for m in messages)


def test_missing_field_skips_section_but_keeps_the_rest(content):
    path = content / "process" / "initial-conference.md"
    path.write_text(path.read_text().replace("summary: Held within 15 working days of the strategy discussion.\n", ""))
    guide = load_guide(content)
    assert "initial-conference" not in guide.sections
    assert "strategy-discussion" in guide.sections
    messages = [str(p) for p in guide.problems]
    assert any("initial-conference.md" in m and "missing required field 'summary'" in m for m in messages)


def test_malformed_front_matter_is_reported_not_raised(content):
    path = content / "basics" / "who-is-a-child.md"
    path.write_text("---\nid: who-is-a-child\ntitle: [unclosed\n---\nBody\n")
    guide = load_guide(content)
    assert "who-is-a-child" not in guide.sections
    assert any("invalid front matter" in p.message and p.file.endswith("who-is-a-child.md") for p in guide.problems)


def test_file_without_front_matter(content):
    (content / "basics" / "welcome.md").write_text("Just text\n")
    problems = check_content(content)
    assert any("no front matter" in p.message for p in problems)


def test_duplicate_listing_and_unlisted_file(content):
    guide_yaml = content / "guide.yaml"
    guide_yaml.write_text(guide_yaml.read_text().replace("[welcome, who-is-a-child]", "[welcome, welcome, who-is-a-child]"))
    (content / "basics" / "stray.md").write_text("---\nid: stray\n---\n")
    messages = [p.message for p in check_content(content)]
    assert any("listed twice" in m for m in messages)
    assert any("not listed in guide.yaml" in m for m in messages)


def test_id_must_match_file_name(content):
    path = content / "basics" / "welcome.md"
    path.write_text(path.read_text().replace("id: welcome", "id: hello"))
    messages = [p.message for p in check_content(content)]
    assert any("does not match the file name" in m for m in messages)


def test_unknown_audience_and_bad_date(content):
    path = content / "process" / "strategy-discussion.md"
    path.write_text(path.read_text().replace("[social-care, police]", "[social-care, astronauts]")
                    .replace("reviewed: 2026-11-24", "reviewed: last week"))
    messages = [p.message for p in check_content(content)]
    assert any("unknown audience 'astronauts'" in m for m in messages)
    assert any("'reviewed' must be a date" in m for m in messages)


def test_timeline_and_timescale_references_checked(content):
    (content / "timeline.yaml").write_text(
        "events:\n  - id: x\n    date: 2020-13-01\n    kind: edition\n    title: T\n    summary: S\n    sections: [welcome]\n"
        "  - id: y\n    date: 2020\n    kind: rumour\n    title: T\n    summary: S\n    sections: [welcome]\n"
        "  - id: z\n    date: 2020-05\n    kind: review\n    title: T\n    summary: S\n    sections: [gone]\n")
    (content / "timescales.yaml").write_text(
        "steps:\n  - id: a\n    name: A\n    section: welcome\n"
        "  - id: b\n    name: B\n    after: nowhere\n    amount: 2\n    unit: working_days\n    basis: should\n    section: welcome\n"
        "  - id: c\n    name: C\n    after: a\n    amount: 2\n    unit: fortnights\n    basis: should\n    section: welcome\n")
    messages = [p.message for p in check_content(content)]
    assert any("event 'x': date" in m for m in messages)
    assert any("kind must be one of" in m for m in messages)
    assert any("unknown section 'gone'" in m for m in messages)
    assert any("unknown step 'nowhere'" in m for m in messages)
    assert any("unit must be one of" in m for m in messages)


def test_invalid_yaml_gives_line(content):
    (content / "glossary.yaml").write_text("terms:\n  - id: a\n    term: [x\n")
    problems = check_content(content)
    assert problems and problems[0].file.endswith("glossary.yaml") and problems[0].line >= 3


def test_missing_folder_and_missing_guide_yaml(tmp_path):
    with pytest.raises(ContentError, match="content folder not found"):
        load_guide(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ContentError, match="guide.yaml"):
        load_guide(tmp_path / "empty")


@pytest.mark.parametrize("src", ["https://example.org/x.png", "http://192.0.2.1/t.gif", "//example.org/y.png",
                                 "/etc/hostname", "file:///etc/passwd", "C:/Windows/win.ini",
                                 "\\\\server\\share\\a.png", "../../outside.png", "data:image/png;base64,AAAA"])
def test_remote_and_absolute_images_are_refused(content, src):
    path = content / "basics" / "welcome.md"
    path.write_text(path.read_text() + f"\n![a picture]({src})\n")
    problems = check_content(content)
    guide = load_guide(content)  # a lenient load shows the words and asks for nothing
    from app.guide.render import section_html

    html = section_html(guide, "welcome")
    assert "<img" not in html
    if src.startswith("file:"):  # Markdown itself does not make an image of file: (shown as text)
        assert problems == [] and "![a picture](" in html
        return
    assert len(problems) == 1 and "image" in problems[0].message and problems[0].file.endswith("welcome.md")
    assert "a picture: image not shown" in html


def test_an_image_in_the_content_folder_is_allowed(content):
    path = content / "basics" / "welcome.md"
    path.write_text(path.read_text() + "\n![diagram](images/flow.png)\n")
    assert check_content(content) == []


@pytest.mark.parametrize(("name", "key", "noun", "message"), [
    ("glossary.yaml", "terms", "term", "glossary must have a 'terms' list"),
    ("timeline.yaml", "events", "event", "timeline must have an 'events' list"),
    ("timescales.yaml", "steps", "step", "timescales must have a 'steps' list"),
])
def test_yaml_lists_report_a_missing_list_and_an_entry_that_is_not_a_mapping(content, name, key, noun, message):
    path = content / name
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{key}: 3\n", encoding="utf-8")
    assert any(p.message == message and p.line == 1 for p in check_content(content))
    path.write_text(original.replace(f"{key}:\n", f"{key}:\n  - just words\n", 1), encoding="utf-8")
    problems = check_content(content)
    assert any(p.message == f"{noun} #1 is not a mapping" for p in problems), problems
