"""PDFs laid out as GOV.UK prints guidance: the structure is read back from the page."""
from __future__ import annotations

import pytest

from app.library.importers import import_file
from app.library.importers import pdf as pdf_importer
from app.library.parsed import ImportCancelled, ImportRefused
from tests.fixtures.library_docs import TITLE, sample, truncated, write_pdf, write_scan_pdf


def expected_paragraphs(doc):
    return [(i.number, i.text + (f" [{i.footnote}]" if i.footnote else "")) for i in doc.of_kind("paragraph")]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "records.pdf"
    doc = write_pdf(path)
    return doc, import_file(path)


@pytest.fixture(scope="module")
def no_outline(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "plain.pdf"
    doc = write_pdf(path, outline=False, labels=False)
    return doc, import_file(path)


@pytest.mark.parametrize("which", ["printed", "no_outline"])
def test_headings_come_from_the_outline_or_else_from_font_sizes(request, which):
    doc, parsed = request.getfixturevalue(which)
    headings = [(b.text, b.level, b.number) for b in parsed.blocks if b.kind == "heading" and b.page != "ii"
                and b.text != "Contents"]
    assert headings == [(i.text, i.level, i.number) for i in doc.of_kind("heading")]


@pytest.mark.parametrize("which", ["printed", "no_outline"])
def test_numbered_paragraphs_lists_tables_and_footnotes(request, which):
    doc, parsed = request.getfixturevalue(which)
    blocks = parsed.blocks
    assert [(b.number, b.text) for b in blocks if b.kind == "paragraph" and b.number] == expected_paragraphs(doc)
    assert [(b.number, b.text) for b in blocks if b.kind == "list_item"] == [
        ("" if i.kind == "bullet" else i.number, i.text) for i in doc.items if i.kind in ("bullet", "step")]
    assert [b.rows for b in blocks if b.kind == "table"] == [i.rows for i in doc.of_kind("table")]
    assert [(b.number, b.text) for b in blocks if b.kind == "footnote"] == [
        (str(n), text) for n, text in enumerate(doc.footnotes, start=1)]


def test_page_numbers_are_the_printed_labels(printed, no_outline):
    doc, parsed = printed
    assert parsed.pages == len(doc.page_labels)
    assert parsed.blocks[0].page == "i"  # the cover
    chapter_one = next(b for b in parsed.blocks if b.kind == "heading")
    assert chapter_one.page == "1" and doc.page_labels.index("1") == 2
    pages = [doc.page_labels.index(b.page) for b in parsed.blocks if b.kind != "footnote"]
    assert pages == sorted(pages) and pages[-1] == len(doc.page_labels) - 1
    # a paragraph cut by a page break is one paragraph, on the page where it starts
    _, unlabelled = no_outline
    assert next(b for b in unlabelled.blocks if b.kind == "heading" and b.level == 1).page == "3"


def test_running_page_numbers_are_not_text(printed):
    _, parsed = printed
    assert not [b for b in parsed.blocks if b.text.strip().isdigit()]


def test_title_date_and_licence(printed, no_outline):
    doc, parsed = printed
    assert (parsed.title, parsed.date, parsed.format) == (TITLE, "March 2026", "pdf")
    assert doc.licence in parsed.licence
    _, plain = no_outline
    assert plain.title == TITLE


def test_title_from_the_cover_when_the_metadata_has_none(tmp_path):
    path = tmp_path / "x.pdf"
    write_pdf(path, sample(chapters=2), metadata=False)
    assert import_file(path).title == TITLE


def test_progress_per_page_and_cancel(tmp_path):
    path = tmp_path / "doc.pdf"
    doc = write_pdf(path)
    seen = []
    import_file(path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(doc.page_labels), len(doc.page_labels)) and len(seen) > len(doc.page_labels)
    asked = []

    def cancel_on_the_fourth_page() -> bool:
        asked.append(1)
        return len(asked) > 4

    with pytest.raises(ImportCancelled):
        import_file(path, cancelled=cancel_on_the_fourth_page)
    assert len(asked) == 5


def test_a_pdf_with_only_a_restriction_password_is_read(tmp_path):
    path = tmp_path / "restricted.pdf"
    write_pdf(path, sample(chapters=1), owner_password="owner")
    assert import_file(path).title == TITLE


def refusal(path):
    with pytest.raises(ImportRefused) as error:
        import_file(path)
    return str(error.value)


def test_a_password_protected_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    write_pdf(path, sample(chapters=1), user_password="secret")
    assert refusal(path) == "This PDF is password-protected; open it, save an unprotected copy and add that."


def test_a_scanned_pdf(tmp_path):
    assert refusal(write_scan_pdf(tmp_path / "scan.pdf")) == "This PDF has no text to read; it may be a scan."


def test_a_truncated_or_corrupt_pdf(tmp_path):
    whole = tmp_path / "whole.pdf"
    write_pdf(whole, sample(chapters=1))
    assert "incomplete" in refusal(truncated(whole, tmp_path / "cut.pdf"))
    data = bytearray(whole.read_bytes())
    data[200:-2000] = b"\0" * len(data[200:-2000])
    (tmp_path / "zeroed.pdf").write_bytes(bytes(data))
    message = refusal(tmp_path / "zeroed.pdf")
    assert "damaged" in message or "no text" in message


def test_too_many_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_importer, "MAX_PAGES", 3)
    path = tmp_path / "long.pdf"
    write_pdf(path, sample(chapters=2))
    assert refusal(path) == "This PDF has 7 pages, more than the 3 the app reads."


def test_a_raised_footnote_number_reads_as_a_reference_not_as_part_of_the_text():
    from app.library.importers.pdf import Run, _group

    runs = [Run("The plan is agreed on the same day.", 94, 700, 11, False), Run("12", 290, 704, 7, False),
            Run("It is kept.", 300, 700, 11, False)]
    assert [line.text for line in _group(runs, 0)] == ["The plan is agreed on the same day. [12] It is kept."]
