"""A dedupe corpus with known structure: real stories and edited copies of them.

Bases (distinct stories, expected ``new``): the 88 dev-set texts
(``tests/data/devset.jsonl``) and the sample AFP dispatch (``streams/samples/``).
For every base, copies arrive later from *other* sources under other guids, each
made by one kind of edit a wire desk sees:

=====================  =====================================================  ==========
kind                   edit                                                   expected
=====================  =====================================================  ==========
``resend``             identical text                                         duplicate
``headline``           headline rewritten ("UPDATE 1-", reworded)             duplicate
``drop_paragraph``     one non-lead paragraph dropped (or the last sentence)  duplicate
``reorder``            two paragraphs (or sentences) swapped                  duplicate
``typos``              2-3 typos introduced / fixed                           duplicate
``boilerplate``        credit line, copyright and a "more" line added         duplicate
``trimmed``            only the first half of the text (a brief)              duplicate
``combo``              headline + boilerplate + typos                         duplicate
``boiler_unknown``     promo / related-story lines no stripper knows          duplicate
``figure``             one figure corrected ("37,000" -> "40,000")            update
``figure_combo``       figure corrected + headline + boilerplate              update
=====================  =====================================================  ==========

``hard_negative`` items (optional, reported separately) are *new* stories that reuse
another story's background paragraphs under a new lead: the known weak spot of
text-similarity dedupe.

Every row: ``{"item": <JSON wire item>, "kind", "base": <index>, "expect": new|duplicate|update}``.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"
SAMPLE = ROOT / "streams" / "samples" / "afp-2019-02-10-deir-ezzor.txt"

SOURCES = ["reuters", "ap", "dpa", "aljazeera", "bbc", "anadolu", "xinhua", "efe"]
BOILER = [
    "(Reporting by {a}; Writing by {b}; Editing by {c})",
    "Copyright 2019 {src}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "For more news, visit our website and follow us on social media.",
]
NAMES = ["Ellen Francis", "Tom Perry", "Maher Chmaytelli", "Sarah Dadouch", "Angus McDowall", "Kinda Makieh"]
KINDS = ["resend", "headline", "drop_paragraph", "reorder", "typos", "boilerplate", "trimmed", "combo",
         "boiler_unknown", "figure", "figure_combo"]
UNKNOWN_BOILER = [
    "Follow our live coverage of the conflict in the app and on the website.",
    "Related: {other}",
    "Sign up to our newsletter to get the day's main stories in your inbox every morning.",
]
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_NUM = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}\b")


def bases() -> list[dict]:
    """The distinct stories: dev set + the sample dispatch."""
    out = []
    for line in DEVSET.read_text().splitlines():
        r = orjson.loads(line)
        out.append({"headline": r["headline"], "body": r["body"]})
    text = SAMPLE.read_text()
    lines = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    head = re.sub(r"^date \S+\s*", "", lines[0])
    out.append({"headline": head, "body": "\n\n".join(lines[1:]).replace("Septem-\n\nber", "September")})
    return out


def _units(body: str) -> tuple[list[str], str]:
    """Paragraphs if there are at least three, else sentences."""
    paras = [p for p in body.split("\n\n") if p.strip()]
    if len(paras) >= 3:
        return paras, "\n\n"
    return [s for s in _SENT.split(body) if s.strip()], " "


def _typos(rng: random.Random, text: str, n: int) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    for i in rng.sample(idx, min(n, len(idx))):
        w = list(words[i])
        j = rng.randrange(1, len(w) - 2)
        w[j], w[j + 1] = w[j + 1], w[j]
        words[i] = "".join(w)
    return " ".join(words)


def _headline(rng: random.Random, h: str) -> str:
    words = h.split()
    choice = rng.randrange(3)
    if choice == 0:
        return "UPDATE 1-" + h
    if choice == 1 and len(words) > 4:
        cut = rng.randrange(2, len(words) - 1)
        return " ".join(words[cut:] + ["-"] + words[:cut])
    return f"{words[0]} {' '.join(words[1:])}, officials say" if words else "News"


def _boiler(rng: random.Random, body: str, src: str) -> str:
    a, b, c = rng.sample(NAMES, 3)
    extra = [t.format(a=a, b=b, c=c, src=src.upper()) for t in BOILER]
    return body + "\n\n" + "\n\n".join(extra[: rng.randrange(1, 4)])


def _figure(rng: random.Random, text: str, share: float) -> str | None:
    nums = [m for m in _NUM.finditer(text) if not re.fullmatch(r"(19|20)\d\d", m.group(0))]
    if not nums:
        return None
    m = rng.choice(nums)
    v = int(m.group(0).replace(",", ""))
    new = v + max(1 if share < 0.2 else 2, round(v * share))  # distinct per kind: no two copies agree by chance
    s = f"{new:,}" if "," in m.group(0) else str(new)
    return text[: m.start()] + s + text[m.end():]


def variant(rng: random.Random, base: dict, kind: str, src: str) -> dict | None:
    h, body = base["headline"], base["body"]
    units, sep = _units(body)
    if kind == "resend":
        return {"headline": h, "body": body}
    if kind == "headline":
        return {"headline": _headline(rng, h), "body": body}
    if kind == "drop_paragraph":
        if len(units) < 3:
            return None
        i = rng.randrange(1, len(units))
        return {"headline": h, "body": sep.join(units[:i] + units[i + 1:])}
    if kind == "reorder":
        if len(units) < 3:
            return None
        i, j = rng.sample(range(1, len(units)), 2)
        u = list(units)
        u[i], u[j] = u[j], u[i]
        return {"headline": h, "body": sep.join(u)}
    if kind == "typos":
        return {"headline": h, "body": _typos(rng, body, rng.randrange(2, 4))}
    if kind == "boilerplate":
        return {"headline": h, "body": _boiler(rng, body, src)}
    if kind == "trimmed":
        if len(units) < 4:
            return None
        return {"headline": h, "body": sep.join(units[: (len(units) + 1) // 2])}
    if kind == "combo":
        return {"headline": _headline(rng, h), "body": _boiler(rng, _typos(rng, body, 2), src)}
    if kind == "boiler_unknown":
        extra = [t.format(other=rng.choice(NAMES) + " reports from the front line") for t in UNKNOWN_BOILER]
        return {"headline": h, "body": body + "\n\n" + "\n\n".join(extra[: rng.randrange(1, 3)])}
    if kind == "figure":
        b = _figure(rng, body, 0.1)
        return None if b is None else {"headline": h, "body": b}
    if kind == "figure_combo":
        b = _figure(rng, body, 0.25)
        return None if b is None else {"headline": _headline(rng, h), "body": _boiler(rng, b, src)}
    raise ValueError(kind)


def hard_negatives(rng: random.Random, bs: list[dict]) -> list[tuple[int, dict]]:
    """New stories that reuse a base's background paragraphs under a new lead."""
    out = []
    for i, b in enumerate(bs):
        units, sep = _units(b["body"])
        if len(units) < 4:
            continue
        other = bs[rng.randrange(len(bs))]
        lead = _units(other["body"])[0][0]
        out.append((i, {"headline": other["headline"], "body": sep.join([lead] + units[1:])}))
    return out


