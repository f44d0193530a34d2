"""A made-up document laid out the way GOV.UK publishes guidance (chapters, numbered paragraphs,
lists, a table, a footnote, page numbers), in words we wrote: for self-test, benchmarks and
tests. Never a copy of any official text.
"""
from __future__ import annotations

import hashlib
import random
from html import escape

from app.library.parsed import Block, ParsedDocument

_SUBJECTS = ("The practitioner", "Each agency", "The designated lead", "A social worker", "The school",
             "The health visitor", "The partnership", "A police officer", "The local authority")
_VERBS = ("records", "shares", "reviews", "explains", "checks", "agrees", "writes down", "discusses")
_OBJECTS = ("the decision about the child", "what the family has said", "the plan and its dates",
            "why the concern was raised", "who will visit next", "the advice from partner agencies",
            "the outcome of the meeting", "the child's own views")
_ENDINGS = ("before the end of the working day.", "with the family where it is safe to do so.",
            "in the case record.", "at the next review.", "so that nothing is lost between teams.")


def sentences(rng: random.Random, n: int) -> str:
    return " ".join(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_ENDINGS)}"
                    for _ in range(n))


def sample_parsed(title: str = "Sample Safeguarding Handbook 2026", *, chapters: int = 4,
                  paragraphs: int = 6, marker: str = "", seed: int = 1, per_page: int = 4) -> ParsedDocument:
    """A ParsedDocument as an importer would hand it over. `marker` is a made-up word put in
    one paragraph of the last chapter, for a search to find."""
    rng = random.Random(seed)
    blocks: list[Block] = [Block("heading", title, level=1, page="1"),
                           Block("paragraph", sentences(rng, 2), page="1")]
    number, page, on_page = 0, 2, 0
    for c in range(1, chapters + 1):
        blocks.append(Block("heading", f"Chapter {c}: Working with families, part {c}", level=2,
                            number=str(c), page=str(page)))
        for p in range(paragraphs):
            number += 1
            text = sentences(rng, 3)
            if marker and c == chapters and p == paragraphs // 2:
                text += f" This paragraph mentions {marker} once."
            blocks.append(Block("paragraph", text, number=str(number), page=str(page)))
            if p == 1:
                blocks.extend(Block("list_item", sentences(rng, 1), number=f"{letter})", page=str(page))
                              for letter in "abc")
            if p == 2 and c == 1:
                rows = (("Step", "Who", "When"), ("Referral", "Any practitioner", "Same day"),
                        ("Assessment", "Social worker", "Within 45 working days"))
                blocks.append(Block("table", " ".join(" ".join(r) for r in rows), rows=rows, page=str(page)))
            if p == 3:
                blocks.append(Block("heading", f"Recording decisions {c}.{p}", level=3, page=str(page)))
            on_page += 1
            if on_page == per_page:
                page, on_page = page + 1, 0
        blocks.append(Block("footnote", f"Footnote for chapter {c}: {sentences(rng, 1)}", number=str(c),
                            page=str(page)))
    digest = hashlib.sha256(f"{title}|{chapters}|{paragraphs}|{marker}|{seed}".encode()).hexdigest()
    return ParsedDocument(title=title, format="pdf", blocks=tuple(blocks), source_file="sample-handbook.pdf",
                          sha256=digest, date="March 2026", licence="Made-up text for testing; no licence needed.",
                          pages=page)


def sample_html(title: str = "Sample Safeguarding Handbook 2026", *, chapters: int = 4, paragraphs: int = 6,
                marker: str = "", seed: int = 1) -> str:
    """The same kind of document as a saved GOV.UK HTML publication (govspeak: h2/h3 with ids,
    numbered paragraphs as plain text)."""
    rng = random.Random(seed)
    out = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>{escape(title)} - GOV.UK</title></head><body><main>",
           f"<h1>{escape(title)}</h1><p>Published March 2026</p>", "<div class='govspeak'>"]
    number = 0
    for c in range(1, chapters + 1):
        out.append(f"<h2 id='chapter-{c}'>Chapter {c}: Working with families, part {c}</h2>")
        for p in range(paragraphs):
            number += 1
            text = sentences(rng, 3)
            if marker and c == chapters and p == paragraphs // 2:
                text += f" This paragraph mentions {marker} once."
            out.append(f"<p>{number}. {escape(text)}</p>")
            if p == 3:
                out.append(f"<h3 id='recording-{c}-{p}'>Recording decisions {c}.{p}</h3>")
    out.append("<p>Made-up text for testing, offered under the Open Government Licence v3.0.</p>")
    out.append("</div></main></body></html>")
    return "\n".join(out)
