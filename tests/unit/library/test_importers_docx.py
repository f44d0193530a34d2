"""Word documents: Heading styles, Word's own numbering, tables and footnotes come through as text."""
from __future__ import annotations

import pytest

from app.library.importers import import_file
from app.library.parsed import ImportCancelled
from tests.fixtures.library_docs import HIDDEN, PUBLISHED, TITLE, sample, write_docx


def expected_paragraphs(doc):
    return [(i.number, i.text + (f" [{i.footnote}]" if i.footnote else "")) for i in doc.of_kind("paragraph")]


@pytest.mark.parametrize("auto_numbers", [False, True], ids=["typed numbers", "Word numbering"])
def test_headings_numbered_paragraphs_lists_tables_footnotes(tmp_path, auto_numbers):
    path = tmp_path / "records.docx"
    doc = write_docx(path, auto_numbers=auto_numbers)
    blocks = import_file(path).blocks
    assert [(b.text, b.level, b.number) for b in blocks if b.kind == "heading"] == [
        (i.text, i.level, i.number) for i in doc.of_kind("heading")]
    assert [(b.number, b.text) for b in blocks if b.kind == "paragraph" and b.number] == expected_paragraphs(doc)
    assert [(b.number, b.text) for b in blocks if b.kind == "list_item"] == [
        ("" if i.kind == "bullet" else i.number, i.text) for i in doc.items if i.kind in ("bullet", "step")]
    assert [b.rows for b in blocks if b.kind == "table"] == [i.rows for i in doc.of_kind("table")]
    assert [(b.number, b.text) for b in blocks if b.kind == "footnote"] == [
        (str(n), text) for n, text in enumerate(doc.footnotes, start=1)]


def test_title_date_and_licence(tmp_path):
    path = tmp_path / "records.docx"
    doc = write_docx(path)
    parsed = import_file(path)
    assert (parsed.title, parsed.date, parsed.format, parsed.licence) == (TITLE, PUBLISHED, "docx", doc.licence)
    assert TITLE not in [b.text for b in parsed.blocks]  # the Title paragraph is the title, not a heading


def test_deleted_changes_and_field_codes_are_not_text(tmp_path):
    path = tmp_path / "tracked.docx"
    write_docx(path, hostile=True)
    parsed = import_file(path)
    assert not [b for b in parsed.blocks if HIDDEN in b.text or "example.invalid" in b.text]


def test_progress_and_cancel(tmp_path):
    path = tmp_path / "records.docx"
    write_docx(path, sample(chapters=6))
    seen = []
    import_file(path, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 3 and seen == sorted(seen)
    with pytest.raises(ImportCancelled):
        import_file(path, cancelled=lambda: bool(seen.append((0, 0))) or len(seen) > 8)


def test_a_truncated_or_damaged_word_document(tmp_path):
    from app.library.parsed import ImportRefused
    from tests.fixtures.library_docs import truncated, zip_of

    whole = tmp_path / "whole.docx"
    write_docx(whole, sample(chapters=1))
    with pytest.raises(ImportRefused, match="damaged or incomplete"):
        import_file(truncated(whole, tmp_path / "cut.docx"))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(zip_of({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}))
    with pytest.raises(ImportRefused, match="^This Word document is damaged or incomplete"):
        import_file(broken)
