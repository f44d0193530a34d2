"""The loaded and rendered guide, kept on disk between runs so a start needs no parsing.

Parsing 90-odd Markdown files and their YAML takes longer than the rest of start-up put
together, yet the content only changes with an update. So the Guide, with every section's page
already rendered, is pickled into the user's data folder (and into the bundle at packaging
time), keyed by the content's fingerprint and by the code that built it. A missing, stale or
damaged cache is never an error: the guide is loaded from its files and the cache written again.

Pickle is safe here because the file is our own, in the user's own data folder: anyone who can
write there can already change their settings and bookmarks. It is never read from elsewhere.
"""
from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

from app import __version__
from app.guide.fingerprint import CONTENT_SUFFIXES, content_fingerprint
from app.guide.model import Guide

log = logging.getLogger(__name__)

CACHE_FORMAT = 3  # 2: the value types are NamedTuples; 3: the Guide a plain class
CODE_STAMP = "code-fingerprint"  # beside a prebuilt cache: the code_fingerprint() of the build
# The modules whose code shapes what is cached: a change to any of them makes a new key.
_BUILDERS = ("model.py", "loader.py", "render.py", "text.py", "fingerprint.py")
# The libraries that parse the content: a new markdown-it-py can render the same Markdown
# differently, a new PyYAML read the same YAML differently. Found without importing them (they
# are what a usual start avoids importing); their __init__ files carry their versions.
_LIBRARIES = {"markdown-it-py": "markdown_it", "PyYAML": "yaml"}


def _library_file(module: str) -> str | None:
    from importlib.util import find_spec

    try:
        spec = find_spec(module)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None and spec.origin and os.path.isfile(spec.origin) else None


def library_versions() -> dict[str, str]:
    """{"markdown-it-py": "4.0.0", "PyYAML": "6.0.2"}, read from the installed files ("" if unknown)."""
    import re

    versions = {}
    for name, module in _LIBRARIES.items():
        found = ""
        origin = _library_file(module)
        if origin:
            try:
                text = Path(origin).read_text(encoding="utf-8", errors="replace")
                match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
                found = match.group(1) if match else ""
            except OSError:
                pass
        versions[name] = found
    return versions


def code_fingerprint(stamp: Path | None = None) -> str:
    """Which code built a cache: a hash of the builder modules' source and of the versions of
    the libraries that parse the content.

    A frozen app has no source files; it reads the fingerprint its build wrote into `stamp`
    (the code in the bundle is the code that was hashed), else falls back on its version."""
    import hashlib  # only when the file stats have changed (see file_stats)

    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    try:
        for name in _BUILDERS:
            digest.update((here / name).read_bytes())
        digest.update(repr(sorted(library_versions().items())).encode())
    except OSError:
        try:
            return stamp.read_text(encoding="ascii").strip() if stamp else f"v{__version__}"
        except OSError:
            return f"v{__version__}"
    return digest.hexdigest()[:16]


def cache_key(fingerprint: str, stamp: Path | None = None) -> dict:
    return {"format": CACHE_FORMAT, "content": fingerprint, "code": code_fingerprint(stamp)}


def render_all(guide: Guide) -> Guide:
    """Render every section's page into guide.pages, ready to be cached."""
    from app.guide.render import section_html

    for section_id in guide.sections:
        section_html(guide, section_id)
    return guide


def file_stats(root: Path) -> tuple:
    """Name, size and modification time of every content file and every builder module.

    When they are all as they were when the cache was written, the cache is current without
    reading or hashing a byte: the usual start. Anything else falls back on the fingerprints."""
    here = Path(__file__).parent
    found = [(os.path.join(d, f), f) for d, _dirs, files in os.walk(root) for f in files
             if f.endswith(CONTENT_SUFFIXES)]
    found += [(str(here / name), name) for name in _BUILDERS]
    found += [(origin, module) for module in _LIBRARIES.values() if (origin := _library_file(module))]
    out: list[tuple] = [CACHE_FORMAT, __version__]
    for path, _name in sorted(found):
        try:
            info = os.stat(path)
            out.append((path, info.st_size, info.st_mtime_ns))
        except OSError:
            out.append((path, None, None))
    return tuple(out)


def settled(stats: tuple, now_ns: int | None = None) -> tuple:
    """The stats, or () if a file changed in the last two seconds.

    A file edited again within the clock's resolution keeps its time (and maybe its size), so
    stats taken that soon cannot vouch for it: the next start checks the fingerprints instead
    (git's "racily clean" rule)."""
    import time

    limit = (now_ns if now_ns is not None else time.time_ns()) - 2_000_000_000
    times = [entry[2] for entry in stats if isinstance(entry, tuple) and entry[2] is not None]
    return stats if all(t < limit for t in times) else ()  # a missing file (no source in a bundle) is settled


def _read(path: Path | None) -> dict | None:
    """What a cache file holds, or None if there is none or it cannot be used."""
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - our own file in the user's data folder
    except FileNotFoundError:
        return None
    except Exception as exc:  # truncated, damaged, or written by other code: rebuild it
        log.info("guide cache %s not used: %s", path, exc)
        return None
    if not isinstance(stored, dict) or not isinstance(stored.get("guide"), Guide):
        return None
    return stored


def write_cache(path: Path, key: dict, guide: Guide, stats: tuple = ()) -> bool:
    """Write through a temporary file, so a crash never leaves half a cache behind."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            pickle.dump({"key": key, "stats": stats, "guide": guide}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except OSError as exc:  # a read-only data folder costs speed, nothing else
        log.info("guide cache not written to %s: %s", path, exc)
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False


def load_guide_cached(content_dir: Path | str, cache_file: Path, prebuilt: Path | None = None) -> Guide:
    """The guide, from the user's cache, else the bundle's prebuilt one, else its files.

    Raises ContentError, as load_guide does, when there is no usable content at all."""
    root = Path(content_dir)
    if root.is_dir():
        stats = file_stats(root)
        mine = _read(cache_file)
        if mine is not None and mine.get("stats") == stats:
            log.info("guide from the cache in %s (files unchanged)", cache_file.parent)
            return _relocated(mine["guide"], root)
        stamp = prebuilt.with_name(CODE_STAMP) if prebuilt is not None else None
        key = cache_key(content_fingerprint(root), stamp)
        for where, stored in (("the user's cache", mine), ("the bundled cache", _read(prebuilt))):
            if stored is not None and stored.get("key") == key:
                log.info("guide from %s (same content and code)", where)
                guide = _relocated(stored["guide"], root)
                write_cache(cache_file, key, guide, settled(stats))  # the next start needs no fingerprint
                return guide
    from app.guide.loader import load_guide

    log.info("guide loaded from its files in %s", root)
    guide = render_all(load_guide(root))
    stamp = prebuilt.with_name(CODE_STAMP) if prebuilt is not None else None
    write_cache(cache_file, cache_key(guide.fingerprint, stamp), guide, settled(file_stats(root)))
    return guide


def _relocated(guide: Guide, root: Path) -> Guide:
    """A cache built elsewhere (the bundle's, made on the build machine) points at this folder."""
    if guide.content_dir == root:
        return guide
    old = guide.content_dir
    sections = {}
    for sid, section in guide.sections.items():
        try:
            path = root / section.path.relative_to(old)
        except ValueError:
            path = section.path
        sections[sid] = section._replace(path=path)
    return guide.replace(sections=sections, content_dir=root)
