"""Which installed content layer is in use: read at every start, so no YAML, no crypto.

See app/packs/layers.py for how layers are installed and the pointer written.
"""
from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

LAYERS_DIR = "content-layers"
POINTER = "active.json"
LAYER_FILE = "layer.json"
KEEP_PREVIOUS = 5


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename, fsync the folder: the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS renames are journalled
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def version_key(version: str) -> tuple:
    """'2027.10.1' sorts after '2027.9': numbers compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.+-]", version or ""))


def bundled_version(content_dir: Path) -> str:
    """The bundled guide's content_version, read without YAML (this runs at every start)."""
    try:
        with open(content_dir / "guide.yaml", encoding="utf-8") as handle:
            for line in handle:
                m = re.match(r"""^content_version:\s*["']?([^"'#\s]+)""", line)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return ""


class Layer(NamedTuple):
    name: str
    folder: Path
    info: dict  # layer.json: manifest, signer, installed

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def kind(self) -> str:
        return self.info["manifest"]["kind"]

    @property
    def version(self) -> str:
        return self.info["manifest"]["content_version"]

    @property
    def date(self) -> str:
        return self.info["manifest"]["date"]

    @property
    def publisher(self) -> str:
        """Who signed it, as the trust store named the key when it was installed."""
        return self.info.get("signer", {}).get("name") or self.info["manifest"]["publisher"]


class State(NamedTuple):
    guide: str | None = None
    local: str | None = None
    changes: dict | None = None
    previous: tuple = ()

    def as_json(self, with_previous: bool = True) -> dict:
        data: dict[str, Any] = {"guide": self.guide, "local": self.local, "changes": self.changes}
        if with_previous:
            data["previous"] = [s for s in self.previous]
        return data


def layers_root(data_dir: Path) -> Path:
    return Path(data_dir) / LAYERS_DIR


def read_state(root: Path) -> State:
    try:
        data = json.loads((root / POINTER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return State()
    except (OSError, ValueError) as exc:
        log.warning("content layer pointer %s cannot be read (%s): using the bundled content", root / POINTER, exc)
        return State()
    if not isinstance(data, dict):
        return State()
    prev = tuple(p for p in data.get("previous") or [] if isinstance(p, dict))
    return State(data.get("guide"), data.get("local"), data.get("changes"), prev[:KEEP_PREVIOUS])


def read_layer(root: Path, name: str | None) -> Layer | None:
    """A complete layer, or None (missing, half-made, damaged)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    folder = root / name
    try:
        info = json.loads((folder / LAYER_FILE).read_text(encoding="utf-8"))
        info["manifest"]["kind"], info["manifest"]["content_version"]  # noqa: B018 - shape check
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("content layer %s is not usable: %s", folder, exc)
        return None
    if not (folder / "content" / "guide.yaml").is_file():
        return None
    return Layer(name, folder, info)


def active_guide_layer(root: Path, bundled: Path) -> Layer | None:
    """The installed guide layer in use, unless the bundled content is newer."""
    layer = read_layer(root, read_state(root).guide) if (root / POINTER).exists() else None
    if layer is None:
        return None
    if version_key(bundled_version(bundled)) > version_key(layer.version):
        return None
    return layer


def active_guide_dir(root: Path, bundled: Path) -> Path:
    layer = active_guide_layer(root, bundled)
    return layer.content if layer is not None else bundled


def active_local_layer(root: Path) -> Layer | None:
    return read_layer(root, read_state(root).local) if (root / POINTER).exists() else None


