"""Damaged databases and -wal files: every row sqlite can still read comes back, the untouched
originals are set aside byte for byte, and nothing is ever silently started empty.

Each case builds its files with the app's own store, then damages them as a crash, a full disk
or a bad copy would. What "readable" means is asked of sqlite itself (the oracle): a copy of the
damaged files, each rowid looked up on its own.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.store import StoreBugError, StoreError, open_store
from app.store.db import open_database
from tests.unit.store.conftest import add

NAME = "bookmarks.sqlite3"


def _note(i: int) -> str:
    return f"note {i:03d} " + "x" * 200


def _fill(store, first: int, last: int, folder_id=None) -> None:
    for i in range(first, last):
        add(store, f"section-{i:03d}", note=_note(i), folder_id=folder_id)


def _killed_with_wal(tmp_path: Path, checkpointed: int, in_wal: int) -> Path:
    """Files as a process killed while open leaves them: `in_wal` bookmarks only in the -wal."""
    live = tmp_path / "live"
    live.mkdir()
    s = open_store(live / NAME)
    folder = s.bookmarks.create_folder("Kept folder")
    _fill(s, 0, checkpointed, folder.id)
    s.close()  # checkpointed into the main file
    s = open_store(live / NAME)
    _fill(s, checkpointed, checkpointed + in_wal)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for p in live.glob(NAME + "*"):
        shutil.copyfile(p, crashed / p.name)
    s.close()
    assert (crashed / (NAME + "-wal")).stat().st_size > 0 and (crashed / (NAME + "-shm")).exists()
    return crashed / NAME


def _closed_store_of(tmp_path: Path, bookmarks: int) -> Path:
    """A store file holding `bookmarks` bookmarks, closed cleanly (no -wal left)."""
    live = tmp_path / "live"
    live.mkdir()
    db = live / NAME
    s = open_store(db)
    _fill(s, 0, bookmarks)
    s.close()
    return db


def _readable_rowids(db: Path, upto: int, *, without: tuple[str, ...] = ()) -> set[int]:
    """The oracle: rowids of bookmarks sqlite itself can read from a copy of the files, one by one."""
    scratch = db.parent.parent / "oracle"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(db) + suffix)
        if p.exists() and suffix not in without:
            shutil.copyfile(p, scratch / (NAME + suffix))
    conn = sqlite3.connect(scratch / NAME)
    conn.execute("PRAGMA writable_schema=ON")  # sqlite's way to read past a damaged schema
    found = set()
    for rowid in range(1, upto + 1):
        try:
            row = conn.execute("SELECT section_id FROM bookmarks WHERE rowid = ?", (rowid,)).fetchone()
            if row and "\0" not in row[0]:  # not a cell cut off by the end of the file
                found.add(rowid)
        except sqlite3.DatabaseError:
            pass
    conn.close()
    shutil.rmtree(scratch)
    return found


def _originals(db: Path) -> dict[str, bytes]:
    return {suffix: Path(str(db) + suffix).read_bytes()
            for suffix in ("", "-wal", "-shm") if Path(str(db) + suffix).exists()}


def _check_set_aside(report, before: dict[str, bytes]) -> None:
    """Every original is beside the database, byte for byte, and the message says where."""
    kept = {re.search(r"(-wal|-shm)?$", p.name).group(0): p for p in report.originals}
    assert set(kept) == set(before)
    for suffix, data in before.items():
        assert kept[suffix].read_bytes() == data, f"the set-aside {suffix or 'database'} was changed"
        assert str(kept[suffix]) in report.message()
        assert ".damaged-" in kept[suffix].name
    assert not list(report.originals[0].parent.glob(f".{NAME}.opening-*")), "a snapshot was left"


def _sections(store) -> set[int]:
    out = set()
    for b in store.bookmarks.list():
        i = int(b.section_id.split("-")[1])
        assert b.note == _note(i)
        out.add(i)
    return out


def test_half_a_database_with_a_wal_gives_back_every_readable_row(tmp_path):
    """The hostile tester's case: 60 bookmarks, 10 only in the -wal, the database cut in half."""
    db = _killed_with_wal(tmp_path, 50, 10)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    before = _originals(db)
    readable = _readable_rowids(db, 60)
    assert len(readable) >= 10
    s = open_store(db)
    report = s.recovery
    assert report is not None
    _check_set_aside(report, before)
    got = _sections(s)
    assert {i + 1 for i in got} >= readable  # section-i was bookmark rowid i+1
    assert set(range(50, 60)) <= got, "a bookmark only in the -wal was lost"
    assert report.bookmarks == len(got) >= len(readable)
    assert f"{report.bookmarks} bookmark" in report.message()
    print(f"half a database with a -wal: {report.bookmarks} of 60 recovered, sqlite reads {len(readable)}")
    s.close()