def build(seed: int = 5, *, with_hard_negatives: bool = False) -> list[dict]:
    rng = random.Random(seed)
    bs = bases()
    t0 = datetime(2019, 2, 1, tzinfo=timezone.utc)
    rows: list[dict] = []
    for i, b in enumerate(bs):
        pub = t0 + timedelta(hours=3 * i)
        rows.append({"item": {**b, "guid": f"base-{i}", "source": "afp", "published": pub.isoformat()},
                     "kind": "base", "base": i, "expect": "new", "t": pub.timestamp()})
        for k, kind in enumerate(KINDS):
            src = SOURCES[(i + k) % len(SOURCES)]
            v = variant(rng, b, kind, src)
            if v is None:
                continue
            vpub = pub + timedelta(minutes=rng.randrange(5, 600))
            rows.append({"item": {**v, "guid": f"{kind}-{i}", "source": src, "published": vpub.isoformat()},
                         "kind": kind, "base": i, "expect": "update" if kind.startswith("figure") else "duplicate",
                         "t": vpub.timestamp() + 1e-3 * k})
    if with_hard_negatives:
        for i, hn in hard_negatives(rng, bs):
            hpub = t0 + timedelta(hours=3 * i, minutes=rng.randrange(5, 600))
            rows.append({"item": {**hn, "guid": f"hard-{i}", "source": "ap", "published": hpub.isoformat()},
                         "kind": "hard_negative", "base": None, "expect": "new", "t": hpub.timestamp() + 0.5})
    # Arrival order: each base before its copies, copies of different stories interleaved.
    rows.sort(key=lambda r: (r["t"], r["kind"] != "base"))
    for r in rows:
        r.pop("t")
    return rows


if __name__ == "__main__":
    import sys

    for r in build(with_hard_negatives="--hard" in sys.argv):
        sys.stdout.write(orjson.dumps(r).decode() + "\n")
