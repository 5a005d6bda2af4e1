"""What :func:`agents.classify.analyse` returns: small immutable records (named tuples).

They carry the same fields as the schema models they become in the published
event (:class:`schemas.LabelHit`, :class:`schemas.Region`, :class:`schemas.Figure`)
but cost a seventh as much to create: an item yields a couple of dozen of them, and
validating each one on its own would take about a tenth of the classifier's time.
:func:`agents.classify.classify` validates them once, together, as the
:class:`schemas.ClassifiedEvent` it returns.
"""

from __future__ import annotations

from typing import NamedTuple


class LabelResult(NamedTuple):
    """A label the item reports, its confidence and its evidence sentences."""

    label: str
    confidence: float
    evidence: list[str]

    def to_dict(self) -> dict:
        return {"label": self.label, "confidence": self.confidence, "evidence": list(self.evidence)}


class RegionResult(NamedTuple):
    """A region: ISO 3166-2 (or 3166-1) code, its name and its country (ISO 3166-1)."""

    code: str
    name: str
    country: str

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "country": self.country}


class FigureResult(NamedTuple):
    """A number of people: what it counts (``kind``), its value (upper bound of a
    range; ``low`` the lower), its hedge, its exact text and its sentence."""

    kind: str
    value: float
    low: float | None
    qualifier: str | None
    text: str
    sentence: str | None

    def to_dict(self, exclude_none: bool = False) -> dict:
        d = {"kind": self.kind, "value": self.value, "low": self.low, "qualifier": self.qualifier,
             "text": self.text, "sentence": self.sentence}
        return {k: v for k, v in d.items() if v is not None} if exclude_none else d
