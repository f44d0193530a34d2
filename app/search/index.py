"""The search index: schema, building, and a life cycle that never leaves a broken index in use.

The index lives in the user's cache folder, keyed by the guide's fingerprint and SCHEMA_VERSION.
It is reused when the key matches, rebuilt when content or schema change or when it fails to
open, and always built in a temporary folder first and then swapped in, so a crash half-way
leaves the old index (or none) rather than a broken one. A bundle may ship a prebuilt index.
"""
from __future__ import annotations

import errno
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
from app.search.snippets import stem, words

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6
KEY_FILE = "wt-reader-index.json"
GLOSSARY_PAGE = "glossary"

Progress = Callable[[int, int], None]


def make_schema() -> Schema:
    # Stemming (exploitation ~ exploited), no stop words removed from titles so "child in need"
    # still matches as a phrase.
    text = StemmingAnalyzer(stoplist=None, minsize=1, stemfn=stem)  # snippets.stem: its exceptions too
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        document=ID(stored=True),  # "guide", or a library document's id (app/search/library_index.py)
        section_id=ID(stored=True),
        anchor=STORED(),
        part=ID(stored=True),
        part_title=STORED(),
        section_title=STORED(),
        heading=TEXT(analyzer=text, field_boost=2.0),  # every heading of the section
        title=TEXT(analyzer=text, stored=True, field_boost=4.0, spelling=True),
        keywords=TEXT(analyzer=text, stored=True, field_boost=3.0),
        body=TEXT(analyzer=text, spelling=True),
        chunks=STORED(),  # ((heading, anchor, plain text), ...): to land on a heading and cut snippets
        chunk_stems=STORED(),  # (("heading stems", "text stems"), ...) in order, as the analyzer makes them
        head_stems=STORED(),  # " title stems | keyword stems | ... ": names end at each bar
        forms=STORED(),  # " stem=word,word stem=word ... ": how each stem is written in the document
        audience=KEYWORD(stored=True, commas=True, lowercase=True),
        # "t:local author design offic" (field letter, then stems): every known name (glossary
        # names, titles, keywords) found as a run of words, so a multi-word name is one posting
        # list at search time instead of a positional phrase match.
        phrases=KEYWORD(commas=True, scorable=True),
        changed=BOOLEAN(stored=True),
        cites=STORED(),  # a library document's citation for each passage in `chunks`
    )


def documents(guide: Guide):
    """One document per section (title, keywords, all its headings, summary and text), and one
    per glossary term.

    Measured against one document per heading passage (schema 2): a third as many documents,
    so common words have a third as many postings to score, which is what decides speed in pure
    Python (p95 at 20x the guide fell from about 170 ms to well under the 150 ms goal) with
    the same relevance. The stored passages let a result still land on the heading that
    answers, found by the searcher from the matched words."""
    for section in guide.sections.values():
        part_title = guide.part(section.part_id).title
        chunks = plain_text_by_heading(section.body)
        intro = " ".join(text for heading, _a, text in chunks if not heading)
        passages = [("", "", f"{section.summary} {intro}".strip())]
        passages.extend((h, a, t) for h, a, t in chunks if h)
        yield dict(
            _stem_fields(passages),
            doc_id=f"s:{section.id}", kind="section", document="guide", section_id=section.id, anchor="",
            part=section.part_id, part_title=part_title, section_title=section.title,
            title=section.title, keywords=" ; ".join(section.keywords),
            heading=" ; ".join(h for h, _a, _t in passages if h),
            body="\n".join(t for _h, _a, t in passages),
            chunks=tuple(passages), audience=",".join(section.audience),
            changed=section.changed_in(guide.current_edition) is not None,
        )
    for term in guide.glossary.values():
        yield dict(doc_id=f"g:{term.id}", kind="glossary", document="guide", section_id=GLOSSARY_PAGE,
                   anchor=f"term-{term.id}",
                   part="glossary", part_title="Glossary", section_title=term.term, heading="",
                   title=term.term, keywords=" ; ".join(term.also), body=term.definition,
                   chunks=(("", "", term.definition),), audience="all", changed=False,
                   **_stem_fields([("", "", term.definition)]))


