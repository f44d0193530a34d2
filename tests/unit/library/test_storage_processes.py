"""The window and the command line add documents to one library at the same moment: every
document either of them confirmed is in the library afterwards (no change written over)."""
from __future__ import annotations

import multiprocessing
import sys

import pytest

from app.library.normalise import normalise
from app.library.sample import sample_parsed
from app.library.storage import LibraryStore, StorageError

EACH = 12


def _add_many(root: str, prefix: str, start, done) -> None:
    store = LibraryStore(root)
    parsed = sample_parsed()
    start.wait()
    for n in range(EACH):
        store.write(normalise(parsed, doc_id=f"{prefix}{n}"))
        done.put(f"{prefix}{n}")


@pytest.mark.skipif(sys.platform == "win32", reason="fork start keeps the test quick")
def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("fork")
    start, done = ctx.Event(), ctx.Queue()
    root = tmp_path / "library"
    writers = [ctx.Process(target=_add_many, args=(str(root), p, start, done)) for p in ("window-", "cli-")]
    for w in writers:
        w.start()
    start.set()
    for w in writers:
        w.join(timeout=120)
        assert w.exitcode == 0
    confirmed = {done.get(timeout=5) for _ in range(2 * EACH)}
    kept = {info.id for info in LibraryStore(root).infos()}
    assert confirmed <= kept, f"lost: {sorted(confirmed - kept)}"


def test_a_library_held_by_another_process_says_so(tmp_path, monkeypatch):
    from filelock import FileLock

    from app.library import storage

    monkeypatch.setattr(storage, "LOCK_WAIT_S", 0.2)
    root = tmp_path / "library"
    root.mkdir()
    doc = normalise(sample_parsed(), doc_id="handbook")
    other = FileLock(str(root / storage.LOCK_FILE))
    with other.acquire():
        ctx = multiprocessing.get_context("fork")
        result = ctx.Queue()

        def attempt():
            try:
                LibraryStore(root).write(doc)
                result.put("written")
            except StorageError as exc:
                result.put(str(exc))

        p = ctx.Process(target=attempt)
        p.start()
        p.join(timeout=30)
        said = result.get(timeout=5)
    assert said == "The library is being changed by another window or command; try again in a moment."
    assert LibraryStore(root).infos() == [] and not (root / "handbook").exists()
