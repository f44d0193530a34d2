"""Saved GOV.UK pages: the document's structure comes through as text; the page around it does not."""
from __future__ import annotations

import socket

import pytest

from app.library.importers import import_file
from app.library.parsed import ImportCancelled
from tests.fixtures.library_docs import HIDDEN, PUBLISHED, TITLE, sample, write_html


def expected_paragraphs(doc):
    return [(item.number, item.text + (f"[footnote {item.footnote}]" if item.footnote else ""))
            for item in doc.of_kind("paragraph")]


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "Keeping records.html"
    return path, write_html(path)


def test_chapters_and_headings_keep_their_levels_and_numbers(page):
    path, doc = page
    parsed = import_file(path)
    headings = [(b.text, b.level, b.number) for b in parsed.blocks if b.kind == "heading"]
    assert headings == [(i.text, i.level, i.number) for i in doc.of_kind("heading")]
    assert headings[0][2] == "1"  # "Chapter 1: ..." is chapter 1


def test_numbered_paragraphs_keep_the_number_as_printed(page):
    path, doc = page
    parsed = import_file(path)
    paragraphs = [(b.number, b.text) for b in parsed.blocks if b.kind == "paragraph" and b.number]
    assert paragraphs == expected_paragraphs(doc)


def test_lists_tables_and_footnotes(page):
    path, doc = page
    blocks = import_file(path).blocks
    items = [(b.number, b.text) for b in blocks if b.kind == "list_item"]
    assert items == [(i.number, i.text) for i in doc.items if i.kind in ("bullet", "step")]
    assert [b.rows for b in blocks if b.kind == "table"] == [i.rows for i in doc.of_kind("table")]
    notes = [(b.number, b.text) for b in blocks if b.kind == "footnote"]
    assert notes == [(str(n), text) for n, text in enumerate(doc.footnotes, start=1)]


def test_title_date_licence_and_file_details(page):
    path, doc = page
    parsed = import_file(path)
    assert (parsed.title, parsed.date, parsed.format) == (TITLE, PUBLISHED, "html")
    assert parsed.licence == doc.licence
    assert parsed.source_file == "Keeping records.html"
    import hashlib
    assert parsed.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_page_furniture_scripts_frames_forms_and_remote_images_leave_no_text(tmp_path):
    path = tmp_path / "page.html"
    write_html(path, hostile=True, folder=True)
    parsed = import_file(path)
    everything = " ".join([parsed.title, parsed.date, parsed.licence] + [b.text for b in parsed.blocks])
    assert HIDDEN not in everything
    assert "javascript" not in everything and "example.invalid" not in everything
    assert "Read the contact page for help." in [b.text for b in parsed.blocks]  # a link's words stay


def test_the_saved_files_folder_changes_nothing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_html(tmp_path / "a" / "page.html", folder=True)
    write_html(tmp_path / "b" / "page.html", folder=False)
    assert import_file(tmp_path / "a" / "page.html").blocks == import_file(tmp_path / "b" / "page.html").blocks


def test_nothing_is_fetched_for_doctype_entities_images_or_scripts(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    path = tmp_path / "page.html"
    path.write_text(
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{url}/x.dtd" [<!ENTITY e SYSTEM "{url}/e">]>'
        f'<html><head><title>T</title><link rel="stylesheet" href="{url}/s.css"><script src="{url}/s.js"></script>'
        f'<base href="{url}/"></head><body><h1>T</h1><p>Text &e; here.</p><img src="{url}/i.png">'
        f'<iframe src="{url}/f"></iframe></body></html>', encoding="utf-8")
    parsed = import_file(path)
    assert any(b.text.startswith("Text") for b in parsed.blocks)
    with pytest.raises(socket.timeout):
        server.accept()
    server.close()


def test_a_plain_page_without_govuk_markup(tmp_path):
    path = tmp_path / "procedures.htm"
    path.write_bytes("<html><head><meta charset='windows-1252'><title>Local procedures</title></head><body>"
                     "<nav>Home</nav><h1>Local procedures</h1><h2>1. Referrals</h2><p>Caf\xe9 staff call the "
                     "front door.</p><h3>1.1 Out of hours</h3><p>Ring the duty team.</p></body></html>"
                     .encode("cp1252"))
    parsed = import_file(path)
    assert parsed.title == "Local procedures"
    assert [(b.kind, b.level, b.number, b.text) for b in parsed.blocks] == [
        ("heading", 1, "1", "1. Referrals"), ("paragraph", 0, "", "Café staff call the front door."),
        ("heading", 2, "1.1", "1.1 Out of hours"), ("paragraph", 0, "", "Ring the duty team.")]


def test_undeclared_windows_text_is_not_mangled(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes("<html><body><p>\u201cQuoted\u201d \u2013 caf\xe9</p></body></html>".encode("cp1252"))
    assert import_file(path).blocks[0].text == "\u201cQuoted\u201d \u2013 café"


def test_progress_is_reported_and_cancel_stops_the_import(tmp_path):
    path = tmp_path / "big.html"
    write_html(path, sample(chapters=6))
    seen = []
    import_file(path, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 10 and seen[-1][0] == seen[-1][1] and seen == sorted(seen)
    calls = []
    with pytest.raises(ImportCancelled):
        import_file(path, progress=lambda done, total: calls.append(done), cancelled=lambda: len(calls) >= 3)
    assert len(calls) == 3


def test_a_paragraph_opening_with_a_date_or_a_count_keeps_its_words(tmp_path):
    path = tmp_path / "dates.html"
    path.write_text("<html><body><h1>Dates</h1><p>1 The first point.</p><p>2 The second point.</p>"
                    "<p>15 March Is the day the plan starts.</p><p>3 children were seen.</p>"
                    "<p>3.1 The third point has parts.</p><p>3 The third point.</p></body></html>")
    blocks = [(b.number, b.text) for b in import_file(path).blocks]
    assert blocks == [("1", "The first point."), ("2", "The second point."),
                      ("", "15 March Is the day the plan starts."), ("", "3 children were seen."),
                      ("3.1", "The third point has parts."), ("3", "The third point.")]


def test_govuk_variants_numbered_headings_callouts_and_a_metadata_list(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><title>A guide - GOV.UK</title></head><body><main>'
        '<h1 class="gem-c-heading__text">A guide</h1><span class="govuk-caption-xl">Statutory guidance</span>'
        '<dl class="gem-c-metadata__list"><dt>Published</dt><dd>15 May 2026</dd>'
        '<dt>Last updated</dt><dd>2 June 2026</dd></dl>'
        '<div class="gem-c-govspeak govuk-govspeak"><h2 id="introduction"><span class="number">1. </span>'
        'Introduction</h2><div role="note" class="application-notice info-notice"><p>A note we wrote.</p></div>'
        '<p>1. The <abbr title="designated safeguarding lead">DSL</abbr> keeps the record.</p>'
        '<div class="call-to-action"><p>Ask for help early.</p></div></div></main></body></html>')
    parsed = import_file(path)
    assert (parsed.title, parsed.date, parsed.version) == ("A guide", "15 May 2026", "Updated 2 June 2026")
    assert [(b.kind, b.number, b.text) for b in parsed.blocks] == [
        ("heading", "1", "1. Introduction"), ("paragraph", "", "A note we wrote."),
        ("paragraph", "1", "The DSL keeps the record."), ("paragraph", "", "Ask for help early.")]
