"""Files the importers will not read: each is refused with one sentence, and nothing else is raised."""
from __future__ import annotations

import pathlib
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app.library.importers as importers
from app.library.importers import import_file
from app.library.parsed import ImportRefused
from tests.fixtures.library_docs import docx_bomb, random_bytes, sparse_file, write_html, zip_bomb, zip_of


def refusal(path) -> str:
    with pytest.raises(ImportRefused) as error:
        import_file(path)
    message = str(error.value)
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    return message


def test_a_500_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = sparse_file(tmp_path / "huge.pdf")
    read = []
    real_open = pathlib.Path.open

    def spying_open(self, *args, **kwargs):
        file = real_open(self, *args, **kwargs)
        real_read = file.read
        file.read = lambda *a: read.append(a) or real_read(*a)
        return file

    monkeypatch.setattr(pathlib.Path, "open", spying_open, raising=True)
    assert "larger than 200 MB" in refusal(path)
    assert read == []


def test_a_file_that_reports_a_small_size_is_still_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<p>words</p>" * 200 + "</body></html>")
    real_fstat = importers.os.fstat
    monkeypatch.setattr(importers.os, "fstat", lambda fd: type("S", (), {"st_size": 10})() if fd else real_fstat(fd))
    assert "larger than" in refusal(path)


def test_contents_other_than_the_name_says(tmp_path):
    html_named_pdf = tmp_path / "report.pdf"
    write_html(html_named_pdf)
    assert refusal(html_named_pdf).startswith("This file is called .pdf but is not a PDF; it is a web page")
    noise = tmp_path / "report2.pdf"
    noise.write_bytes(random_bytes(1))
    assert refusal(noise) == "This file is called .pdf but is not a PDF."
    renamed = tmp_path / "notes.docx"
    renamed.write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert refusal(renamed).startswith("This file is called .docx but is not a Word document")


@pytest.mark.parametrize("name, data, words", [
    ("empty.pdf", b"", "empty"),
    ("blank.html", b"   \n", "empty"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".docx"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    ("letter.rtf", b"{\\rtf1\\ansi hello}", "Rich Text"),
    ("page.mhtml", b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;", "web archive"),
    ("sheet.xlsx", zip_of({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}), "Excel"),
    ("things.zip", zip_of({"a.txt": b"hello"}), "unzip it"),
    ("broken.docx", b"PK\x03\x04" + b"\0" * 100, "damaged"),
    ("noise.bin", random_bytes(2), "not a PDF, a saved web page"),
])
def test_files_that_are_not_documents_we_read(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    assert words in refusal(path)


def test_a_folder_or_a_missing_file(tmp_path):
    assert "folder" in refusal(tmp_path)
    assert "could not be found" in refusal(tmp_path / "gone.pdf")


def test_a_docx_zip_bomb_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    path = docx_bomb(tmp_path / "bomb.docx")
    assert path.stat().st_size < 2 * 1024 * 1024
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or pytest.fail("member read"))
    assert "zip bomb" in refusal(path)


def test_an_archive_expanding_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    from app.library.importers import _common

    monkeypatch.setattr(_common, "MAX_ZIP_TOTAL", 1000)
    path = tmp_path / "book.epub"
    path.write_bytes(zip_of({"mimetype": b"application/epub+zip", "META-INF/container.xml": b"x" * 2000}))
    assert "zip bomb" in refusal(path)


def test_a_bomb_member_that_lies_about_its_size_yields_no_more_than_it_says(tmp_path):
    from app.library.importers._common import read_member

    path = zip_bomb(tmp_path / "x.zip", member="big", size=8 * 1024 * 1024)
    with zipfile.ZipFile(path) as archive:
        with pytest.raises(ImportRefused):
            read_member(archive, "big", limit=1024 * 1024)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(["", ".pdf", ".html", ".docx", ".epub", ".txt"]))
def test_random_bytes_are_refused_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        import_file(path)
    except ImportRefused as error:
        assert str(error).endswith(".")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), prefix=st.sampled_from([b"%PDF-1.7\n", b"<!DOCTYPE html><html><body>",
                                                                  b"PK\x03\x04"]))
def test_random_bytes_behind_a_real_signature_are_refused_never_crash(tmp_path, data, prefix):
    path = tmp_path / "random"
    path.write_bytes(prefix + data)
    try:
        import_file(path)
    except ImportRefused as error:
        assert str(error).endswith(".")


@pytest.fixture(scope="module")
def real_files(tmp_path_factory):
    from tests.fixtures.library_docs import sample, write_docx, write_epub, write_pdf

    folder = tmp_path_factory.mktemp("real")
    doc = sample(chapters=1, paragraphs=2)
    makers = {"pdf": write_pdf, "html": write_html, "docx": write_docx, "epub": write_epub}
    files = {}
    for kind, make in makers.items():
        make(folder / f"doc.{kind}", doc)
        files[kind] = (folder / f"doc.{kind}").read_bytes()
    return files


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["pdf", "html", "docx", "epub"]), seed=st.integers(0, 2**32 - 1),
       flips=st.integers(1, 40), cut=st.floats(0.05, 1.0))
def test_damaged_real_files_are_read_or_refused_never_crash(tmp_path, real_files, kind, seed, flips, cut):
    import random

    rng = random.Random(seed)
    data = bytearray(real_files[kind])
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path = tmp_path / f"damaged.{kind}"
    path.write_bytes(bytes(data[: max(1, int(len(data) * cut))]))
    try:
        import_file(path)
    except ImportRefused as error:
        assert str(error).endswith(".")


def test_a_file_that_takes_too_long_is_refused():
    from app.library.importers._common import Job

    now = [0.0]
    job = Job(None, None, seconds=10, clock=lambda: now[0])
    job.step(1, 3)
    now[0] = 11.0
    with pytest.raises(ImportRefused, match="took too long"):
        job.step(2, 3)
