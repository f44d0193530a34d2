"""A library over the fixture guide in the test's own data folder, and a way to add made-up
documents to it without the importers (an importer stand-in returns a ParsedDocument)."""
from __future__ import annotations

import pytest

from app.library import adding
from app.library.library import Library
from app.library.sample import sample_parsed
from app.library.storage import LibraryStore


def importer_of(parsed):
    def importer(path, progress=None, cancelled=None):
        if progress:
            progress(1, 1)
        return parsed
    return importer


@pytest.fixture
def library(fixture_guide, data_dir):
    return Library(fixture_guide, LibraryStore(data_dir / "library"))


@pytest.fixture
def add(library, tmp_path):
    """add(parsed=None, replace=None, **sample_parsed options) -> Document, through prepare/commit."""
    def add_document(parsed=None, replace=None, title="", **options):
        parsed = parsed or sample_parsed(**options)
        source = tmp_path / f"{parsed.sha256[:12]}.pdf"
        source.write_bytes(parsed.sha256.encode())
        prepared = adding.prepare(library, source, title=title, importer=importer_of(parsed))
        adding.commit(library, prepared, replace=replace)
        return library.document(prepared.document.id)
    return add_document
