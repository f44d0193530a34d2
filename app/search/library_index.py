"""The library's documents in the search index, beside the guide, added and removed one by one.

Each section of a document is one index entry (as each guide section is), with `document` set
to its document's id; its passages are the text under each heading and each numbered
paragraph, so a hit lands on the paragraph and cites its printed number (`cites`, one per
passage). The index key lists the documents it holds (id → SHA-256): when the library changes,
only the documents added or removed are written, never the whole index again.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator

from app.library.citation import citation
from app.library.model import GUIDE_ID, Document, DocSection

log = logging.getLogger(__name__)

DOC_PREFIX = "d:"


def _passages(doc: Document, section: DocSection) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(heading, anchor, text) for the opening, each heading and each numbered paragraph (lists,
    tables and unnumbered text join the passage before them), and each passage's citation."""
    passages: list[list] = [["", "", []]]
    for piece in section.pieces:
        if piece.kind == "heading":
            passages.append([piece.text, piece.anchor, []])
        elif piece.kind == "paragraph" and piece.anchor:
            passages.append(["", piece.anchor, [piece.text]])
        else:
            passages[-1][2].append(piece.text)
    if not passages[0][2] and len(passages) > 1:
        passages.pop(0)
    out = [(h, a, " ".join(t)) for h, a, t in passages]
    return out, [citation(doc.info, section, a) for _h, a, _t in out]


def document_entries(doc: Document) -> Iterator[dict]:
    """The index entries of one document (fields as app.search.index.make_schema)."""
    from app.search.index import _stem_fields

    for section in doc.sections:
        passages, cites = _passages(doc, section)
        if not passages:
            passages, cites = [("", "", section.title)], [citation(doc.info, section)]
        yield dict(
            _stem_fields(passages),
            doc_id=f"{DOC_PREFIX}{section.id}", kind="section", document=doc.id, section_id=section.id,
            anchor="", part=f"document:{doc.id}", part_title=doc.title, section_title=section.title,
            title=section.title, keywords="", heading=" ; ".join(h for h, _a, _t in passages if h),
            body="\n".join(t for _h, _a, t in passages), chunks=tuple(passages), cites=tuple(cites),
            audience="all", changed=False,
        )


def wanted(library) -> dict[str, str]:
    """What the index should hold of the library: document id → SHA-256 (the guide apart)."""
    if library is None:
        return {}
    return {info.id: info.sha256 for info in library.documents() if info.id != GUIDE_ID}


def loaded(library, doc_ids) -> Iterator[Document]:
    for doc_id in doc_ids:
        try:
            yield library.document(doc_id)
        except KeyError:  # removed meanwhile, or unreadable: left out of the index
            log.warning("document %s left out of the search index", doc_id)


def sync(ix, held: dict[str, str], library, progress=None, names=None) -> dict[str, str]:
    """Bring an open index from the documents it `held` to the library's, in one commit: the
    removed and changed ones deleted, the new and changed ones added. Returns what it holds.
    `names`: the guide's known names (app.search.index.by_first_word), found in each entry."""
    from app.search.index import searchable

    want = wanted(library)
    stale = [d for d in held if want.get(d) != held[d]]
    new = [d for d in want if held.get(d) != want[d]]
    if not stale and not new:
        return dict(held)
    writer = ix.writer(limitmb=64)
    added: dict[str, str] = {}
    try:
        for doc_id in {*stale, *new}:  # the new too: a commit whose key was never written
            writer.delete_by_term("document", doc_id)
        for i, doc in enumerate(loaded(library, new), 1):
            for entry in document_entries(doc):
                writer.add_document(**searchable(entry, names or {}))
            added[doc.id] = doc.info.sha256
            if progress:
                progress(i, len(new))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return {**{d: s for d, s in held.items() if d not in stale}, **added}
