"""Whose packs the app installs: the project's key (shipped in resources/keys/) and the keys
a user or IT added once (`wt-reader trust add`), kept in the data folder.

The project's key signs guide packs; an added key signs local packs only, so a partnership's
key can never replace the national guide.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import NamedTuple

from app.packs import PackRefused, keys
from app.packs.active import write_atomic
from app.packs.manifest import clean_text

log = logging.getLogger(__name__)

TRUST_FILE = "trusted-keys.json"
PROJECT_KEY_FILE = "keys/project.pub"
PROJECT_NAME = "Working Together Reader project"


class TrustedKey(NamedTuple):
    name: str
    public_key: bytes
    kinds: tuple[str, ...]  # which pack kinds it may sign
    builtin: bool
    added: str = ""

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.public_key)


class TrustStore:
    def __init__(self, data_dir: Path, resources_dir: Path) -> None:
        self.file = Path(data_dir) / TRUST_FILE
        self.project_key_file = Path(resources_dir) / PROJECT_KEY_FILE

    def _builtin(self) -> list[TrustedKey]:
        try:
            public = keys.parse_public(self.project_key_file.read_text(encoding="ascii"))
        except (OSError, PackRefused) as exc:
            log.warning("the project's public key %s cannot be read: %s", self.project_key_file, exc)
            return []
        return [TrustedKey(PROJECT_NAME, public, ("guide",), True)]

    def _added(self) -> list[TrustedKey]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("trusted keys file %s cannot be read: %s", self.file, exc)
            return []
        out = []
        for entry in data.get("keys", []) if isinstance(data, dict) else []:
            try:
                out.append(TrustedKey(clean_text(entry.get("name"), "the key's name", limit=80),
                                      keys.parse_public(str(entry.get("public_key"))),
                                      ("local",), False, str(entry.get("added") or "")))
            except (PackRefused, AttributeError) as exc:
                log.warning("a trusted key entry was skipped: %s", exc)
        return out

    def all(self) -> list[TrustedKey]:
        return self._builtin() + self._added()

    def find(self, public_key: bytes) -> TrustedKey | None:
        return next((k for k in self.all() if k.public_key == public_key), None)

    def _name_free(self, name: str) -> str:
        name = clean_text(name, "The publisher's name", limit=80, where="")
        if any(k.name.casefold() == name.casefold() for k in self.all()):
            raise PackRefused(f"A key named {name!r} is already trusted; choose another name.")
        return name

    def check_new(self, public_key: bytes, name: str) -> str:
        """The cleaned name under which `public_key` can be added, or PackRefused saying why not
        (empty or taken name, or a key trusted already). Nothing is written."""
        known = self.find(public_key)
        if known is not None:
            raise PackRefused(f"This key is already trusted as {known.name!r}; nothing was changed.")
        return self._name_free(name)

    def _write(self, entries: list[TrustedKey]) -> None:
        data = {"keys": [{"name": k.name, "public_key": keys.public_text(k.public_key), "added": k.added}
                         for k in entries]}
        write_atomic(self.file, json.dumps(data, indent=1).encode("utf-8"))

    def add(self, public_key: bytes, name: str) -> tuple[TrustedKey, bool]:
        """Trust a partnership's key for local packs; (key, False) when it was trusted already."""
        known = self.find(public_key)
        if known is not None:
            clean_text(name, "The publisher's name", limit=80, where="")
            return known, False
        name = self._name_free(name)
        entry = TrustedKey(name, public_key, ("local",), False,
                           dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        self._write([*self._added(), entry])
        return entry, True

    def remove(self, public_key: bytes) -> TrustedKey:
        """Stop trusting an added key (packs installed with it stay installed); the project's key
        cannot be removed."""
        known = self.find(public_key)
        if known is None:
            raise PackRefused("This key is not trusted; nothing was changed.")
        if known.builtin:
            raise PackRefused(f"The {known.name}'s key comes with the app and cannot be removed.")
        self._write([k for k in self._added() if k.public_key != public_key])
        return known
