"""Completions under the search box: titles, glossary terms and abbreviations that continue the typing."""
from __future__ import annotations

import pytest

from app.search.completions import Completions


@pytest.fixture(scope="module")
def completions(real_guide):
    return Completions(real_guide)


@pytest.mark.parametrize(("typed", "offered"), [
    ("lad", "LADO"),
    ("lad", "Allegations against people who work with children (LADO)"),
    ("child prot", "Child protection plan"),
    ("cse", "Child sexual exploitation"),  # an abbreviation typed whole offers its name
    ("s4", "s47"),
    ("private fos", "Private fostering"),
])
def test_offers_names_that_continue_the_typing(completions, typed, offered):
    assert offered in [c.text for c in completions.complete(typed)]


def test_names_starting_with_the_typing_come_first(completions):
    texts = [c.text for c in completions.complete("child prot")]
    assert texts[0] == "Child protection plan"
    assert texts.index("Initial child protection conference (ICPC)") > texts.index("Child protection plan")


def test_nothing_for_a_single_letter_or_an_unknown_start(completions):
    assert completions.complete("c") == ()
    assert completions.complete("zzq") == ()
