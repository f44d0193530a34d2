"""The note checker: warns on case details, stays quiet on ordinary guidance notes."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.store.privacy import check_note, describe, nhs_checksum_ok


@pytest.mark.parametrize("text, kinds", [
    ("NHS 943 476 5919", ["nhs_number"]),
    ("nhs no 9434765919", ["nhs_number"]),
    ("943-476-5919", ["nhs_number"]),
    ("Lives at SW1A 1AA", ["postcode"]),
    ("moved to m1 1ae last week", ["postcode"]),
    ("call mum on 07700 900123", ["phone"]),
    ("office +44 (0)20 7946 0958", ["phone"]),
    ("Jane Smith 03/04/2015", ["name_and_dob"]),
    ("Born 12 March 2016, seen at school", ["dob"]),
    ("Tom O'Neill, d.o.b. 1.2.19", ["name_and_dob"]),
    ("Jane Smith 03/04/2015 SW1A 1AA 07700 900123 943 476 5919",
     ["name_and_dob", "postcode", "phone", "nhs_number"]),
    ("Jayden (age 6) at 14 Elm Road, bruise on arm", ["name_and_age", "address", "injury"]),
    ("Jayden, aged 6", ["name_and_age"]),
    ("Amy 14 years old", ["name_and_age"]),
    ("Amy (14 yrs)", ["name_and_age"]),
    ("the 6-year-old Jayden", ["name_and_age"]),
    ("Flat 2, 3a Mill Lane", ["address"]),
    ("lives at 221 Baker St.", ["address"]),
    ("burns to her left hand", ["injury"]),
    ("a broken wrist", ["injury"]),
    ("marks on the face and bruising to both arms", ["injury", "injury"]),
])
def test_flags_case_details(text, kinds):
    assert [f.kind for f in check_note(text)] == kinds


@pytest.mark.parametrize("text", [
    "",
    "Working Together 2023 replaced the 2018 edition on 15 December 2023",
    "Strategy discussion within 1 working day; s47 enquiries; ICPC within 15 working days",
    "See paragraph 4.2 and chapter 3",
    "943 476 5918",  # fails the checksum
    "Designated Safeguarding Lead meets the LADO on 12/05/2023",
    "Section 17 and Section 47 of the Children Act 1989",
    "reference 1234567890",  # fails the checksum
    "Bruising in non-mobile babies always needs a referral",
    "Injuries to children under 1 need a strategy discussion",
    "Children aged 16 and 17 are still children",
    "Young people aged 16 or 17 who are homeless",
    "Chapter (4) and Section 47 (2)",
    "15 Working Days for the ICPC",
    "Cuts to early help funding",
    "Paragraph 3 (6) of the schedule",
])
def test_quiet_on_guidance_notes(text):
    assert check_note(text) == ()


def test_checksum_known_values():
    assert nhs_checksum_ok("9434765919")
    assert not nhs_checksum_ok("9434765918")
    assert not nhs_checksum_ok("943476591")


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_every_valid_nhs_number_is_flagged(digits):
    total = sum(d * w for d, w in zip(digits, range(10, 1, -1)))
    check = (11 - total % 11) % 11
    if check == 10:
        return  # no valid number has these first nine digits
    number = "".join(map(str, digits)) + str(check)
    assert nhs_checksum_ok(number)
    found = check_note(f"the NHS number is {number[:3]} {number[3:6]} {number[6:]} ok")
    assert [f.kind for f in found][:1] in (["nhs_number"], ["phone"])  # 0-prefixed ones read as phones too
    assert found


def test_describe_is_plain():
    text = describe(check_note("Jane Smith 03/04/2015 SW1A 1AA"))
    assert "a name with a date of birth and a UK postcode" in text and "case record" in text
    assert describe(()) == ""
