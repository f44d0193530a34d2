"""Open a .wtpack and prove it: signed by a trusted key, every file as signed, nothing unsafe.

Order matters: the zip's own structure is checked before anything is read (sizes, names,
links, duplicates), the signature before the manifest is believed, and each file's sha256
while it is unpacked (zip headers are never trusted for sizes).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from app.packs import PackRefused, keys
from app.packs.manifest import (
    MANIFEST_NAME,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_MANIFEST_BYTES,
    MAX_PACK_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    SIGNATURE_NAME,
    Manifest,
    check_member_name,
    clean_text,
    parse_format,
    parse_manifest,
)
from app.packs.trust import TrustedKey, TrustStore

_CHUNK = 64 * 1024


TRUST_IN_WINDOW = "add it in Help › Trusted publishers…"


class UnknownSigner(PackRefused):
    """A pack signed by a key nobody trusted here. It says the key's fingerprint and how to trust
    it (`in_window`: the window's way; str(): the command line's). It never offers to trust the
    key the pack carries: that key is only worth what its fingerprint, checked by another route,
    says of it."""

    def __init__(self, public_key: bytes, stated_publisher=None) -> None:
        self.fingerprint = keys.fingerprint(public_key)
        try:  # the pack's own claim, not yet proved by anything: shown as its claim only
            self.publisher = clean_text(stated_publisher, "the publisher", limit=100)
        except PackRefused:
            self.publisher = ""
        said = f"This pack says it is from {self.publisher}, but it" if self.publisher else "This pack"
        self.refusal = f"{said} is signed by a key this app does not trust (fingerprint {self.fingerprint})"
        super().__init__(f"{self.refusal}; ask IT to add it with 'wt-reader trust add'.")
        who = self.publisher or "its publisher"
        self.in_window = (f"{self.refusal}. If {who} gave you its key, {TRUST_IN_WINDOW}, "
                          "check the fingerprint, then install the pack again.")


class VerifiedPack(NamedTuple):
    path: Path
    manifest: Manifest
    signer: TrustedKey


def _no_duplicate_keys(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise PackRefused("The pack's manifest is damaged: it names a field twice.")
        out[key] = value
    return out


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, too_long: str = "") -> bytes:
    """At most `limit` bytes of a member, whatever its header claims."""
    try:
        with zf.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise PackRefused(f"The pack is damaged ({info.filename[:80]!r} cannot be read: {exc}).") from None
    if len(data) > limit:
        raise PackRefused(too_long or f"{info.filename[:80]!r} in the pack is larger than it may be; it was refused.")
    return data


def _members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_FILES + 2:
        raise PackRefused(f"The pack holds more than {MAX_FILES} files; it was refused.")
    members: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if info.is_dir():
            raise PackRefused(f"The pack holds a folder entry ({name[:80]!r}); packs made by "
                              "'wt-reader pack build' hold files only.")
        check_member_name(name)
        mode = info.external_attr >> 16
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # a link, device or fifo; 0: no type recorded
            raise PackRefused(f"The pack holds a link or special file ({name[:80]!r}); it was refused.")
        if info.flag_bits & 0x1:
            raise PackRefused("The pack holds encrypted files; it was refused.")
        if name in members or name.casefold() in folded:
            raise PackRefused(f"The pack holds {name[:80]!r} twice; it was refused.")
        if info.file_size > MAX_FILE_BYTES or (
                info.file_size > 64 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size)):
            raise PackRefused(f"The pack holds a file that unpacks far larger than it is ({name[:80]!r}); "
                              "it was refused as a possible zip bomb.")
        total += info.file_size
        members[name] = info
        folded.add(name.casefold())
    if total > MAX_TOTAL_BYTES:
        raise PackRefused(f"The pack would unpack to more than {MAX_TOTAL_BYTES // 1024 // 1024} MB; it was refused.")
    return members


def _signature(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> tuple[bytes, bytes]:
    if SIGNATURE_NAME not in members:
        raise PackRefused("The pack is not signed (it has no manifest.sig); it was refused.")
    raw = _read_member(zf, members[SIGNATURE_NAME], 4096)
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("algorithm") != "ed25519":
            raise PackRefused("The pack is signed with an unknown method; it was refused.")
        public = base64.b64decode(data["public_key"], validate=True)
        signature = base64.b64decode(data["signature"], validate=True)
    except PackRefused:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        raise PackRefused("The pack's signature file is damaged; it was refused.") from None
    if len(public) != keys.KEY_BYTES or len(signature) != 64:
        raise PackRefused("The pack's signature file is damaged; it was refused.")
    return public, signature


def open_pack(path: Path, trust: TrustStore) -> VerifiedPack:
    """The pack's manifest and signer, or PackRefused. Files are checked by `extract`."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PackRefused(f"No pack file at {path}.") from None
    except OSError as exc:
        raise PackRefused(f"The pack file {path} cannot be read ({exc.strerror}).") from None
    if size > MAX_PACK_BYTES:
        raise PackRefused(f"The pack file is larger than {MAX_PACK_BYTES // 1024 // 1024} MB; it was refused.")
    try:
        with zipfile.ZipFile(path) as zf:
            members = _members(zf)
            if MANIFEST_NAME not in members:
                raise PackRefused("This file is not a content pack (it has no manifest.json).")
            manifest_bytes = _read_member(zf, members[MANIFEST_NAME], MAX_MANIFEST_BYTES)
            try:
                data = json.loads(manifest_bytes.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
            except (ValueError, RecursionError):
                raise PackRefused("The pack's manifest is damaged (it is not valid JSON); it was refused.") from None
            parse_format(data)
            public, signature = _signature(zf, members)
            signer = trust.find(public)
            if signer is None:
                raise UnknownSigner(public, data.get("publisher") if isinstance(data, dict) else None)
            if not keys.verify(public, manifest_bytes, signature):
                raise PackRefused("The pack's signature does not match its manifest: it was changed after "
                                  "signing or is damaged; nothing was changed.")
            manifest = parse_manifest(data)
            if manifest.kind not in signer.kinds:
                raise PackRefused(f"This {manifest.kind} pack is signed by {signer.name}, whose key may sign "
                                  f"{' and '.join(signer.kinds)} packs only; it was refused.")
            content = set(members) - {MANIFEST_NAME, SIGNATURE_NAME}
            extra = sorted(content - set(manifest.files))
            missing = sorted(set(manifest.files) - content)
            if extra:
                raise PackRefused(f"The pack holds a file its signed manifest does not list ({extra[0][:80]!r}); it was refused.")
            if missing:
                raise PackRefused(f"The pack is missing a file its manifest lists ({missing[0][:80]!r}); it was refused.")
    except zipfile.BadZipFile:
        raise PackRefused("This file is not a content pack (it is not a valid zip file).") from None
    except (OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
        raise PackRefused(f"The pack file cannot be read ({exc}).") from None
    return VerifiedPack(path, manifest, signer)


def extract(pack: VerifiedPack, dest: Path) -> None:
    """Unpack every listed file into `dest` (new or empty; files land in dest/content/), checking
    each sha256 and size.

    Files are fsynced: once the caller renames `dest` into place, its content is on disk."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty")
    base = dest.resolve()
    try:
        with zipfile.ZipFile(pack.path) as zf:
            members = _members(zf)
            for name, entry in sorted(pack.manifest.files.items()):
                info = members.get(name)
                if info is None:
                    raise PackRefused(f"The pack is missing a file its manifest lists ({name[:80]!r}); it was refused.")
                changed = f"The file {name[:80]!r} in the pack was changed after signing; nothing was changed."
                data = _read_member(zf, info, min(entry.size, MAX_FILE_BYTES), changed)
                if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
                    raise PackRefused(changed)
                target = (base / name).resolve()
                if base not in target.parents:  # check_member_name makes this impossible; belt and braces
                    raise PackRefused(f"The pack holds a file outside its folder ({name[:80]!r}); it was refused.")
                target.parent.mkdir(parents=True, exist_ok=True)
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
                fd = os.open(target, flags, 0o644)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise PackRefused("The pack file changed or is damaged (it is no longer a valid zip file).") from None
