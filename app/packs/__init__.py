"""Signed content packs (.wtpack): build, verify, trust, install as content layers, roll back.

No Qt here. A pack is one zip: `manifest.json` (what is in it and the sha256 of every file),
`manifest.sig` (an Ed25519 signature over the manifest's exact bytes) and `content/` in the
format of docs/CONTENT-FORMAT.md. See docs/PACKS.md.

Every refusal is a `PackRefused` whose text is one sentence a user can act on; nothing is
changed on disk by a refused pack.
"""
from __future__ import annotations


class PackRefused(Exception):
    """A pack (or key, or trust entry) that will not be used; str() is one sentence."""
