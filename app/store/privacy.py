"""A gentle check that a note does not look like case details about a child or family.

The app is a reference, not a case record. Before a note is saved the UI asks
`check_note(text)`; any findings are shown as a warning the user may override. The checks are
heuristics tuned to miss little and stay quiet on ordinary guidance notes:

* NHS number: ten digits (optionally spaced 3-3-4 or with dashes) that pass the mod-11 check.
* UK postcode: outward + inward code, e.g. "SW1A 1AA", "m1 1ae".
* UK phone number: 0 or +44 followed by 9–10 more digits (spaces, dashes, brackets allowed).
* Name with a date of birth: a day-month-year date next to two capitalised words ("Jane Smith
  03/04/2015"), or any date after "DOB", "d.o.b." or "born".
* Name with an age: a capitalised name right next to an age ("Jayden (age 6)", "Jayden, aged 6",
  "Amy 14 years old", "6-year-old Jayden"); a bare number in brackets is not an age.
* Street address: a house number, capitalised words and a street word ("14 Elm Road", "3a Mill
  Lane").
* An injury on a body part: "bruise on arm", "burns to her hand", "a broken wrist", "marks on the
  face". Guidance notes about injuries in general ("bruising in non-mobile babies") stay quiet.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str  # nhs_number | postcode | phone | name_and_dob | dob | name_and_age | address | injury
    label: str  # plain words for the warning
    excerpt: str
    start: int
    end: int


def nhs_checksum_ok(digits: str) -> bool:
    """The NHS number mod-11 check: weights 10..2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_NHS = re.compile(r"(?<![\d+])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?!\d)")
