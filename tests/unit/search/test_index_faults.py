"""A build that fails (disk full, cancelled, crashed) leaves no half-built folder and says why.

The disk-full case uses a real full disk: a small tmpfs the test mounts (root only; skipped
with the reason elsewhere).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from app.search import IndexManager
from app.search import index as index_module
from app.search.errors import IndexUnavailable
from tests.conftest import REAL_CONTENT, ROOT


@pytest.fixture
def small_disk(tmp_path):
    """A 400 KB file system: the real guide's index needs about twice that."""
    if not sys.platform.startswith("linux"):
        pytest.skip("mounting a tmpfs needs Linux")
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this machine refuses to mount a tmpfs: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(index_module.BUILDING_PREFIX))


def test_a_full_disk_leaves_nothing_behind_and_says_so(real_guide, small_disk):
    manager = IndexManager(real_guide, small_disk / "index")
    with pytest.raises(IndexUnavailable) as info:
        manager.ensure()
    assert "disk is full" in str(info.value)
    assert _leftovers(small_disk) == []
    assert not (small_disk / "index").exists()
    assert sum(f.stat().st_size for f in small_disk.rglob("*") if f.is_file()) == 0  # the space is back


def test_a_cancelled_build_leaves_nothing_behind(fixture_guide, tmp_path):
    class Cancelled(Exception):
        pass

    def cancel(done, total):
        raise Cancelled

    manager = IndexManager(fixture_guide, tmp_path / "index")
    with pytest.raises(Cancelled):
        manager.ensure(progress=cancel)
    assert _leftovers(tmp_path) == []
    manager.ensure()  # and the next build works
    assert manager.source == "built"


def test_folders_of_builds_that_died_are_swept(fixture_guide, tmp_path):
    old = tmp_path / f"{index_module.BUILDING_PREFIX}{uuid.uuid4().hex[:8]}"
    (old / "index").mkdir(parents=True)
    (old / "index" / "segment").write_bytes(b"x" * 1000)
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    fresh = tmp_path / f"{index_module.BUILDING_PREFIX}running"  # another window's build, going now
    fresh.mkdir()
    IndexManager(fixture_guide, tmp_path / "index").ensure()
    assert _leftovers(tmp_path) == [fresh.name]


def test_self_test_says_the_disk_is_full(small_disk):
    """Not "index not ready within 30 s": the reason."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(small_disk))
    result = subprocess.run([sys.executable, "-m", "app", "--content-dir", str(REAL_CONTENT), "self-test"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    [search] = [line for line in result.stdout.splitlines() if line.startswith("FAIL  search")] or [out[-3000:]]
    assert "disk is full" in search and "within 30 s" not in search
