"""Logging to a file in the user data folder, so a problem on a work laptop can be reported."""
from __future__ import annotations

import logging
import os
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
KEEP = 2  # older logs kept beside it: wt-reader.log.1, wt-reader.log.2


def rotate(log_path: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> None:
    """Start a fresh log when the last one has grown large, keeping a couple of old ones.

    Done once at start, not while writing (as RotatingFileHandler does): the window and a
    command may share the log, and on Windows a file another process has open cannot be renamed.
    """
    try:
        if log_path.stat().st_size < max_bytes:
            return
        for i in range(keep - 1, 0, -1):
            older = log_path.with_name(f"{log_path.name}.{i}")
            if older.exists():
                os.replace(older, log_path.with_name(f"{log_path.name}.{i + 1}"))
        os.replace(log_path, log_path.with_name(f"{log_path.name}.1"))
    except OSError:
        pass  # no log yet, or another process has it open: keep writing to it


def setup_logging(log_path: Path, console: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_wt_reader", False):
            root.removeHandler(handler)
            handler.close()
    rotate(log_path)
    try:
        handler: logging.Handler = logging.FileHandler(log_path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # a read-only data folder must not stop the app
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._wt_reader = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("wt-reader: %(message)s"))
        stream._wt_reader = True  # type: ignore[attr-defined]
        root.addHandler(stream)