_POSTCODE = re.compile(
    r"\b(GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\d+])(?:\+44[ \-]?(?:\(0\)[ \-]?)?|0)(?:\(?\d\)?[ \-]?){9,10}(?!\d)")
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATE = re.compile(
    r"\b(?:(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})"
    rf"|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})\.?,?\s+(\d{{4}}))\b",
    re.IGNORECASE,
)
_MONTH_NUMBER = {name[:3]: i + 1 for i, name in enumerate(_MONTHS.split("|")[:12])}
_DOB_MARKER = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*\(?$", re.IGNORECASE)
_NAME_PART = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
_NAME = re.compile(rf"\b({_NAME_PART})\s+({_NAME_PART})\b")
_NOT_NAMES = frozenset(
    """working together safeguarding children child family families section part chapter local
    authority authorities education health police social care services service plan plans
    conference conferences strategy discussion meeting assessment review initial child's
    protection january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday the a an and of in on
    for to by at from with this that see note act children's court order nhs england ofsted
    designated safeguarding lead officer partner partners multi agency early help team""".split()
)
_NAME_WINDOW = 40
_AGE_UNIT = r"(?:years?|yrs?|months?|mths?)"
_NAME_WITH_AGE = re.compile(
    rf"\b({_NAME_PART})\s*(?:\(\s*(?:aged?\s*\d{{1,2}}\s*(?:{_AGE_UNIT})?"  # Jayden (age 6)
    rf"|\d{{1,2}}\s*(?:{_AGE_UNIT}(?:\s*old)?|y/?o))\s*\)"  # Jayden (6 yrs)
    rf"|,?\s+aged?\s+\d{{1,2}}\b"  # Jayden, aged 6
    rf"|,?\s+\d{{1,2}}\s*(?:{_AGE_UNIT}\s*old|y/?o)\b)"  # Jayden 6 years old, Jayden 6yo
    rf"|\b\d{{1,2}}[- ](?:year|month)s?[- ]old\s+({_NAME_PART})\b")  # 6-year-old Jayden
_STREET_WORDS = ("road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|place|court|"
                 "terrace|gardens|gdns|grove|square|sq|walk|row|mews|rise|hill|park|view|green")
_STREET = re.compile(rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:[A-Z][a-z']+\s+){{1,3}}(?i:{_STREET_WORDS})\b\.?")
_BODY_PARTS = ("arms?|legs?|face|cheeks?|eyes?|ears?|head|neck|back|chest|stomach|tummy|hands?|wrists?|"
               "fingers?|thighs?|bottom|buttocks?|knees?|ankles?|foot|feet|shoulders?|lips?|mouth|nose|"
               "forehead|scalp|genitals|ribs?|hips?|shins?|elbows?|toes?|jaw|temple")
_INJURY = re.compile(
    r"\b(?:bruis(?:e|es|ed|ing)|burns?|burnt|burned|scalds?|scalded|fractured?|fractures|broken|cuts?|"
    r"graz(?:e|es|ed)|bite marks?|marks?|swelling|swollen|lacerations?|welts?|injur(?:y|ies|ed)|wounds?)"
    r"\s+(?:(?:on|to|of|around|across|under|behind)\s+)?"
    r"(?:(?:his|her|their|the|a|an|both|left|right|upper|lower|inner|outer|back of|side of)\s+){0,3}"
    rf"(?:{_BODY_PARTS})\b",
    re.IGNORECASE)


def _is_real_date(day: int, month: int, year: int) -> bool:
    if year < 100:
        year += 2000 if year <= dt.date.today().year % 100 else 1900
    try:
        return dt.date(1900, 1, 1) <= dt.date(year, month, day) <= dt.date.today()
    except ValueError:
        return False


def _dates(text: str) -> list[re.Match[str]]:
    found = []
    for m in _DATE.finditer(text):
        if m.group(1):
            ok = _is_real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            month = _MONTH_NUMBER[m.group(5)[:3].lower()]
            ok = _is_real_date(int(m.group(4)), month, int(m.group(6)))
        if ok:
            found.append(m)
    return found


def _names(text: str) -> list[re.Match[str]]:
    return [m for m in _NAME.finditer(text)
            if m.group(1).lower() not in _NOT_NAMES and m.group(2).lower() not in _NOT_NAMES]


def check_note(text: str) -> tuple[Finding, ...]:
    """Everything in `text` that looks like personal details, in order of appearance."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, label: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        findings.append(Finding(kind, label, text[start:end], start, end))

    for m in _NHS.finditer(text):
        if nhs_checksum_ok("".join(m.groups())):
            add("nhs_number", "an NHS number", m.start(), m.end())
    for m in _PHONE.finditer(text):
        national = re.sub(r"\D", "", re.sub(r"^\+44[ \-]?(?:\(0\))?", "0", m.group(0)))
        if 10 <= len(national) <= 11:
            add("phone", "a phone number", m.start(), m.end())
    for m in _POSTCODE.finditer(text):
        add("postcode", "a UK postcode", m.start(), m.end())
    names = _names(text)
    for d in _dates(text):
        before = text[max(0, d.start() - 25):d.start()]
        marker = _DOB_MARKER.search(before)
        near = [n for n in names if n.end() <= d.start() and d.start() - n.end() <= _NAME_WINDOW
                or n.start() >= d.end() and n.start() - d.end() <= _NAME_WINDOW]
        if near:
            n = near[0]
            add("name_and_dob", "a name with a date of birth", min(n.start(), d.start()), max(n.end(), d.end()))
        elif marker:
            add("dob", "a date of birth", d.start(), d.end())
    for m in _NAME_WITH_AGE.finditer(text):
        name = m.group(1) or m.group(2)
        if name.lower() not in _NOT_NAMES:
            add("name_and_age", "a name with an age", m.start(), m.end())
    for m in _STREET.finditer(text):
        add("address", "a street address", m.start(), m.end())
    for m in _INJURY.finditer(text):
        add("injury", "a description of an injury", m.start(), m.end())
    findings.sort(key=lambda f: f.start)
    return tuple(findings)


def notes_with_case_details(bookmarks) -> list:
    """The bookmarks whose notes look like case details (asked before an export leaves the app)."""
    return [b for b in bookmarks if b.note and check_note(b.note)]


def describe(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """One plain paragraph for the warning dialog."""
    if not findings:
        return ""
    kinds: list[str] = []
    for f in findings:
        if f.label not in kinds:
            kinds.append(f.label)
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return (f"This note looks like it contains {listed}. This app is a reference guide, not a case "
            "record: please keep details of children and families in your organisation's case "
            "recording system, not here.")


def export_warning(risky: list) -> str:
    """What to say before bookmarks whose notes look like case details leave the app in a file."""
    names = ", ".join(f"“{b.label}”" for b in risky[:3]) + (" and others" if len(risky) > 3 else "")
    which = "1 of your notes looks like it contains" if len(risky) == 1 else \
        f"{len(risky)} of your notes look like they contain"
    return (f"{which} details of a child or family ({names}). "
            "An exported file can be copied, emailed or left on a shared drive. Edit those notes first, "
            "or export anyway if you are sure they hold nothing personal.")
