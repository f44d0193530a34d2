"""The content model: load and validate content/, render sections, timescale arithmetic.

Plain Python: nothing here imports Qt. The loader (PyYAML, markdown-it) is imported on first
use, so a start-up served from the guide cache (app/guide/cache.py) never pays for it.
"""
from app.guide.model import (
    Change,
    ContentError,
    GlossaryTerm,
    Guide,
    Heading,
    Part,
    Problem,
    Section,
    TimelineEvent,
    TimescaleStep,
    UnknownSection,
)

__all__ = [
    "Change",
    "ContentError",
    "GlossaryTerm",
    "Guide",
    "Heading",
    "Part",
    "Problem",
    "Section",
    "TimelineEvent",
    "TimescaleStep",
    "UnknownSection",
    "check_content",
    "load_guide",
]


def __getattr__(name: str):
    if name in ("check_content", "load_guide"):
        from app.guide import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
