"""Search indexes built once per test session: one over the small fixture guide, one over the
real content. Tests that need an index life cycle of their own build it in tmp_path."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def fixture_searcher(fixture_guide, tmp_path_factory):
    from app.search import IndexManager, Searcher

    manager = IndexManager(fixture_guide, tmp_path_factory.mktemp("fixture-index") / "index")
    manager.ensure()
    yield Searcher(fixture_guide, manager)
    manager.close()


@pytest.fixture(scope="session")
def real_searcher(real_guide, tmp_path_factory):
    from app.search import IndexManager, Searcher

    manager = IndexManager(real_guide, tmp_path_factory.mktemp("real-index") / "index")
    manager.ensure()
    yield Searcher(real_guide, manager)
    manager.close()
