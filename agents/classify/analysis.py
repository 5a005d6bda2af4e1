"""One item through the stage: sentences, the trigger scan, labels, region, figures.

:func:`agents.classify.analyse` is the public entry point; this module holds the
part a compiled build (setup.py) compiles with the stages it calls.
"""

from __future__ import annotations

from typing import Final

from agents.classify.figures import find_figures, one_person_figures
from agents.classify.gazetteer import find_regions
from agents.classify.labels import LABELS, History, find_labels, story_context
from agents.classify.results import FigureResult, LabelResult, RegionResult
from agents.classify.scan import scan
from agents.classify.sentences import make_doc


FIGURE_LABEL_CONFIDENCE: Final = 0.6  # a label given by a figure of its kind (the threshold is 0.55)


class Analysis:
    """What the classifier found in one item."""

    __slots__ = ("labels", "region", "other_regions", "figures", "confidence")

    def __init__(
        self,
        labels: list[LabelResult],
        region: RegionResult | None,
        other_regions: list[RegionResult] | None = None,
        figures: list[FigureResult] | None = None,
    ) -> None:
        self.labels = labels
        self.region = region
        self.other_regions: list[RegionResult] = other_regions if other_regions is not None else []
        self.figures: list[FigureResult] = figures if figures is not None else []
        # label -> confidence of every label with a counted cue, given or not (calibration, eval)
        self.confidence: dict[str, float] = {}

    @property
    def label_names(self) -> list[str]:
        return [hit.label for hit in self.labels]

    def __repr__(self) -> str:
        return (f"Analysis(labels={self.labels!r}, region={self.region!r}, "
                f"other_regions={self.other_regions!r}, figures={self.figures!r})")


def analyse_text(headline: str, body: str, located: str | None, year: int | None) -> Analysis:
    """See :func:`agents.classify.analyse` (``year``: the story's year, when known)."""
    doc = make_doc(headline, body)
    sc = scan(doc)  # one automaton pass: cues, trigger words, number anchors
    history = History(doc, sc, year)
    near: dict[str, float] = {}
    context = story_context(doc, sc)  # what the headline says the story is about (1.5.0), once
    labels, evidence = find_labels(doc, sc, history, near, context)
    region, others = find_regions(doc, sc.places, evidence, history, located)
    names: set[str] = set()
    for hit in labels:
        names.add(hit.label)
    added: dict[str, int] = {}
    figures = find_figures(doc, sc, history, names, added, near, context)
    if added:
        # A label given by its figure: the figure's sentence is the evidence.
        for label, si in added.items():
            labels.append(LabelResult(label, FIGURE_LABEL_CONFIDENCE, [doc.sentence(si)]))
        ordered: list[LabelResult] = []
        for name in LABELS:
            for hit in labels:
                if hit.label == name:
                    ordered.append(hit)
        labels = ordered
    if labels:
        evidence_of: dict[str, list[str]] = {}
        for hit in labels:
            evidence_of[hit.label] = hit.evidence
        one_person_figures(evidence_of, headline.strip(), figures)
    out = Analysis(labels, region, others, figures)
    conf = out.confidence
    for name, c in near.items():
        conf[name] = c
    for hit in labels:
        conf[hit.label] = hit.confidence
    return out
