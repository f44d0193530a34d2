from __future__ import annotations

import pytest

from app.store import open_store


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "bookmarks.sqlite3")
    yield s
    s.close()


def add(store, section: str, anchor: str = "", **kw):
    kw.setdefault("section_title", section.replace("-", " ").capitalize())
    return store.bookmarks.add(section, anchor, **kw)
