"""Throughput of the classification stage on a synthetic corpus of ~2 KB wire items.

Run ``python benchmarks/bench_classify.py [--items N]``; prints items/s on one
core (the calling thread) for :func:`agents.classify.analyse` and for
:func:`agents.classify.classify` (which adds building the pydantic event).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.classify import analyse, classify  # noqa: E402
from schemas import WireItem  # noqa: E402

_SENTENCES = [
    "Government forces shelled rebel positions near {place} on {day}, killing at least {n} people.",
    "More than {big} residents have fled their homes since the offensive began, the UN said.",
    "The Britain-based Syrian Observatory for Human Rights said some {n} fighters were detained.",
    "Officials met in Geneva for talks aimed at ending the fighting, a spokesman said.",
    "Donors pledged $2 billion in aid for refugees at a conference in Brussels.",
    "The area is roughly the size of Britain and home to about {big} people.",
    "Witnesses said air strikes hit a market in {place} and wounded dozens of civilians.",
    "The ministry denied detaining anyone, calling the reports baseless.",
    "Many families fled in 2015 and have not returned, residents recalled.",
    "Police arrested {n} protesters in the capital on {day}, activists said.",
    "Up to {n} jihadists could still remain inside the pocket, according to a spokesman.",
    "Aid agencies warned that the situation could deteriorate further in the coming weeks.",
]
_PLACES = ["Idlib", "Deir Ezzor", "Kharkiv", "El Fasher", "Goma", "Marib", "Mosul", "Khan Younis", "Mekelle"]
_DAYS = ["Sunday", "Monday", "Tuesday", "Friday"]


def corpus(n: int, size: int = 2048, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (headline, body) pairs of about ``size`` characters each."""
    rng = random.Random(seed)
    items = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(
                rng.choice(_SENTENCES).format(
                    place=rng.choice(_PLACES), day=rng.choice(_DAYS), n=rng.randint(2, 900),
                    big=f"{rng.randint(2, 90)},{rng.randint(0, 999):03d}",
                )
            )
        paras = [" ".join(parts[i : i + 3]) for i in range(0, len(parts), 3)]
        items.append((f"Fighting flares near {rng.choice(_PLACES)}", "\n\n".join(paras)))
    return items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--items", type=int, default=5000)
    args = ap.parse_args()
    items = corpus(args.items)
    avg = sum(len(h) + len(b) for h, b in items) / len(items)
    for h, b in items[:50]:  # warm-up
        analyse(h, b)
    t0 = time.perf_counter()
    for h, b in items:
        analyse(h, b)
    dt = time.perf_counter() - t0
    print(f"analyse : {len(items)} items of ~{avg:.0f} chars in {dt:.2f}s = {len(items) / dt:,.0f} items/s")
    now = datetime.now(timezone.utc)
    wire = [
        WireItem(id=str(i), source="bench", guid=str(i), format="json", headline=h, body=b,
                 published=now, received=now, content_hash="x", payload_hash="x")
        for i, (h, b) in enumerate(items)
    ]
    t0 = time.perf_counter()
    for w in wire:
        classify(w)
    dt = time.perf_counter() - t0
    print(f"classify: {len(wire)} items in {dt:.2f}s = {len(wire) / dt:,.0f} items/s")


if __name__ == "__main__":
    main()
