"""The library layer: documents split into chapters with their printed numbers, stored whole or
not at all, looked up by one key beside the guide, cited the way practitioners cite."""
from __future__ import annotations

import json
import os

import pytest

from app.library import adding
from app.library.library import Library
from app.library.model import GUIDE_ID, document_of
from app.library.parsed import Block, ImportCancelled, ImportRefused, ParsedDocument
from app.library.sample import sample_parsed
from app.library.storage import LibraryStore
from tests.unit.library.conftest import importer_of


def parsed_with(blocks, title="A Test Guidance 2026", **kw) -> ParsedDocument:
    return ParsedDocument(title=title, format="html", blocks=tuple(blocks), source_file="test.html",
                          sha256=kw.pop("sha256", "ab" * 32), **kw)


def test_chapters_become_sections_with_printed_numbers(add):
    doc = add()
    start, *chapters = doc.sections
    assert start.id == f"{doc.id}~start" and start.title == doc.title
    assert [s.label for s in chapters] == ["chapter 1", "chapter 2", "chapter 3", "chapter 4"]
    numbers = [p.number for s in chapters for p in s.places if p.is_paragraph]
    assert numbers == [str(n) for n in range(1, 25)]  # kept as printed, in order
    first = chapters[0]
    assert first.places[0].anchor == "p-1" and first.places[0].text.startswith("1. ")
    assert any(p.level == 3 and p.anchor.startswith("h-recording-decisions") for p in first.places)
    assert all(document_of(s.id) == doc.id for s in doc.sections)


def test_title_heading_is_not_a_chapter_and_single_level_documents_split_at_it():
    from app.library.normalise import split_sections

    blocks = [Block("heading", "Whole title", level=1), Block("paragraph", "Intro."),
              Block("heading", "Part one: Who does what", level=2), Block("paragraph", "x", number="1"),
              Block("heading", "Annex B: Further reading", level=2), Block("paragraph", "y", number="2")]
    sections = split_sections("d", "Whole title", blocks)
    assert [s.label for s in sections[1:]] == ["part one", "annex B"]
    assert [s.id for s in sections] == ["d~start", "d~part-one", "d~annex-b"]
    flat = split_sections("d", "T", [Block("heading", "3. Providing help", level=1), Block("paragraph", "z")])
    assert flat[1].label == "chapter 3"


