"""Inputs of known outcome: the corpus of ``wirewatch bench`` and of the chaos tests.

Distinct stories are built from real text: the sentences of the labelled sets in
``tests/data/*.jsonl`` (the dev set, and any larger set placed there), recombined
into new stories of 4-8 sentences in 2-3 paragraphs, with their numbers and
weekdays redrawn. No paragraph is shared filler: a story's text is its own, and
:func:`build` checks it (every story must come out ``new`` from the dedupe stage
run offline over the stories alone; a story that does not is redrawn).

Around the stories, copies at stated rates (:data:`RATES`, shares of all inputs):

==================  ==========================================================  ============
kind                what                                                        expected
==================  ==========================================================  ============
``story``           a distinct story (JSON wire item)                           unique (new)
``feed``            an RSS document holding 3 distinct stories (3 items)        unique x 3
``resend``          the exact bytes of an earlier story sent again              duplicate
``boiler_copy``     another feed's copy: "UPDATE 1-" slug, credit/copyright     duplicate
``new_version``     same source + guid, version + 1, one figure changed         unique (update)
``rewrite_figure``  another feed's rewrite (headline reworded, boilerplate,     unique (update)
                    a paragraph dropped) with one figure changed
``hostile``         invalid UTF-8, oversized (> 2 MiB), XML bomb, empty         deadletter
==================  ==========================================================  ============

Every copy comes at least :data:`MIN_GAP` inputs after what it copies, as copies
do on a wire (minutes later), so which one arrived first is observable even when
partitions are consumed unevenly, and at most :data:`MAX_GAP` inputs after it
(within about a day and a half of story time): well inside the dedupe horizon
(7 days of story time), past which the stage no longer remembers a story and a
copy comes out as new - an outcome that depends on where the watermark stands when
the copy is decided, which the offline run cannot mirror.

The expected outcome of every item is not assumed: :func:`build` parses each input
with :func:`agents.formats.parse_payload` and runs the dedupe stage offline
(``agents.dedupe.Deduper(dict()).decide``) in arrival order; a copy whose offline
outcome is not its kind's is dropped (reported in :attr:`Corpus.dropped`), so the
corpus and the pipeline's stage logic agree on every row.

Accounting (:func:`account`): the pipeline tags every output on ``wire.unique``,
``wire.duplicates`` and ``wire.deadletter`` with the header ``wirewatch-input`` =
``<raw partition>:<raw offset>`` (``#<i>`` appended for the i-th item of a payload
holding several). With the raw positions of what was sent, every expected output is
found exactly once, or reported as lost / repeated.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import orjson

from schemas.headers import raw_input as raw_headers

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

#: shares of all inputs, by kind (the rest are ``story``).
RATES = {
    "resend": 0.08,
    "boiler_copy": 0.10,
    "new_version": 0.06,
    "rewrite_figure": 0.06,
    "feed": 0.02,
    "hostile": 0.03,
}
MIN_GAP = 40
#: 1,500 inputs at 20-90 s of story time each: 8-37 h after the original.
MAX_GAP = 1500
MAX_OVERSIZED = 4  # 2+ MiB each: a few are enough to prove the point
HOSTILE_KINDS = ("invalid_utf8", "oversized", "xml_bomb", "empty", "truncated_json")
SOURCES = ["afp", "reuters", "ap", "dpa", "aljazeera", "bbc", "anadolu", "xinhua", "efe", "unhcr-news"]
NAMES = ["Ellen Francis", "Tom Perry", "Maher Chmaytelli", "Sarah Dadouch", "Angus McDowall", "Kinda Makieh"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
T0 = datetime(2025, 3, 1, tzinfo=timezone.utc)

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_NUM = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d,]*\w)")
_DAY = re.compile(r"\b(" + "|".join(DAYS) + r")\b")
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>"""


@dataclass
class Input:
    """One message for ``wire.raw`` and what must come out of it."""

    n: int  # position in the corpus (arrival order)
    kind: str
    key: bytes
    value: bytes
    content_type: str
    source: str
    expect: list[str]  # one outcome per item: unique | duplicate | deadletter
    reasons: list[str]  # offline outcome detail per item: new, update, same_guid, near_duplicate, <deadletter reason>
    story: list[str | None]  # story id each item is published under (unique) or duplicates (duplicate)
    of: int | None = None  # corpus position of what it copies

    @property
    def headers(self) -> dict[str, bytes]:
        return raw_headers(self.content_type, self.source)

    def message(self) -> tuple[bytes, bytes, dict[str, bytes]]:
        return self.key, self.value, self.headers


