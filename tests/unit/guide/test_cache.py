"""The start-up cache of the loaded guide: used when current, rebuilt when not, never an error."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from app.guide import load_guide
from app.guide import loader as loader_module
from app.guide.cache import load_guide_cached
from app.guide.render import render_section
from tests.conftest import FIXTURE_CONTENT, ROOT


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def _refuse_to_parse(*_args, **_kwargs):
    raise AssertionError("the guide was parsed although the cache was current")


def test_second_start_comes_from_the_cache(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "guide.pickle"
    first = load_guide_cached(content, cache)
    assert cache.exists()
    monkeypatch.setattr(loader_module, "load_guide", _refuse_to_parse)
    second = load_guide_cached(content, cache)
    assert second.fingerprint == first.fingerprint
    assert list(second.sections) == list(first.sections)
    assert second.glossary == first.glossary and second.timescales == first.timescales


def test_cached_pages_are_the_rendered_sections(content, tmp_path):
    cache = tmp_path / "guide.pickle"
    load_guide_cached(content, cache)
    cached = load_guide_cached(content, cache)
    fresh = load_guide(content)
    for sid, section in fresh.sections.items():
        assert cached.pages[sid] == render_section(fresh, section)


def test_edited_content_is_read_again(content, tmp_path):
    cache = tmp_path / "guide.pickle"
    load_guide_cached(content, cache)
    path = content / "basics" / "welcome.md"
    path.write_text(path.read_text().replace("title: Welcome", "title: Welcome back"))
    guide = load_guide_cached(content, cache)
    assert guide.sections["welcome"].title == "Welcome back"
    assert "Welcome back" in guide.pages["welcome"]


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05\x95garbage"])
def test_damaged_cache_is_rebuilt(content, tmp_path, damage):
    cache = tmp_path / "guide.pickle"
    load_guide_cached(content, cache)
    cache.write_bytes(damage)
    guide = load_guide_cached(content, cache)
    assert "welcome" in guide.sections
    assert cache.read_bytes() != damage  # written again, good this time


def test_unwritable_cache_folder_still_loads(content, tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be")
    guide = load_guide_cached(content, blocker / "guide.pickle")
    assert "welcome" in guide.sections


def test_prebuilt_cache_from_another_folder_points_here(content, tmp_path, monkeypatch):
    """The bundle's cache is made on the build machine; unzipped elsewhere it must still be right."""
    prebuilt = tmp_path / "bundle-cache.pickle"
    load_guide_cached(content, prebuilt)
    moved = tmp_path / "elsewhere" / "content"
    shutil.copytree(content, moved)
    monkeypatch.setattr(loader_module, "load_guide", _refuse_to_parse)
    guide = load_guide_cached(moved, tmp_path / "user" / "guide.pickle", prebuilt=prebuilt)
    assert guide.content_dir == moved
    assert all(s.path.is_relative_to(moved) for s in guide.sections.values())


def test_missing_content_is_still_a_content_error(tmp_path):
    from app.guide import ContentError

    with pytest.raises(ContentError, match="content folder not found"):
        load_guide_cached(tmp_path / "nowhere", tmp_path / "guide.pickle")


def test_a_cached_start_imports_no_parser(content, tmp_path):
    """The point of the cache: no parser is loaded, and no file hashed, on a cached start."""
    cache = tmp_path / "guide.pickle"
    load_guide_cached(content, cache)
    code = (
        "import sys; from app.guide.cache import load_guide_cached; from app.guide.render import section_html; "
        f"g = load_guide_cached({str(content)!r}, __import__('pathlib').Path({str(cache)!r})); "
        "section_html(g, 'welcome'); "
        "print(sorted(m for m in ('yaml', 'markdown_it', 'app.guide.loader', 'hashlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_a_file_touched_but_unchanged_is_checked_by_its_content(content, tmp_path, monkeypatch):
    """A newer time on a file makes the cache look stale; the fingerprint then shows it is not."""
    import os

    cache = tmp_path / "guide.pickle"
    load_guide_cached(content, cache)
    path = content / "basics" / "welcome.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    monkeypatch.setattr(loader_module, "load_guide", _refuse_to_parse)
    assert "welcome" in load_guide_cached(content, cache).sections


def _age(folder, seconds=60):
    """Make every file in `folder` look `seconds` old, as installed content is."""
    import os
    import time

    past = time.time_ns() - seconds * 10**9
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))


def test_unchanged_files_are_trusted_by_their_stats(content, tmp_path, monkeypatch):
    _age(content)
    cache = tmp_path / "guide.pickle"
    load_guide_cached(content, cache)
    from app.guide import fingerprint

    monkeypatch.setattr(fingerprint, "content_fingerprint", _refuse_to_parse)
    monkeypatch.setattr("app.guide.cache.content_fingerprint", _refuse_to_parse)
    assert "welcome" in load_guide_cached(content, cache).sections


def test_same_size_edit_within_the_clock_tick_is_still_read_again(content, tmp_path):
    """Files written just now are not vouched for by their stats, so an edit that keeps the size
    and lands in the same clock tick is still seen."""
    import os

    cache = tmp_path / "guide.pickle"
    path = content / "basics" / "welcome.md"
    os.utime(path)  # edited just now
    load_guide_cached(content, cache)  # so its stats are not trusted
    before = path.stat()
    path.write_text(path.read_text().replace("title: Welcome", "title: Welcomd"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time
    assert load_guide_cached(content, cache).sections["welcome"].title == "Welcomd"


def test_a_new_markdown_or_yaml_library_reads_the_guide_again(content, tmp_path, monkeypatch):
    """The same files parsed by another markdown-it-py or PyYAML may not give the same guide."""
    import os

    from app.guide import cache as cache_module

    library = tmp_path / "site" / "fake_markdown"
    library.mkdir(parents=True)
    (library / "__init__.py").write_text('__version__ = "3.0.0"\n')
    old = 1_600_000_000
    os.utime(library / "__init__.py", (old, old))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setattr(cache_module, "_LIBRARIES", {"markdown-it-py": "fake_markdown", "PyYAML": "yaml"})
    assert cache_module.library_versions()["markdown-it-py"] == "3.0.0"
    cache = tmp_path / "guide.pickle"
    load_guide_cached(content, cache)
    with monkeypatch.context() as patch:
        patch.setattr(loader_module, "load_guide", _refuse_to_parse)
        load_guide_cached(content, cache)  # same library: from the cache
    (library / "__init__.py").write_text('__version__ = "4.0.0"\n')
    os.utime(library / "__init__.py", (old + 60, old + 60))
    parsed = []
    real = loader_module.load_guide
    monkeypatch.setattr(loader_module, "load_guide", lambda root: parsed.append(root) or real(root))
    load_guide_cached(content, cache)
    assert parsed, "the cache made with markdown-it-py 3.0.0 was used with 4.0.0"
