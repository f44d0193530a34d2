"""A damaged, unreadable or full database: the app still opens, keeps what it can, and says so."""
from __future__ import annotations

import os
import sqlite3

import pytest

from app.store import CorruptDatabaseError, DiskFullError, RecoveryReport, StoreBusyError, open_store
from app.store.db import translate
from tests.unit.store.conftest import add

N = 400


def _make(path, n=N):
    s = open_store(path)
    f = s.bookmarks.create_folder("Kept folder")
    for i in range(n):
        add(s, f"section-{i:04d}", note=f"note {i:04d} " + "x" * 200, folder_id=f.id if i % 2 else None)
    s.history.record("section-0001", "Section 1")
    s.close()  # the last connection checkpoints the WAL into the main file
    assert not os.path.exists(str(path) + "-wal")


def _check_recovered_rows(store):
    for b in store.bookmarks.list():
        i = int(b.section_id.split("-")[1])
        assert b.note == f"note {i:04d} " + "x" * 200
        assert b.folder_name == ("Kept folder" if i % 2 else None)


def test_garbage_file_is_moved_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "bookmarks.sqlite3"
    path.write_bytes(os.urandom(10_000))
    original = path.read_bytes()
    s = open_store(path)
    report = s.recovery
    assert isinstance(report, RecoveryReport)
    assert report.moved_to is not None and report.moved_to.read_bytes() == original
    assert report.moved_to.name.startswith("bookmarks.sqlite3.damaged-")
    assert report.bookmarks == 0 and "No bookmarks could be recovered" in report.message()
    assert "damaged" in report.message() and str(report.moved_to) in report.message()
    add(s, "welcome")
    s.close()
    s2 = open_store(path)
    assert s2.recovery is None and s2.bookmarks.count() == 1
    s2.close()


def test_a_damaged_page_loses_only_that_page(tmp_path):
    path = tmp_path / "bookmarks.sqlite3"
    _make(path)
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    middle = pages // 2
    data[middle * page:(middle + 1) * page] = b"\xde\xad\xbe\xef" * (page // 4)
    path.write_bytes(bytes(data))
    s = open_store(path)
    report = s.recovery
    assert report is not None
    assert 0 < report.bookmarks <= N and report.folders == 1
    assert s.bookmarks.count() == report.bookmarks
    _check_recovered_rows(s)
    assert s.db.query("PRAGMA quick_check")[0][0] == "ok"
    assert f"{report.bookmarks} bookmark" in report.message()
    s.close()


def test_a_truncated_file_keeps_the_readable_rows(tmp_path):
    path = tmp_path / "bookmarks.sqlite3"
    _make(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    s = open_store(path)
    assert s.recovery is not None and s.recovery.bookmarks > 0
    _check_recovered_rows(s)
    s.close()


def test_a_damaged_header_recovers_nothing_but_opens(tmp_path):
    path = tmp_path / "bookmarks.sqlite3"
    _make(path, 5)
    data = bytearray(path.read_bytes())
    data[:16] = b"not a database!!"
    path.write_bytes(bytes(data))
    s = open_store(path)
    assert s.recovery is not None and s.recovery.bookmarks == 0
    assert "not a database" in s.recovery.reason
    s.close()


def test_a_folder_in_place_of_the_file(tmp_path):
    path = tmp_path / "bookmarks.sqlite3"
    path.mkdir()
    s = open_store(path)
    assert s.recovery is not None and s.recovery.moved_to.is_dir()
    add(s, "welcome")
    s.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_an_unreadable_file(tmp_path):
    path = tmp_path / "bookmarks.sqlite3"
    _make(path, 3)
    path.chmod(0)
    try:
        s = open_store(path)
        assert s.recovery is not None and "cannot be read" in s.recovery.reason
        s.close()
    finally:
        for p in tmp_path.iterdir():
            p.chmod(0o600)


def test_wal_with_committed_data_is_not_lost_when_opened_again(tmp_path):
    """A process that dies with a WAL file beside the database: the next open keeps its commits."""
    path = tmp_path / "bookmarks.sqlite3"
    s = open_store(path)
    add(s, "welcome")
    # copy the files while the connection is open, as a kill would leave them
    snap = tmp_path / "snap"
    snap.mkdir()
    for p in tmp_path.glob("bookmarks.sqlite3*"):
        (snap / p.name).write_bytes(p.read_bytes())
    s.close()
    s2 = open_store(snap / "bookmarks.sqlite3")
    assert s2.recovery is None and [b.section_id for b in s2.bookmarks.list()] == ["welcome"]
    s2.close()


def test_a_full_disk_refuses_the_change_and_keeps_the_rest(store):
    b = add(store, "welcome", note="safe")
    pages = store.db.query("PRAGMA page_count")[0][0]
    store.db.query(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFullError) as info:
        for i in range(50):
            add(store, f"s{i}", note="y" * 5000)
    assert "not saved" in str(info.value)
    assert store.bookmarks.get(b.id).note == "safe"
    n = store.bookmarks.count()
    store.db.query("PRAGMA max_page_count = 1000000")
    add(store, "after", note="y" * 5000)
    assert store.bookmarks.count() == n + 1


def test_sqlite_errors_become_typed_errors():
    assert isinstance(translate(sqlite3.OperationalError("database is locked")), StoreBusyError)
    assert isinstance(translate(sqlite3.DatabaseError("database disk image is malformed")), CorruptDatabaseError)
    assert isinstance(translate(sqlite3.OperationalError("database or disk is full")), DiskFullError)


def test_busy_database_waits_then_reports_busy(tmp_path):
    from app.store.db import open_database

    path = tmp_path / "b.sqlite3"
    one = open_database(path)
    two = open_database(path, busy_timeout=0.05)
    with one.write():
        with pytest.raises(StoreBusyError):
            with two.write():
                pass
    with two.write() as c:  # free again
        c.execute("INSERT INTO history(section_id, title, viewed) VALUES ('a', 'A', 'now')")
    one.close(), two.close()


def test_real_environment_errors_are_told_apart_from_bugs(tmp_path):
    """Errors sqlite raises with their codes: read-only and locked are typed, a typo is a bug."""
    from app.store import StoreBugError, StoreUnavailableError

    path = tmp_path / "b.sqlite3"
    open_store(path).close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as info:
        ro.execute("INSERT INTO history(section_id, title, viewed) VALUES ('a', 'A', 'now')")
    assert isinstance(translate(info.value), StoreUnavailableError)
    with pytest.raises(sqlite3.Error) as info:
        ro.execute("SELEC 1")
    assert isinstance(translate(info.value), StoreBugError)
    ro.close()
    one, two = sqlite3.connect(path, timeout=0), sqlite3.connect(path, timeout=0)
    one.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.Error) as info:
        two.execute("BEGIN IMMEDIATE")
    assert isinstance(translate(info.value), StoreBusyError)
    one.rollback(), one.close(), two.close()
