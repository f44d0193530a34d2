"""The app as a screen reader meets it: the real AT-SPI tree (what Orca reads), walked from outside.

The app runs under Xvfb in its own D-Bus session with Qt's accessibility bridge on;
tests/screen_reader/atspi_walk.py (Debian's python3 with python3-pyatspi) walks its tree, types a
search through AT-SPI, listens for announcements, presses a link in the page through its AT-SPI
Action (after moving the keyboard to it with AT-SPI grab focus) and reads the page it leads to,
and reports what it found. `.ci/run` installs
what this needs; in CI (CI=true) a missing piece fails the test instead of skipping it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
WALKER = ROOT / "tests" / "screen_reader" / "atspi_walk.py"
SYSTEM_PYTHON = "/usr/bin/python3"  # where Debian's python3-pyatspi is installed
# Roles a screen reader names from their own content (rows, cells, tabs, menu items).
SELF_NAMED = {"list item", "table cell", "page tab", "tree item", "menu item"}
PRESSED = "timescales-at-a-glance"  # linked from the home page; its page has a table with headers


def _pressed_title() -> str:
    from app.guide import load_guide

    return load_guide(ROOT / "content").sections[PRESSED].title


def _missing() -> list[str]:
    missing = [tool for tool in ("xvfb-run", "dbus-run-session") if shutil.which(tool) is None]
    if not Path(SYSTEM_PYTHON).exists():
        missing.append(SYSTEM_PYTHON)
    elif subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode:
        missing.append("python3-pyatspi")
    return missing


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    missing = _missing()
    if missing:
        reason = f"AT-SPI screen-reader interface not available here (missing {', '.join(missing)}; .ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    data = tmp_path_factory.mktemp("screen-reader-data")
    command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "dbus-run-session", "--",
               SYSTEM_PYTHON, str(WALKER), APP_NAME, "--press", _pressed_title(), "--",
               sys.executable, "-m", "app", "--data-dir", str(data)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the walker printed no report:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    result = json.loads(lines[-1])
    assert result.get("found") and not result.get("error"), (result.get("error"), done.stderr[-3000:])
    return result


def test_every_focusable_control_has_a_name(report):
    unnamed = [f"{a['role']} in {a['parent_role']}" for a in report["before_search"] + report["after_search"]
               if a["focusable"] and not a["name"].strip() and not a["labelled_by"]
               and a["role"] not in SELF_NAMED
               and not (a["role"] == "list" and a["parent_role"] == "combo box")]  # a combo box's closed popup
    assert not unnamed, f"focusable controls a screen reader cannot name: {sorted(set(unnamed))}"


def test_combo_boxes_say_what_they_choose(report):
    """On AT-SPI a combo box's name is its value; what it chooses comes from its label."""
    combos = [a for a in report["after_search"] if a["role"] == "combo box"]
    assert len(combos) >= 4  # search part and audience, contents audience, timescales start, ...
    unlabelled = [a["name"] for a in combos if not any(label.strip(" :") for label in a["labelled_by"])]
    assert not unlabelled, f"combo boxes known only by their current value: {unlabelled}"


def test_search_status_is_read_as_its_text(report):
    labels = [a["name"] for a in report["after_search"] if a["role"] == "label"]
    assert any(re.search(r"\b\d+ results?\b", name) for name in labels), \
        f"no label says how many results were found; labels: {labels[:40]}"
    assert "Search status" not in labels


def test_result_count_is_announced(report):
    assert any(re.search(r"\b\d+ results?\b", said) for said in report["announcements"]), report["announcements"]


def test_page_exposes_headings_and_links_by_role(report):
    roles = [(a["role"], a["name"]) for a in report["reader"]]
    headings = [name for role, name in roles if role == "heading" and name.strip()]
    links = [name for role, name in roles if role == "link" and name.strip()]
    assert headings, f"the page has no headings a screen reader can move between: {roles[:20]}"
    assert links, "the page has no links a screen reader can list"
    assert "About this guide" in headings  # the home page's title


def test_headings_say_their_level(report, real_guide):
    """Orca says "heading level 2"; the level is AT-SPI's "level" attribute."""
    home = real_guide.sections[real_guide.home]
    levels = {a["name"]: a["attributes"].get("level") for a in report["reader"] if a["role"] == "heading"}
    assert levels.get(home.title) == "1", levels
    assert all(levels.get(h.text) == str(h.level) for h in home.headings), levels
    after = {a["name"]: a["attributes"].get("level") for a in report["reader_after_press"] if a["role"] == "heading"}
    pressed = real_guide.sections[PRESSED]
    assert after.get(pressed.title) == "1" and all(after.get(h.text) == str(h.level) for h in pressed.headings), after


def test_pressing_a_link_in_the_page_follows_it(report, real_guide):
    pressed = report["pressed"]
    assert not pressed.get("error"), pressed
    assert pressed["link"]["actions"] == ["Press", "SetFocus"], pressed["link"]
    # grab focus puts the page's keyboard place on the link, as Tab would (Enter then follows it);
    # whether the window itself has keyboard focus is up to the window manager (none under Xvfb)
    assert pressed["grabbed_focus"] and pressed["selected"] == pressed["link"]["name"], pressed
    assert pressed["done"] and pressed["page_changed"], pressed
    headings = [a["name"] for a in report["reader_after_press"] if a["role"] == "heading"]
    assert headings[0] == real_guide.sections[PRESSED].title
    assert real_guide.sections[real_guide.home].title not in headings


def test_table_cells_say_their_row_column_and_header(report):
    """Each cell of the page's table tells a screen reader its row, column and column header
    (AT-SPI TableCell), so "1 working day" is read as row 2, column 3, Timescale."""
    tables: list[list[dict]] = []
    for node in report["reader_after_press"]:  # walked depth first: a table, then its cells
        if node["role"] == "table":
            tables.append([])
        elif node["parent_role"] == "table" and tables:
            tables[-1].append(node)
    assert tables, "the page has no table"
    for table in tables:
        headers = [a for a in table if a["role"] == "table column header"]
        cells = [a for a in table if a["role"] == "table cell"]
        assert len(headers) >= 2 and len(cells) >= 2 * len(headers), [a["role"] for a in table][:20]
        assert all(h.get("row") == 0 for h in headers)
        by_column = {h["column"]: h["name"] for h in headers}
        assert sorted(by_column) == list(range(len(headers)))
        for cell in cells:
            assert "TableCell" in cell["interfaces"], cell
            assert cell["row"] >= 1 and cell["column_headers"] == [by_column[cell["column"]]], cell
        rows = {c["row"] for c in cells}
        assert rows == set(range(1, max(rows) + 1)), rows
    timescales = [c for c in tables[0] if c["role"] == "table cell" and c["column_headers"] == ["Timescale"]]
    assert any(c["name"] == "1 working day" for c in timescales), [c["name"] for c in timescales]
