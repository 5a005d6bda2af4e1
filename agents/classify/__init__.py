"""The classification stage: labels, figures and region of one wire item (pure Python, no Kafka).

:func:`analyse` reads a headline and body and returns an :class:`Analysis`:

* ``labels`` - the event kinds the item *reports* (``battle``, ``displacement``,
  ``detention``; see :mod:`agents.classify.labels`), each with a confidence and
  the sentences that justify it. Mentions that are negated, historical, or the
  subject of talks/aid/appeals do not count.
* ``region`` / ``other_regions`` - where the event happened, as ISO 3166-2
  subdivision (or ISO 3166-1 country) codes from the shipped gazetteer (see
  :mod:`agents.classify.gazetteer`).
* ``figures`` - numbers of people with what they count (displaced, detained,
  killed, wounded, fighters) and their hedge (see :mod:`agents.classify.figures`).

:func:`classify` wraps it for a :class:`~schemas.WireItem` and returns the
:class:`~schemas.ClassifiedEvent` the stage publishes. Everything is built once
at import (two phrase automata and a few compiled regexes); a call does not
allocate matchers and keeps no state, so it is safe to call from any task.
"""

from __future__ import annotations

from agents.classify import compiled

compiled.select()  # the compiled stage modules, or their .py files (WIREWATCH_PURE_PYTHON=1, stale build)

from datetime import datetime  # noqa: E402

from agents.classify.analysis import Analysis, analyse_text  # noqa: E402
from agents.classify.labels import LABELS  # noqa: E402
from agents.classify.results import (  # noqa: E402
    FigureResult, LabelResult, RegionResult, figure_models, label_models, trusted_model,
)
from schemas import ClassifiedEvent, Figure, LabelHit, Region, WireItem  # noqa: E402

VERSION = "classify/1.20.9"
"""Classifier version, written to ``ClassifiedEvent.classifier_version`` and a header.
Bump it when a change can alter the output for the same input."""

__all__ = ["LABELS", "VERSION", "Analysis", "FigureResult", "LabelResult", "RegionResult", "analyse", "classify"]


def analyse(
    headline: str,
    body: str,
    *,
    located: str | None = None,
    published: datetime | None = None,
) -> Analysis:
    """Classify one item's text.

    ``located`` is the place the source gives (dateline / located field); it
    decides the region only when the text itself names no place. ``published``
    (optional) sharpens the history test: a year mentioned in a sentence counts
    as the past only when it is before the story's year (without it, any year
    in "in 2015"-like phrasing marks the sentence as history).
    """
    return analyse_text(headline or "", body or "", located, published.year if published is not None else None)


_REGION_MODELS: dict[str, Region] = {}


def _region_model(r: RegionResult) -> Region:
    """The (frozen) :class:`schemas.Region` of a result, validated once per code."""
    model = _REGION_MODELS.get(r.code)
    if model is None:
        model = _REGION_MODELS[r.code] = Region(code=r.code, name=r.name, country=r.country)
    return model


def classify(item: WireItem) -> ClassifiedEvent:
    """The :class:`ClassifiedEvent` for a wire item (subheadline is read as body text)."""
    body = f"{item.subheadline}\n\n{item.body}" if item.subheadline else item.body
    a = analyse(item.headline, body, located=item.located, published=item.published)
    # Built without validation: every value already has its field's type - the item's own
    # validated fields, the classifier's typed results (results.trusted_model), regions as
    # their frozen model, one per code. Validating it all again cost a seventh of the call.
    event: ClassifiedEvent = trusted_model(ClassifiedEvent, {
        "id": item.id,
        "version": item.version,
        "source": item.source,
        "headline": item.headline,
        "published": item.published,
        "received": item.received,
        "pubstatus": item.pubstatus,
        "labels": label_models(LabelHit, a.labels),
        "region": _region_model(a.region) if a.region else None,
        "other_regions": [_region_model(r) for r in a.other_regions],
        "figures": figure_models(Figure, a.figures),
        "classifier_version": VERSION,
    })
    return event
