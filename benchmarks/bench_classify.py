"""Throughput of the classification stage on a synthetic corpus of ~2 KB wire items.

Run ``python benchmarks/bench_classify.py [--items N] [--rounds R]``; prints, on
one core (the calling thread), items/s and µs/item of

* ``baseline`` - a trivial pass over the same corpus (lower-case the text and
  split it into sentences with one regex), to read the other numbers against
  the machine's speed at the time of the run;
* ``analyse`` - :func:`agents.classify.analyse`;
* ``classify`` - :func:`agents.classify.classify` (adds building the pydantic event);
* ``devset`` - ``analyse`` over the dev set items (``tests/data/devset.jsonl``,
  shorter real excerpts);
* ``dev-2k`` - ``analyse`` over ~2 KB items made of consecutive dev set bodies (real
  wire prose at the synthetic items' size, with its much lower density of cues,
  numbers and places).

The measurements are interleaved over ``R`` rounds and the best round of each
is reported (the median in brackets), so a busy machine slows all of them alike.
Rates are computed from the process's CPU time (``time.process_time``: time spent
waiting for a core on a shared machine is not counted); the wall-clock rate of the
same best round is printed alongside.

The classifier normally runs compiled (mypyc, see setup.py). When it is, the same
measurements are then repeated in a child process on the plain Python modules
(``WIREWATCH_PURE_PYTHON=1``), so both builds are compared in one run
(``--no-compare`` skips that).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.classify import analyse, classify, compiled  # noqa: E402
from agents.classify.evaluate import read_set  # noqa: E402
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


_SPLIT = re.compile(r"[.!?]\s+|\n\s*\n")
DEVSET = Path(__file__).resolve().parents[1] / "tests" / "data" / "devset.jsonl"


def baseline(items: list[tuple[str, str]]) -> None:
    """The trivial reference pass: lower-case and sentence-split each item."""
    for h, b in items:
        text = f"{h}\n\n{b}"
        text.lower()
        _SPLIT.split(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-compare", action="store_true", help="do not repeat the run on the plain Python build")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # best rates only (the comparison run)
    args = ap.parse_args()
    items = corpus(args.items)
    avg = sum(len(h) + len(b) for h, b in items) / len(items)
    now = datetime.now(timezone.utc)
    wire = [
        WireItem(id=str(i), source="bench", guid=str(i), format="json", headline=h, body=b,
                 published=now, received=now, content_hash="x", payload_hash="x")
        for i, (h, b) in enumerate(items)
    ]
    dev = read_set(DEVSET)
    dev_items = [(d["headline"], d.get("body", "")) for d in dev]
    dev_avg = sum(len(h) + len(b) for h, b in dev_items) / len(dev_items)
    dev_reps = max(1, len(items) // len(dev_items))
    dev_2k: list[tuple[str, str]] = []
    for i, (h, _) in enumerate(dev_items):
        parts: list[str] = []
        j = i
        while sum(len(p) + 2 for p in parts) < 2048 - len(h):
            parts.append(dev_items[j % len(dev_items)][1])
            j += 1
        dev_2k.append((h, "\n\n".join(parts)))
    dev_2k_avg = sum(len(h) + len(b) for h, b in dev_2k) / len(dev_2k)

    def run_analyse() -> int:
        for h, b in items:
            analyse(h, b)
        return len(items)

    def run_classify() -> int:
        for w in wire:
            classify(w)
        return len(wire)

    def run_baseline() -> int:
        baseline(items)
        return len(items)

    def run_dev() -> int:
        for _ in range(dev_reps):
            for h, b in dev_items:
                analyse(h, b)
        return dev_reps * len(dev_items)

    def run_dev_2k() -> int:
        for _ in range(dev_reps):
            for h, b in dev_2k:
                analyse(h, b)
        return dev_reps * len(dev_2k)

    runs = {"baseline": run_baseline, "analyse": run_analyse, "classify": run_classify, "devset": run_dev,
            "dev-2k": run_dev_2k}
    for h, b in items[:50]:  # warm-up
        analyse(h, b)
    rates: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}  # (cpu rate, wall rate)
    for _ in range(args.rounds):
        for name, fn in runs.items():
            c0, t0 = time.process_time(), time.perf_counter()
            n = fn()
            c1, t1 = time.process_time(), time.perf_counter()
            rates[name].append((n / max(c1 - c0, 1e-9), n / (t1 - t0)))
    if args.json:
        print(json.dumps({name: max(r)[0] for name, r in rates.items()}))
        return
    build = "compiled (mypyc)" if compiled.is_compiled() else "plain Python"
    print(f"classifier build: {build}")
    print(f"corpus: {len(items)} synthetic items of ~{avg:.0f} chars; dev set {len(dev_items)} items of "
          f"~{dev_avg:.0f} chars and as {len(dev_2k)} items of ~{dev_2k_avg:.0f} chars (x{dev_reps}); "
          f"best of {args.rounds} interleaved rounds [median]; CPU time")
    for name, r in rates.items():
        best = max(r)
        med = statistics.median(c for c, _ in r)
        print(f"{name:9s}: {best[0]:9,.0f} items/s  {1e6 / best[0]:7.1f} us/item   [{med:,.0f} items/s]"
              f"   wall {best[1]:,.0f} items/s")
    ratio = max(rates["baseline"])[0] / max(rates["analyse"])[0]
    print(f"analyse costs {ratio:.1f}x the trivial baseline (lower-case + sentence split)")
    if compiled.is_compiled() and not args.no_compare:
        env = dict(os.environ, WIREWATCH_PURE_PYTHON="1")
        cmd = [sys.executable, __file__, "--items", str(args.items), "--rounds", str(args.rounds), "--json"]
        pure = json.loads(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout)
        print("plain Python build (same corpus, child process):")
        for name in ("baseline", "analyse", "classify", "devset", "dev-2k"):
            fast = max(rates[name])[0]
            note = "(machine reference)" if name == "baseline" else f"compiled is {fast / pure[name]:.2f}x"
            print(f"{name:9s}: {pure[name]:9,.0f} items/s  {1e6 / pure[name]:7.1f} us/item   {note}")


if __name__ == "__main__":
    main()
