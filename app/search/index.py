"""The search index: schema, building, and a life cycle that never leaves a broken index in use.

The index lives in the user's cache folder, keyed by the guide's fingerprint and SCHEMA_VERSION.
It is reused when the key matches, rebuilt when content or schema change or when it fails to
open, and always built in a temporary folder first and then swapped in, so a crash half-way
leaves the old index (or none) rather than a broken one. A bundle may ship a prebuilt index.
"""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from whoosh import index as windex
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema

from app.guide import Guide
from app.guide.text import plain_text_by_heading
from app.search.errors import IndexUnavailable

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
KEY_FILE = "wt-reader-index.json"
GLOSSARY_PAGE = "glossary"

Progress = Callable[[int, int], None]


def make_schema() -> Schema:
    # Stemming (exploitation ~ exploited), no stop words removed from titles so "child in need"
    # still matches as a phrase.
    text = StemmingAnalyzer(stoplist=None, minsize=1)
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        section_id=ID(stored=True),
        anchor=STORED(),
        part=ID(stored=True),
        part_title=STORED(),
        section_title=STORED(),
        heading=TEXT(analyzer=text, stored=True, field_boost=2.0),
        title=TEXT(analyzer=text, stored=True, field_boost=4.0, spelling=True),
        keywords=TEXT(analyzer=text, stored=True, field_boost=3.0),
        body=TEXT(analyzer=text, stored=True, spelling=True),
        audience=KEYWORD(stored=True, commas=True, lowercase=True),
        changed=BOOLEAN(stored=True),
    )


def documents(guide: Guide):
    """One document per section (title, summary, keywords and the text before its first heading),
    one per heading with the text under it, one per glossary term.

    Short passages rank better than whole sections (a hit lands on the heading that answers) and
    keep snippets cheap to make."""
    for section in guide.sections.values():
        part_title = guide.part(section.part_id).title
        audience = ",".join(section.audience)
        changed = section.changed_in(guide.current_edition) is not None
        chunks = plain_text_by_heading(section.body)
        common = dict(section_id=section.id, part=section.part_id, part_title=part_title,
                      section_title=section.title, audience=audience, changed=changed)
        intro = " ".join(text for heading, _a, text in chunks if not heading)
        yield dict(common, doc_id=f"s:{section.id}", kind="section", anchor="", heading="",
                   title=section.title, keywords=" ; ".join(section.keywords),
                   body=f"{section.summary}\n{intro}")
        for heading, anchor, text in chunks:
            if not heading:
                continue
            yield dict(common, doc_id=f"h:{section.id}#{anchor}", kind="heading", anchor=anchor,
                       heading=heading, title=section.title, keywords="", body=text)
    for term in guide.glossary.values():
        yield dict(doc_id=f"g:{term.id}", kind="glossary", section_id=GLOSSARY_PAGE, anchor=f"term-{term.id}",
                   part="glossary", part_title="Glossary", section_title=term.term, heading="",
                   title=term.term, keywords=" ; ".join(term.also), body=term.definition, audience="all",
                   changed=False)


def index_key(guide: Guide) -> dict:
    return {"schema": SCHEMA_VERSION, "fingerprint": guide.fingerprint}


def build_index(guide: Guide, target: Path, progress: Progress | None = None) -> Path:
    """Build a complete index into `target` (which must not exist yet)."""
    target.mkdir(parents=True)
    ix = windex.create_in(str(target), make_schema())
    docs = list(documents(guide))
    writer = ix.writer(limitmb=64)
    for i, doc in enumerate(docs, 1):
        writer.add_document(**doc)
        if progress and (i % 50 == 0 or i == len(docs)):
            progress(i, len(docs))
    writer.commit()
    ix.close()
    # The key is written last: an index without it is never trusted.
    (target / KEY_FILE).write_text(json.dumps(index_key(guide)), encoding="utf-8")
    return target


def _read_key(folder: Path) -> dict | None:
    try:
        return json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _usable(folder: Path, guide: Guide) -> windex.Index | None:
    """Open an index if it is complete, matches the guide and answers a query."""
    if _read_key(folder) != index_key(guide):
        return None
    try:
        ix = windex.open_dir(str(folder), readonly=True)
        with ix.searcher() as s:
            if s.doc_count() == 0:
                return None
            s.document(doc_id=f"s:{guide.home}")
        return ix
    except Exception as exc:  # noqa: BLE001 - any damage means "rebuild"
        log.warning("search index at %s cannot be used: %s", folder, exc)
        return None


class IndexManager:
    """Finds, checks, builds and swaps the index. Thread-safe; building may run in a worker."""

    def __init__(self, guide: Guide, cache_dir: Path, prebuilt_dir: Path | None = None) -> None:
        self.guide = guide
        self.cache_dir = Path(cache_dir)
        self.prebuilt_dir = Path(prebuilt_dir) if prebuilt_dir else None
        self._lock = threading.Lock()
        self._index: windex.Index | None = None
        self.last_build_seconds: float | None = None
        self.source = ""  # "cache", "prebuilt" or "built"

    def open_existing(self) -> windex.Index | None:
        """A usable index without building: the cache, else the bundle's prebuilt one."""
        with self._lock:
            if self._index is not None:
                return self._index
            ix = _usable(self.cache_dir, self.guide) if self.cache_dir.exists() else None
            if ix is not None:
                self._index, self.source = ix, "cache"
                return ix
            if self.prebuilt_dir and self.prebuilt_dir.exists():
                ix = _usable(self.prebuilt_dir, self.guide)
                if ix is not None:
                    self._index, self.source = ix, "prebuilt"
                    return ix
            return None

    def ensure(self, progress: Progress | None = None, force: bool = False) -> windex.Index:
        """A usable index, building (and swapping in) a new one when needed."""
        if not force:
            ix = self.open_existing()
            if ix is not None:
                return ix
        with self._lock:
            if self._index is not None and not force:
                return self._index
            started = time.perf_counter()
            try:
                self.cache_dir.parent.mkdir(parents=True, exist_ok=True)
                tmp = Path(tempfile.mkdtemp(prefix="index-building-", dir=self.cache_dir.parent))
                built = build_index(self.guide, tmp / "index", progress)
                if self._index is not None:  # open files would block the swap on Windows
                    self._index.close()
                    self._index = None
                self._swap_in(built)
                shutil.rmtree(tmp, ignore_errors=True)
            except OSError as exc:
                raise IndexUnavailable(f"the search index could not be built in {self.cache_dir}: {exc}") from exc
            self.last_build_seconds = time.perf_counter() - started
            self._index = windex.open_dir(str(self.cache_dir), readonly=True)
            self.source = "built"
            log.info("search index built in %.2f s", self.last_build_seconds)
            return self._index

    def _swap_in(self, built: Path) -> None:
        old = None
        if self.cache_dir.exists():
            old = self.cache_dir.with_name(f"{self.cache_dir.name}.old-{time.time_ns()}")
            self.cache_dir.rename(old)
        built.rename(self.cache_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        for stale in self.cache_dir.parent.glob(f"{self.cache_dir.name}.old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in self.cache_dir.parent.glob("index-building-*"):
            shutil.rmtree(stale, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None
