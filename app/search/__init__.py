"""Full-text search over the guide with Whoosh: index life cycle, queries, results.

Plain Python: nothing here imports Qt. Results are frozen dataclasses, never Whoosh objects.
"""
from app.search.errors import IndexUnavailable, SearchError
from app.search.index import SCHEMA_VERSION, IndexManager
from app.search.results import SearchResponse, SearchResult
from app.search.searcher import Searcher

__all__ = [
    "SCHEMA_VERSION",
    "IndexManager",
    "IndexUnavailable",
    "SearchError",
    "SearchResponse",
    "SearchResult",
    "Searcher",
]
