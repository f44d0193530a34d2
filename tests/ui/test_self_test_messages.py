"""The self-test says why search failed, even when it failed before the check began."""
from __future__ import annotations

import pytest

from app.commands import self_test
from app.search.errors import IndexUnavailable
from app.search.index import IndexManager


def test_a_search_failure_before_the_check_is_reported_not_timed_out(make_window, qtbot, monkeypatch):
    def full(self, progress=None, force=False):
        raise IndexUnavailable("the disk is full (0 MB free in /data), so the search index could not be built")

    monkeypatch.setattr(IndexManager, "open_existing", lambda self: None)
    monkeypatch.setattr(IndexManager, "ensure", full)
    window = make_window()
    service = window.search_service
    qtbot.waitUntil(lambda: service.error is not None, timeout=10_000)  # failed, nobody listening yet
    ctx = self_test.Context(None, window, window.guide)
    ctx.process = lambda rounds=3: qtbot.wait(1)  # noqa: ARG005 - let queued signals through
    with pytest.raises(AssertionError, match="disk is full"):
        self_test.check_search(ctx)
