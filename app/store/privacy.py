"""A gentle check that a note does not look like case details about a child or family.

The app is a reference, not a case record. Before a note is saved the UI asks
`check_note(text)`; any findings are shown as a warning the user may override. The checks are
heuristics tuned to miss little and stay quiet on ordinary guidance notes:

* NHS number: ten digits (optionally spaced 3-3-4 or with dashes) that pass the mod-11 check.
* UK postcode: outward + inward code, e.g. "SW1A 1AA", "m1 1ae".
* UK phone number: 0 or +44 followed by 9–10 more digits (spaces, dashes, brackets allowed).
* Name with a date of birth: a day-month-year date next to two capitalised words ("Jane Smith
  03/04/2015"), or any date after "DOB", "d.o.b." or "born".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str  # nhs_number | postcode | phone | name_and_dob | dob
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
    findings.sort(key=lambda f: f.start)
    return tuple(findings)


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
