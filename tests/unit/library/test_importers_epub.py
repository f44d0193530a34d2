"""EPUB books: read in spine order, headings from the chapters or their table of contents."""
from __future__ import annotations

import pytest

from app.library.importers import import_file
from app.library.parsed import ImportCancelled, ImportRefused
from tests.fixtures.library_docs import HIDDEN, PUBLISHED, TITLE, sample, truncated, write_epub, zip_of


def test_chapters_in_reading_order_with_numbers_lists_tables_and_footnotes(tmp_path):
    path = tmp_path / "records.epub"
    doc = write_epub(path)
    blocks = import_file(path).blocks
    # the last chapter's file has no heading: its title comes from the table of contents
    assert [(b.text, b.level, b.number) for b in blocks if b.kind == "heading"] == [
        (i.text, i.level, i.number) for i in doc.of_kind("heading")]
    assert [(b.number, b.text) for b in blocks if b.kind == "paragraph" and b.number] == [
        (i.number, i.text + (f"[footnote {i.footnote}]" if i.footnote else "")) for i in doc.of_kind("paragraph")]
    assert [(b.number, b.text) for b in blocks if b.kind == "list_item"] == [
        (i.number, i.text) for i in doc.items if i.kind in ("bullet", "step")]
    assert [b.rows for b in blocks if b.kind == "table"] == [i.rows for i in doc.of_kind("table")]
    assert [(b.number, b.text) for b in blocks if b.kind == "footnote"] == [
        (str(n), text) for n, text in enumerate(doc.footnotes, start=1)]


def test_title_date_licence_and_nothing_hostile(tmp_path):
    path = tmp_path / "records.epub"
    doc = write_epub(path, hostile=True)
    parsed = import_file(path)
    assert (parsed.title, parsed.date, parsed.format, parsed.licence) == (TITLE, PUBLISHED, "epub", doc.licence)
    assert not [b for b in parsed.blocks if HIDDEN in b.text or "example.invalid" in b.text]


def test_progress_per_part_and_cancel(tmp_path):
    path = tmp_path / "records.epub"
    write_epub(path, sample(chapters=5))
    seen = []
    import_file(path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6) and seen == sorted(seen)
    with pytest.raises(ImportCancelled):
        import_file(path, cancelled=lambda: bool(seen.append((0, 0))) or len(seen) > 9)


def test_damaged_books(tmp_path):
    whole = tmp_path / "whole.epub"
    write_epub(whole, sample(chapters=1))
    for name, data in [("cut.epub", truncated(whole, tmp_path / "cut.epub").read_bytes()),
                       ("empty.epub", zip_of({"mimetype": b"application/epub+zip",
                                              "META-INF/container.xml": b"<container/>"})),
                       ("nospine.epub", zip_of({"mimetype": b"application/epub+zip",
                                                "META-INF/container.xml": b'<container><rootfiles><rootfile '
                                                b'full-path="a.opf"/></rootfiles></container>',
                                                "a.opf": b"<package><manifest/><spine/></package>"}))]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImportRefused) as error:
            import_file(tmp_path / name)
        assert "EPUB" in str(error.value) or "archive" in str(error.value)


def test_entities_in_the_package_file_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENTS")
    opf = (f'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY leak SYSTEM "file://{secret}">'
           '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           '<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:title>Book &leak; &b;</dc:title></metadata><manifest><item id="c" href="c.xhtml" '
           'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>')
    path = tmp_path / "xxe.epub"
    path.write_bytes(zip_of({"mimetype": b"application/epub+zip",
                             "META-INF/container.xml": b'<container><rootfiles><rootfile full-path="p.opf"/>'
                                                       b'</rootfiles></container>',
                             "p.opf": opf.encode(), "c.xhtml": b"<html><body><p>Words.</p></body></html>"}))
    parsed = import_file(path)
    assert "SECRET" not in parsed.title and "aaaa" not in parsed.title
