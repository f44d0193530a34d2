"""A newer copy replaces an older one: bookmarks move to the same heading or paragraph by its
text (renumbered, lightly edited), and those with no good match are listed, never misplaced."""
from __future__ import annotations

from app.library import reanchor
from app.library.parsed import Block, ParsedDocument
from app.store import Status, locate, open_store

KEPT = "Schools should record every concern about a child in writing on the same day it arises."
EDITED = "Colleges must share information with the local authority when a child may be at risk of harm."
DROPPED = "Staff training on this topic happens at least once every three years in each setting."


def edition(year: int, paragraphs: list[tuple[str, str]], heading: str) -> ParsedDocument:
    blocks = [Block("heading", "Part one: What staff should know", level=1, number="")]
    blocks.append(Block("heading", heading, level=2))
    blocks.extend(Block("paragraph", text, number=number) for number, text in paragraphs)
    return ParsedDocument(title=f"Keeping children safe in education {year}", format="pdf",
                          blocks=tuple(blocks), source_file=f"kcsie-{year}.pdf", sha256=f"{year:064d}")


def test_replacing_moves_bookmarks_by_text_and_lists_the_rest(add, library):
    old = add(edition(2026, [("12", KEPT), ("13", EDITED), ("14", DROPPED)], "Recording concerns"))
    part = old.sections[1]
    store = open_store()
    marks = {text: store.bookmarks.add(part.id, f"p-{n}", section_title=part.title, heading_text=f"{n}.")
             for n, text in (("12", KEPT), ("13", EDITED), ("14", DROPPED))}
    on_heading = store.bookmarks.add(part.id, "h-recording-concerns", section_title=part.title,
                                     heading_text="Recording concerns", note="my note")
    on_section = store.bookmarks.add(part.id, "", section_title=part.title)
    new = add(edition(2027, [("15", "A new paragraph about something else entirely, never seen before."),
                             ("16", KEPT), ("17", EDITED.replace("must", "should"))], "Recording concerns"),
              replace=old.id)
    plan = reanchor.plan(old, new, reanchor.bookmarks_on(store.bookmarks, old.id))
    moved, lost = reanchor.apply(plan, store.bookmarks)
    new_part = new.sections[1]
    assert store.bookmarks.get(marks[KEPT].id).location == (new_part.id, "p-16")
    assert store.bookmarks.get(marks[EDITED].id).location == (new_part.id, "p-17")
    assert store.bookmarks.get(on_heading.id).location == (new_part.id, "h-recording-concerns")
    assert store.bookmarks.get(on_heading.id).note == "my note"
    assert store.bookmarks.get(on_section.id).location == (new_part.id, "")
    assert [b.id for b in lost] == [marks[DROPPED].id] and len(moved) == 4
    left = store.bookmarks.get(marks[DROPPED].id)  # kept, pointing at the removed copy
    assert locate(left, library.sections).status is Status.DOCUMENT_REMOVED
    store.close()
