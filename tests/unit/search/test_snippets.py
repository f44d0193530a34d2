"""The fast word splitter agrees with the index's analyzer, and snippets are safe and to the point."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.guide.text import plain_text
from app.search.index import make_schema
from app.search.snippets import contains_run, snippet, stems

ANALYZER = make_schema()["body"].analyzer


def analyzer_stems(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in ANALYZER(text))


def test_same_words_as_the_index_on_the_real_guide(real_guide):
    for section in real_guide.sections.values():
        text = f"{section.title} {section.summary} {plain_text(section.body)}"
        assert stems(text) == analyzer_stems(text), section.id


@given(st.text(max_size=200))
def test_same_words_as_the_index_on_any_text(text):
    assert stems(text) == analyzer_stems(text)


def test_snippet_marks_matched_words_and_escapes_the_rest():
    text = "A strategy discussion <b>must</b> be held & the police take part in every strategy meeting."
    html, plain = snippet(text, {"strategy"})
    assert html.count('<b class="match">') == 2
    assert "&lt;b&gt;must&lt;/b&gt;" in html and "&amp;" in html
    assert "[strategy] discussion" in plain


def test_snippet_finds_the_words_far_into_a_long_passage():
    text = "filler words here. " * 100 + "The initial child protection conference is held within 15 working days."
    html, plain = snippet(text, {"conference"})
    assert "[conference]" in plain and plain.startswith("… ")
    assert len(plain) < 600


def test_snippet_without_matches_is_the_opening():
    text = "Opening words of the passage. " * 20
    html, plain = snippet(text, {"zebra"})
    assert plain.startswith("Opening words") and plain.endswith("…") and "<b" not in html


def test_every_matched_form_is_marked():
    text = "Child criminal exploitation and exploited children."
    _html, plain = snippet(text, {"exploitation", "exploited"})
    assert "[exploitation]" in plain and "[exploited]" in plain and "[Child]" not in plain


def test_contains_run():
    assert contains_run(("a", "b", "c"), ("b", "c"))
    assert not contains_run(("a", "b", "c"), ("c", "b"))
    assert not contains_run((), ("a",))
