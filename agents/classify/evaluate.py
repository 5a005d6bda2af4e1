"""Evaluate the classifier on a labelled set (JSON lines) and format the scores.

Each line holds ``id``, ``headline``, ``body``, ``labels`` (list of label
names), ``region`` (a code or null), ``primary`` (the story's primary figure per
kind: ``{kind, value, low?}``) and/or ``figures`` (every figure mention:
``{kind, value, qualifier?, low?}``); other fields (``source``, ``note``) are
ignored. The sets live in ``tests/data`` (see its README).

Scores:

* per label: precision, recall and F1 of the label decisions over all items
  (plus micro-averaged F1 over labels), and the same for a naive keyword
  baseline (:data:`BASELINE`: one regex per label, any match gives the label);
* region accuracy: the predicted primary code equals the gold code (null
  equals null), over all items and over the items with an event (a gold label);
* figures: share of items whose predicted *primary* figures (``primary=True``,
  one per kind) equal the gold ``primary`` set exactly (kind, value, low); for
  sets that list every mention (``figures``), mention precision/recall and the
  share of items whose mention set is exact;
* misses, grouped by cause (:func:`miss_causes`): background, hypothetical,
  denial, history, stock, place name, not a conflict event, ... for labels;
  dateline / origin / organisation home, missing town, subdivision not
  supported, ... for regions; part instead of total, vague figure, background
  figure, ... for figures.

Run ``python -m agents.classify.evaluate tests/data/dev.jsonl`` (or ``wirewatch eval``).
"""

from __future__ import annotations

import json
import pathlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from agents.classify import LABELS, VERSION, Analysis, analyse
from agents.classify.figures import LABEL_OF_KIND
from agents.classify.results import FigureResult

# A naive keyword baseline: the words a first-day regex would look for.
BASELINE: dict[str, re.Pattern[str]] = {
    "battle": re.compile(r"\b(?:fight\w*|clash\w*|battle\w*|attack\w*|shell(?:ed|ing|s)?|air ?strikes?|"
                         r"bomb\w*|strikes?|killed|offensive|ambush\w*)\b", re.IGNORECASE),
    "displacement": re.compile(r"\b(?:fle[de]|flee\w*|displac\w*|refugees?|evacuat\w*|idps?|"
                               r"exodus|homeless)\b", re.IGNORECASE),
    "detention": re.compile(r"\b(?:arrest\w*|detain\w*|detention|abduct\w*|kidnap\w*|hostages?|"
                            r"captured|jailed|custody|prisoners?)\b", re.IGNORECASE),
}

# Words that explain why a sentence is not a current event (the cause of a label miss).
_CAUSES: list[tuple[str, re.Pattern[str]]] = [
    ("denial", re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject\w*|dismiss\w*|refut\w*|debunk\w*|false|fake|"
                          r"untrue|baseless|fictitious|propaganda|rumou?rs?|not (?:arrested|detained))\b", re.I)),
    ("hypothetical/future", re.compile(r"\b(?:could|may|might|would|will|expected|likely|plans?|planned|"
                                       r"planning|prepar\w*|contingency|scenario|worst-case|warn\w*|"
                                       r"risk\w*|fears?|threat\w*|once|if|possible|potential)\b", re.I)),
    ("not a conflict event", re.compile(r"\b(?:football|soccer|match|league|stadium|tournament|earthquake|"
                                        r"quake|wildfires?|flood\w*|drought|cyclone|hurricane|storm|"
                                        r"exercises?|drills?|training|film|documentary|festival|museum|"
                                        r"exhibition|statistics|asylum)\b", re.I)),
    ("peace talks/deal, aid", re.compile(r"\b(?:peace|talks|deal|agreement|accord|ceasefire|truce|"
                                         r"resolution|pledg\w*|donors?|conference|funding|appeal)\b", re.I)),
    ("history/trial/commemoration", re.compile(r"\b(?:(?:19|20)\d\d|ago|anniversary|commemorat\w*|memorial|"
                                               r"remember\w*|recall\w*|massacre|trial|sentenced|"
                                               r"convicted|court|history|historic)\b", re.I)),
    ("place name (camp)", re.compile(r"\b(?:refugee|displacement|idp) (?:camp|settlement)s?\b", re.I)),
    ("stock/background", re.compile(r"\b(?:since|so far|to date|total|home to|lives?|living|hosts?|"
                                    r"hosting|population|stands at|remain\w*|millions?|has killed|"
                                    r"have been (?:killed|displaced))\b", re.I)),
]
_VAGUE_VALUES = {24.0, 200.0, 2000.0, 20000.0, 200000.0, 2000000.0}
#: label -> the kinds whose count is weighed for it when the cues miss (figures.LABEL_OF_KIND, inverted)
LABEL_KINDS = {label: {k for k, lab in LABEL_OF_KIND.items() if lab == label}
               for label in set(LABEL_OF_KIND.values())}


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

    def add(self, gold: bool, got: bool) -> None:
        if gold and got:
            self.tp += 1
        elif got:
            self.fp += 1
        elif gold:
            self.fn += 1