def _stem_fields(passages) -> dict:
    """Each passage's words stemmed once here, so a search only compares sets.

    Kept as plain strings (space-separated stems; "stem=form,form" pairs), which load far faster
    from the stored fields than tuples of thousands of small strings."""
    seqs = []
    forms: dict[str, set[str]] = {}
    for heading, _anchor, text in passages:
        pair = []
        for part in (heading, text):
            found = words(part)
            seq = [stem(w) for w in found]
            for w, st in zip(found, seq):
                forms.setdefault(st, set()).add(w)
            pair.append(" ".join(seq))
        seqs.append(tuple(pair))
    packed = " ".join(f"{st}={','.join(sorted(ws))}" for st, ws in sorted(forms.items()))
    return {"chunk_stems": tuple(seqs), "forms": f" {packed} "}


def known_names(guide: Guide) -> frozenset[tuple[str, ...]]:
    """Names of two words or more that people type as one thing, as the index's stems."""
    names: set[tuple[str, ...]] = set()
    for term in guide.glossary.values():
        names.update(tuple(stem(w) for w in words(n)) for n in term.names)
    for section in guide.sections.values():
        names.add(tuple(stem(w) for w in words(section.title)))
        names.update(tuple(stem(w) for w in words(k)) for k in section.keywords)
    return frozenset(n for n in names if 2 <= len(n) <= 8)


PHRASE_SOURCES = ("title", "keywords", "heading", "body")


def by_first_word(names) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        out.setdefault(name[0], []).append(name)
    return out


def phrase_tokens(doc: dict, by_first: dict[str, list[tuple[str, ...]]]) -> str:
    """The `phrases` field of one document: each known name once per time it occurs."""
    found: list[str] = []
    for field in PHRASE_SOURCES:
        seq = [stem(w) for w in words(doc.get(field) or "")]
        for i, st in enumerate(seq):
            for name in by_first.get(st, ()):
                if tuple(seq[i : i + len(name)]) == name:
                    found.append(f"{field[0]}:{' '.join(name)}")
    return ",".join(found)


def head_stems(doc: dict) -> str:
    """The title's and each keyword's stems, padded, so that the searcher checks names and words
    typed together with substring tests instead of splitting text for every candidate."""
    parts = [doc.get("title") or "", *(doc.get("keywords") or "").split(" ; ")]
    return " " + " | ".join(" ".join(stem(w) for w in words(p)) for p in parts) + " "


def searchable(entry: dict, by_first: dict[str, list[tuple[str, ...]]]) -> dict:
    """An index entry with the fields the searcher precomputes (any entry: guide or library)."""
    return dict(entry, phrases=phrase_tokens(entry, by_first), head_stems=head_stems(entry))


def index_key(guide: Guide, library_documents: dict | None = None) -> dict:
    """What an index holds: the guide's content and schema, and the library documents by SHA-256."""
    return {"schema": SCHEMA_VERSION, "fingerprint": guide.fingerprint, "documents": library_documents or {}}


def _write_key(folder: Path, guide: Guide, library_documents: dict) -> None:
    tmp = folder / f"{KEY_FILE}.tmp"
    tmp.write_text(json.dumps(index_key(guide, library_documents)), encoding="utf-8")
    tmp.replace(folder / KEY_FILE)


def build_index(guide: Guide, target: Path, progress: Progress | None = None, library=None) -> Path:
    """Build a complete index into `target` (which must not exist yet): the guide and the
    documents of `library` (an app.library.Library), if given."""
    from app.search import library_index

    target.mkdir(parents=True)
    ix = windex.create_in(str(target), make_schema())
    docs = list(documents(guide))
    names = by_first_word(known_names(guide))
    writer = ix.writer(limitmb=64)
    for i, doc in enumerate(docs, 1):
        writer.add_document(**searchable(doc, names))
        if progress and (i % 50 == 0 or i == len(docs)):
            progress(i, len(docs))
    writer.commit()
    held = library_index.sync(ix, {}, library, names=names) if library is not None else {}
    ix.close()
    # The key is written last: an index without it is never trusted.
    _write_key(target, guide, held)
    return target


BUILDING_PREFIX = "index-building-"
_ABANDONED_S = 600  # a build folder this old belongs to no running build (the guide takes seconds)


def _sweep_abandoned_builds(folder: Path) -> None:
    """Build folders left by a process that was killed or ran out of disk part way."""
    for stale in folder.glob(BUILDING_PREFIX + "*"):
        try:
            if time.time() - stale.stat().st_mtime > _ABANDONED_S:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass


