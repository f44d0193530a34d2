"""An install killed (SIGKILL) at any moment never leaves broken content in use."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.guide import check_content, load_guide
from app.packs.active import active_guide_dir
from app.packs.layers import prepare

INSTALLER = Path(__file__).with_name("_installer.py")


def _grow(folder: Path, n: int) -> Path:
    path = folder / "process" / "long-section.md"
    path.write_text(path.read_text() + f"\nUpdate {n}.\n" * 200)
    return folder


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_killed_at_random_moments_the_content_in_use_is_always_whole(kit):
    bundled = kit.content("2026.1", name="bundled")
    packs = [kit.pack(_grow(kit.content(f"2027.{n}"), n)) for n in (1, 2, 3)]
    good = {load_guide(bundled).fingerprint}
    good |= {load_guide(_grow(kit.content(f"2027.{n}", name=f"expect-{n}"), n)).fingerprint for n in (1, 2, 3)}
    rng = random.Random(2026)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    kills_after_work = 0
    for trial in range(14):
        proc = subprocess.Popen([sys.executable, str(INSTALLER), str(kit.data), str(kit.resources), str(bundled),
                                 *map(str, packs)], stdout=subprocess.PIPE, text=True, env=env)
        # first line: the process is up and working; then kill it somewhere in what follows
        first = proc.stdout.readline()
        time.sleep(rng.uniform(0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        kills_after_work += bool(first)
        used = active_guide_dir(kit.root, bundled)
        assert check_content(used) == [], (trial, used)
        assert load_guide(used).fingerprint in good, trial
    assert kills_after_work == 14
    # and the next install works, sweeping what the kills left
    prepare(packs[0], kit.trust, kit.root, None).discard()
