"""Build a signed pack from a content folder (`wt-reader pack build`).

The folder is checked with the same strict check as `check-content` first: a pack that would
be refused on install is never made. An optional `pack.yaml` beside guide.yaml carries what the
content files do not (it is read here, not packed):

    note: One line on what this update is.
    date: 2027-01-15                   # default: today
    content_version: "2027.1"          # default: guide.yaml's content_version
    publisher: Working Together Reader project   # default; --local NAME sets it for local packs
    replaces: {old-section-id: new-section-id}
    notes: {section-id: What changed in this section.}
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import stat
import zipfile
from pathlib import Path

from app.packs import PackRefused, keys
from app.packs.manifest import (
    ALLOWED_SUFFIXES,
    CONTENT_PREFIX,
    FORMAT_VERSION,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    check_member_name,
    parse_manifest,
)
from app.wording import count

PACK_OPTIONS = "pack.yaml"
PROJECT_PUBLISHER = "Working Together Reader project"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # same content, same bytes


def _content_files(root: Path) -> list[tuple[str, Path]]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if rel == PACK_OPTIONS or not name.endswith(ALLOWED_SUFFIXES):
                continue
            if path.is_symlink():
                raise PackRefused(f"{rel} is a symbolic link; a pack holds plain files only.")
            check_member_name(CONTENT_PREFIX + rel)
            found.append((CONTENT_PREFIX + rel, path))
        for d in list(dirnames):
            if (Path(dirpath) / d).is_symlink():
                raise PackRefused(f"{d} is a symbolic link; a pack holds plain files only.")
    return found


def _options(root: Path) -> dict:
    path = root / PACK_OPTIONS
    if not path.exists():
        return {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PackRefused(f"{PACK_OPTIONS} cannot be read: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackRefused(f"{PACK_OPTIONS} must be a mapping of options.")
    return data


def build_pack(content_dir: Path, key_file: Path, out: Path, local_name: str | None = None,
               today: dt.date | None = None) -> dict:
    """Write the pack to `out`; returns its manifest (as JSON data)."""
    from app.guide.loader import check_content, load_guide

    root = Path(content_dir)
    if not (root / "guide.yaml").is_file():
        raise PackRefused(f"{root} is not a content folder (it has no guide.yaml).")
    problems = check_content(root)
    if problems:
        raise PackRefused(f"The content does not pass check-content ({count(len(problems), 'problem')}, "
                          f"the first: {problems[0]}); no pack was made.")
    signing_key = keys.read_private(key_file)
    options = _options(root)
    guide = load_guide(root)
    files = {}
    blobs: list[tuple[str, bytes]] = []
    for name, path in _content_files(root):
        data = path.read_bytes()
        files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        blobs.append((name, data))
    date = options.get("date") or (today or dt.date.today())
    manifest = {
        "format": FORMAT_VERSION,
        "kind": "local" if local_name else "guide",
        "content_version": str(options.get("content_version") or guide.content_version),
        "date": date.isoformat() if isinstance(date, dt.date) else str(date),
        "publisher": local_name or str(options.get("publisher") or PROJECT_PUBLISHER),
        "note": str(options.get("note") or ""),
        "replaces": options.get("replaces") or {},
        "notes": options.get("notes") or {},
        "files": files,
    }
    parse_manifest(manifest)  # the same checks an install makes
    for old, new in manifest["replaces"].items():
        if new not in guide.sections:
            raise PackRefused(f"{PACK_OPTIONS} says {old!r} is replaced by {new!r}, which is not a section.")
    manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
    public = bytes(signing_key.verify_key)
    signature = {
        "algorithm": "ed25519",
        "public_key": keys.public_text(public).split()[1],
        "signature": __import__("base64").b64encode(keys.sign(signing_key, manifest_bytes)).decode("ascii"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in ((MANIFEST_NAME, manifest_bytes),
                           (SIGNATURE_NAME, json.dumps(signature, indent=1).encode("ascii")), *blobs):
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, data, zipfile.ZIP_DEFLATED)
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, out)
    return manifest
