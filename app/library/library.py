"""The library: the guide and every other document, in order, looked up by one section key.

Documents come from sources. The guide is always first; then each registered source in turn:
the user's imported files (LibraryStore), and later installed packs or a partnership's local
pages, which only need to offer the same two methods:

    class Source(Protocol):
        def infos(self) -> list[DocumentInfo]: ...      # cheap: no document text
        def load(self, doc_id: str) -> Document: ...     # KeyError if it has no such document

Only the manifests are read until a document's pages, contents or search entries are needed,
so a library of many documents costs a start-up nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from app.guide.model import Guide, UnknownSection
from app.library.model import GUIDE_ID, Document, DocumentInfo, document_of, is_document_key

log = logging.getLogger(__name__)


class Source(Protocol):
    def infos(self) -> list[DocumentInfo]: ...

    def load(self, doc_id: str) -> Document: ...


class UnknownDocument(KeyError):
    def __init__(self, doc_id: str) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id

    def __str__(self) -> str:
        return f"There is no document “{self.doc_id}” in the library."


def guide_info(guide: Guide) -> DocumentInfo:
    return DocumentInfo(id=GUIDE_ID, title=guide.title, kind="guide", format="guide",
                        version=guide.content_version, sections=len(guide.sections))


class Sections(Mapping):
    """Every section of every document by key, as the guide's `sections` is for the guide (what
    bookmark look-up walks). A document is loaded when one of its keys is asked for."""

    def __init__(self, library: "Library") -> None:
        self._library = library

    def __getitem__(self, key: str):
        try:
            return self._library.section(key)
        except UnknownSection:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        yield from self._library.guide.sections
        for info in self._library.documents():
            try:
                doc = self._library.document(info.id)
            except UnknownDocument:
                continue
            for section in doc.sections:
                yield section.id

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def has_document(self, doc_id: str) -> bool:
        return doc_id == GUIDE_ID or self._library.info(doc_id) is not None


class Library:
    def __init__(self, guide: Guide, store: Any = None, sources: tuple = ()) -> None:
        self.guide = guide
        self.store = store  # the LibraryStore that imports go to (None: nothing can be added)
        self._sources: list[Source] = ([store] if store is not None else []) + list(sources)
        self.sections = Sections(self)
        self.guide_view = GuideView(self)

    def register(self, source: Source) -> None:
        """Another source of documents (installed packs, local pages), after those there are."""
        self._sources.append(source)

    # -- documents ------------------------------------------------------------------------------
    def infos(self) -> list[DocumentInfo]:
        """The guide, then every other document, in order."""
        return [guide_info(self.guide), *self.documents()]

    def documents(self) -> list[DocumentInfo]:
        """Every document except the guide."""
        out: list[DocumentInfo] = []
        seen = {GUIDE_ID}
        for source in self._sources:
            try:
                found = source.infos()
            except Exception:  # noqa: BLE001 - one broken source must not hide the others
                log.exception("a library source could not be listed")
                continue
            for info in found:
                if info.id not in seen:
                    seen.add(info.id)
                    out.append(info)
        return out

    def info(self, doc_id: str) -> DocumentInfo | None:
        if doc_id == GUIDE_ID:
            return guide_info(self.guide)
        return next((i for i in self.documents() if i.id == doc_id), None)

    def document(self, doc_id: str) -> Document:
        """A loaded document (not the guide). UnknownDocument if no source has it."""
        for source in self._sources:
            if any(i.id == doc_id for i in source.infos()):
                try:
                    return source.load(doc_id)
                except KeyError:
                    break
        raise UnknownDocument(doc_id)

    def removed(self) -> dict[str, str]:
        """Removed documents (id → title), for bookmarks that still point at them."""
        out: dict[str, str] = {}
        for source in self._sources:
            removed = getattr(source, "removed", None)
            if removed is not None:
                out.update(removed())
        return out

    # -- sections -------------------------------------------------------------------------------
    def section(self, key: str):
        """The guide's Section, or a document's DocSection. UnknownSection if there is none."""
        if not is_document_key(key):
            return self.guide.section(key)
        try:
            doc = self.document(document_of(key))
        except UnknownDocument:
            raise UnknownSection(key) from None
        section = doc.section(key)
        if section is None:
            raise UnknownSection(key)
        return section

    def has_section(self, key: str) -> bool:
        try:
            self.section(key)
            return True
        except UnknownSection:
            return False

    def document_title(self, key: str) -> str:
        info = self.info(document_of(key))
        return info.title if info else ""

    def page_html(self, key: str) -> str:
        """A section's page. UnknownSection if there is none."""
        if not is_document_key(key):
            from app.guide.render import section_html

            return section_html(self.guide, key)
        from app.library.render import section_html as document_html

        section = self.section(key)
        return document_html(self.document(document_of(key)), section)

    def citation(self, key: str, anchor: str = "") -> str:
        """A citation to paste into notes; for a document, title, chapter and paragraph."""
        section = self.section(key)
        if not is_document_key(key):
            from app.guide.render import citation as guide_citation

            return guide_citation(self.guide, section, anchor)
        from app.library import citation as _citation  # regular expressions compiled when first cited

        info = self.info(document_of(key))
        assert info is not None
        return _citation.citation(info, section, anchor)


def open_library(guide: Guide) -> Library:
    """The user's library: the guide, the documents imported into the data folder, and the
    local pages of an installed local pack (app/packs/local.py)."""
    from app import paths
    from app.library.storage import LibraryStore
    from app.packs.local import LocalPackSource

    return Library(guide, LibraryStore(paths.library_dir()), (LocalPackSource(paths.content_layers_dir()),))


class GuideView:
    """The guide with `sections` widened to every document in the library: what a panel
    written for the guide (bookmarks, recently viewed) needs to treat documents the same way.
    Everything else is the guide's own."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self.sections = library.sections

    def document_title(self, key: str) -> str:
        """The title of the document a section key is in ("Local — Testshire …"), or of the removed
        document it was in; "" if none."""
        return self._library.document_title(key) or self._library.removed().get(document_of(key), "")

    def __getattr__(self, name: str):
        return getattr(self._library.guide, name)