def test_a_damaged_page_in_the_middle_loses_only_that_page(tmp_path):
    db = _closed_store_of(tmp_path, 400)
    data = bytearray(db.read_bytes())
    page = 4096
    for n in (len(data) // page // 3, len(data) // page // 2):  # two leaves, far apart
        data[n * page:(n + 1) * page] = b"\xde\xad\xbe\xef" * (page // 4)
    db.write_bytes(bytes(data))
    readable = _readable_rowids(db, 400)
    assert 0 < len(readable) < 400
    s = open_store(db)
    got = _sections(s)
    assert {i + 1 for i in got} == readable
    print(f"two damaged pages: {len(got)} of 400 recovered, sqlite reads {len(readable)}")
    s.close()


def test_a_truncated_database_without_a_wal_keeps_every_readable_row(tmp_path):
    db = _closed_store_of(tmp_path, 300)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) * 2 // 3])
    before = _originals(db)
    readable = _readable_rowids(db, 300)
    s = open_store(db)
    assert s.recovery is not None
    _check_set_aside(s.recovery, before)
    assert {i + 1 for i in _sections(s)} == readable
    s.close()


def test_an_empty_database_beside_a_wal_is_not_started_empty(tmp_path):
    db = _killed_with_wal(tmp_path, 0, 12)
    db.write_bytes(b"")  # sqlite itself would delete the -wal here and start with nothing
    before = _originals(db)
    s = open_store(db)
    report = s.recovery
    assert report is not None and "journal" in report.reason
    _check_set_aside(report, before)
    assert _sections(s) == set(range(12))
    assert report.bookmarks == 12
    s.close()


def test_a_missing_database_beside_a_wal_is_not_started_empty(tmp_path):
    db = _killed_with_wal(tmp_path, 0, 5)
    db.unlink()
    before = _originals(db)
    s = open_store(db)
    assert s.recovery is not None
    _check_set_aside(s.recovery, before)
    assert _sections(s) == set(range(5))
    s.close()


def test_a_truncated_wal_is_set_aside_and_reported(tmp_path):
    db = _killed_with_wal(tmp_path, 5, 10)
    wal = Path(str(db) + "-wal")
    wal.write_bytes(wal.read_bytes()[: wal.stat().st_size // 2])
    before = _originals(db)
    kept_by_sqlite = _readable_rowids(db, 15, without=("-shm",))
    s = open_store(db)
    report = s.recovery
    assert report is not None and "lost changes" in report.reason
    _check_set_aside(report, before)
    got = _sections(s)
    assert {i + 1 for i in got} == kept_by_sqlite and set(range(5)) <= got
    assert "damaged" in report.message()
    s.close()


@pytest.mark.parametrize("damage", ["garbage", "empty", "zeros"])
def test_a_damaged_wal_is_set_aside_and_reported(tmp_path, damage):
    db = _killed_with_wal(tmp_path, 7, 10)
    wal = Path(str(db) + "-wal")
    size = wal.stat().st_size
    wal.write_bytes({"garbage": os.urandom(size), "empty": b"", "zeros": bytes(size)}[damage])
    before = _originals(db)
    s = open_store(db)
    report = s.recovery
    assert report is not None, f"a {damage} -wal was silently dropped"
    assert "journal" in report.reason
    _check_set_aside(report, before)
    assert _sections(s) == set(range(7))  # what the database file itself still holds
    s.close()


def test_a_process_killed_with_a_sound_wal_opens_without_recovery(tmp_path):
    db = _killed_with_wal(tmp_path, 3, 4)
    s = open_store(db)
    assert s.recovery is None
    assert _sections(s) == set(range(7))
    s.close()
    assert not list(db.parent.glob(".*")), "the copies taken before opening were left behind"
    assert not list(db.parent.glob("*.damaged-*"))


def test_garbage_database_with_a_wal_is_set_aside_whole(tmp_path):
    db = _killed_with_wal(tmp_path, 3, 4)
    db.write_bytes(os.urandom(db.stat().st_size))
    before = _originals(db)
    s = open_store(db)
    assert s.recovery is not None
    _check_set_aside(s.recovery, before)
    add(s, "after")
    s.close()


def test_a_sql_mistake_surfaces_as_a_bug_not_a_polite_message(tmp_path):
    db = open_database(tmp_path / NAME)
    with pytest.raises(StoreBugError) as info:
        db.query("SELECT fullness FROM bookmarks")  # "full" in the text is not a full disk
    assert not isinstance(info.value, StoreError)
    with pytest.raises(StoreBugError):
        with db.write() as c:
            c.execute("INSERT INTO folders(uid, name, created) VALUES ('u', 'A', 'now')")
            c.execute("INSERT INTO folders(uid, name, created) VALUES ('u', 'B', 'now')")  # UNIQUE uid
    assert db.query("SELECT count(*) FROM folders")[0][0] == 0  # rolled back
    db.close()
