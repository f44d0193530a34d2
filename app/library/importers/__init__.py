"""One module per format (pdf, html, docx, epub), each turning a file into a ParsedDocument.

`import_file` picks the importer from the file's contents (not its name) and enforces the
limits every format shares (size, archive expansion, time). Every file is untrusted: nothing is
fetched, run or kept as markup, and anything an importer's library raises on a damaged file
becomes one sentence (`ImportRefused`).

What every importer hands over, the same for each format:
- a heading's text is as printed, number included ("Chapter 3: Providing help", "3.2 Assessment");
  Block.number holds the number alone ("3", "3.2", "A" for an annex);
- a numbered paragraph's text is without its number ("142. Local…" -> number "142", text "Local…");
- a list item's number is its marker as shown ("a.", "(ii)", "3."), empty for a bullet; level is depth;
- a footnote reference stays in the text where it was ("[footnote 1]" in GOV.UK HTML, "[1]"
  elsewhere); the footnotes themselves are "footnote" blocks numbered as printed, where the file
  keeps them (a GOV.UK page and a Word document: at the end; an EPUB: at the end of each part),
  and for a PDF after the chapter whose pages carry them;
- Block.page is set for PDFs only: the printed page label ("iv", "42").
"""
from __future__ import annotations

import hashlib
import importlib
import io
import logging
import os
import zipfile
from pathlib import Path

from app.library.importers._common import MAX_FILE_BYTES, MB, Job, check_zip
from app.library.parsed import Cancelled, ImportRefused, ParsedDocument, Progress

__all__ = ["import_file", "sniff", "FORMATS"]

log = logging.getLogger(__name__)

READY = ("html", "pdf", "docx", "epub")  # every format has its importer  # the formats whose importer is written
FORMATS = {"pdf": "a PDF", "html": "a web page", "docx": "a Word document", "epub": "an EPUB book"}
_EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
               ".docx": "docx", ".epub": "epub"}
_DAMAGED = {
    "pdf": "This PDF is damaged or incomplete and cannot be read; try downloading it again.",
    "html": "This web page is damaged and cannot be read; try saving it again.",
    "docx": "This Word document is damaged or incomplete and cannot be read; try saving it again.",
    "epub": "This EPUB book is damaged or incomplete and cannot be read; try downloading it again.",
}
_NOT_A_DOCUMENT = ("This file is not a PDF, a saved web page, a Word document (.docx) or an EPUB book, "
                   "so it cannot be added.")


def import_file(path: str | os.PathLike[str], progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> ParsedDocument:
    """Read one file into a ParsedDocument, or raise ImportRefused with a sentence for the user."""
    path = Path(path)
    data = read_limited(path)
    kind = sniff(data, path.suffix)
    if kind not in READY:
        raise ImportRefused(f"This version of the app cannot add {FORMATS[kind]} yet.")
    job = Job(progress, cancelled)
    job.step(0, 1)
    parser = importlib.import_module(f"app.library.importers.{kind}")
    try:
        parsed: ParsedDocument = parser.parse(data, path.stem, job)
    except ImportRefused:
        raise
    except Exception as error:  # a parser meeting a damaged file can raise almost anything
        log.warning("could not read %s as %s", path.name, kind, exc_info=True)
        raise ImportRefused(_DAMAGED[kind]) from error
    if not any(block.text for block in parsed.blocks):
        raise ImportRefused(f"This file has no text to read ({FORMATS[kind]} with nothing in it).")
    return parsed._replace(format=kind, source_file=path.name, sha256=hashlib.sha256(data).hexdigest())


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing one over the size limit without reading it (whatever it reports)."""
    too_big = (f"This file is larger than {MAX_FILE_BYTES // MB} MB, more than any document the app "
               "reads, so it was not added.")
    try:
        if path.is_dir():
            raise ImportRefused("This is a folder; add the document file inside it (for a saved web page, "
                                "the .html file beside its folder).")
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_FILE_BYTES:
                raise ImportRefused(too_big)
            data = file.read(MAX_FILE_BYTES + 1)  # a size that lies (a pipe, a growing file) is still capped
    except FileNotFoundError:
        raise ImportRefused("This file could not be found; it may have been moved or deleted.") from None
    except PermissionError:
        raise ImportRefused("The app is not allowed to read this file.") from None
    except OSError as error:
        raise ImportRefused(f"This file could not be read ({error.strerror or error}).") from None
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(too_big)
    if not data.strip():
        raise ImportRefused("This file is empty.")
    return data


def sniff(data: bytes, suffix: str = "") -> str:
    """The format the bytes are ("pdf", "html", "docx", "epub"), checked against the file's name."""
    kind = _format_of(data)
    named = _EXTENSIONS.get(suffix.lower())
    if named and kind != named:
        raise ImportRefused(f"This file is called {suffix.lower()} but is not {FORMATS[named]}"
                            + (f"; it is {FORMATS[kind]} (rename it to .{kind} and add it again)." if kind else "."))
    if not kind:
        raise ImportRefused(_NOT_A_DOCUMENT)
    return kind


def _format_of(data: bytes) -> str:
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportRefused("This is an older Word .doc file or a password-protected Office file; open it in "
                            "Word, save an unprotected copy as .docx and add that.")
    if head.startswith(b"{\\rtf"):
        raise ImportRefused("This is a Rich Text (.rtf) file; open it in Word, save it as .docx and add that.")
    lower = head.lower()
    if b"multipart/related" in lower and (b"mime-version" in lower or lower.startswith(b"from:")):
        raise ImportRefused("This is a web archive (.mhtml); in the browser use Save Page As with "
                            "\u201cWebpage, Complete\u201d or \u201cHTML only\u201d, and add that.")
    text = lower.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if b"\x00" in lower:  # UTF-16 pages: look at them without the zero bytes
        text = lower.replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if text.startswith(b"<") and any(tag in text for tag in (b"<html", b"<!doctype html", b"<body", b"<head",
                                                                b"<title", b"<h1", b"<p>", b"<div")):
        return "html"
    return ""


def _zip_format(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportRefused("This file is a damaged or incomplete archive and cannot be read.") from None
    for kind, found in (("epub", "META-INF/container.xml" in names or data[30:58] == b"mimetypeapplication/epub+zip"),
                        ("docx", "word/document.xml" in names)):
        if found:
            check_zip(archive, FORMATS[kind].split(" ", 1)[1])  # before any library opens it
            return kind
    if any(name.startswith("xl/") for name in names):
        raise ImportRefused("This is an Excel workbook, not a document the app can read.")
    if any(name.startswith("ppt/") for name in names):
        raise ImportRefused("This is a PowerPoint file; save it as PDF and add that.")
    if "content.xml" in names:
        raise ImportRefused("This is an OpenDocument file; save it as .docx or PDF and add that.")
    raise ImportRefused("This is a zip archive, not a document; unzip it and add the document inside.")
