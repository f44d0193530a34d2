"""Logging to a file in the user data folder, so a problem on a work laptop can be reported."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_path: Path, console: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_wt_reader", False):
            root.removeHandler(handler)
            handler.close()
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_path, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
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
