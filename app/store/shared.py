"""One open store per process and per file: the window's panels, the self-test and anything else
in the process share it (two connections of one process would only wait on each other)."""
from __future__ import annotations

import logging
from pathlib import Path

from app import paths
from app.store import Store, StoreError, open_store

log = logging.getLogger(__name__)

_stores: dict[Path, Store] = {}


def shared_store(path: Path | None = None) -> tuple[Store | None, str]:
    """The process's store for `path` (the data folder's by default), and, if it could not be
    opened, None and one sentence saying why."""
    path = path or paths.bookmarks_db()
    if path in _stores:
        return _stores[path], ""
    try:
        store = open_store(path)
    except StoreError as exc:
        log.error("bookmarks unavailable: %s", exc)
        return None, str(exc)
    _stores[path] = store
    return store, ""


def close_shared_stores() -> None:
    for store in _stores.values():
        store.close()
    _stores.clear()
