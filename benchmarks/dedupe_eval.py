"""Precision / recall of duplicate detection on the known-structure corpus.

    python -m benchmarks.dedupe_eval [--hard] [--sweep] [--verbose]

Each corpus item is run through :class:`agents.dedupe.Deduper` in arrival order. An item counts as *detected* when its
outcome is ``duplicate`` or ``update``; it is a *correct* detection when it is linked
to the story it was copied from (``duplicate_of`` / the re-keyed story id).

* precision = correct detections / all detections (distinct stories wrongly merged
  and copies linked to the wrong story both count against it);
* recall    = correct detections / copies in the corpus;
* outcome accuracy = copies that got the expected outcome (``update`` for figure
  corrections, ``duplicate`` for the rest).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime, timezone

from agents.dedupe import DEFAULT_PARAMS, Deduper, Params
from benchmarks.dedupe_corpus import build
from agents.formats.jsonitem import item_from_object

NOW = datetime(2019, 3, 1, tzinfo=timezone.utc)


def evaluate(rows: list[dict], params: Params = DEFAULT_PARAMS, verbose: bool = False) -> dict:
    d = Deduper({}, params=params)
    story_of_base: dict[int, str] = {}
    detected = correct = copies = right_outcome = 0
    per_kind: dict[str, Counter] = defaultdict(Counter)
    failures: list[str] = []
    for r in rows:
        item = item_from_object(r["item"], source=r["item"]["source"], received=NOW, raw=b"{}")
        dec = d.decide(item)
        kind, base = r["kind"], r["base"]
        if kind == "base":
            story_of_base[base] = item.id
        linked = dec.duplicate_of if dec.outcome == "duplicate" else (dec.story_id if dec.outcome == "update" else None)
        if linked == item.id and dec.outcome == "update":
            linked = None  # an update of its own story is not a cross-item link
        is_copy = r["expect"] != "new"
        c = per_kind[kind]
        c["n"] += 1
        if linked is not None:
            detected += 1
            ok = is_copy and linked == story_of_base.get(base)
            correct += ok
            c["linked_right" if ok else "linked_wrong"] += 1
            if not ok:
                failures.append(f"FALSE LINK  {kind:14} {item.headline[:60]!r} -> {linked}")
        if is_copy:
            copies += 1
            if linked is None:
                failures.append(f"MISSED      {kind:14} {item.headline[:60]!r}")
        if dec.outcome == r["expect"]:
            right_outcome += 1 if is_copy else 0
            c["right_outcome"] += 1
        elif is_copy and linked is not None:
            failures.append(f"OUTCOME     {kind:14} expected {r['expect']}, got {dec.outcome} {item.headline[:50]!r}")
    res = {
        "items": len(rows),
        "copies": copies,
        "detected": detected,
        "precision": correct / detected if detected else 1.0,
        "recall": correct / copies if copies else 1.0,
        "outcome_accuracy": right_outcome / copies if copies else 1.0,
        "per_kind": {k: dict(v) for k, v in per_kind.items()},
        "failures": failures,
    }
    if verbose:
        for f in failures:
            print(f)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hard", action="store_true", help="also report the hard negatives (reused background)")
    ap.add_argument("--sweep", action="store_true", help="sweep the similarity thresholds")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    rows = build()
    print(f"params: {DEFAULT_PARAMS}")
    res = evaluate(rows, verbose=a.verbose)
    print(f"corpus: {res['items']} items, {res['copies']} copies of {res['items'] - res['copies']} distinct stories")
    print(f"precision {res['precision']:.4f}   recall {res['recall']:.4f}   "
          f"outcome accuracy (update vs duplicate) {res['outcome_accuracy']:.4f}")
    print(f"{'kind':16}{'n':>5}{'linked right':>14}{'linked wrong':>14}{'right outcome':>15}")
    for kind, c in sorted(res["per_kind"].items()):
        print(f"{kind:16}{c.get('n', 0):5}{c.get('linked_right', 0):14}{c.get('linked_wrong', 0):14}{c.get('right_outcome', 0):15}")
    if res["failures"] and not a.verbose:
        print(f"{len(res['failures'])} failures (first 10; -v for all):")
        for f in res["failures"][:10]:
            print("  " + f)
    if a.hard:
        hard = evaluate(build(with_hard_negatives=True))
        hn = hard["per_kind"].get("hard_negative", {})
        print(f"hard negatives (new lead on reused background): {hn.get('n', 0)} items, "
              f"{hn.get('linked_wrong', 0)} wrongly merged into the story whose background they reuse")
    if a.sweep:
        print(f"{'jaccard':>8}{'containment':>12}{'precision':>10}{'recall':>8}")
        for j in (0.3, 0.4, 0.5, 0.6, 0.7):
            for c in (0.7, 0.8, 0.85, 0.9, 1.01):
                r = evaluate(rows, replace(DEFAULT_PARAMS, jaccard=j, containment=c))
                print(f"{j:8.2f}{c:12.2f}{r['precision']:10.4f}{r['recall']:8.4f}")


if __name__ == "__main__":
    main()
