"""Installed content layers in the data folder, and which one is in use.

    <data>/content-layers/
      guide-2027.1-1a2b3c4d5e6f7a8b/   layer.json + content/ (one verified, unpacked pack)
      local-2027.2-.../
      active.json                       {"guide": NAME|null, "local": NAME|null, "changes": {...},
                                         "previous": [earlier states, newest first]}
      .staging-*/                       a pack being unpacked (never used; swept on the next install)

Safety: a pack is unpacked and checked in a staging folder, its files fsynced, then renamed to
its layer name; only then is `active.json` rewritten (temp + fsync + os.replace). A process
killed, or a disk that fills, at any moment leaves the old pointer or the new one, each naming
a complete layer; a layer without its layer.json is never used. Bundled content newer than the
active guide layer (a new release of the app) wins over it.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from app.packs import PackRefused
from app.packs.active import (
    KEEP_PREVIOUS,
    LAYER_FILE,
    POINTER,
    Layer,
    State,
    active_local_layer,
    fsync_dir,
    read_layer,
    read_state,
    version_key,
    write_atomic,
)
from app.packs.changes import diff, reversed_changes
from app.packs.trust import TrustStore
from app.packs.verify import VerifiedPack, extract, open_pack
from app.wording import count

STAGING_MAX_AGE_S = 600


def _write_state(root: Path, state: State) -> None:
    write_atomic(root / POINTER, json.dumps(state.as_json(), indent=1).encode("utf-8"))


class Prepared:
    """A verified pack unpacked and checked in staging, with what it would change. `commit()`
    makes it the active layer; `discard()` (or never committing) leaves everything as it was."""

    def __init__(self, root: Path, pack: VerifiedPack, staging: Path, guide, changes: dict,
                 replaces_local: Layer | None) -> None:
        self.root = root
        self.pack = pack
        self.staging = staging
        self.guide = guide
        self.changes = changes
        self.replaces_local = replaces_local

    @property
    def manifest(self):
        return self.pack.manifest

    def layer_name(self) -> str:
        import hashlib

        m = self.pack.manifest
        # the same content signed by another partnership is another layer (its name is shown)
        who = hashlib.sha256(f"{self.guide.fingerprint} {self.pack.signer.fingerprint}".encode()).hexdigest()[:16]
        return f"{m.kind}-{m.content_version}-{who}"

    def commit(self) -> Layer:
        m = self.pack.manifest
        info = {"manifest": m.as_json(), "installed_from": self.pack.path.name,
                "signer": {"name": self.pack.signer.name, "fingerprint": self.pack.signer.fingerprint}}
        write_atomic(self.staging / LAYER_FILE, json.dumps(info, indent=1).encode("utf-8"))
        name = self.layer_name()
        target = self.root / name
        if read_layer(self.root, name) is not None:  # this very content was installed before
            shutil.rmtree(self.staging, ignore_errors=True)
        else:
            if target.exists():  # a damaged earlier copy: never used, replace it
                shutil.rmtree(target, ignore_errors=True)
            self.staging.rename(target)
            fsync_dir(self.root)
        old = read_state(self.root)
        new = State(guide=name if m.kind == "guide" else old.guide,
                    local=name if m.kind == "local" else old.local,
                    changes=self.changes,
                    previous=(old.as_json(with_previous=False), *old.previous)[:KEEP_PREVIOUS])
        _write_state(self.root, new)
        sweep(self.root)
        return read_layer(self.root, name)  # type: ignore[return-value]

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def prepare(pack_path: Path, trust: TrustStore, root: Path, current_guide, current_local=None) -> Prepared:
    """Verify, unpack into staging and check a pack; refuse (PackRefused) with nothing changed.

    `current_guide` is the guide in use (to say what changes); `current_local` the local layer's
    guide, if one is installed."""
    from app.guide.loader import check_content, load_guide

    pack = open_pack(pack_path, trust)
    m = pack.manifest
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        extract(pack, staging)
        problems = check_content(staging / "content")
        if problems:
            raise PackRefused(f"The pack's content does not pass check-content ({count(len(problems), 'problem')}, "
                              f"the first: {problems[0]}); nothing was changed.")
        guide = load_guide(staging / "content")
        if guide.content_version != m.content_version and m.kind == "guide":
            raise PackRefused(f"The pack says it is version {m.content_version} but its content says "
                              f"{guide.content_version}; it was refused.")
        found: list[dict] = []
        if m.kind == "local":  # checked now, kept as JSON so a start needs no YAML for it
            from app.packs.local import OVERRIDES_FILE, read_overrides_source

            found = read_overrides_source(staging / "content",
                                          current_guide.timescales if current_guide is not None else None)
            write_atomic(staging / OVERRIDES_FILE, json.dumps(found, indent=1).encode("utf-8"))
        old_local = active_local_layer(root)
        other_partnership = m.kind == "local" and old_local is not None and old_local.publisher != pack.signer.name
        if m.kind == "guide" and current_guide is not None:
            if guide.fingerprint == current_guide.fingerprint:
                raise PackRefused(f"This content (version {m.content_version}) is already in use; nothing was changed.")
            if version_key(m.content_version) < version_key(current_guide.content_version):
                raise PackRefused(f"This pack (version {m.content_version}) is older than the content in use "
                                  f"({current_guide.content_version}); use roll back to return to earlier content.")
        # Another partnership's pages are not an earlier edition of these: all of them go, all of
        # these are new (one local layer at a time, never mixed).
        before = current_guide if m.kind == "guide" else (None if other_partnership else current_local)
        if m.kind == "local" and old_local is not None and current_local is not None and not other_partnership \
                and guide.fingerprint == current_local.fingerprint and _same_overrides(old_local, found):
            raise PackRefused(f"This local pack (version {m.content_version}) is already in use; nothing was changed.")
        changes = diff(before, guide, kind=m.kind, date=m.date.isoformat(), publisher=pack.signer.name,
                       note=m.note, replaces=m.replaces, notes=m.notes)
        if m.kind == "local":  # versions as the packs state them (as --version and the status bar say)
            from app.packs.local import timescale_changes

            changes["from"], changes["to"] = (old_local.version if old_local else None), m.content_version
            changes["timescales"] = timescale_changes(old_local, found, current_guide)
        if other_partnership:
            changes["replaces_local"] = old_local.publisher
            if current_local is not None:
                changes["removed"] = [{"id": sid, "title": s.title} for sid, s in current_local.sections.items()]
        return Prepared(root, pack, staging, guide, changes,
                        old_local if m.kind == "local" else None)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _same_overrides(layer: Layer, found: list[dict]) -> bool:
    from app.packs.local import OVERRIDES_FILE

    try:
        return json.loads((layer.folder / OVERRIDES_FILE).read_text(encoding="utf-8")) == found
    except (OSError, ValueError):
        return not found


def rollback(root: Path, bundled: str = "") -> State:
    """Go back to the content in use before the last update (or rollback). One step.

    `bundled` is the bundled guide's version, named when rolling back to it."""
    old = read_state(root)
    if not old.previous:
        raise PackRefused("There is no earlier content to roll back to; nothing was changed.")
    target = old.previous[0]
    guide_name, local_name = target.get("guide"), target.get("local")
    for name in (guide_name, local_name):
        if name and read_layer(root, name) is None:
            raise PackRefused("The earlier content is no longer on this computer; nothing was changed.")
    last = old.changes or {}
    if last.get("kind") == "local":
        before, after = _version_of(root, old.local), _version_of(root, local_name)
    else:
        before, after = _version_of(root, old.guide) or bundled, _version_of(root, guide_name) or bundled
    back = reversed_changes(last, after)
    back["from"] = before
    new = State(guide_name, local_name, back, old.previous[1:])
    _write_state(root, new)
    return new


def _version_of(root: Path, name: str | None) -> str | None:
    layer = read_layer(root, name)
    return layer.version if layer else None


def sweep(root: Path) -> None:
    """Remove staging left by a killed install and layers no state refers to any more."""
    state = read_state(root)
    keep = {state.guide, state.local} | {p.get(k) for p in state.previous for k in ("guide", "local")}
    for child in root.iterdir():
        if child.name == POINTER or child.name.startswith(f".{POINTER}"):
            continue
        if not child.is_dir():
            continue
        if child.name.startswith(".staging-"):
            if time.time() - child.stat().st_mtime > STAGING_MAX_AGE_S:  # not another window's install
                shutil.rmtree(child, ignore_errors=True)
        elif child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