def _micro(scores: Iterable[LabelScore]) -> float:
    s = list(scores)
    return LabelScore(sum(x.tp for x in s), sum(x.fp for x in s), sum(x.fn for x in s)).f1


@dataclass(slots=True)
class Miss:
    """One thing the classifier got wrong on one item, and why (a cause from :func:`miss_causes`)."""

    item: str
    what: str  # "label battle not expected", "region ...", "figures ..."
    cause: str
    detail: str = ""


@dataclass(slots=True)
class EvalReport:
    """Scores of one evaluation run and the items it got wrong."""

    name: str = ""
    items: int = 0
    labels: dict[str, LabelScore] = field(default_factory=dict)
    baseline: dict[str, LabelScore] = field(default_factory=dict)
    region_correct: int = 0
    event_items: int = 0
    event_region_correct: int = 0
    primary_items: int = 0
    primary_exact: int = 0
    mention_items: int = 0
    figures_exact: int = 0
    figures_gold: int = 0
    figures_predicted: int = 0
    figures_matched: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def micro_f1(self) -> float:
        return _micro(self.labels.values())

    @property
    def baseline_micro_f1(self) -> float:
        return _micro(self.baseline.values())

    @property
    def region_accuracy(self) -> float:
        return self.region_correct / self.items if self.items else 0.0

    @property
    def event_region_accuracy(self) -> float:
        return self.event_region_correct / self.event_items if self.event_items else 0.0

    @property
    def primary_accuracy(self) -> float:
        return self.primary_exact / self.primary_items if self.primary_items else 0.0

    @property
    def figure_accuracy(self) -> float:
        """Primary-figure accuracy where the set has ``primary`` gold, else mention-set accuracy."""
        if self.primary_items:
            return self.primary_accuracy
        return self.figures_exact / self.mention_items if self.mention_items else 0.0

    @property
    def figure_precision(self) -> float:
        return self.figures_matched / self.figures_predicted if self.figures_predicted else 1.0

    @property
    def figure_recall(self) -> float:
        return self.figures_matched / self.figures_gold if self.figures_gold else 1.0

    def causes(self) -> Counter[tuple[str, str]]:
        """(area, cause) -> count; area is ``label``, ``region`` or ``figures``."""
        return Counter((m.what.split()[0], m.cause) for m in self.misses)


def _same(gold: dict, fig: FigureResult, *, qualifier: bool = True) -> bool:
    if gold["kind"] != fig.kind or float(gold["value"]) != fig.value:
        return False
    if gold.get("low") is not None and (fig.low is None or float(gold["low"]) != fig.low):
        return False
    if gold.get("low") is None and fig.low is not None:
        return False
    if qualifier and "qualifier" in gold and (gold["qualifier"] or None) != (fig.qualifier or None):
        return False
    return True


def _match_figures(gold: list[dict], predicted: list[FigureResult], *, qualifier: bool = True) -> int:
    """Number of gold figures matched one-to-one by predicted ones."""
    left = list(predicted)
    matched = 0
    for g in gold:
        for i, fig in enumerate(left):
            if _same(g, fig, qualifier=qualifier):
                matched += 1
                del left[i]
                break
    return matched


def read_set(path: pathlib.Path | str) -> list[dict]:
    """The items of a labelled JSON-lines set (blank lines skipped)."""
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def baseline_labels(headline: str, body: str) -> set[str]:
    """Labels of the naive keyword baseline: any keyword of a label gives it."""
    text = f"{headline}\n\n{body}"
    return {label for label, rx in BASELINE.items() if rx.search(text)}


# --- why a miss happened --------------------------------------------------------------


def _sentence_cause(sentences: Iterable[str]) -> str:
    text = " ".join(sentences)
    for cause, rx in _CAUSES:
        if rx.search(text):
            return cause
    return "other"


