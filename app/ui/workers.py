"""Work off the UI thread: a callable as a QRunnable for a QThreadPool.

The callable reports back through signals of a QObject that lives on the UI thread (queued
connections), never by touching widgets itself.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRunnable


class Job(QRunnable):
    def __init__(self, fn: Callable[[], object]) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        self.fn()
