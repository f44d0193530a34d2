"""The pack actions as the command line and the window use them, on the user's data folder."""
from __future__ import annotations

import logging
from pathlib import Path

from app import paths
from app.packs.active import active_guide_layer, active_local_layer, bundled_version, read_state

log = logging.getLogger(__name__)


def trust_store():
    from app.packs.trust import TrustStore

    return TrustStore(paths.data_dir(), paths.resources_dir())


def root() -> Path:
    return paths.content_layers_dir()


def local_guide():
    """The installed local pack's content as a Guide, or None."""
    layer = active_local_layer(root())
    if layer is None:
        return None
    from app.guide import ContentError, load_guide

    try:
        return load_guide(layer.content)
    except ContentError as exc:
        log.warning("local layer %s cannot be loaded: %s", layer.folder, exc)
        return None


def prepare_update(pack_path: Path, current_guide):
    from app.packs.layers import prepare

    return prepare(Path(pack_path), trust_store(), root(), current_guide, local_guide())


def _follow_moves(changes: dict | None, store=None) -> int:
    from app.packs.changes import moves

    wanted = moves(changes)
    if not wanted:
        return 0
    from app.store import open_store
    from app.store.moves import follow_section_moves

    own = store is None
    store = store or open_store()
    try:
        return follow_section_moves(store.db, wanted)
    finally:
        if own:
            store.close()


def install(prepared, store=None):
    """Make a prepared pack the active layer; bookmarks follow renamed sections."""
    layer = prepared.commit()
    _follow_moves(prepared.changes, store)
    return layer


def roll_back(store=None):
    from app.packs.layers import rollback

    state = rollback(root(), bundled_version(paths.content_dir()))
    _follow_moves(state.changes, store)
    return state


def rollback_question() -> str:
    """What Roll back would do, as a question ("" when there is nothing to roll back to)."""
    from app.packs.active import read_layer

    layers = root()
    state = read_state(layers) if layers.exists() else None
    if state is None or not state.previous:
        return ""
    last, target = state.changes or {}, state.previous[0]
    if last.get("kind") == "local":
        now, then = read_layer(layers, state.local), read_layer(layers, target.get("local"))
        where = (f"the local pages of {then.publisher}, version {then.version}" if then is not None
                 else "no local pages")
        what = f"the local pages of {now.publisher}, version {now.version}" if now is not None else "no local pages"
    else:
        now, then = read_layer(layers, state.guide), read_layer(layers, target.get("guide"))
        what = f"guide content {now.version if now else bundled_version(paths.content_dir())}"
        where = (f"guide content {then.version}" if then is not None
                 else f"guide content {bundled_version(paths.content_dir())}, as it came with the app")
    return f"Go back from {what} to {where}? Your bookmarks and notes are kept."


def last_changes() -> dict:
    """What the last update (or rollback) changed, in the `changes --json` shape."""
    state = read_state(root())
    if state.changes:
        return state.changes
    version = bundled_version(paths.content_dir())
    return {"kind": "guide", "from": None, "to": version, "date": "", "publisher": "", "note": "",
            "added": [], "changed": [], "removed": [], "timescales": []}


def content_versions() -> dict:
    """The content in use: guide (installed or bundled) and local layer, for --version and the UI."""
    bundled = paths.content_dir()
    layers = root()
    guide_layer = active_guide_layer(layers, bundled) if layers.exists() else None
    local_layer = active_local_layer(layers) if layers.exists() else None
    out = {"guide": {"version": guide_layer.version if guide_layer else bundled_version(bundled),
                     "date": guide_layer.date if guide_layer else "",
                     "publisher": guide_layer.publisher if guide_layer else "",
                     "installed": guide_layer is not None},
           "local": None}
    if local_layer is not None:
        out["local"] = {"version": local_layer.version, "date": local_layer.date, "publisher": local_layer.publisher}
    return out


def version_text(app_version: str) -> str:
    v = content_versions()
    g = v["guide"]
    line = f"wt-reader {app_version}, guide content {g['version']}"
    line += f" of {g['date']} (installed update)" if g["installed"] else " (bundled)"
    if v["local"]:
        loc = v["local"]
        line += f", local content {loc['version']} of {loc['date']} from {loc['publisher']}"
    return line


def content_date(guide) -> str:
    """The content's date: the installed pack's, else the newest 'facts checked' date in it."""
    layer = active_guide_layer(root(), paths.content_dir()) if root().exists() else None
    if layer is not None and guide.content_dir == layer.content:
        return layer.date
    dates = [s.reviewed for s in guide.sections.values() if s.reviewed]
    return max(dates).isoformat() if dates else ""


def for_window(guide):
    """The guide as the window shows it: local timescales applied, the content's date known, a
    banner at the top of each section the last update changed."""
    from app.packs.local import active_overrides, apply_overrides
    from app.packs.whats_new import with_banners

    layers = root()
    shown = guide
    if layers.exists():
        shown = with_banners(apply_overrides(guide, active_overrides(layers)), read_state(layers).changes)
    shown.content_date = content_date(guide)
    return shown


def content_labels(guide) -> tuple[str, ...]:
    """What the status bar says about the content, longest first (the window shows the longest
    that fits): version, date, edition, local pages; the shortest is the version alone."""
    from app.packs.whats_new import date_label

    when = getattr(guide, "content_date", "")
    of = f" of {date_label(when)}" if when else ""
    local = active_local_layer(root()) if root().exists() else None
    pages = f" · local pages: {local.publisher}" if local is not None else ""
    pages_dated = f"{pages}, {date_label(local.date)}" if local is not None else ""
    version = guide.content_version
    return (
        f"Offline · guide content {version}{of} · covers the {guide.current_edition} edition{pages_dated}",
        f"Offline · guide content {version}{of}{pages_dated}",
        f"guide content {version}{of}{pages}",
        f"guide {version}{pages}",
        f"guide {version}",
    )


STALE_DAYS = 365


def stale_notice(guide, today=None) -> str:
    """One calm sentence when the content is more than a year old, else ''."""
    import datetime as dt

    when = getattr(guide, "content_date", "")
    try:
        day = dt.date.fromisoformat(when)
    except (TypeError, ValueError):
        return ""
    today = today or dt.date.today()
    if (today - day).days <= STALE_DAYS:
        return ""
    from app.packs.whats_new import date_label

    return (f"This guide's content is from {date_label(when)}, more than a year ago. The guidance may "
            "have moved on: ask whoever looks after this app for a content update.")
