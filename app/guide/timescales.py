"""Turn the timescales of a case into real dates.

Working days skip Saturdays, Sundays and England's bank holidays (from the `holidays`
package); months are calendar months (31 January + 1 month = 28 or 29 February); days are
calendar days. The day something happens is day 0: "within 1 working day" of a Friday
referral is the next Monday, or Tuesday after a bank holiday Monday.
"""
from __future__ import annotations

import calendar
import re
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from app.guide.model import Guide, TimescaleStep

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
UNIT_WORDS = {"working_days": ("working day", "working days"), "days": ("day", "days"), "months": ("month", "months")}


class TimescaleError(ValueError):
    """An unknown step or a date the calculator cannot use; the message is for the user."""


@lru_cache(maxsize=256)
def _bank_holidays(year: int) -> dict[dt.date, str]:
    import holidays  # imported on first use: it takes a noticeable share of start-up time

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday(day: dt.date) -> str | None:
    """The name of the England bank holiday on this day, if any."""
    return _bank_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and bank_holiday(day) is None


def add_working_days(start: dt.date, count: int) -> dt.date:
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: dt.date, count: int) -> dt.date:
    month_index = start.month - 1 + count
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_interval(start: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "working_days":
        return add_working_days(start, amount)
    if unit == "days":
        return start + dt.timedelta(days=amount)
    if unit == "months":
        return add_months(start, amount)
    raise TimescaleError(f"unknown unit {unit!r}")


def describe_interval(amount: int, unit: str) -> str:
    one, many = UNIT_WORDS.get(unit, (unit, unit))
    return f"{amount} {one if amount == 1 else many}"


def skipped_holidays(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Bank holidays on weekdays between two dates (shown so people can see why a date moved)."""
    out = []
    day = start + dt.timedelta(days=1)
    while day <= end:
        name = bank_holiday(day)
        if name and day.weekday() < 5:
            out.append((day, name))
        day += dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class PlannedStep:
    step: TimescaleStep
    date: dt.date
    counted_from: TimescaleStep | None
    depth: int
    holidays_skipped: tuple[tuple[dt.date, str], ...] = ()

    @property
    def interval(self) -> str:
        if self.step.amount is None or self.step.unit is None:
            return ""
        return describe_interval(self.step.amount, self.step.unit)


@dataclass(frozen=True)
class Plan:
    start: TimescaleStep
    start_date: dt.date
    steps: tuple[PlannedStep, ...]
    warnings: tuple[str, ...]

    def as_text(self, guide: Guide) -> str:
        lines = [f"Case timescales from: {self.start.name}, {format_date(self.start_date)}", ""]
        for planned in self.steps[1:]:
            indent = "  " * (planned.depth - 1)
            basis = {"must": "must (legal duty)", "should": "should (statutory guidance)",
                     "local": "local procedures"}.get(planned.step.basis or "", "")
            lines.append(f"{indent}{format_date(planned.date)}  {planned.step.name}")
            lines.append(f"{indent}    {planned.interval} after {planned.counted_from.name.lower() if planned.counted_from else ''}"
                         f"; {basis}; see “{guide.sections[planned.step.section].title if planned.step.section in guide.sections else planned.step.section}”")
            if planned.holidays_skipped:
                lines.append(f"{indent}    {holidays_text(planned.holidays_skipped)}")
            if planned.step.note:
                lines.append(f"{indent}    {planned.step.note}")
        lines += ["", *self.warnings, "",
                  "Local procedures may set shorter timescales. This plan is worked out from the guide's "
                  f"content version {guide.content_version}; it stores no details of any child."]
        return "\n".join(line for line in lines).strip() + "\n"


def holidays_text(skipped) -> str:
    """'Bank holidays skipped: Christmas Day, Fri 25 Dec 2026; Boxing Day (observed), Mon 28 Dec
    2026', so a date that moved says why. The date follows a comma, not brackets: some names end
    in their own ('(observed)'), and two brackets in a row read as a typing slip."""
    return "Bank holidays skipped: " + "; ".join(f"{name}, {format_date(day)}" for day, name in skipped)


def format_date(day: dt.date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"


def starting_points(guide: Guide) -> list[TimescaleStep]:
    """Steps a plan can start from: every step that has steps after it."""
    parents = {s.after for s in guide.timescales.values() if s.after}
    return [s for s in guide.timescales.values() if s.id in parents]


def plan(guide: Guide, start_id: str, start_date: dt.date, today: dt.date | None = None) -> Plan:
    steps = guide.timescales
    if start_id not in steps:
        known = ", ".join(s.id for s in starting_points(guide))
        raise TimescaleError(f"unknown step '{start_id}'; starting points are: {known}")
    if not EARLIEST_YEAR <= start_date.year <= LATEST_YEAR:
        raise TimescaleError(f"the date {start_date.isoformat()} is outside {EARLIEST_YEAR}–{LATEST_YEAR}")
    children: dict[str, list[TimescaleStep]] = {}
    for step in steps.values():
        if step.after:
            children.setdefault(step.after, []).append(step)
    start = steps[start_id]
    planned = [PlannedStep(start, start_date, None, 0)]
    queue = [(start, start_date, 0)]
    while queue:
        parent, parent_date, depth = queue.pop(0)
        for child in children.get(parent.id, []):
            assert child.amount is not None and child.unit is not None
            due = add_interval(parent_date, child.amount, child.unit)
            skipped = tuple(skipped_holidays(parent_date, due)) if child.unit == "working_days" else ()
            planned.append(PlannedStep(child, due, parent, depth + 1, skipped))
            queue.append((child, due, depth + 1))
    warnings = []
    today = today or dt.date.today()
    last = max(p.date for p in planned)
    if last.year > today.year + 1:
        warnings.append(f"Bank holidays after {today.year + 1} may not be announced yet; "
                        "dates that far ahead count only the regular bank holidays.")
    if start_date.year < 1978:
        warnings.append("England's bank holidays before 1978 differ from today's pattern; "
                        "dates that far back may be out by a day or two.")
    if start_date > today + dt.timedelta(days=366) or start_date < today - dt.timedelta(days=366 * 5):
        warnings.append("The starting date is more than a year ahead or five years back: check it is right.")
    if len(planned) == 1:
        warnings.append("No timescale is counted from this step.")
    return Plan(start, start_date, tuple(planned), tuple(warnings))


_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATE_FORMATS = "DD/MM/YYYY (day first, as written in the UK, e.g. 18/12/2026) or YYYY-MM-DD"


def parse_date(text: str) -> dt.date:
    """A date written day first (18/12/2026, 18.12.2026, 18-12-2026) or as YYYY-MM-DD.

    Never month first: 12/18/2026 is refused, not read as 18 December. The year is written in
    full, so 03/04/26 cannot be taken for 1926."""
    cleaned = text.strip()
    iso, uk = _ISO.fullmatch(cleaned), _DAY_FIRST.fullmatch(cleaned)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if uk:
            return dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError:
        pass
    raise TimescaleError(f"'{text}' is not a real date; write it as {DATE_FORMATS}")
