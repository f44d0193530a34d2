"""Schema versions: a new file is migrated from 0, newer files are left alone, failed steps roll back."""
from __future__ import annotations

import sqlite3

import pytest

from app.store import SchemaTooNewError, open_store
from app.store import db as dbmod
from tests.unit.store.conftest import add


def test_new_database_is_at_current_version_in_wal_mode(tmp_path):
    s = open_store(tmp_path / "b.sqlite3")
    assert s.db.user_version() == dbmod.schema_version() == len(dbmod.MIGRATIONS)
    assert s.db.query("PRAGMA journal_mode")[0][0] == "wal"
    assert s.db.query("PRAGMA foreign_keys")[0][0] == 1
    s.close()


def test_database_from_a_newer_app_is_refused_and_untouched(tmp_path):
    path = tmp_path / "b.sqlite3"
    s = open_store(path)
    add(s, "welcome")
    s.db.query("PRAGMA user_version = 99")
    s.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError) as info:
        open_store(path)
    assert "newer version" in str(info.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_later_migration_runs_once_and_keeps_data(tmp_path, monkeypatch):
    path = tmp_path / "b.sqlite3"
    s = open_store(path)
    b = add(s, "welcome", note="keep me")
    s.close()
    calls = []

    def to_2(conn):
        calls.append(1)
        conn.execute("ALTER TABLE bookmarks ADD COLUMN colour TEXT NOT NULL DEFAULT ''")

    shipped = len(dbmod.MIGRATIONS)
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, to_2])
    s = open_store(path)
    assert s.db.user_version() == shipped + 1 and calls == [1]
    assert s.bookmarks.get(b.id).note == "keep me"
    s.close()
    open_store(path).close()
    assert calls == [1]


def test_a_failing_migration_rolls_back_and_leaves_the_version(tmp_path, monkeypatch):
    path = tmp_path / "b.sqlite3"
    open_store(path).close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done(x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(dbmod.MIGRATIONS) - 1
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name='half_done'").fetchone()
    conn.close()


def test_migrating_an_empty_version_0_file(tmp_path):
    path = tmp_path / "b.sqlite3"
    sqlite3.connect(path).close()  # an empty file at user_version 0
    s = open_store(path)
    assert s.db.user_version() == len(dbmod.MIGRATIONS) and s.recovery is None
    s.close()
