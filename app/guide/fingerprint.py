"""A short hash of everything in a content folder: the key of every cache built from it."""
from __future__ import annotations

from pathlib import Path

CONTENT_SUFFIXES = (".md", ".yaml", ".yml")


def content_fingerprint(root: Path) -> str:
    import hashlib  # on demand: a start whose caches are current never needs it

    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in CONTENT_SUFFIXES:
            digest.update(str(path.relative_to(root).as_posix()).encode())
            digest.update(b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                pass
            digest.update(b"\0")
    return digest.hexdigest()[:16]
