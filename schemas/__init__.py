"""Pydantic models of everything wirewatch puts on a public topic."""

from schemas.models import (
    PUBLIC_MODELS,
    ClassifiedEvent,
    DeadLetter,
    DuplicateRecord,
    Figure,
    FigureStat,
    LabelHit,
    Region,
    RegionUpdate,
    WireItem,
)

__all__ = [
    "PUBLIC_MODELS",
    "ClassifiedEvent",
    "DeadLetter",
    "DuplicateRecord",
    "Figure",
    "FigureStat",
    "LabelHit",
    "Region",
    "RegionUpdate",
    "WireItem",
]
