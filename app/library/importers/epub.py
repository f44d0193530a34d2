"""An EPUB book into plain-text blocks: zipfile and the HTML importer, no EPUB library needed.

The package file (found through META-INF/container.xml) gives the title, date, rights and the
spine, the order the book is read in; each spine document is read like a web page (nothing fetched,
no markup kept) and paragraph numbers run on across them. A part with no heading of its own gets
its title from the book's table of contents (EPUB 3 nav or EPUB 2 toc.ncx). The archive has been
checked against the zip-bomb limits before this runs, and every part is read with a size cap.
"""
from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from urllib.parse import unquote

from lxml import etree

from app.library.importers._common import Job, clean, heading_number, licence_line, read_member
from app.library.importers.html import BlockWriter, content_roots, page_tree, strip_furniture, top_heading
from app.library.parsed import Block, ImportRefused, ParsedDocument

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DOCUMENTS = ("application/xhtml+xml", "text/html")


def parse(data: bytes, stem: str, job: Job) -> ParsedDocument:
    archive = zipfile.ZipFile(io.BytesIO(data))
    opf_path = _package_path(archive)
    opf = _xml(read_member(archive, opf_path))
    base = posixpath.dirname(opf_path)
    manifest = {item.get("id"): item for item in _all(opf, "item")}
    spine = [manifest[ref.get("idref")] for ref in _all(opf, "itemref")
             if ref.get("idref") in manifest and manifest[ref.get("idref")].get("media-type") in _DOCUMENTS]
    if not spine:
        raise ImportRefused("This EPUB book has no pages to read.")
    title = _first_text(opf, "title")
    contents = _table_of_contents(archive, base, manifest.values())
    parts = []
    for item in spine:
        name = _resolve(base, item.get("href") or "")
        if name in archive.namelist():
            root = page_tree(read_member(archive, name))
            roots = content_roots(root)
            for element in roots:
                strip_furniture(element)
            parts.append((name, roots))
    writer = BlockWriter(job, title, top=top_heading([r for _, roots in parts for r in roots], title))
    for index, (name, roots) in enumerate(parts):
        before = len(writer.blocks)
        writer.write(roots, report=False)
        added = writer.blocks[before:]
        heading = contents.get(name, "")
        if heading and not any(block.kind == "heading" and (block.level == 1 or _same(block.text, heading))
                               for block in added):
            writer.blocks.insert(before, Block("heading", heading, level=1, number=heading_number(heading)))
        job.step(index + 1, len(parts))
    blocks = writer.blocks
    rights = _first_text(opf, "rights")
    licence = rights if "licen" in rights.lower() else licence_line(blocks)
    return ParsedDocument(title=title or stem, format="epub", blocks=tuple(blocks), source_file="", sha256="",
                          date=_date(_first_text(opf, "date")), licence=licence)


def _package_path(archive: zipfile.ZipFile) -> str:
    try:
        container = _xml(read_member(archive, "META-INF/container.xml"))
    except KeyError:
        container = None
    if container is not None:
        for rootfile in _all(container, "rootfile"):
            if rootfile.get("full-path"):
                return unquote(rootfile.get("full-path"))
    found = [name for name in archive.namelist() if name.endswith(".opf")]
    if not found:
        raise ImportRefused("This EPUB book has no table of its parts, so it cannot be read.")
    return found[0]


def _table_of_contents(archive: zipfile.ZipFile, base: str, items: object) -> dict[str, str]:
    """The first title the table of contents gives each part (EPUB 3 nav or EPUB 2 NCX)."""
    titles: dict[str, str] = {}
    for item in items:  # type: ignore[attr-defined]
        href = _resolve(base, item.get("href") or "")
        is_nav = "nav" in (item.get("properties") or "").split()
        is_ncx = item.get("media-type") == "application/x-dtbncx+xml"
        if not (is_nav or is_ncx) or href not in archive.namelist():
            continue
        folder = posixpath.dirname(href)
        if is_nav:
            for link in page_tree(read_member(archive, href)).iter("a"):
                target = _resolve(folder, (link.get("href") or "").split("#")[0])
                titles.setdefault(target, clean("".join(link.itertext())))
        else:
            ncx = _xml(read_member(archive, href))
            for point in _all(ncx, "navPoint"):
                label = next(iter(_all(point, "text")), None)
                content = next(iter(_all(point, "content")), None)
                if label is not None and content is not None:
                    target = _resolve(folder, (content.get("src") or "").split("#")[0])
                    titles.setdefault(target, clean(label.text or ""))
    return {name: title for name, title in titles.items() if title}


def _same(a: str, b: str) -> bool:
    return "".join(a.lower().split()) == "".join(b.lower().split())


def _xml(data: bytes) -> etree._Element:
    root = etree.fromstring(data, _SAFE_XML)
    if root is None:
        raise ImportRefused("This EPUB book is damaged or incomplete and cannot be read; try downloading it again.")
    return root


def _all(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == name]


def _first_text(root: etree._Element, name: str) -> str:
    found = _all(root, name)
    return clean("".join(found[0].itertext())) if found else ""


def _resolve(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href))).lstrip("/") if href else ""


def _date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value[:40]
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
