"""The PyInstaller bundle (built by `.ci/run` from build.spec): it starts, passes its self-test,
carries the content and a prebuilt index, keeps the Qt plugins people need, contains no Qt
networking module and stays within the size the README promises."""
from __future__ import annotations

import json
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


# The README promises at most this much; MB as `du -sh` counts them (MiB). Measured on Linux,
# 2026-12-02: 127.9 MB with the library's importers (lxml 5.1 MB, python-docx), signed packs (PyNaCl
# 0.6 MB), the English word list (0.6 MB) and rapidfuzz's plain and AVX2 builds (5.4 MB); see build.spec.
MAX_BUNDLE_MB = 132


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


# --- the library, packs and spelling, frozen: each command runs inside the bundle, the fixture
# files are made here in the test process by the test-only libraries (fpdf2, python-docx)

def marked(word: str, also: str = ""):
    """The fixture publication with `word` (and `also`) in its first numbered paragraph."""
    from dataclasses import replace

    from tests.fixtures import library_docs

    doc = library_docs.sample()
    items = list(doc.items)
    first = next(n for n, item in enumerate(items) if item.kind == "paragraph")
    items[first] = replace(items[first], text=f"{items[first].text} The {word} register is kept here{also}.")
    return replace(doc, items=tuple(items))


def write(kind: str, path: Path, doc) -> Path:
    from tests.fixtures import library_docs

    getattr(library_docs, f"write_{kind}")(path, doc)
    return path


def bundle_json(*args: str, data: Path, tmp: Path):
    result = run_bundle("--data-dir", str(data), *args, tmp=tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("kind", ["pdf", "docx", "html", "epub"])
def test_bundle_adds_each_format_and_finds_it(kind, tmp_path):
    """Each importer is imported by format name inside the bundle (pypdf, python-docx, lxml)."""
    word = f"okapi{kind}"
    source = write(kind, tmp_path / f"handbook.{kind}", marked(word))
    data = tmp_path / "data"
    added = bundle_json("documents", "add", str(source), "--json", data=data, tmp=tmp_path)
    found = bundle_json("search", word, "--json", "--document", added["id"], data=data, tmp=tmp_path)["results"]
    assert found and found[0]["document"] == added["id"], found
    assert word in found[0]["snippet"].lower() and found[0]["citation"].startswith(added["title"])
    listed = bundle_json("documents", "list", "--json", data=data, tmp=tmp_path)["documents"]
    assert [(d["id"], d["format"]) for d in listed] == [(added["id"], kind)]


def test_bundle_moves_a_bookmark_to_the_newer_copy(tmp_path):
    """Re-anchoring runs rapidfuzz's C++ scorers in the bundle."""
    data = tmp_path / "data"
    old = bundle_json("documents", "add", str(write("pdf", tmp_path / "old.pdf", marked("okapimove"))), "--json",
                      data=data, tmp=tmp_path)
    hit = bundle_json("search", "okapimove", "--json", "--document", old["id"], data=data, tmp=tmp_path)["results"][0]
    bookmarks = tmp_path / "bookmarks.json"
    bookmarks.write_text(json.dumps({"format": "wt-reader-bookmarks", "version": 1, "folders": [], "bookmarks": [
        {"section": hit["id"], "anchor": hit["anchor"], "title": "The okapi register"}]}), encoding="utf-8")
    imported = run_bundle("--data-dir", str(data), "bookmarks", "import", str(bookmarks), tmp=tmp_path)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    newer = write("pdf", tmp_path / "new.pdf", marked("okapimove", also=" and checked each month"))
    replaced = bundle_json("documents", "add", str(newer), "--replace", old["id"], "--json", data=data, tmp=tmp_path)
    assert replaced["replaced"] == old["id"]
    assert (replaced["bookmarks_moved"], replaced["bookmarks_not_placed"]) == (1, [])


def test_bundle_builds_signs_trusts_and_installs_a_local_pack(tmp_path):
    """PyNaCl's compiled binding signs and verifies inside the bundle."""
    import shutil

    from tests.conftest import FIXTURE_CONTENT
    from tests.unit.packs.packkit import set_version

    data, key, pack = tmp_path / "data", tmp_path / "partnership.key", tmp_path / "local.wtpack"
    partnership = "Testshire Safeguarding Partnership"
    made = run_bundle("--data-dir", str(data), "pack", "keygen", "--out", str(key), tmp=tmp_path)
    assert made.returncode == 0 and made.stdout.startswith("wt-reader-ed25519 "), made.stdout + made.stderr
    fingerprint = made.stdout.split("Fingerprint: ")[1].splitlines()[0]
    content = tmp_path / "local"
    shutil.copytree(FIXTURE_CONTENT, content)
    set_version(content, "1")
    built = run_bundle("--data-dir", str(data), "pack", "build", str(content), "--key", str(key),
                       "--out", str(pack), "--local", partnership, tmp=tmp_path)
    assert built.returncode == 0 and pack.exists(), built.stdout + built.stderr
    refused = run_bundle("--data-dir", str(data), "update", str(pack), "--yes", tmp=tmp_path)
    assert refused.returncode != 0 and fingerprint in refused.stderr  # not trusted yet
    trusted = run_bundle("--data-dir", str(data), "trust", "add", f"{key}.pub", "--name", partnership, tmp=tmp_path)
    assert trusted.returncode == 0 and fingerprint in trusted.stdout, trusted.stdout + trusted.stderr
    installed = run_bundle("--data-dir", str(data), "update", str(pack), "--yes", tmp=tmp_path)
    assert installed.returncode == 0 and partnership in installed.stdout, installed.stdout + installed.stderr
    version = run_bundle("--data-dir", str(data), "--version", tmp=tmp_path)
    assert "local content 1" in version.stdout, version.stdout + version.stderr
    rolled = run_bundle("--data-dir", str(data), "update", "--rollback", tmp=tmp_path)
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert "local content 1" not in run_bundle("--data-dir", str(data), "--version", tmp=tmp_path).stdout


def test_bundle_spelling_keeps_an_english_word_the_guide_lacks(tmp_path):
    """pyspellchecker's English list is in the bundle: "smacking" is not corrected to "shaking"."""
    data = tmp_path / "data"
    kept = bundle_json("search", "smacking safeguarding", "--json", data=data, tmp=tmp_path)
    assert kept["corrected"] == "" and not kept["used_correction"], kept
    slip = bundle_json("search", "plice", "--json", data=data, tmp=tmp_path)
    assert slip["corrected"] == "police", slip