def _label_cause(item: dict, a: Analysis, label: str, got: bool) -> tuple[str, str]:
    if got:  # a false positive: what made its evidence look like an event
        hit = next(h for h in a.labels if h.label == label)
        note = (item.get("note") or "").removeprefix("tricky:")
        return _sentence_cause(hit.evidence), hit.evidence[0][:100] if hit.evidence else note
    kinds = LABEL_KINDS.get(label, ())
    if any(f.kind in kinds for f in a.figures):
        return "figure found, label missed", ""
    text = f"{item['headline']} {item.get('body', '')}"
    if not BASELINE[label].search(text):
        return "no cue word", ""
    return "cue discounted or too weak", ""


def _region_cause(item: dict, a: Analysis, gold: str | None) -> str:
    got = a.region.code if a.region else None
    if got is None:
        return "no place found"
    if gold is None:
        return "place given, none expected"
    if got[:2] != gold[:2]:
        head = item.get("body", "")[:60]
        name = a.region.name if a.region else ""
        body = item.get("body", "")
        if name and name.lower() in head.lower():
            return "dateline/origin region"
        if name and re.search(re.escape(name) + r"[- ](?:based|backed|funded)|based in (?:the )?" + re.escape(name),
                              body, re.I):
            return "organisation home"
        return "other country (origin, destination, actor)"
    if len(gold) > 2 and len(got) == 2:
        return "missing town/subdivision"
    if len(gold) == 2 and len(got) > 2:
        return "subdivision not supported"
    return "wrong subdivision"


def _figure_causes(gold: list[dict], got: list[FigureResult], mentions: list[FigureResult]) -> list[str]:
    causes: list[str] = []
    gold_by = {g["kind"]: g for g in gold}
    got_by = {f.kind: f for f in got}
    for kind, g in gold_by.items():
        f = got_by.get(kind)
        if f is None:
            same_kind = [m for m in mentions if m.kind == kind]
            causes.append("primary figure missed" if not same_kind else "no primary chosen")
        elif not _same(g, f, qualifier=False):
            value = float(g["value"])
            others = [m.value for m in mentions if m.kind == kind]
            if f.value in _VAGUE_VALUES and f.qualifier == "at least":
                causes.append("vague figure chosen")
            elif f.value < value and value not in others:
                causes.append("part instead of total")
            elif f.value < value:
                causes.append("smaller figure chosen")
            else:
                causes.append("background/larger figure chosen")
    for kind in got_by.keys() - gold_by.keys():
        causes.append("figure of a kind not expected")
    return causes


def _primary(figures: list[FigureResult]) -> list[FigureResult]:
    """The figures marked primary; for a classifier without ``primary`` (before 1.2), what
    the region tables counted then: the largest figure of each kind."""
    if figures and getattr(figures[0], "primary", None) is None:
        best: dict[str, FigureResult] = {}
        for f in figures:
            if f.kind not in best or f.value > best[f.kind].value:
                best[f.kind] = f
        return list(best.values())
    return [f for f in figures if getattr(f, "primary", False)]


def miss_causes(report: EvalReport) -> list[tuple[str, str, int]]:
    """(area, cause, count), most frequent first."""
    return [(area, cause, n) for (area, cause), n in report.causes().most_common()]


# --- the run ----------------------------------------------------------------------------


