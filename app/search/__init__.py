"""Full-text search over the guide with Whoosh: index life cycle, queries, results.

Plain Python: nothing here imports Qt. Results are frozen dataclasses, never Whoosh objects.
Names are imported on first use, so that the window can start before Whoosh is loaded.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "SearchError": "app.search.errors",
    "IndexUnavailable": "app.search.errors",
    "SCHEMA_VERSION": "app.search.index",
    "IndexManager": "app.search.index",
    "SearchResponse": "app.search.results",
    "SearchResult": "app.search.results",
    "Searcher": "app.search.searcher",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'app.search' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
