"""What a pack's manifest says, the limits every pack must keep, and checking both.

The manifest is JSON, signed as the exact bytes in the zip:

    {"format": 1, "kind": "guide" | "local", "content_version": "2027.1",
     "date": "2027-01-15", "publisher": "...", "note": "one line on the update",
     "replaces": {"old-section-id": "new-section-id"}, "notes": {"section-id": "what changed"},
     "files": {"content/guide.yaml": {"sha256": "...", "size": 1234}, ...}}
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from app.packs import PackRefused

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
CONTENT_PREFIX = "content/"
KINDS = ("guide", "local")
ALLOWED_SUFFIXES = (".md", ".yaml")

# Limits: a whole guide is about 1 MB of text; these leave room and stop a zip bomb.
MAX_PACK_BYTES = 20 * 1024 * 1024
MAX_FILES = 2000
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 40 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for any one member
MAX_TEXT = 200  # publisher, version, note
_PART_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class FileEntry(NamedTuple):
    sha256: str
    size: int


class Manifest(NamedTuple):
    format: int
    kind: str
    content_version: str
    date: dt.date
    publisher: str
    note: str
    replaces: dict[str, str]
    notes: dict[str, str]
    files: dict[str, FileEntry]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format, "kind": self.kind, "content_version": self.content_version,
            "date": self.date.isoformat(), "publisher": self.publisher, "note": self.note,
            "replaces": dict(self.replaces), "notes": dict(self.notes),
            "files": {name: {"sha256": f.sha256, "size": f.size} for name, f in sorted(self.files.items())},
        }


def clean_text(value: Any, what: str, limit: int = MAX_TEXT, required: bool = True,
               where: str = "The pack's manifest is damaged: ") -> str:
    """A one-line plain text from a stranger: no control characters, bounded length."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise PackRefused(f"{where}{what} is not text.")
    text = " ".join(value.split())
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029\u202e\u202d" for ch in text):
        raise PackRefused(f"{where}{what} holds control characters.")
    if required and not text:
        raise PackRefused(f"{where}{what} is empty.")
    if len(text) > limit:
        raise PackRefused(f"{where}{what} is longer than {limit} characters.")
    return text


def check_member_name(name: str) -> str:
    """A file name inside the pack, refused unless it is a plain relative path under content/."""
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\0" in name:
        raise PackRefused(f"The pack holds a file outside its folder ({name[:80]!r}); it was refused.")
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise PackRefused(f"The pack holds a file outside its folder ({name[:80]!r}); it was refused.")
    if name in (MANIFEST_NAME, SIGNATURE_NAME):
        return name
    if not name.startswith(CONTENT_PREFIX) or len(parts) < 2:
        raise PackRefused(f"The pack holds a file that is not content ({name[:80]!r}); it was refused.")
    if not all(_PART_RE.match(p) for p in parts) or len(parts) > 4 or len(name) > 200:
        raise PackRefused(f"The pack holds a file with an unusable name ({name[:80]!r}); it was refused.")
    if not name.endswith(ALLOWED_SUFFIXES):
        raise PackRefused(f"The pack holds a file that is not Markdown or YAML ({name[:80]!r}); it was refused.")
    return name


def parse_format(data: Any) -> int:
    if not isinstance(data, dict) or not isinstance(data.get("format"), int) or isinstance(data.get("format"), bool):
        raise PackRefused("The pack's manifest is damaged: it has no format number.")
    fmt = data["format"]
    if fmt > FORMAT_VERSION:
        raise PackRefused(f"This pack needs a newer version of the app (pack format {fmt}; "
                          f"this app reads format {FORMAT_VERSION}); nothing was changed.")
    if fmt < 1:
        raise PackRefused("The pack's manifest is damaged: its format number is not valid.")
    return fmt


def _id_map(value: Any, what: str, text_values: bool) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > MAX_FILES:
        raise PackRefused(f"The pack's manifest is damaged: {what} is not a mapping of section ids.")
    out: dict[str, str] = {}
    for key, val in value.items():
        if not isinstance(key, str) or not _ID_RE.match(key) or len(key) > 100:
            raise PackRefused(f"The pack's manifest is damaged: {what} names an invalid section id.")
        if text_values:
            out[key] = clean_text(val, f"the note for {key}", limit=500)
        else:
            if not isinstance(val, str) or not _ID_RE.match(val) or len(val) > 100:
                raise PackRefused(f"The pack's manifest is damaged: {what} names an invalid section id.")
            out[key] = val
    return out


def parse_manifest(data: Any) -> Manifest:
    """Check every field of a decoded manifest (already known to be signed by a trusted key)."""
    fmt = parse_format(data)
    kind = data.get("kind")
    if kind not in KINDS:
        raise PackRefused("The pack's manifest is damaged: its kind is neither 'guide' nor 'local'.")
    version = clean_text(data.get("content_version"), "the content version", limit=40)
    if not re.match(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$", version):
        raise PackRefused("The pack's manifest is damaged: the content version is not like 2027.1.")
    try:
        date = dt.date.fromisoformat(str(data.get("date")))
    except ValueError:
        raise PackRefused("The pack's manifest is damaged: its date is not YYYY-MM-DD.") from None
    publisher = clean_text(data.get("publisher"), "the publisher", limit=100)
    note = clean_text(data.get("note"), "the note", limit=500, required=False)
    raw_files = data.get("files")
    if not isinstance(raw_files, dict) or not raw_files:
        raise PackRefused("The pack's manifest is damaged: it lists no files.")
    if len(raw_files) > MAX_FILES:
        raise PackRefused(f"The pack holds more than {MAX_FILES} files; it was refused.")
    files: dict[str, FileEntry] = {}
    folded: set[str] = set()
    total = 0
    for name, entry in raw_files.items():
        check_member_name(name)
        if name in (MANIFEST_NAME, SIGNATURE_NAME):
            raise PackRefused("The pack's manifest is damaged: it lists itself as content.")
        if name.casefold() in folded:  # two names one file on Windows and macOS
            raise PackRefused(f"The pack lists {name!r} twice; it was refused.")
        folded.add(name.casefold())
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) \
                or not _HEX64.match(entry["sha256"]) or not isinstance(entry.get("size"), int) \
                or isinstance(entry.get("size"), bool) or entry["size"] < 0:
            raise PackRefused(f"The pack's manifest is damaged: the entry for {name!r} has no valid sha256 and size.")
        if entry["size"] > MAX_FILE_BYTES:
            raise PackRefused(f"The pack holds a file larger than {MAX_FILE_BYTES // 1024 // 1024} MB ({name!r}); it was refused.")
        total += entry["size"]
        files[name] = FileEntry(entry["sha256"], entry["size"])
    if total > MAX_TOTAL_BYTES:
        raise PackRefused(f"The pack would unpack to more than {MAX_TOTAL_BYTES // 1024 // 1024} MB; it was refused.")
    if f"{CONTENT_PREFIX}guide.yaml" not in files:
        raise PackRefused("The pack has no content/guide.yaml; it was refused.")
    return Manifest(fmt, kind, version, date, publisher, note,
                    _id_map(data.get("replaces"), "'replaces'", False),
                    _id_map(data.get("notes"), "'notes'", True), files)
