"""What :func:`agents.classify.analyse` returns: small records, one class per kind.

They carry the same fields as the schema models they become in the published
event (:class:`schemas.LabelHit`, :class:`schemas.Region`, :class:`schemas.Figure`)
but cost a tenth as much to create: an item yields a couple of dozen of them, and
validating each one on its own would take about a tenth of the classifier's time.
:func:`agents.classify.classify` turns them into the :class:`schemas.ClassifiedEvent`
it returns with :func:`trusted_model`, without validating them again.

They are plain classes rather than named tuples or dataclasses so that a compiled
build (setup.py) creates them without running Python code. Treat them as read-only:
:func:`agents.classify.gazetteer.region_of` hands out one ``RegionResult`` per code.
"""

from __future__ import annotations

from typing import Any, Final


class _Result:
    """Value semantics (equality, hash, repr) over the fields ``to_dict`` gives."""

    def to_dict(self) -> dict:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_dict() == other.to_dict()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(tuple(repr(v) for v in self.to_dict().values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.to_dict().items())})"


class LabelResult(_Result):
    """A label the item reports, its confidence and its evidence sentences."""

    def __init__(self, label: str, confidence: float, evidence: list[str]) -> None:
        self.label = label
        self.confidence = confidence
        self.evidence = evidence

    def to_dict(self) -> dict:
        return {"label": self.label, "confidence": self.confidence, "evidence": list(self.evidence)}


class RegionResult(_Result):
    """A region: ISO 3166-2 (or 3166-1) code, its name and its country (ISO 3166-1)."""

    def __init__(self, code: str, name: str, country: str) -> None:
        self.code = code
        self.name = name
        self.country = country

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "country": self.country}


class FigureResult(_Result):
    """A number of people: what it counts (``kind``), its value (upper bound of a
    range; ``low`` the lower), its hedge, its exact text, its sentence, and whether it is
    the story's primary figure of its kind (at most one per kind; see
    :func:`agents.classify.figures.mark_primary`)."""

    def __init__(
        self, kind: str, value: float, low: float | None, qualifier: str | None, text: str, sentence: str | None,
        primary: bool = False,
    ) -> None:
        self.kind = kind
        self.value = value
        self.low = low
        self.qualifier = qualifier
        self.text = text
        self.sentence = sentence
        self.primary = primary

    def to_dict(self, exclude_none: bool = False) -> dict:
        d = {"kind": self.kind, "value": self.value, "low": self.low, "qualifier": self.qualifier,
             "text": self.text, "sentence": self.sentence, "primary": self.primary}
        return {k: v for k, v in d.items() if v is not None} if exclude_none else d


_FIELD_NAMES: Final[dict[Any, set[str]]] = {}  # model class -> its field names


def trusted_model(cls: Any, values: dict[str, Any]) -> Any:
    """The pydantic model ``cls`` (a :class:`schemas.models._Model`) built from ``values``
    without validation: what ``cls.trusted(**values)`` builds, for ``values`` that hold every
    field in field order (the order of the JSON) with the field's own type.

    The compiled twin of ``_Model.trusted`` for the classifier's output: an event has a
    dozen or more nested records, and validating them cost a seventh of ``classify()``
    (tests/test_classify_event.py checks the event equals the validated one and serialises
    the same).
    """
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = set(cls.__pydantic_fields__)
    # (Only the count is checked here, as it costs nothing; the callers' dicts are fixed - the
    # results' to_dict() and classify()'s event - and the tests check their names and order.)
    if len(values) != len(names):
        raise TypeError(f"{cls.__name__}: {len(values)} values for {len(names)} fields")
    m = cls.__new__(cls)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(names))  # every field is set
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


def label_models(cls: Any, labels: list[LabelResult]) -> list[Any]:
    """:func:`trusted_model` of each label's ``to_dict()`` (its fields in the model's order)."""
    out: list[Any] = []
    for r in labels:
        out.append(trusted_model(cls, r.to_dict()))
    return out


def figure_models(cls: Any, figures: list[FigureResult]) -> list[Any]:
    """:func:`trusted_model` of each figure's ``to_dict()`` (its fields in the model's order)."""
    out: list[Any] = []
    for r in figures:
        out.append(trusted_model(cls, r.to_dict()))
    return out
