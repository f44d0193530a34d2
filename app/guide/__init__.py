"""The content model: load and validate content/, render sections, timescale arithmetic.

Plain Python: nothing here imports Qt.
"""
from app.guide.loader import ContentError, Problem, check_content, load_guide
from app.guide.model import (
    Change,
    GlossaryTerm,
    Guide,
    Heading,
    Part,
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
