"""The PyInstaller bundle (built by `.ci/run` from build.spec): it starts, passes its self-test,
carries the content and a prebuilt index, keeps the Qt plugins people need, contains no Qt
networking module and stays within the size the README promises."""
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


# The README promises at most this much; MB as `du -sh` counts them (MiB).
MAX_BUNDLE_MB = 120


def bundle_size() -> tuple[int, list[tuple[int, str]]]:
    """Sum of the file sizes, a symlink counted as the link itself (like `du --apparent-size`)."""
    files = []
    for folder, dirs, names in os.walk(BUNDLE):  # does not follow symlinks to folders
        for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            files.append((os.lstat(path).st_size, os.path.relpath(path, BUNDLE)))
    return sum(size for size, _ in files), sorted(files, reverse=True)


def test_bundle_stays_within_its_size():
    total, files = bundle_size()
    largest = "\n".join(f"{size / 2**20:8.1f} MB  {name}" for size, name in files[:15])
    assert total <= MAX_BUNDLE_MB * 2**20, (
        f"the bundle is {total / 2**20:.1f} MB, over {MAX_BUNDLE_MB} MB; largest files:\n{largest}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux plugin names")
def test_bundle_keeps_the_plugins_people_need():
    """X11 and Wayland windows, headless runs, printing, SVG icons, input methods: size cuts must not lose them."""
    plugins = BUNDLE / "_internal" / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                   "wayland-shell-integration/libxdg-shell.so", "printsupport/libcupsprintersupport.so",
                   "iconengines/libqsvgicon.so", "imageformats/libqsvg.so",
                   "platforminputcontexts/libibusplatforminputcontextplugin.so"):
        assert (plugins / plugin).is_file(), f"{plugin} is missing from the bundle"


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


def test_first_start_uses_the_bundled_guide_cache(tmp_path):
    """The bundle's own guide cache matches its content and code, so a first start parses nothing;
    it is copied to the user's cache, which later starts use (by file times once the bundle's files
    are two seconds old, tests/unit/guide/test_cache.py)."""
    data = tmp_path / "data"
    for run in ("first", "second"):
        result = run_bundle("--data-dir", str(data), "search", "lado", "--limit", "1", tmp=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "allegations-and-lado" in result.stdout
    log = (data / "wt-reader.log").read_text(encoding="utf-8")
    first, second = [line for line in log.splitlines() if "app.guide.cache: guide" in line]
    assert "from the bundled cache" in first
    assert "from the cache in" in second or "from the user's cache" in second
    assert "loaded from its files" not in log
