"""Typed errors for the UI to turn into plain messages."""


class SearchError(Exception):
    """Base class for search problems."""


class IndexUnavailable(SearchError):
    """The index cannot be opened or built (e.g. the data folder is not writable)."""
