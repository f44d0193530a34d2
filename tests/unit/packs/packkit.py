"""Helpers for pack tests: keys, a trust store, content folders to edit and sign."""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from app.packs import keys
from app.packs.build import build_pack
from app.packs.trust import TrustStore

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"


class Kit:
    """A project key (trusted for guide packs), a data folder and content copies to sign."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.resources = tmp / "resources"
        (self.resources / "keys").mkdir(parents=True)
        self.key = tmp / "project.key"
        public = keys.generate(self.key)
        (self.resources / "keys" / "project.pub").write_text(keys.public_text(public) + "\n")
        self.data = tmp / "data"
        self.data.mkdir()
        self.trust = TrustStore(self.data, self.resources)
        self.root = self.data / "content-layers"
        self._n = 0

    def content(self, version: str = "2027.1", name: str | None = None) -> Path:
        """A fresh copy of the fixture content at `version`."""
        self._n += 1
        folder = self.tmp / (name or f"content-{self._n}")
        shutil.copytree(FIXTURE_CONTENT, folder)
        set_version(folder, version)
        return folder

    def pack(self, content: Path, key: Path | None = None, local: str | None = None, out: str | None = None) -> Path:
        self._n += 1
        path = self.tmp / (out or f"pack-{self._n}.wtpack")
        build_pack(content, key or self.key, path, local)
        return path

    def partnership_key(self, name: str) -> Path:
        path = self.tmp / f"{name.replace(' ', '-').lower()}.key"
        public = keys.generate(path)
        self.trust.add(public, name)
        return path


def set_version(content: Path, version: str) -> None:
    guide = content / "guide.yaml"
    guide.write_text(re.sub(r'content_version: "[^"]*"', f'content_version: "{version}"', guide.read_text()))


def rezip(src: Path, dest: Path, change) -> Path:
    """Copy a pack member by member; `change(name, data)` returns new bytes, or None to drop it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
    return dest


def newer_format(src: Path, dest: Path) -> Path:
    """A copy of the pack whose manifest says a format newer than this app reads."""
    from app.packs.manifest import FORMAT_VERSION

    def newer(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["format"] = FORMAT_VERSION + 1
            return json.dumps(manifest).encode()
        return data

    return rezip(src, dest, newer)


LOCAL_CONTENT = ROOT / "tests" / "fixtures" / "local-pack"


def local_content(tmp: Path, name: str = "local") -> Path:
    folder = tmp / name
    shutil.copytree(LOCAL_CONTENT, folder)
    return folder
