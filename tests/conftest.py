"""Shared fixtures: every test gets its own user data folder; content comes from fixtures or content/."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
REAL_CONTENT = ROOT / "content"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """All user data (settings, bookmarks, index, log) goes to a fresh temp folder."""
    from app import paths

    folder = tmp_path / "user-data"
    paths.set_data_dir(folder)
    yield folder
    paths.set_data_dir(None)


@pytest.fixture(scope="session")
def fixture_guide():
    from app.guide import load_guide

    guide = load_guide(FIXTURE_CONTENT)
    assert not guide.problems, guide.problems
    return guide


@pytest.fixture(scope="session")
def real_guide():
    from app.guide import load_guide

    return load_guide(REAL_CONTENT)
