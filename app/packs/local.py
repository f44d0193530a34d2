"""A partnership's local pack in use: its pages as a library document, its timescale overrides.

The pages are the pack's content in the guide's format, turned into the library's plain-text
pieces (app/library/model.py): nothing of the pack becomes markup, links keep their text (and a
web or mail address after it), and the document is called "Local — <partnership>" everywhere.
Its id comes from the partnership's name, so a newer pack from the same partnership keeps its
bookmarks, and another partnership's pack is another document (never mixed silently).

Timescale overrides (`content/local-timescales.yaml`) change the figure the calculator uses for
a national step; the national figure is kept beside it:

    overrides:
      - step: lado-informed          # a step id of the national timescales
        amount: 1
        unit: working_days           # working_days | days | months
        note: Our LADO asks to be told the same working day where possible.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from app.packs import PackRefused
from app.packs.active import Layer, active_local_layer

OVERRIDES_SOURCE = "local-timescales.yaml"
OVERRIDES_FILE = "overrides.json"  # written into the layer at install, read at start (no YAML)
UNITS = ("working_days", "days", "months")


class LocalOverride(NamedTuple):
    step: str
    amount: int
    unit: str
    note: str
    date: str  # the pack's date
    publisher: str

    def as_json(self) -> dict[str, Any]:
        return {"amount": self.amount, "unit": self.unit, "date": self.date, "publisher": self.publisher}


def local_title(publisher: str) -> str:
    return f"Local — {publisher}"


def document_id(publisher: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", publisher.lower()).strip("-")[:48].strip("-") or "pages"
    return f"local-{slug}"


# ------------------------------------------------------------------ overrides

def read_overrides_source(content: Path, national_steps: dict | None) -> list[dict]:
    """Check a pack's local-timescales.yaml; PackRefused with one sentence when it is wrong."""
    path = content / OVERRIDES_SOURCE
    if not path.exists():
        return []
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise PackRefused(f"The pack's {OVERRIDES_SOURCE} cannot be read; it was refused.") from None
    items = data.get("overrides") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise PackRefused(f"The pack's {OVERRIDES_SOURCE} must have an 'overrides' list; it was refused.")
    out, seen = [], set()
    for item in items:
        if not isinstance(item, dict):
            raise PackRefused(f"An entry of the pack's {OVERRIDES_SOURCE} is not a mapping; it was refused.")
        step, amount, unit = item.get("step"), item.get("amount"), item.get("unit")
        if not isinstance(step, str) or step in seen:
            raise PackRefused(f"The pack's {OVERRIDES_SOURCE} names a step twice or not at all; it was refused.")
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= 366 or unit not in UNITS:
            raise PackRefused(f"The local timescale for {step!r} needs a whole amount and a unit "
                              f"({', '.join(UNITS)}); the pack was refused.")
        if national_steps is not None:
            national = national_steps.get(step)
            if national is None or national.after is None:
                raise PackRefused(f"The pack sets a local timescale for {step!r}, which is not a step the "
                                  "guide counts from another; it was refused.")
        note = " ".join(str(item.get("note") or "").split())[:300]
        seen.add(step)
        out.append({"step": step, "amount": amount, "unit": unit, "note": note})
    return out