def evaluate(
    path: pathlib.Path | str,
    *,
    progress: Callable[[int, int], None] | None = None,
    items: list[dict] | None = None,
) -> EvalReport:
    """Run :func:`analyse` over every item of the JSON-lines file at ``path``.

    ``progress(done, total)`` is called every 25 items and at the end (long runs).
    """
    rows = items if items is not None else read_set(path)
    report = EvalReport(name=pathlib.Path(path).name, labels={label: LabelScore() for label in LABELS},
                        baseline={label: LabelScore() for label in LABELS})
    total = len(rows)
    for n, item in enumerate(rows, 1):
        a = analyse(item["headline"], item.get("body", ""))
        report.items += 1
        iid = item["id"]
        gold_labels = set(item.get("labels", []))
        got_labels = {hit.label for hit in a.labels}
        base = baseline_labels(item["headline"], item.get("body", ""))
        for label in set(LABELS) | gold_labels | got_labels:
            report.labels.setdefault(label, LabelScore()).add(label in gold_labels, label in got_labels)
            report.baseline.setdefault(label, LabelScore()).add(label in gold_labels, label in base)
            if (label in gold_labels) != (label in got_labels):
                cause, detail = _label_cause(item, a, label, label in got_labels)
                what = f"label {label} {'not expected' if label in got_labels else 'missed'}"
                report.misses.append(Miss(iid, what, cause, detail))
        got_region = a.region.code if a.region else None
        gold_region = item.get("region")
        ok = got_region == gold_region
        report.region_correct += ok
        if gold_labels:
            report.event_items += 1
            report.event_region_correct += ok
        if not ok:
            report.misses.append(Miss(iid, f"region {got_region} expected {gold_region}",
                                      _region_cause(item, a, gold_region)))
        if "primary" in item:
            gold_primary = item["primary"]
            got_primary = _primary(a.figures)
            report.primary_items += 1
            if _match_figures(gold_primary, got_primary, qualifier=False) == len(gold_primary) == len(got_primary):
                report.primary_exact += 1
            else:
                got = ", ".join(f"{f.kind}:{f.value:g}" for f in got_primary) or "-"
                want = ", ".join(f"{g['kind']}:{g['value']:g}" for g in gold_primary) or "-"
                for cause in _figure_causes(gold_primary, got_primary, a.figures):
                    report.misses.append(Miss(iid, f"figures [{got}] expected [{want}]", cause))
        if "figures" in item:
            gold_figs = item["figures"]
            matched = _match_figures(gold_figs, a.figures)
            report.mention_items += 1
            report.figures_gold += len(gold_figs)
            report.figures_predicted += len(a.figures)
            report.figures_matched += matched
            if matched == len(gold_figs) == len(a.figures):
                report.figures_exact += 1
            elif "primary" not in item:
                got = ", ".join(f"{f.kind}:{f.value:g}:{f.qualifier}" for f in a.figures) or "-"
                want = ", ".join(f"{g['kind']}:{g['value']:g}:{g.get('qualifier')}" for g in gold_figs) or "-"
                report.misses.append(Miss(iid, f"figures [{got}] expected [{want}]", "mention set differs"))
        if progress is not None and (n % 25 == 0 or n == total):
            progress(n, total)
    return report


def format_report(report: EvalReport, *, misses: bool = True) -> str:
    """A plain-text table of the scores (beside the keyword baseline), the misses by cause,
    then (``misses``) every miss."""
    head = f"{report.name}: " if report.name else ""
    lines = [f"{head}{report.items} items, {VERSION}", "",
             f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}   {'baseline F1':>11}{'margin':>8}"]
    for label, s in sorted(report.labels.items()):
        b = report.baseline.get(label, LabelScore())
        lines.append(f"{label:<14}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:5d}{s.fp:5d}{s.fn:5d}   "
                     f"{b.f1:11.3f}{s.f1 - b.f1:+8.3f}")
    lines += [
        f"{'micro':<14}{'':>14}{report.micro_f1:7.3f}{'':>15}   {report.baseline_micro_f1:11.3f}"
        f"{report.micro_f1 - report.baseline_micro_f1:+8.3f}",
        "",
        f"region accuracy: {report.region_accuracy:.3f} ({report.region_correct}/{report.items}); "
        f"on items with an event: {report.event_region_accuracy:.3f} "
        f"({report.event_region_correct}/{report.event_items})",
    ]
    if report.primary_items:
        lines.append(f"figure accuracy (primary figure per kind, items exact): {report.primary_accuracy:.3f} "
                     f"({report.primary_exact}/{report.primary_items})")
    if report.mention_items:
        lines.append(f"figure mentions: items exact {report.figures_exact}/{report.mention_items}; "
                     f"precision {report.figure_precision:.3f}, recall {report.figure_recall:.3f}")
    lines += ["", f"misses by cause ({len(report.misses)}):"]
    lines += [f"  {n:4d}  {area:<7} {cause}" for area, cause, n in miss_causes(report)]
    if misses:
        lines += ["", "misses:"]
        lines += [f"  {m.item}: {m.what}  [{m.cause}]" + (f"  {m.detail}" if m.detail else "")
                  for m in report.misses]
    return "\n".join(lines)


def _stderr_progress(done: int, total: int) -> None:
    if total >= 100:
        sys.stderr.write(f"\r  {done}/{total} items" + ("\n" if done == total else ""))
        sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    quiet = "--quiet" in args
    paths = [pathlib.Path(a) for a in args if not a.startswith("--")] or [pathlib.Path("tests/data/dev.jsonl")]
    for path in paths:
        print(format_report(evaluate(path, progress=_stderr_progress), misses=not quiet))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
