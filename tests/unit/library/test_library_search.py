"""One index over the guide and every document: which document a hit is in, a filter, the
citation of the paragraph it lands on, and documents added or removed without a rebuild."""
from __future__ import annotations

import pytest

from app.search import IndexManager, Searcher


@pytest.fixture
def manager(fixture_guide, library, tmp_path):
    m = IndexManager(fixture_guide, tmp_path / "index", library=library)
    yield m
    m.close()


def test_hit_in_a_document_says_which_and_cites_its_printed_paragraph(add, manager, fixture_guide):
    doc = add(marker="zanzibarite")
    response = Searcher(fixture_guide, manager).search("zanzibarite")
    section, piece = next((s, p) for s in doc.sections for p in s.pieces if "zanzibarite" in p.text)
    top = response.results[0]
    assert top.document == doc.id
    assert top.section_id == section.id == doc.sections[-1].id
    assert top.anchor == piece.anchor == f"p-{piece.number}"  # the paragraph, not just the chapter
    assert top.citation == f"Sample Safeguarding Handbook 2026, chapter 4, paragraph {piece.number}"
    assert "zanzibarite" in top.highlight_terms


def test_filter_to_the_guide_or_one_document(add, manager, fixture_guide):
    first = add(seed=1)
    second = add(title="Another Handbook 2025", seed=2)
    searcher = Searcher(fixture_guide, manager)
    everywhere = {r.document for r in searcher.search("social worker", limit=50).results}
    assert {first.id, second.id} <= everywhere
    assert {r.document for r in searcher.search("social worker", limit=50, document=second.id).results} == {second.id}
    guide_only = searcher.search("strategy", limit=50, document="guide").results
    assert guide_only and {r.document for r in guide_only} == {"guide"}
    assert all(not r.citation for r in guide_only)


def test_documents_are_added_and_removed_without_rebuilding(add, library, manager, fixture_guide, monkeypatch):
    from app.search import index as index_module

    manager.ensure()
    assert manager.source == "built"

    def no_rebuild(*_a, **_k):
        raise AssertionError("the whole index was built again")
    monkeypatch.setattr(index_module, "build_index", no_rebuild)
    searcher = Searcher(fixture_guide, manager)
    doc = add(marker="quokkaword")
    assert searcher.search("quokkaword").results[0].document == doc.id
    library.store.remove(doc.id)
    assert searcher.search("quokkaword").total == 0
    again = IndexManager(fixture_guide, manager.cache_dir, library=library)
    again.ensure()
    assert again.source == "cache"  # the key covers the library's contents
    again.close()


def test_a_prebuilt_guide_index_is_not_used_once_documents_are_added(add, library, fixture_guide, tmp_path):
    prebuilt = IndexManager(fixture_guide, tmp_path / "prebuilt")
    prebuilt.ensure()
    prebuilt.close()
    add(marker="wombatish")
    manager = IndexManager(fixture_guide, tmp_path / "cache", tmp_path / "prebuilt", library=library)
    assert Searcher(fixture_guide, manager).search("wombatish").total == 1
    assert manager.source == "built"
    manager.close()
