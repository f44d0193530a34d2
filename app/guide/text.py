"""Small text helpers shared by the loader, the renderer and search."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported on first parse: a cached start-up needs none

    # No raw HTML: content is ours, but a typo must never become markup.
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def heading_anchor(text: str) -> str:
    """'Who takes part?' -> 'who-takes-part'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def local_image(src: str) -> bool:
    """Whether an image source is a file inside the content folder: a relative path with no
    scheme (https:, file:, data:…), no leading / or \\, no drive letter and no "..".

    Anything else would make the reader fetch from the network or read any file on the machine.
    """
    src = src.strip()
    if not src or src.startswith(("/", "\\")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src):
        return False
    parts = re.split(r"[\\/]+", src)
    return ".." not in parts and "%" not in src


def outline(body: str) -> tuple[list[tuple[int, str]], list[str], list[str]]:
    """(level, text) of every heading, every link target and every image source, from one parse."""
    tokens = markdown().parse(body)
    headings: list[tuple[int, str]] = []
    links: list[str] = []
    images: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            text = "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline"))
            headings.append((int(tok.tag[1]), text.strip()))
        for child in tok.children or []:
            if child.type == "link_open":
                links.append(str(child.attrGet("href") or ""))
            elif child.type == "image":
                images.append(str(child.attrGet("src") or ""))
    return headings, links, images


def plain_text(body: str) -> str:
    """The readable words of a Markdown body, without markup (for search and snippets)."""
    words: list[str] = []
    for tok in markdown().parse(body):
        if tok.type == "inline":
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
            words.append("\n")
        elif tok.type == "fence" or tok.type == "code_block":
            words.append(tok.content + "\n")
    return re.sub(r"[ \t]+", " ", "".join(words)).strip()


def plain_text_by_heading(body: str) -> list[tuple[str, str, str]]:
    """Split a body into (heading text, anchor, plain text) chunks; the first has no heading."""
    chunks: list[tuple[str, str, list[str]]] = [("", "", [])]
    tokens = markdown().parse(body)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            text = "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline")).strip()
            chunks.append((text, heading_anchor(text), []))
            i += 3
            continue
        if tok.type == "inline":
            chunks[-1][2].append(
                "".join(
                    c.content if c.type in ("text", "code_inline") else " " if c.type.endswith("break") else ""
                    for c in (tok.children or [])
                )
            )
        i += 1
    return [(h, a, re.sub(r"\s+", " ", " ".join(parts)).strip()) for h, a, parts in chunks if h or parts]
