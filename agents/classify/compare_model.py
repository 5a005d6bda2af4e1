"""Rules or a small learned model? Compare the label decision of the rules with a logistic
regression over the same per-label features, trained on train, scored on dev.

Features per (item, label), all from :func:`agents.classify.analyse`: the rules' confidence (as a
logit and as is, also below the threshold), the number of evidence sentences, whether the
headline is evidence, whether the item has a primary figure / any figure of the label's kind,
and the rules' decision. Run ``python -m agents.classify.compare_model`` (needs numpy; nothing
is shipped from it: the classifier ships the rules, which measured as well on dev - see
docs/classify.md).
"""

from __future__ import annotations

import math
import pathlib
import sys

from agents.classify import LABELS, analyse
from agents.classify.evaluate import LabelScore, read_set
from schemas.models import FIGURE_KIND_LABEL

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"
KINDS = {label: tuple(k for k, lab in FIGURE_KIND_LABEL.items() if lab == label) for label in LABELS}


def features(item: dict) -> dict[str, list[float]]:
    a = analyse(item["headline"], item.get("body", ""))
    out: dict[str, list[float]] = {}
    for label in LABELS:
        c = a.confidence.get(label, 0.0)
        hit = next((h for h in a.labels if h.label == label), None)
        head = 1.0 if hit and hit.evidence and hit.evidence[0] == item["headline"].strip() else 0.0
        primary = 1.0 if any(f.primary and f.kind in KINDS[label] for f in a.figures) else 0.0
        anyfig = 1.0 if any(f.kind in KINDS[label] for f in a.figures) else 0.0
        logit = math.log(max(c, 1e-3) / max(1.0 - c, 1e-3))
        out[label] = [logit, c, float(len(hit.evidence) if hit else 0), head, primary, anyfig,
                      1.0 if hit else 0.0]
    return out


def _f1(pred: list[bool], gold: list[bool]) -> float:
    s = LabelScore()
    for g, p in zip(gold, pred):
        s.add(g, p)
    return s.f1


def main() -> int:
    import numpy as np

    train, dev = read_set(DATA / "train.jsonl"), read_set(DATA / "dev.jsonl")
    tf, df = [features(r) for r in train], [features(r) for r in dev]
    for label in LABELS:
        x = np.array([f[label] for f in tf])
        y = np.array([1.0 if label in r["labels"] else 0.0 for r in train])
        xd = np.array([f[label] for f in df])
        yd = [label in r["labels"] for r in dev]
        mu, sd = x.mean(0), x.std(0) + 1e-6
        xn = np.c_[(x - mu) / sd, np.ones(len(x))]
        xdn = np.c_[(xd - mu) / sd, np.ones(len(xd))]
        w = np.zeros(xn.shape[1])
        for _ in range(3000):  # L2-regularised logistic regression, plain gradient descent
            p = 1.0 / (1.0 + np.exp(-xn @ w))
            w -= 0.5 * (xn.T @ (p - y) / len(y) + 0.01 * np.r_[w[:-1], 0.0])
        learned = list((1.0 / (1.0 + np.exp(-xdn @ w))) >= 0.5)
        rules = list(xd[:, -1] >= 0.5)
        print(f"{label:<13} dev F1: rules {_f1(rules, yd):.3f}, logistic {_f1(learned, yd):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