@dataclass
class Corpus:
    inputs: list[Input]
    dropped: Counter = field(default_factory=Counter)  # copies whose offline outcome was not their kind's
    redrawn: int = 0  # stories redrawn because the dedupe stage did not find them distinct

    def __len__(self) -> int:
        return len(self.inputs)

    def messages(self) -> list[tuple[bytes, bytes, dict[str, bytes]]]:
        return [i.message() for i in self.inputs]

    @property
    def items(self) -> int:
        return sum(len(i.expect) for i in self.inputs)

    def expected(self) -> Counter:
        return Counter(o for i in self.inputs for o in i.expect)

    def kinds(self) -> Counter:
        return Counter(i.kind for i in self.inputs)

    def summary(self) -> str:
        k, e = self.kinds(), self.expected()
        size = sum(len(i.value) for i in self.inputs if i.kind != "hostile") / max(1, sum(i.kind != "hostile" for i in self.inputs))
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(k.items(), key=lambda kv: -kv[1]))
        return (f"{len(self)} inputs ({parts}); {self.items} items expected: {e['unique']} unique, "
                f"{e['duplicate']} duplicate, {e['deadletter']} deadletter; {size:,.0f} B average (non-hostile)")


# ---------------------------------------------------------------- text


def sentences() -> list[str]:
    """The sentences of every labelled set in tests/data (deduplicated, in file order)."""
    out: dict[str, None] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            r = orjson.loads(line)
            for para in (r.get("body") or "").split("\n"):
                for s in _SENT.split(para.strip()):
                    s = " ".join(s.split())
                    if len(s) >= 40 and s[-1] in ".!?\"'":
                        out[s] = None
    return list(out)