def _build_failure(cache_dir: Path, exc: OSError) -> str:
    """One sentence saying why the index could not be built."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        try:
            free = shutil.disk_usage(cache_dir.parent).free // (1024 * 1024)
        except OSError:
            free = 0
        return (f"the disk is full ({free} MB free in {cache_dir.parent}), so the search index could not "
                "be built; free some space and start the app again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"the search index could not be built because {cache_dir.parent} cannot be written ({exc.strerror})"
    return f"the search index could not be built in {cache_dir}: {exc}"


def _read_key(folder: Path) -> dict | None:
    try:
        return json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _usable(folder: Path, guide: Guide) -> windex.Index | None:
    """Open an index if it is complete, matches the guide and answers a query."""
    key = _read_key(folder) or {}
    if (key.get("schema"), key.get("fingerprint")) != (SCHEMA_VERSION, guide.fingerprint):
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

    def __init__(self, guide: Guide, cache_dir: Path, prebuilt_dir: Path | None = None, library=None) -> None:
        self.guide = guide
        self.library = library  # app.library.Library: its documents are indexed beside the guide
        self.cache_dir = Path(cache_dir)
        self.prebuilt_dir = Path(prebuilt_dir) if prebuilt_dir else None
        self._lock = threading.Lock()
        self._index: windex.Index | None = None
        self._held: dict[str, str] = {}  # library documents in the open index: id → SHA-256
        self.last_build_seconds: float | None = None
        self.source = ""  # "cache", "prebuilt" or "built"
        self._on_close: list[Callable[[], None]] = []  # readers kept open by searchers

    def when_closed(self, release: Callable[[], None]) -> None:
        """Call `release` before the index in use is closed or swapped (Windows cannot rename a
        folder with open files)."""
        self._on_close.append(release)

    def _release(self) -> None:
        for release in self._on_close:
            release()

    def open_existing(self) -> windex.Index | None:
        """A usable index without building: the cache, else the bundle's prebuilt one; the
        library's documents added to it or removed from it when they changed."""
        with self._lock:
            if self._index is not None:
                return self._index if self._library_current() else self._sync_library()
            ix = _usable(self.cache_dir, self.guide) if self.cache_dir.exists() else None
            if ix is not None:
                self._index, self.source = ix, "cache"
                self._held = dict((_read_key(self.cache_dir) or {}).get("documents") or {})
                return ix if self._library_current() else self._sync_library()
            if self.prebuilt_dir and self.prebuilt_dir.exists() and not self._library_wanted():
                ix = _usable(self.prebuilt_dir, self.guide)
                if ix is not None:
                    self._index, self.source, self._held = ix, "prebuilt", {}
                    return ix
            return None

    def _library_wanted(self) -> dict:
        from app.search.library_index import wanted

        return wanted(self.library)

    def _library_current(self) -> bool:
        return self.library is None or self._library_wanted() == self._held

    def _sync_library(self, progress: Progress | None = None) -> windex.Index | None:
        """Add and remove the documents that changed (never the whole index); None when that
        cannot be done here (the bundle's read-only index, or a failure: build instead)."""
        from app.search import library_index

        if self.source != "prebuilt":
            try:
                writable = windex.open_dir(str(self.cache_dir))
                try:
                    held = library_index.sync(writable, self._held, self.library, progress,
                                              names=by_first_word(known_names(self.guide)))
                finally:
                    writable.close()
                _write_key(self.cache_dir, self.guide, held)
                self._held = held
                self._release()  # searchers read the new documents' statistics afresh
                return self._index
            except Exception as exc:  # noqa: BLE001 - any failure means "build it whole"
                log.warning("library documents could not be added to the search index: %s", exc)
        if self._index is not None:
            self._index.close()
            self._index = None
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
            tmp: Path | None = None
            try:
                self.cache_dir.parent.mkdir(parents=True, exist_ok=True)
                _sweep_abandoned_builds(self.cache_dir.parent)
                tmp = Path(tempfile.mkdtemp(prefix=BUILDING_PREFIX, dir=self.cache_dir.parent))
                built = build_index(self.guide, tmp / "index", progress, self.library)
                if self._index is not None:  # open files would block the swap on Windows
                    self._release()
                    self._index.close()
                    self._index = None
                self._swap_in(built)
            except OSError as exc:
                raise IndexUnavailable(_build_failure(self.cache_dir, exc)) from exc
            finally:  # failed, cancelled or done: a half-built index must not keep the disk full
                if tmp is not None:
                    shutil.rmtree(tmp, ignore_errors=True)
            self.last_build_seconds = time.perf_counter() - started
            self._index = windex.open_dir(str(self.cache_dir), readonly=True)
            self._held = dict((_read_key(self.cache_dir) or {}).get("documents") or {})
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
        _sweep_abandoned_builds(self.cache_dir.parent)

    def close(self) -> None:
        with self._lock:
            if self._index is not None:
                self._release()
                self._index.close()
                self._index = None
