"""Evaluate the classifier on a labelled set (JSON lines) and format the scores.

Each line holds ``id``, ``headline``, ``body``, ``labels`` (list of label
names), ``region`` (a code or null) and ``figures`` (list of ``{kind, value,
qualifier?, low?}``); other fields (``source``) are ignored.

Scores:

* per label: precision, recall and F1 of the label decisions over all items
  (plus micro-averaged F1 over labels);
* region accuracy: the predicted primary code equals the gold code (null
  equals null);
* figure accuracy: share of items whose predicted figure set equals the gold
  set exactly, where two figures are the same when kind, value and low agree
  and - when the gold figure states one - the qualifier agrees too; figure
  precision/recall over individual figures are reported alongside.

Run ``python -m agents.classify.evaluate tests/data/devset.jsonl``.
"""

from __future__ import annotations

import json
import pathlib
import sys
from dataclasses import dataclass, field

from agents.classify import LABELS, analyse
from agents.classify.results import FigureResult


@dataclass(slots=True)
class LabelScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class EvalReport:
    """Scores of one evaluation run and the items it got wrong."""

    items: int = 0
    labels: dict[str, LabelScore] = field(default_factory=dict)
    region_correct: int = 0
    figures_exact: int = 0
    figures_gold: int = 0
    figures_predicted: int = 0
    figures_matched: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def micro_f1(self) -> float:
        total = LabelScore(
            sum(s.tp for s in self.labels.values()),
            sum(s.fp for s in self.labels.values()),
            sum(s.fn for s in self.labels.values()),
        )
        return total.f1

    @property
    def region_accuracy(self) -> float:
        return self.region_correct / self.items if self.items else 0.0

    @property
    def figure_accuracy(self) -> float:
        return self.figures_exact / self.items if self.items else 0.0

    @property
    def figure_precision(self) -> float:
        return self.figures_matched / self.figures_predicted if self.figures_predicted else 1.0

    @property
    def figure_recall(self) -> float:
        return self.figures_matched / self.figures_gold if self.figures_gold else 1.0


def _same(gold: dict, fig: FigureResult) -> bool:
    if gold["kind"] != fig.kind or float(gold["value"]) != fig.value:
        return False
    if gold.get("low") is not None and (fig.low is None or float(gold["low"]) != fig.low):
        return False
    if gold.get("low") is None and fig.low is not None:
        return False
    if "qualifier" in gold and (gold["qualifier"] or None) != (fig.qualifier or None):
        return False
    return True


def _match_figures(gold: list[dict], predicted: list[FigureResult]) -> int:
    """Number of gold figures matched one-to-one by predicted ones."""
    left = list(predicted)
    matched = 0
    for g in gold:
        for i, fig in enumerate(left):
            if _same(g, fig):
                matched += 1
                del left[i]
                break
    return matched


def read_set(path: pathlib.Path | str) -> list[dict]:
    """The items of a labelled JSON-lines set (blank lines skipped)."""
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(path: pathlib.Path) -> EvalReport:
    """Run :func:`analyse` over every item of the JSON-lines file at ``path``."""
    report = EvalReport(labels={label: LabelScore() for label in LABELS})
    for item in read_set(path):
        a = analyse(item["headline"], item.get("body", ""))
        report.items += 1
        gold_labels = set(item.get("labels", []))
        got_labels = {hit.label for hit in a.labels}
        for label in set(LABELS) | gold_labels | got_labels:
            score = report.labels.setdefault(label, LabelScore())
            if label in gold_labels and label in got_labels:
                score.tp += 1
            elif label in got_labels:
                score.fp += 1
                report.misses.append(f"{item['id']}: label {label} not expected")
            elif label in gold_labels:
                score.fn += 1
                report.misses.append(f"{item['id']}: label {label} missed")
        got_region = a.region.code if a.region else None
        if got_region == item.get("region"):
            report.region_correct += 1
        else:
            report.misses.append(f"{item['id']}: region {got_region} expected {item.get('region')}")
        gold_figs = item.get("figures", [])
        matched = _match_figures(gold_figs, a.figures)
        report.figures_gold += len(gold_figs)
        report.figures_predicted += len(a.figures)
        report.figures_matched += matched
        if matched == len(gold_figs) == len(a.figures):
            report.figures_exact += 1
        else:
            got = ", ".join(f"{f.kind}:{f.value:g}:{f.qualifier}" for f in a.figures) or "-"
            want = ", ".join(f"{g['kind']}:{g['value']:g}:{g.get('qualifier')}" for g in gold_figs) or "-"
            report.misses.append(f"{item['id']}: figures [{got}] expected [{want}]")
    return report


def format_report(report: EvalReport) -> str:
    """A plain-text table of the scores followed by the list of misses."""
    lines = [f"items: {report.items}", "", f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for label, s in sorted(report.labels.items()):
        lines.append(f"{label:<14}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:5d}{s.fp:5d}{s.fn:5d}")
    lines += [
        f"{'micro':<14}{'':>14}{report.micro_f1:7.3f}",
        "",
        f"region accuracy: {report.region_accuracy:.3f} ({report.region_correct}/{report.items})",
        f"figure accuracy: {report.figure_accuracy:.3f} ({report.figures_exact}/{report.items} items exact); "
        f"figure precision {report.figure_precision:.3f}, recall {report.figure_recall:.3f}",
        "",
        f"misses ({len(report.misses)}):",
        *(f"  {m}" for m in report.misses),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = pathlib.Path(args[0]) if args else pathlib.Path("tests/data/devset.jsonl")
    print(format_report(evaluate(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