def _redraw(rng: random.Random, s: str) -> str:
    """New numbers and weekday, keeping the shape ("2,800" stays a thousands figure)."""

    def num(m: re.Match) -> str:
        t = m.group(1)
        v = int(t.replace(",", ""))
        if 1900 <= v <= 2030 and "," not in t:
            return t  # a year
        if v < 10:
            return str(rng.randrange(2, 10))
        hi = max(v * 2, 20)
        new = rng.randrange(max(10, v // 3), hi)
        if v >= 1000:
            new = round(new, -2)
        return f"{new:,}" if "," in t else str(new)

    s = _NUM.sub(num, s)
    return _DAY.sub(lambda m: rng.choice(DAYS), s)


def _story(rng: random.Random, pool: list[str]) -> dict:
    n = rng.randrange(4, 9)
    picked = [_redraw(rng, s) for s in rng.sample(pool, n)]
    k = 2 if n < 6 else 3
    cuts = sorted(rng.sample(range(1, n), k - 1))
    paras = [" ".join(picked[a:b]) for a, b in zip([0, *cuts], [*cuts, n])]
    words = re.sub(r"[^\w\s'-]", "", picked[0]).split()
    start = rng.randrange(0, max(1, len(words) - 8))
    headline = " ".join(words[start:start + rng.randrange(6, 11)])
    return {"headline": headline[:1].upper() + headline[1:], "body": "\n\n".join(paras)}


def _change_figure(rng: random.Random, body: str) -> str | None:
    """One figure corrected: a number (not a year) raised by 10-30 %."""
    nums = [m for m in _NUM.finditer(body) if not (1900 <= int(m.group(1).replace(",", "")) <= 2030)]
    nums = [m for m in nums if int(m.group(1).replace(",", "")) >= 10]
    if not nums:
        return None
    m = rng.choice(nums)
    v = int(m.group(1).replace(",", ""))
    new = v + max(3, round(v * rng.uniform(0.1, 0.3)))
    s = f"{new:,}" if "," in m.group(1) else str(new)
    return body[: m.start()] + s + body[m.end():]


def _boiler(rng: random.Random, body: str, src: str) -> str:
    a, b, c = rng.sample(NAMES, 3)
    extra = [f"(Reporting by {a}; Writing by {b}; Editing by {c})",
             f"Copyright 2025 {src.upper()}. All rights reserved."]
    return body + "\n\n" + "\n\n".join(extra[: rng.randrange(1, 3)])


def _reword(rng: random.Random, h: str) -> str:
    words = h.split()
    if len(words) > 4 and rng.random() < 0.5:
        cut = rng.randrange(2, len(words) - 1)
        return " ".join(words[cut:] + ["-"] + words[:cut])
    return f"{h}, officials say"


def _rss(stories: list[dict], source: str) -> bytes:
    items = "".join(
        f"<item><title>{escape(s['headline'])}</title><guid isPermaLink=\"false\">{escape(s['guid'])}</guid>"
        f"<pubDate>{datetime.fromisoformat(s['published']).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<description>{escape(s['body'])}</description></item>"
        for s in stories
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{source}</title>'
            f"<link>https://example.org/{source}</link><description>{source} wire</description>{items}</channel></rss>").encode()


def _hostile(rng: random.Random, kind: str) -> tuple[bytes, str]:
    if kind == "invalid_utf8":
        return b'{"headline": "Clashes \xff\xfe near ' + bytes([rng.randrange(0x80, 0xC0)]) + b'", "body": "x"}', "application/json"
    if kind == "oversized":
        return b'{"headline": "Oversized", "body": "' + b"a" * (2 * 1024 * 1024 + 1000) + b'"}', "application/json"
    if kind == "xml_bomb":
        return BILLION_LAUGHS, "application/rss+xml"
    if kind == "empty":
        return b"", "application/json"
    return b'{"headline": "Cut off in the middle", "body": "Fighting', "application/json"


# ---------------------------------------------------------------- offline outcome


def offline(inputs: Iterable[Input], deduper=None) -> Iterable[tuple[Input, list[tuple[str, str, str | None]]]]:
    """Parse and dedupe each input as the pipeline's stages do, in order.

    Yields (input, [(outcome, reason, story id) per item]).
    """
    from agents.dedupe import Deduper
    from agents.formats import ParseError, parse_payload

    deduper = deduper if deduper is not None else Deduper(dict())
    received = datetime(2025, 3, 1, tzinfo=timezone.utc)
    for inp in inputs:
        try:
            items = parse_payload(inp.value, inp.content_type, source=inp.source, received=received)
        except ParseError as exc:
            yield inp, [("deadletter", exc.reason, None)]
            continue
        except Exception as exc:  # a parser bug: the pipeline dead-letters it too
            yield inp, [("deadletter", f"parser_error:{type(exc).__name__}", None)]
            continue
        res = []
        for item in items:
            d = deduper.decide(item)
            if d.outcome == "duplicate":
                res.append(("duplicate", d.reason or "duplicate", d.duplicate_of))
            else:
                res.append(("unique", d.outcome, d.story_id or item.id))
        yield inp, res


# ---------------------------------------------------------------- build

_EXPECT = {"story": "new", "feed": "new", "resend": "duplicate", "boiler_copy": "duplicate",
           "new_version": "update", "rewrite_figure": "update", "hostile": "deadletter"}


def build(n: int = 2000, *, seed: int = 11, why: dict | None = None) -> Corpus:
    """``n`` inputs of known outcome (deterministic for a seed)."""
    from agents.dedupe import Deduper

    rng = random.Random(seed)
    pool = sentences()
    plan = _plan(rng, n)
    corpus = Corpus([])
    store = _UndoStore()
    deduper = Deduper(store)
    originals: list[tuple[int, dict, str]] = []  # (position, item object, content type) of stories to copy
    used_sources: dict[int, set[str]] = defaultdict(set)
    hostile_n = 0
    t = T0
    for pos, kind in enumerate(plan):
        t += timedelta(seconds=rng.randrange(20, 90))
        while originals and originals[0][0] < pos - MAX_GAP:  # (in position order)
            del originals[0]
        eligible = [o for o in originals if o[0] <= pos - MIN_GAP]
        if kind not in ("story", "feed", "hostile") and not eligible:
            kind = "story"
        for attempt in range(20):
            inp = _make(rng, pool, kind, pos, t, eligible, used_sources, hostile_n)
            if inp is None:
                kind = "story"
                continue
            store.begin()
            ((_, res),) = list(offline([inp], deduper))
            want = _EXPECT[kind]
            got = [r[1] if r[0] == "unique" else r[0] for r in res]
            if all(g == want for g in got):
                break
            if why is not None:
                why[kind].append((got, inp))
            # A story the dedupe stage did not find distinct is redrawn; a copy it did not read
            # as its kind is dropped (a story takes its place). What the miss filed is undone: it
            # is never sent, so the pipeline never sees it either.
            if kind in ("story", "feed"):
                corpus.redrawn += 1
            else:
                corpus.dropped[kind] += 1
                if attempt >= 4:
                    kind = "story"
            store.rollback()
            (getattr(deduper, "forget_indexes", None) or deduper.forget_index)()
        else:  # pragma: no cover - 20 misses in a row
            raise RuntimeError(f"could not draw a {kind} at {pos}")
        inp.expect = [r[0] for r in res]
        inp.reasons = [r[1] for r in res]
        inp.story = [r[2] for r in res]
        if kind == "hostile":
            hostile_n += 1
        corpus.inputs.append(inp)
        if kind == "story":
            originals.append((pos, orjson.loads(inp.value), inp.content_type))
            used_sources[pos].add(inp.source)
        elif kind == "new_version":  # the next version of that story builds on this one
            latest = orjson.loads(inp.value)
            originals[:] = [(p, latest if p == inp.of else o, c) for p, o, c in originals]
    return corpus


_MISSING = object()


class _UndoStore(dict):
    """A dict whose writes since :meth:`begin` can be undone (the offline dedupe store)."""

    _undo: dict

    def begin(self) -> None:
        self._undo = {}

    def _note(self, k) -> None:
        if hasattr(self, "_undo") and k not in self._undo:
            self._undo[k] = dict.get(self, k, _MISSING)

    def __setitem__(self, k, v) -> None:
        self._note(k)
        dict.__setitem__(self, k, v)

    def __delitem__(self, k) -> None:
        self._note(k)
        dict.__delitem__(self, k)

    def rollback(self) -> None:
        for k, v in self._undo.items():
            if v is _MISSING:
                dict.pop(self, k, None)
            else:
                dict.__setitem__(self, k, v)
        self._undo = {}


def _plan(rng: random.Random, n: int) -> list[str]:
    kinds: list[str] = []
    for kind, share in RATES.items():
        kinds += [kind] * round(n * share)
    kinds += ["story"] * (n - len(kinds))
    head, tail = kinds[:0], kinds
    rng.shuffle(tail)
    # The first MIN_GAP inputs are stories: there is nothing to copy yet.
    stories_first = sorted(range(len(tail)), key=lambda i: (tail[i] != "story", i))[:MIN_GAP]
    firsts = [tail[i] for i in stories_first]
    rest = [k for i, k in enumerate(tail) if i not in set(stories_first)]
    return head + firsts + rest


def _make(rng, pool, kind, pos, t, eligible, used_sources, hostile_n) -> Input | None:
    if kind == "story":
        src = rng.choice(SOURCES)
        obj = {**_story(rng, pool), "guid": f"k{pos}", "source": src, "published": t.isoformat(), "version": 1}
        return _json_input(pos, kind, obj, src)
    if kind == "feed":
        src = rng.choice(SOURCES)
        stories = [{**_story(rng, pool), "guid": f"k{pos}-{j}", "published": (t + timedelta(seconds=j)).isoformat()}
                   for j in range(3)]
        return Input(pos, kind, src.encode(), _rss(stories, src), "application/rss+xml", src, [], [], [])
    if kind == "hostile":
        hk = HOSTILE_KINDS[hostile_n % len(HOSTILE_KINDS)]
        if hk == "oversized" and hostile_n // len(HOSTILE_KINDS) >= MAX_OVERSIZED:
            hk = "truncated_json"
        value, ctype = _hostile(rng, hk)
        return Input(pos, "hostile", b"hostile", value, ctype, "hostile-" + hk, [], [], [])
    opos, obj, _ = rng.choice(eligible)
    if kind == "resend":
        # the very bytes of the original, from its own source
        src = obj["source"]
        return Input(pos, kind, src.encode(), orjson.dumps(obj), "application/json", src, [], [], [], of=opos)
    if kind == "new_version":
        body = _change_figure(rng, obj["body"])
        if body is None:
            return None
        new = {**obj, "body": body, "version": obj["version"] + 1, "published": t.isoformat()}
        return _json_input(pos, kind, new, obj["source"], of=opos)
    others = [s for s in SOURCES if s not in used_sources[opos]]
    if not others:
        return None
    src = rng.choice(others)
    used_sources[opos].add(src)
    if kind == "boiler_copy":
        new = {"headline": "UPDATE 1-" + obj["headline"], "body": _boiler(rng, obj["body"], src)}
    else:  # rewrite_figure: the shortest later paragraph dropped (of three), then a figure changed
        paras = obj["body"].split("\n\n")
        if len(paras) >= 3:
            del paras[min(range(1, len(paras)), key=lambda i: len(paras[i]))]
        body = _change_figure(rng, "\n\n".join(paras))
        if body is None:
            return None
        new = {"headline": _reword(rng, obj["headline"]), "body": _boiler(rng, body, src)}
    new.update(guid=f"{src}-{pos}", source=src, published=t.isoformat(), version=1)
    return _json_input(pos, kind, new, src, of=opos)


def _json_input(pos: int, kind: str, obj: dict, src: str, of: int | None = None) -> Input:
    return Input(pos, kind, src.encode(), orjson.dumps(obj), "application/json", src, [], [], [], of=of)


# ---------------------------------------------------------------- accounting

OUTPUT_TOPICS = {"wire.unique": "unique", "wire.duplicates": "duplicate", "wire.deadletter": "deadletter"}


@dataclass
class Account:
    """Every expected output found once, or not: the answer check of the bench and chaos tests."""

    expected: int
    found: int = 0
    lost: list[str] = field(default_factory=list)  # input ids with no output
    repeated: dict[str, int] = field(default_factory=dict)  # input id -> extra outputs
    repeated_identical: int = 0  # repeats that are the same record (key, value) as the first
    wrong_topic: list[tuple[str, str, str]] = field(default_factory=list)  # (input id, expected, got)
    unknown: int = 0  # outputs whose wirewatch-input names nothing that was sent
    untagged: int = 0  # outputs without a wirewatch-input header
    by_guid: bool = False  # matched by (source, guid) counts: the pipeline set no wirewatch-input header

    @property
    def ok(self) -> bool:
        """Nothing lost, nothing out twice, nothing unexplained."""
        return not (self.lost or self.repeated or self.unknown or self.untagged)

    def problems(self) -> str:
        out = []
        if self.lost:
            out.append(f"{len(self.lost)} lost (e.g. {self.lost[:5]})")
        if self.repeated:
            n = sum(self.repeated.values())
            out.append(f"{len(self.repeated)} inputs came out more than once ({n} extra records, "
                       f"{self.repeated_identical} of them identical repeats; e.g. {list(self.repeated)[:5]})")
        if self.unknown:
            out.append(f"{self.unknown} outputs name no input that was sent")
        if self.untagged:
            out.append(f"{self.untagged} outputs carry no wirewatch-input header")
        how = " (matched by source+guid counts: no wirewatch-input header)" if self.by_guid else ""
        return ("; ".join(out) or f"every input exactly once ({self.found} items)") + how


def input_ids(corpus: Corpus, positions: dict[int, tuple[int, int]]) -> dict[str, tuple[Input, int]]:
    """wirewatch-input value -> (input, item index), from the raw (partition, offset) of each sent input."""
    out: dict[str, tuple[Input, int]] = {}
    for n, (p, off) in positions.items():
        inp = corpus.inputs[n]
        base = f"{p}:{off}"
        if len(inp.expect) == 1 and inp.kind != "feed":
            out[base] = (inp, 0)
        else:
            for i in range(len(inp.expect)):
                out[f"{base}#{i}"] = (inp, i)
    return out


def account(corpus: Corpus, positions: dict[int, tuple[int, int]], records: Iterable) -> Account:
    """Match output records against what was sent (``positions``: corpus index -> raw (partition, offset)).

    ``records``: objects with ``topic``, ``key``, ``value`` and ``headers`` (a dict of
    bytes) from wire.unique, wire.duplicates and wire.deadletter. Outputs are matched by
    their ``wirewatch-input`` header; if no output has one (a pipeline from before the
    header), by (source, guid) counts and the dead letters' raw offsets instead
    (:func:`account_by_guid`).
    """
    records = [r for r in records if r.topic in OUTPUT_TOPICS]
    if records and not any("wirewatch-input" in (r.headers or {}) for r in records):
        return account_by_guid(corpus, positions, records)
    ids = input_ids(corpus, positions)
    acc = Account(expected=len(ids))
    first: dict[str, tuple] = {}
    extra: Counter = Counter()
    for r in records:
        tag = (r.headers or {}).get("wirewatch-input")
        if tag is None:
            acc.untagged += 1
            continue
        tag = tag.decode() if isinstance(tag, bytes) else str(tag)
        if tag not in ids:
            if tag.endswith("#0") and tag[:-2] in ids:  # a payload of one item tagged "p:o#0"
                tag = tag[:-2]
            else:
                acc.unknown += 1
                continue
        inp, i = ids[tag]
        got = OUTPUT_TOPICS[r.topic]
        if tag in first:
            extra[tag] += 1
            if first[tag] == (r.topic, r.key, r.value):
                acc.repeated_identical += 1
            continue
        first[tag] = (r.topic, r.key, r.value)
        acc.found += 1
        if got != inp.expect[i]:
            acc.wrong_topic.append((tag, inp.expect[i], got))
    acc.lost = sorted(set(ids) - set(first))
    acc.repeated = dict(extra)
    return acc


def account_by_guid(corpus: Corpus, positions: dict[int, tuple[int, int]], records: list) -> Account:
    """The fallback accounting: outputs per (source, guid) against the items sent per (source, guid).

    Weaker than the header (a loss and a repeat in the same story cancel out), and says so.
    """
    want: Counter = Counter()
    dead_at: dict[tuple[int, int], Input] = {}
    for n, pos in positions.items():
        inp = corpus.inputs[n]
        if inp.expect == ["deadletter"]:
            dead_at[pos] = inp
            continue
        if inp.kind == "feed":
            for j in range(len(inp.expect)):
                want[(inp.source, f"k{inp.n}-{j}")] += 1
        else:
            want[(inp.source, orjson.loads(inp.value)["guid"])] += 1
    got: Counter = Counter()
    acc = Account(expected=sum(want.values()) + len(dead_at))
    dead_seen: Counter = Counter()
    for r in records:
        v = orjson.loads(r.value)
        if r.topic == "wire.deadletter":
            pos = (v.get("partition"), v.get("offset"))
            if v.get("topic") == "wire.raw" and pos in dead_at:
                dead_seen[pos] += 1
            else:
                acc.unknown += 1
            continue
        key = (v["source"], v["guid"])
        if key not in want:
            acc.unknown += 1
            continue
        got[key] += 1
    for key, n in want.items():
        g = got.get(key, 0)
        acc.found += min(g, n)
        if g < n:
            acc.lost += [f"{key[0]}/{key[1]}"] * (n - g)
        elif g > n:
            acc.repeated[f"{key[0]}/{key[1]}"] = g - n
    for pos in dead_at:
        g = dead_seen.get(pos, 0)
        acc.found += min(g, 1)
        if g == 0:
            acc.lost.append(f"{pos[0]}:{pos[1]}")
        elif g > 1:
            acc.repeated[f"{pos[0]}:{pos[1]}"] = g - 1
    acc.by_guid = True
    return acc


def story_clusters(corpus: Corpus) -> dict[int, list[Input]]:
    """Story position -> the inputs about it (the story and its copies)."""
    out: dict[int, list[Input]] = defaultdict(list)
    for inp in corpus.inputs:
        if inp.kind == "story":
            out[inp.n].append(inp)
        elif inp.of is not None:
            out[inp.of].append(inp)
    return out


if __name__ == "__main__":
    import sys
    import time

    t0 = time.perf_counter()
    c = build(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
    print(c.summary())
    print(f"{c.redrawn} stories redrawn, copies dropped: {dict(c.dropped)}; built in {time.perf_counter() - t0:.1f} s")
    print(Counter((i.kind, tuple(i.reasons)) for i in c.inputs).most_common())
