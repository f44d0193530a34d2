"""The app as a screen reader meets it: the real AT-SPI tree (what Orca reads), walked from outside.

The app runs under Xvfb in its own D-Bus session with Qt's accessibility bridge on;
tests/screen_reader/atspi_walk.py (Debian's python3 with python3-pyatspi) walks its tree, types a
search through AT-SPI, listens for announcements and reports what it found. `.ci/run` installs
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
               SYSTEM_PYTHON, str(WALKER), APP_NAME, "--",
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
