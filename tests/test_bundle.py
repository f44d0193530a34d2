"""The PyInstaller bundle (built by `.ci/run` from build.spec): it starts, passes its self-test,
carries the content and a prebuilt index, and contains no Qt networking module."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BUNDLE = ROOT / "dist" / "wt-reader"
CLI = BUNDLE / ("wt-reader-cli.exe" if sys.platform == "win32" else "wt-reader-cli")

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(not CLI.exists(), reason="no bundle: build it with `pyinstaller build.spec`"),
]


def run_bundle(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp), XDG_DATA_HOME=str(tmp / "share"))
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, env=env, timeout=180)


def test_bundled_self_test_passes(tmp_path):
    result = run_bundle("self-test", tmp=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout


def test_bundle_carries_content_and_checks_it(tmp_path):
    result = run_bundle("--data-dir", str(tmp_path / "data"), "check-content", tmp=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK:")


def test_bundle_has_no_qt_network_module():
    names = [p.name for p in BUNDLE.rglob("*")]
    assert not [n for n in names if "Qt6Network" in n or "QtNetwork" in n]


def test_bundle_writes_only_to_its_data_folder(tmp_path):
    """Nothing is written into the install folder (it may be read-only on a work laptop)."""
    before = {p: p.stat().st_mtime for p in BUNDLE.rglob("*") if p.is_file()}
    run_bundle("--data-dir", str(tmp_path / "data"), "self-test", tmp=tmp_path)
    after = {p: p.stat().st_mtime for p in BUNDLE.rglob("*") if p.is_file()}
    assert before == after


def test_portable_mode_keeps_data_beside_the_program(tmp_path):
    import shutil

    copy = tmp_path / "usb" / "wt-reader"
    shutil.copytree(BUNDLE, copy, symlinks=True)
    (copy / "portable").write_text("")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    exe = copy / CLI.name
    result = subprocess.run([str(exe), "check-content"], capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (copy / "data" / "wt-reader.log").exists()
    assert not (tmp_path / "home" / ".local" / "share" / "wt-reader").exists()
