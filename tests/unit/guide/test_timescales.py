"""Working-day arithmetic over weekends and England's bank holidays, and whole case plans."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from app.guide.timescales import (
    TimescaleError,
    add_months,
    add_working_days,
    is_working_day,
    parse_date,
    plan,
)
from tests.conftest import FIXTURE_CONTENT, ROOT

D = dt.date


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday -> Monday
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # Saturday -> Monday
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # a full week
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # Christmas Fri, Boxing Day substitute Mon 28
        (D(2025, 12, 24), 1, D(2025, 12, 29)),  # Christmas Thu, Boxing Day Fri
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # New Year's Day Friday 2027
        (D(2027, 12, 24), 1, D(2027, 12, 29)),  # Christmas Sat -> substitute Mon 27, Boxing Sun -> Tue 28
        (D(2021, 12, 31), 1, D(2022, 1, 4)),  # New Year's Day Saturday -> substitute Monday 3 Jan
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Good Friday 3 Apr, Easter Monday 6 Apr 2026
        (D(2025, 4, 17), 1, D(2025, 4, 22)),  # Good Friday 18 Apr, Easter Monday 21 Apr 2025
        (D(2027, 3, 25), 1, D(2027, 3, 30)),  # Good Friday 26 Mar, Easter Monday 29 Mar 2027
        (D(2026, 12, 18), 15, D(2027, 1, 13)),  # an ICPC across Christmas
        (D(2026, 11, 24), 0, D(2026, 11, 24)),
    ],
)
def test_add_working_days(start, count, expected):
    assert add_working_days(start, count) == expected


def test_bank_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 8, 31))  # summer bank holiday (England)
    assert is_working_day(D(2026, 8, 3))  # Scotland's summer holiday is not England's
    assert not is_working_day(D(2023, 5, 8))  # one-off: coronation bank holiday


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [(D(2026, 11, 24), 3, D(2027, 2, 24)), (D(2026, 11, 30), 3, D(2027, 2, 28)),
     (D(2027, 11, 30), 3, D(2028, 2, 29)), (D(2026, 8, 31), 6, D(2027, 2, 28)), (D(2026, 10, 15), 6, D(2027, 4, 15))],
)
def test_add_months_is_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_plan_follows_the_chain(fixture_guide):
    result = plan(fixture_guide, "strategy-discussion-held", D(2026, 12, 18), today=D(2026, 11, 24))
    assert [p.step.id for p in result.steps] == ["strategy-discussion-held", "icpc-held"]
    icpc = result.steps[1]
    assert icpc.date == D(2027, 1, 13)
    assert icpc.interval == "15 working days"
    assert [name for _d, name in icpc.holidays_skipped][:1] == ["Christmas Day"]


def test_real_plan_from_strategy_discussion(real_guide):
    if "strategy-discussion-held" not in real_guide.timescales:
        pytest.skip("real timescales not loaded")
    result = plan(real_guide, "strategy-discussion-held", D(2026, 11, 2), today=D(2026, 11, 1))
    dates = {p.step.id: p.date for p in result.steps}
    assert dates["icpc-held"] == D(2026, 11, 23)
    assert dates["core-group-first"] == D(2026, 12, 7)
    assert dates["first-review-conference"] == D(2027, 2, 23)
    assert dates["later-review-conference"] == D(2027, 8, 23)


def test_unknown_step_and_impossible_dates(fixture_guide):
    with pytest.raises(TimescaleError, match="unknown step 'nope'"):
        plan(fixture_guide, "nope", D(2026, 1, 1))
    with pytest.raises(TimescaleError, match="not a real date"):
        parse_date("2026-02-30")
    with pytest.raises(TimescaleError, match="outside"):
        plan(fixture_guide, "strategy-discussion-held", D(1066, 10, 14))


def test_far_future_warns_about_unknown_bank_holidays(fixture_guide):
    result = plan(fixture_guide, "strategy-discussion-held", D(2031, 5, 1), today=D(2026, 11, 24))
    assert any("may not be announced yet" in w for w in result.warnings)


def test_plan_text_says_local_procedures_and_no_child_details(fixture_guide):
    text = plan(fixture_guide, "strategy-discussion-held", D(2026, 12, 18)).as_text(fixture_guide)
    assert "Wed 13 Jan 2027" in text and "Local procedures may set shorter timescales" in text
    assert "stores no details of any child" in text


def _cli(*args, data_dir=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    where = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([sys.executable, "-m", "app", *where, "--content-dir", str(FIXTURE_CONTENT), "timescales", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_cli_json_and_list():
    result = _cli("--from", "strategy-discussion-held", "--date", "2026-12-18", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"]["date"] == "2026-12-18"
    assert data["steps"][0]["id"] == "icpc-held" and data["steps"][0]["date"] == "2027-01-13"
    listing = _cli("--list")
    assert "strategy-discussion-held" in listing.stdout


def test_cli_bad_input_is_one_line():
    for args, message in ((("--from", "nope", "--date", "2026-01-01"), "unknown step"),
                          (("--from", "strategy-discussion-held", "--date", "2026-13-40"), "not a real date")):
        result = _cli(*args)
        assert result.returncode == 2
        assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("text", "expected"), [
    ("18/12/2026", D(2026, 12, 18)),  # day first, as written in the UK
    ("3/4/2026", D(2026, 4, 3)),  # 3 April, never 4 March
    ("18.12.2026", D(2026, 12, 18)),
    ("18-12-2026", D(2026, 12, 18)),
    (" 2026-12-18 ", D(2026, 12, 18)),
])
def test_dates_are_read_day_first(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["12/18/2026", "31/02/2026", "18/12/26", "18 12 2026", "2026/12/18", ""])
def test_month_first_short_years_and_impossible_dates_are_refused(text):
    with pytest.raises(TimescaleError, match="not a real date.*DD/MM/YYYY"):
        parse_date(text)


def test_plan_text_names_the_bank_holidays_skipped(fixture_guide):
    text = plan(fixture_guide, "strategy-discussion-held", D(2026, 12, 18)).as_text(fixture_guide)
    assert "Bank holidays skipped: Christmas Day, Fri 25 Dec 2026; Boxing Day (observed), Mon 28 Dec 2026" in text
    assert ") (" not in text  # a name ending '(observed)' is not followed by a second bracket


def test_cli_accepts_a_uk_date_and_lists_the_holidays(tmp_path):
    result = _cli("--from", "strategy-discussion-held", "--date", "18/12/2026", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Fri 18 Dec 2026" in result.stdout  # the date it was read as, written out in words
    assert "Wed 13 Jan 2027" in result.stdout and "New Year's Day, Fri 1 Jan 2027" in result.stdout