def test_a_long_chapter_is_cut_in_parts_at_headings_and_page_turns_and_cites_as_its_chapter(add, library):
    from app.library.normalise import PART_CHARS_HARD

    words = "The referral was discussed with the designated safeguarding lead the same day. " * 12
    blocks = [Block("heading", "Chapter 3: Providing help", level=1, page="40")]
    for n in range(1, 241):  # about 230,000 characters: some seventy printed pages
        if n % 40 == 0:
            blocks.append(Block("heading", f"Help in practice {n // 40}", level=2, page=str(40 + n // 4)))
        blocks.append(Block("paragraph", f"{n}: {words}", number=str(n), page=str(40 + n // 4)))
    doc = add(parsed_with(blocks, title="Working Together to Safeguard Children", date="December 2023"))
    chapter = doc.sections[1:]
    assert len(chapter) > 3
    numbers = [p.number for s in chapter for p in s.pieces if p.kind == "paragraph"]
    assert numbers == [str(n) for n in range(1, 241)], "every paragraph once, in order"
    assert all(sum(len(p.text) for p in s.pieces) <= PART_CHARS_HARD for s in chapter)
    assert chapter[0].title == "Chapter 3: Providing help"
    later = chapter[1:]
    assert all(s.title.startswith("Chapter 3: Providing help › Help in practice")
               or s.title.startswith("Chapter 3: Providing help, from page ") for s in later)
    assert any(s.pieces[0].kind == "heading" for s in later), "cut at a heading where there is one"
    part, = [s for s in chapter if any(p.number == "200" for p in s.places)]
    assert part is not chapter[0]
    assert library.citation(part.id, "p-200") == "Working Together to Safeguard Children 2023, chapter 3, paragraph 200"


def test_a_file_with_no_headings_is_read_in_parts_from_its_pages():
    from app.library.normalise import split_sections

    text = "A paragraph of a local procedure with no headings at all, as scanned and read. " * 10
    blocks = [Block("paragraph", text, page=str(1 + n // 6)) for n in range(400)]
    sections = split_sections("d", "Local procedures", blocks)
    assert sections[0].id == "d~start" and sections[0].title == "Local procedures"
    assert len(sections) > 4
    assert [s.title for s in sections[1:3]] == [f"Local procedures, from page {s.pieces[0].page}" for s in sections[1:3]]
    assert all(s.pieces[0].page != prev.pieces[-1].page for prev, s in zip(sections, sections[1:]))
    assert sum(len(s.pieces) for s in sections) == 400


def test_page_shows_title_date_source_added_and_licence_and_keeps_numbers_and_pages(add, library):
    doc = add()
    first = library.page_html(doc.sections[0].id)
    for text in (doc.title, "March 2026", "sample-handbook.pdf", "Added to your library",
                 "Made-up text for testing"):
        assert text in first
    assert f'href="section:{doc.sections[1].id}"' in first  # the contents
    chapter = library.page_html(doc.sections[1].id)
    assert '<a name="p-1"></a><span class="para-number">1.</span>' in chapter
    assert "p. 2" in chapter and '<a name="page-3"></a>' in chapter
    assert "<th>Step</th>" in chapter and "<td>Within 45 working days</td>" in chapter
    assert "a) " in chapter and 'class="footnote"><sup>1</sup>' in chapter


def test_a_strangers_text_is_never_markup(add, library):
    evil = "<script>alert(1)</script><img src='http://example.com/x.png'>"
    doc = add(parsed_with([Block("heading", f"Chapter 1 {evil}", level=1),
                           Block("paragraph", f"Text {evil}", number="1"),
                           Block("table", evil, rows=((evil, "b"),))], title=f"Title {evil}"))
    for section in doc.sections:
        html = library.page_html(section.id)
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html


def test_citation_names_title_chapter_and_printed_paragraph(add, library):
    doc = add(parsed_with([Block("heading", "Chapter 3: Providing help, support and protection", level=1, page="40"),
                           Block("heading", "Early help", level=2, page="41"),
                           Block("paragraph", "Text.", number="142", page="42")],
                          title="Working Together to Safeguard Children", date="December 2023"))
    chapter = doc.sections[1]
    assert library.citation(chapter.id, "p-142") == \
        "Working Together to Safeguard Children 2023, chapter 3, paragraph 142"
    assert library.citation(chapter.id, "h-early-help") == \
        "Working Together to Safeguard Children 2023, chapter 3, “Early help”, p. 41"
    assert library.citation(chapter.id) == "Working Together to Safeguard Children 2023, chapter 3, p. 40"


def test_the_guide_is_one_document_among_others_with_its_ids_unchanged(add, library, fixture_guide):
    doc = add()
    infos = library.infos()
    assert [i.id for i in infos] == [GUIDE_ID, doc.id]
    sid = next(iter(fixture_guide.sections))
    assert library.section(sid) is fixture_guide.sections[sid]
    assert sid in library.sections and doc.sections[2].id in library.sections
    assert "nowhere~chapter-1" not in library.sections
    assert library.sections[doc.sections[2].id].title == doc.sections[2].title
    assert "Working Together Reader" in library.citation(sid)  # the guide's own citation


def test_a_file_already_in_the_library_is_refused_and_nothing_changes(add, library, tmp_path):
    add()
    before = (library.store.root / "library.json").read_bytes()
    with pytest.raises(ImportRefused, match="already in the library as “Sample Safeguarding Handbook 2026”"):
        add()
    assert (library.store.root / "library.json").read_bytes() == before


def test_same_file_bytes_are_recognised_before_reading_it(library, tmp_path):
    source = tmp_path / "copy.pdf"
    source.write_bytes(b"%PDF-1.7 the same bytes")
    parsed = sample_parsed()._replace(sha256=adding.file_sha256(source))
    adding.commit(library, adding.prepare(library, source, importer=importer_of(parsed)))

    def must_not_run(*_a, **_k):
        raise AssertionError("the importer ran for a file already in the library")
    with pytest.raises(ImportRefused, match="already in the library"):
        adding.prepare(library, source, importer=must_not_run)


def test_importer_refusal_and_cancel_leave_the_library_unchanged(library, tmp_path):
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF")

    def refuses(*_a, **_k):
        raise ImportRefused("This PDF has no text to read; it may be a scan.")
    with pytest.raises(ImportRefused, match="may be a scan"):
        adding.prepare(library, source, importer=refuses)
    with pytest.raises(ImportCancelled):
        adding.prepare(library, source, importer=importer_of(sample_parsed()), cancelled=lambda: True)
    assert library.documents() == []
    assert not (library.store.root / "library.json").exists()


def test_a_killed_write_leaves_no_half_document(library, tmp_path, monkeypatch):
    from app.library import storage

    source = tmp_path / "a.pdf"
    source.write_bytes(b"x")
    prepared = adding.prepare(library, source, importer=importer_of(sample_parsed()))
    real_replace = os.replace

    def dies_on_manifest(src, dst):
        if str(dst).endswith("library.json"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)
    monkeypatch.setattr(storage.os, "replace", dies_on_manifest)
    with pytest.raises(storage.StorageError, match="could not be saved"):
        adding.commit(library, prepared)
    monkeypatch.setattr(storage.os, "replace", real_replace)
    fresh = Library(library.guide, LibraryStore(library.store.root))
    assert fresh.documents() == []
    assert not (library.store.root / prepared.document.id).exists()


def test_orphan_folder_from_a_killed_import_is_not_a_document(library, add, monkeypatch):
    from app.library import storage

    orphan = library.store.root / "half-written"
    orphan.mkdir(parents=True)
    (orphan / "document.json").write_text("{", encoding="utf-8")
    assert library.documents() == []
    monkeypatch.setattr(storage, "ORPHAN_AGE_S", -1)
    add()
    assert not orphan.exists()


def test_documents_persist_and_load_lazily(add, library, fixture_guide):
    doc = add()
    again = Library(fixture_guide, LibraryStore(library.store.root))
    assert [i.title for i in again.documents()] == [doc.title]
    assert again.store._cache == {}  # listing reads the manifest only
    assert again.document(doc.id) == doc


def test_newer_copy_is_recognised_by_title_family(add, library, tmp_path):
    first = add(title="Keeping children safe in education 2026", seed=1)
    source = tmp_path / "kcsie-2027.pdf"
    source.write_bytes(b"new")
    parsed = sample_parsed("Keeping Children Safe in Education 2027 (draft)", seed=2)
    prepared = adding.prepare(library, source, importer=importer_of(parsed))
    assert [i.id for i in prepared.earlier] == [first.id]
    adding.commit(library, prepared, replace=first.id)
    assert [i.title for i in library.documents()] == ["Keeping Children Safe in Education 2027 (draft)"]
    assert library.removed() == {first.id: first.title}


def test_remove_keeps_bookmarks_marked_document_removed(add, library):
    from app.store import Status, locate, open_store

    doc = add()
    chapter = doc.sections[1]
    store = open_store()
    b = store.bookmarks.add(chapter.id, "p-1", section_title=chapter.title, heading_text=chapter.places[0].text)
    assert locate(b, library.sections).status is Status.OK
    library.store.remove(doc.id)
    assert store.bookmarks.get(b.id).note == ""  # still there
    where = locate(b, library.sections)
    assert where.status is Status.DOCUMENT_REMOVED and not where.openable
    store.close()


def test_manifest_written_as_json_with_the_listed_fields(add, library):
    doc = add()
    data = json.loads((library.store.root / "library.json").read_text(encoding="utf-8"))
    entry = data["documents"][0]
    assert entry["id"] == doc.id and entry["sections"] == 5 and entry["paragraphs"] == 25
    assert (library.store.root / doc.id / "document.json").exists()
