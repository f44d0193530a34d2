"""Where bundled files live and where user data goes.

Bundled files (content/, resources/) are found the same way in a checkout, an installed
wheel (app/_data/) and a PyInstaller bundle (sys._MEIPASS). User data (settings, bookmarks,
search index cache, log) goes in one folder: the per-user data directory, or a `data` folder
beside the executable when a file named `portable` is there, or whatever --data-dir says.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from app import APP_ID

_PACKAGE_DIR = Path(__file__).resolve().parent
PORTABLE_MARKER = "portable"
DATA_DIR_ENV = "WT_READER_DATA_DIR"

_data_dir_override: Path | None = None


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder that holds content/ and resources/."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    packaged = _PACKAGE_DIR / "_data"
    if (packaged / "content").is_dir():
        return packaged
    return _PACKAGE_DIR.parent


def content_dir() -> Path:
    return bundle_root() / "content"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def resource(name: str) -> Path:
    """A bundled resource file, refusing names that escape the resources folder."""
    base = resources_dir().resolve()
    path = (base / name).resolve()
    if base not in path.parents and path != base:
        raise ValueError(f"resource name escapes the resources folder: {name!r}")
    return path


def prebuilt_index_dir() -> Path:
    """A search index built at packaging time (bundle only); may not exist."""
    return bundle_root() / "index"


def prebuilt_guide_cache() -> Path:
    """The loaded guide pickled at packaging time (bundle only); may not exist."""
    return bundle_root() / "cache" / "guide.pickle"


def executable_dir() -> Path:
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return _PACKAGE_DIR.parent


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Move all user data at once (--data-dir, tests)."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser().resolve() if path else None


def is_portable() -> bool:
    return (executable_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    if _data_dir_override is not None:
        path = _data_dir_override
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV]).expanduser()
    elif is_portable():
        path = executable_dir() / "data"
    else:
        path = Path(user_data_dir(APP_ID, appauthor=False, roaming=True))
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return data_dir() / "settings.ini"


def bookmarks_db() -> Path:
    return data_dir() / "bookmarks.sqlite3"


def index_cache_dir() -> Path:
    return data_dir() / "index"


def content_layers_dir() -> Path:
    """Installed content packs (app/packs/layers.py): beside the bundled content, never in it."""
    return data_dir() / "content-layers"


def guide_content_dir() -> Path:
    """The guide's content in use: the active installed guide pack, else the bundled content."""
    from app.packs.active import active_guide_dir

    return active_guide_dir(content_layers_dir(), content_dir())


def guide_cache_file() -> Path:
    return data_dir() / "cache" / "guide.pickle"


def log_file() -> Path:
    return data_dir() / "wt-reader.log"


def library_dir() -> Path:
    """Imported documents, in our own normalised form (app/library/storage.py)."""
    return data_dir() / "library"