def overrides(layer: Layer | None) -> dict[str, LocalOverride]:
    """The local layer's timescale overrides by step id (none without a local layer)."""
    if layer is None:
        return {}
    try:
        items = json.loads((layer.folder / OVERRIDES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for item in items if isinstance(items, list) else []:
        try:
            out[item["step"]] = LocalOverride(item["step"], int(item["amount"]), item["unit"],
                                              str(item.get("note") or ""), layer.date, layer.publisher)
        except (KeyError, TypeError, ValueError):
            continue
    return out


def active_overrides(root: Path) -> dict[str, LocalOverride]:
    return overrides(active_local_layer(root))


def apply_overrides(guide, local: dict[str, LocalOverride]):
    """A copy of the guide whose timescales use the local figures (basis 'local')."""
    if not local:
        return guide
    steps, beside = dict(guide.timescales), {}
    for step_id, o in local.items():
        step = steps.get(step_id)
        if step is None or step.after is None:
            continue  # a step the national guide no longer has: the override has nothing to change
        # the note travels everywhere a step is shown (plan text, tooltips, prints)
        note = f"{beside_national(o, step)} ({o.publisher})." + (f" {o.note}" if o.note else "")
        steps[step_id] = step._replace(amount=o.amount, unit=o.unit, basis="local", note=note)
        beside[step_id] = beside_national(o, step)
    return guide.replace(timescales=steps, local_timescales=beside)


def timescale_changes(old_layer: Layer | None, new: list[dict], national_guide) -> list[dict]:
    """The figures a local pack changes in the calculator, in the shape of `changes` timescales
    entries plus the national figure: from what is used now (the old local figure, else the
    national one) to what will be used (the new local figure, else the national one again)."""
    steps = national_guide.timescales if national_guide is not None else {}
    old = {o.step: {"amount": o.amount, "unit": o.unit} for o in overrides(old_layer).values()}
    wanted = {o["step"]: {"amount": o["amount"], "unit": o["unit"]} for o in new}
    out = []
    for step_id in sorted(set(old) | set(wanted), key=lambda s: list(steps).index(s) if s in steps else len(steps)):
        step = steps.get(step_id)
        if step is None:
            continue
        national = {"amount": step.amount, "unit": step.unit}
        before, after = old.get(step_id, national), wanted.get(step_id, national)
        if before != after:
            out.append({"id": step_id, "name": step.name, "from": before, "to": after, "local": True,
                        "national": national})
    return out


def figure_text(amount, unit) -> str:
    if amount is None:
        return "none set"
    words = {"working_days": ("working day", "working days"), "days": ("day", "days"),
             "months": ("month", "months")}.get(unit, (unit, unit))
    return f"{amount} {words[0] if amount == 1 else words[1]}"


def beside_national(o: LocalOverride, national) -> str:
    """'local: 1 working day; national: none set' — what the calculator shows for an override."""
    nat = figure_text(national.amount, national.unit) if national is not None else "none set"
    return f"local: {figure_text(o.amount, o.unit)}; national: {nat}"


# ------------------------------------------------------------------ pages as a library document

def _inline_text(children) -> str:
    out, href = [], ""
    for child in children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close":
            if href.startswith(("https:", "http:", "mailto:")):
                address = href.removeprefix("mailto:")
                out.append(f" ({address})")
            href = ""
    return " ".join("".join(out).split())


def pieces_of(body: str) -> tuple:
    """A Markdown body as the library's plain pieces: headings, paragraphs, list items, tables."""
    from app.guide.text import heading_anchor, markdown
    from app.library.model import Piece

    tokens = markdown().parse(body)
    pieces, depth, used = [], -1, set()
    row: list[str] = []
    rows: list[tuple[str, ...]] = []
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "heading_open":
            text = _inline_text(tokens[i + 1].children)
            anchor = heading_anchor(text) or f"h{i}"
            while anchor in used:
                anchor += "-x"
            used.add(anchor)
            pieces.append(Piece("heading", text, max(1, int(tok.tag[1]) - 1), anchor=anchor))
        elif tok.type == "inline" and i > 0 and tokens[i - 1].type == "paragraph_open":
            text = _inline_text(tok.children)
            if text:
                kind = "list_item" if depth >= 0 else "paragraph"
                pieces.append(Piece(kind, text, max(0, depth)))
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and i > 0 and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_inline_text(tok.children))
        elif tok.type == "tr_close":
            rows.append(tuple(row))
        elif tok.type == "table_close":
            pieces.append(Piece("table", " ".join(" ".join(r) for r in rows), rows=tuple(rows)))
            rows = []
        elif tok.type in ("fence", "code_block"):
            pieces.append(Piece("paragraph", " ".join(tok.content.split())))
    return tuple(pieces)


def _updated_pages(root: Path, layer: Layer) -> dict[str, str]:
    """Page id → "Updated in version …: what changed", for the pages the last local update changed."""
    from app.packs.active import read_state
    from app.packs.whats_new import date_label

    changes = read_state(root).changes or {}
    if changes.get("kind") != "local" or changes.get("rolled_back") or changes.get("to") != layer.version \
            or changes.get("publisher") != layer.publisher or changes.get("replaces_local"):
        return {}
    when = date_label(changes.get("date") or "")
    head = f"Updated in version {layer.version}" + (f" ({when})" if when else "")
    out = {}
    for change in changes.get("changed") or []:
        parts = [change.get("note") or changes.get("note") or "the text of this page changed."]
        if change.get("headings_added"):
            parts.append("New headings: " + ", ".join(f"“{h}”" for h in change["headings_added"]) + ".")
        out[change["id"]] = f"{head}: " + " ".join(parts)
    return out


class LocalPackSource:
    """The library source of the local layer in use (app/library/library.py `Source`)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _layer(self) -> Layer | None:
        return active_local_layer(self.root) if self.root.exists() else None

    def infos(self) -> list:
        from app.library.model import DocumentInfo

        layer = self._layer()
        if layer is None:
            return []
        return [DocumentInfo(
            id=document_id(layer.publisher), title=local_title(layer.publisher), kind="local", format="wtpack",
            source_file=str(layer.info.get("installed_from") or ""),
            sha256=hashlib.sha256(layer.name.encode()).hexdigest(), added=str(layer.info.get("installed") or ""),
            date=layer.date, version=layer.version,
            licence=f"Published by {layer.publisher}; signed with key {layer.info.get('signer', {}).get('fingerprint', '')}.",
            sections=1 + sum(1 for _ in (layer.content).glob("*/*.md")))]  # the first page, then each page

    def removed(self) -> dict[str, str]:
        """Earlier partnerships' local pages (id → title), for bookmarks still pointing at them."""
        from app.packs.active import read_layer, read_state

        if not self.root.exists():
            return {}
        state = read_state(self.root)
        current = self._layer()
        out = {}
        for earlier in state.previous:
            layer = read_layer(self.root, earlier.get("local"))
            if layer is not None and (current is None or layer.publisher != current.publisher):
                out[document_id(layer.publisher)] = local_title(layer.publisher)
        return out

    def load(self, doc_id: str):
        from app.guide import ContentError, load_guide
        from app.library.model import DocSection, Document, place_of_piece, section_key

        layer = self._layer()
        infos = self.infos()
        if layer is None or not infos or infos[0].id != doc_id:
            raise KeyError(doc_id)
        try:
            guide = load_guide(layer.content)
        except ContentError:
            raise KeyError(doc_id) from None
        sections = []
        if "start" not in guide.sections:  # a first page, as every library document has: its title,
            # publisher, version and date and the list of pages (else the first page would stand
            # for the whole book in the contents and never be listed by its own title)
            from app.library.model import Piece
            from app.library.normalise import START

            intro = (Piece("paragraph", f"The local pages of {layer.publisher}, version {layer.version} of "
                                        f"{layer.date}, installed as a signed local pack. They sit beside the "
                                        "national guide; where they give a local timescale, the calculator shows "
                                        "it beside the national one."),)
            sections.append(DocSection(section_key(doc_id, START), infos[0].title, "", infos[0].title, (), intro))
        updated = _updated_pages(self.root, layer)
        for section in guide.sections.values():
            pieces = pieces_of(section.body)
            if section.summary:
                from app.library.model import Piece

                pieces = (Piece("paragraph", section.summary), *pieces)
            if section.id in updated:  # what changed, at the top of the page, as the guide's pages say it
                from app.library.model import Piece

                pieces = (Piece("paragraph", updated[section.id]), *pieces)
            places = tuple(p for p in map(place_of_piece, pieces) if p is not None)
            sections.append(DocSection(section_key(doc_id, section.id), section.title, "", section.title,
                                       places, pieces))
        return Document(infos[0]._replace(sections=len(sections)), tuple(sections))
