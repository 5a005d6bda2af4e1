"""Dedupe stage: decide, per normalised item, whether it is new, a duplicate or an update.

Plain Python (plus numpy for MinHash); the Faust wiring is in ``agents/pipeline.py``
and the design, with the reasoning about partitions and hops, in ``docs/dedupe.md``.

Every item has a few **routing keys**:

* ``g<story id>``      - its own story (source + guid): re-sends and new versions meet here;
* ``h<content hash>``  - its normalised text: identical text from any source meets here;
* ``b<i><band>``       - one per LSH band of its MinHash signature: near-duplicates
  (headline rewrites, dropped / reordered paragraphs, typo fixes, boilerplate,
  corrected figures) share at least one band with high probability.

Each key is owned by one partition (:func:`owner`). The decision state of a key
lives on its owner partition, so the item *visits* each distinct owner partition
once (a chain of hops carrying an :class:`Envelope`). On partition ``p`` it looks
up the items already filed under its keys owned by ``p``, compares fingerprints,
then files itself there. Two items are compared on exactly one partition: the
lowest partition owning a key they share (their *meeting partition*). Processing
on a partition is serial, so there exactly one of the two arrives second and sees
the other: a pair can never be both kept nor both dropped.

State persisted (a Faust table in the worker, a dict in tests): only what cannot be
derived, one record per item version per partition it is filed on, keyed with the
partition that owns it (``<p>|``) so a partition's records can be walked:

* ``<p>|f|<uid>`` -> fingerprint string of one item version (see :class:`Fp`) plus its
  filing sequence number on ``p`` (``|<seq>`` appended).

Derived, in memory per partition (rebuilt from the ``<p>|f|`` records on the first visit
to ``p`` and after every rebalance, :meth:`Deduper.forget_indexes`):

* the bucket index: routing key owned by ``p`` -> uids filed under it (filing order,
  newest last, capped), recomputed with :meth:`Fp.keys`;
* the expiry heap of (story time, record key) and the partition's watermark.

Outcomes:

* ``new``: nothing similar seen.
* ``duplicate``: an exact re-send or older version of a known story (``same_guid``),
  the same normalised text from another source (``same_text``), or a near-duplicate
  that states no figure the story did not already state (``near_duplicate``, with
  the estimated Jaccard similarity).
* ``update``: a newer version of a known story with changed text, a retraction
  (``pubstatus: canceled``), or a near-duplicate from any source whose figures
  changed ("37,000" became "40,000"). An update carries the *original* story id and
  a bumped version, so downstream replaces the story's earlier contribution.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import re
import sys
import time
import zlib
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import orjson

from schemas import DuplicateRecord, WireItem
from agents.formats.base import normalise_text

VERSION = "dedupe/2.2.0"

Outcome = Literal["new", "duplicate", "update"]

# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    """Tuning of the near-duplicate detector (see ``benchmarks/dedupe_eval.py``)."""

    shingle: int = 3  # words per shingle
    bands: int = 16  # LSH bands (routing keys per item)
    rows: int = 3  # MinHash values per band
    extra: int = 16  # further MinHash values used only to verify a candidate
    jaccard: float = 0.5  # estimated Jaccard at or above which two texts are near-duplicates
    containment: float = 0.85  # ... or containment of the smaller text in the larger
    min_shingles: int = 12  # containment only counts for texts with at least this many shingles
    bucket_cap: int = 16  # uids remembered per routing key (hot keys keep the newest)
    seed: int = 20190210

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows + self.extra


DEFAULT_PARAMS = Params()

# ---------------------------------------------------------------- MinHash

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_SH1, _SH2 = np.uint64(31), np.uint64(29)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_NUM = re.compile(r"(?<![\w.])\d{1,3}(?:[,.\u202f ]\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])")
_YEAR = re.compile(r"^(19|20)\d\d$")
_perm_cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def _perms(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    key = (n, seed)
    if key not in _perm_cache:
        rng = np.random.default_rng(seed)
        a = rng.integers(1, 2**63 - 1, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        b = rng.integers(0, 2**63 - 1, size=n, dtype=np.uint64)
        _perm_cache[key] = (a[:, None], b[:, None])
    return _perm_cache[key]


def shingles(text: str, k: int = 3) -> np.ndarray:
    """64-bit hashes of the word k-shingles of the normalised text (unique)."""
    words = normalise_text(text).split()
    if not words:
        words = [""]
    wh = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    if len(wh) < k:
        wh = np.concatenate([wh, np.zeros(k - len(wh), dtype=np.uint64)])
    n = len(wh) - k + 1
    with np.errstate(over="ignore"):
        s = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            s = (s ^ wh[j : j + n]) * _MIX[j % 3]
            s ^= s >> _SH1
    return np.unique(s)


def signature(sh: np.ndarray, params: Params = DEFAULT_PARAMS) -> np.ndarray:
    """b-bit (16) MinHash signature of a shingle set: ``num_perm`` uint16 values."""
    a, b = _perms(params.num_perm, params.seed)
    with np.errstate(over="ignore"):
        x = a * sh[None, :] + b
        x ^= x >> _SH2
        x *= _MIX[1]
        x ^= x >> _SH1
    return (x.min(axis=1) & np.uint64(0xFFFF)).astype(np.uint16)


def figures_of(text: str) -> frozenset[str]:
    """The numbers a text states ("37,000" -> "37000"), years excluded: what an update changes."""
    out = set()
    for m in _NUM.finditer(text):
        v = re.sub(r"[,.\u202f ](?=\d{3}\b)", "", m.group(0))
        if not _YEAR.match(v):
            out.add(v)
    return frozenset(out)


_SLUG = re.compile(r"^\s*(?:update|refile|corrected|urgent|flash)\b[\s\d]*[-:]\s*", re.I)
_BOILERPLATE = re.compile(
    r"^\s*\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled)\s+by\b"
    r"|copyright\b|all rights reserved|^\s*\u00a9|^\s*for more (?:news|information|stories)\b",
    re.I,
)


def item_text(item: WireItem) -> str:
    """The text compared: headline without desk slugs ("UPDATE 1-"), body without credit /
    copyright paragraphs (what agencies add to the same copy)."""
    paras = [p for p in item.body.split("\n\n") if not _BOILERPLATE.search(p)]
    return "\n".join([_SLUG.sub("", item.headline), item.subheadline or "", *paras])


def owner(key: str, partitions: int) -> int:
    """The partition that owns a routing key (stable across processes and restarts)."""
    return zlib.crc32(key.encode()) % partitions


# ---------------------------------------------------------------- fingerprints


@dataclass(frozen=True)
class Fp:
    """What the dedupe state remembers of one item version (one compact string in the store)."""

    uid: str  # hash of source story id + text: an exact re-send has the same uid
    story: str  # story id the item was published under (its own, or the story it updates)
    src: str  # the item's own story id (source + guid)
    pubver: int  # version it was published as
    srcver: int  # version its source gave it
    chash: str  # content hash (first 20 hex)
    ts: int  # story time, epoch seconds
    canceled: bool
    n: int  # number of shingles
    nums: frozenset[str]
    sig: bytes  # uint16 MinHash values, little endian

    def dumps(self) -> str:
        return "|".join(
            (
                self.uid, self.story, self.src, str(self.pubver), str(self.srcver), self.chash, str(self.ts),
                "1" if self.canceled else "0", str(self.n), ",".join(sorted(self.nums)),
                base64.b64encode(self.sig).decode(),
            )
        )

    @classmethod
    def loads(cls, s: str) -> "Fp":
        uid, story, src, pv, sv, ch, ts, c, n, nums, sig = s.split("|")
        return cls(uid, story, src, int(pv), int(sv), ch, int(ts), c == "1", int(n),
                   frozenset(nums.split(",")) if nums else frozenset(), base64.b64decode(sig))

    def keys(self, params: Params) -> list[str]:
        """Routing keys: story, text, then one per LSH band."""
        sig = np.frombuffer(self.sig, dtype=np.uint16)
        r = params.rows
        return [f"g{self.src}", f"h{self.chash}"] + [
            f"b{i:x}{sig[i * r:(i + 1) * r].tobytes().hex()}" for i in range(params.bands)
        ]


def _dump_record(fp: Fp, seq: int, origin: str = "") -> str:
    """The stored record of an item filed on a partition: fingerprint, filing sequence, origin.

    ``origin`` is where the item entered the chain (``<partition>:<offset>`` of its
    first hop); a replay of the same message after a crash or rebalance has the same
    origin, a re-send of the same text does not.
    """
    return f"{fp.dumps()}|{seq}|{origin}"


def _load_record(raw: str) -> tuple[Fp, int, str]:
    """(fingerprint, filing sequence, origin); older records lack the origin or both."""
    pipes = raw.count("|")
    if pipes > 11:
        body, seq, origin = raw.rsplit("|", 2)
        return Fp.loads(body), int(seq), origin
    if pipes > 10:
        body, seq = raw.rsplit("|", 1)
        return Fp.loads(body), int(seq), ""
    return Fp.loads(raw), 0, ""


def fingerprint(item: WireItem, params: Params = DEFAULT_PARAMS) -> Fp:
    text = item_text(item)
    sh = shingles(text, params.shingle)
    sig = signature(sh, params)
    chash = item.content_hash[:20]
    uid = hashlib.blake2b(f"{item.id}\x1f{chash}\x1f{item.version}".encode(), digest_size=8).hexdigest()
    return Fp(uid, item.id, item.id, item.version, item.version, chash, int(item.published.timestamp()),
              item.pubstatus == "canceled", len(sh), figures_of(text), sig.tobytes())


def similarity(a: Fp, b: Fp) -> tuple[float, float]:
    """(estimated Jaccard, estimated containment of the smaller in the larger)."""
    sa, sb = np.frombuffer(a.sig, dtype=np.uint16), np.frombuffer(b.sig, dtype=np.uint16)
    return _similarity(a, b, float(np.count_nonzero(sa == sb)) / len(sa))


def _similarity(a: Fp, b: Fp, j: float) -> tuple[float, float]:
    if j <= 0:
        return 0.0, 0.0
    inter = j / (1 + j) * (a.n + b.n)
    return j, min(1.0, inter / max(1, min(a.n, b.n)))


# ---------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    duplicate_of: str | None = None
    reason: str | None = None
    similarity: float = 1.0
    story_id: str | None = None  # the id the item is published under (updates: the original story)
    version: int | None = None  # the version it is published as

    def record(self, item: WireItem) -> DuplicateRecord:
        """The ``wire.duplicates`` record for a duplicate decision."""
        assert self.outcome == "duplicate" and self.duplicate_of and self.reason
        return DuplicateRecord(
            id=item.id,
            duplicate_of=self.duplicate_of,
            reason=self.reason,  # type: ignore[arg-type]
            similarity=round(min(1.0, max(0.0, self.similarity)), 4),
            source=item.source,
            guid=item.guid,
            version=item.version,
            headline=item.headline,
            content_hash=item.content_hash,
            received=item.received,
        )

    def published(self, item: WireItem) -> WireItem:
        """The item as it goes to ``wire.unique``: re-keyed to the story it updates."""
        sid = self.story_id or item.id
        ver = self.version if self.version is not None else item.version
        if sid == item.id and ver == item.version:
            return item
        return item.model_copy(update={"id": sid, "version": ver})


@dataclass
class Sighting:
    rel: str  # "src" (same source story), "text" (same text), "near"
    fp: Fp
    j: float = 1.0
    c: float = 1.0


@dataclass
class Envelope:
    """An item travelling along its chain of partitions, with what it has seen so far."""

    item: WireItem
    fp: Fp
    route: list[int]
    sightings: list[Sighting] = field(default_factory=list)
    hops: int = 0
    origin: str = ""  # "<partition>:<offset>" of the first hop (tells a replay from a re-send)

    def dumps(self) -> bytes:
        return orjson.dumps(
            {
                "item": orjson.Fragment(self.item.__pydantic_serializer__.to_json(self.item)),
                "fp": self.fp.dumps(),
                "route": self.route,
                "seen": [[s.rel, s.fp.dumps(), s.j, s.c] for s in self.sightings],
                "hops": self.hops,
                "origin": self.origin,
            }
        )

    @classmethod
    def loads(cls, data: bytes) -> "Envelope":
        d = orjson.loads(data)
        return cls(
            WireItem.model_validate(d["item"]),
            Fp.loads(d["fp"]),
            list(d["route"]),
            [Sighting(r, Fp.loads(f), j, c) for r, f, j, c in d["seen"]],
            d["hops"],
            d.get("origin", ""),
        )


class Deduper:
    """The dedupe decision over a key-value store, one partition hop at a time.

    ``start`` fingerprints an item and plans its route, ``visit`` runs one hop on
    the partition that is processing it, ``finish`` turns what it saw into a
    :class:`Decision`. ``decide`` runs the whole chain in one process (tests,
    benchmarks, and the single-partition case).
    """

    def __init__(
        self,
        store: MutableMapping[str, str],
        *,
        partitions: int = 1,
        horizon_seconds: float = 7 * 86400,
        params: Params = DEFAULT_PARAMS,
    ) -> None:
        self.store = store
        self.partitions = partitions
        self.horizon = horizon_seconds
        self.params = params
        self._index: dict[int, list[tuple[int, str]]] = {}  # partition -> heap of (story ts, fp key)
        self._buckets: dict[int, dict[str, list[str]]] = {}  # partition -> routing key -> uids (newest last)
        self._seq: dict[int, int] = {}  # partition -> last filing sequence number
        self._watermark: dict[int, float] = {}
        self._indexed_at: dict[int, float] = {}
        self.reindex_seconds = 3600.0

    def forget_indexes(self) -> None:
        """Drop every in-memory index (call after a rebalance: the table may have changed
        under us, e.g. a partition moved away and back and was recovered from the
        changelog). Each partition's index is rebuilt from its stored fingerprints on
        its next visit."""
        self._index.clear()
        self._buckets.clear()
        self._seq.clear()
        self._watermark.clear()
        self._indexed_at.clear()

    # -- the chain

    def start(self, item: WireItem, first: int | None = None, origin: str = "") -> Envelope:
        """Fingerprint ``item`` and plan its route (``first``: the partition it is already on;
        ``origin``: the position of the message it came in, so a replay can recognise itself)."""
        fp = fingerprint(item, self.params)
        owners = sorted({owner(k, self.partitions) for k in fp.keys(self.params)})
        if first is not None and first in owners:
            owners.remove(first)
            owners.insert(0, first)
        elif first is not None:
            owners.insert(0, first)  # nothing to do there, but the event is already on it
        return Envelope(item, fp, owners, origin=origin)

    def visit(self, env: Envelope, partition: int) -> None:
        """One hop: compare with the items filed under this partition's keys, then file this one."""
        if env.route and env.route[0] == partition:
            env.route.pop(0)
        else:
            env.route = [p for p in env.route if p != partition]
        env.hops += 1
        p, params, fp = partition, self.params, env.fp
        mine = fp.keys(params)
        owners = [owner(k, self.partitions) for k in mine]
        mykeys = [k for k, o in zip(mine, owners) if o == p]
        if not mykeys:
            return
        seen = {s.fp.uid for s in env.sightings}
        buckets = self._partition_buckets(p)
        cands: list[Fp] = []  # in bucket order, each uid once
        looked: set[str] = set()
        for k in mykeys:
            for uid in buckets.get(k, ()):
                if uid in seen or uid in looked:
                    continue
                looked.add(uid)
                raw = self.store.get(f"{p}|f|{uid}")
                if raw is not None:
                    other, _, origin = _load_record(raw)
                    if env.origin and origin == env.origin:
                        continue  # this very message, filed before a crash or rebalance: a replay, not a re-send
                    cands.append(other)
        if cands:
            # All candidates at once: signature equality, then per candidate the meeting
            # partition (the lowest owner of a key both have: keys are equal exactly where
            # story id, content hash or a band of the signature are equal, so no key strings
            # are rebuilt) and the estimated Jaccard.
            mine_sig = np.frombuffer(fp.sig, dtype=np.uint16)
            eq = np.frombuffer(b"".join(o.sig for o in cands), dtype=np.uint16).reshape(len(cands), -1) == mine_sig
            nb = params.bands * params.rows
            same = eq[:, :nb].reshape(len(cands), params.bands, params.rows).all(axis=2)
            meets = np.where(same, np.array(owners[2:]), self.partitions).min(axis=1).tolist()
            counts = np.count_nonzero(eq, axis=1).tolist()
            for other, meet, cnt in zip(cands, meets, counts):
                if other.src == fp.src:
                    meet = min(meet, owners[0])
                if other.chash == fp.chash:
                    meet = min(meet, owners[1])
                if meet != p:
                    continue  # this pair meets on a lower partition
                if other.src == fp.src:
                    env.sightings.append(Sighting("src", other))
                elif other.chash == fp.chash:
                    env.sightings.append(Sighting("text", other))
                else:
                    j, c = _similarity(fp, other, float(cnt) / len(mine_sig))
                    if self._near(fp, other, j, c):
                        env.sightings.append(Sighting("near", other, round(j, 4), round(c, 4)))
        interim = self._verdict(env)
        if interim.outcome == "duplicate" and interim.reason in ("same_guid", "same_text"):
            return  # an exact re-send: nothing worth remembering
        if interim.story_id and interim.story_id != fp.story:
            fp = env.fp = Fp(**{**fp.__dict__, "story": interim.story_id, "pubver": interim.version or fp.pubver})
        self._file(p, fp, mykeys, env.origin)

    def finish(self, env: Envelope) -> Decision:
        return self._verdict(env)

    def decide(self, item: WireItem) -> Decision:
        """Run the whole chain here (all partitions in this process)."""
        env = self.start(item)
        while env.route:
            self.visit(env, env.route[0])
        return self.finish(env)

    # -- internals

    def _near(self, a: Fp, b: Fp, j: float, c: float) -> bool:
        p = self.params
        return j >= p.jaccard or (c >= p.containment and min(a.n, b.n) >= p.min_shingles)

    def _verdict(self, env: Envelope) -> Decision:
        fp = env.fp
        item = env.item
        src = [s.fp for s in env.sightings if s.rel == "src"]
        if src:
            if any(o.chash == fp.chash and o.srcver == fp.srcver and o.canceled == fp.canceled for o in src):
                return Decision("duplicate", duplicate_of=src[0].story, reason="same_guid")
            newest = max(src, key=lambda o: (o.srcver, o.pubver))
            story = newest.story
            retraction = fp.canceled and not any(o.canceled for o in src)
            newer = fp.srcver > newest.srcver and all(o.chash != fp.chash for o in src)
            if not (retraction or newer):
                return Decision("duplicate", duplicate_of=story, reason="same_guid")
            if story == item.id:
                version = max(item.version, max(o.pubver for o in src) + 1 if retraction else item.version)
            else:
                version = max(o.pubver for o in src if o.story == story) + max(1, fp.srcver - newest.srcver)
            return Decision("update", duplicate_of=story, reason="new_version", story_id=story, version=version)
        text = [s.fp for s in env.sightings if s.rel == "text"]
        if text:
            first = min(text, key=lambda o: (o.ts, o.story))
            return Decision("duplicate", duplicate_of=first.story, reason="same_text")
        near = [s for s in env.sightings if s.rel == "near"]
        if near:
            best = min(near, key=lambda s: (s.fp.ts, s.fp.story))
            story = best.fp.story
            versions = [s.fp for s in near if s.fp.story == story]
            if fp.canceled or any(fp.nums <= o.nums for o in versions):
                return Decision("duplicate", duplicate_of=story, reason="near_duplicate", similarity=best.j)
            version = max(o.pubver for o in versions) + 1
            return Decision("update", duplicate_of=story, reason="changed_figures", similarity=best.j,
                            story_id=story, version=version)
        return Decision("new", story_id=item.id, version=item.version)

    def _file(self, p: int, fp: Fp, keys: list[str], origin: str = "") -> None:
        """File ``fp`` on ``p``: one store write (its record); the bucket index is in memory."""
        buckets = self._partition_buckets(p)
        fkey = f"{p}|f|{fp.uid}"
        old = self.store.get(fkey)
        if old is not None:
            seq = _load_record(old)[1]  # re-filed (e.g. a replay): keeps its place in the buckets
        else:
            seq = self._seq[p] = self._seq.get(p, 0) + 1
        self.store[fkey] = _dump_record(fp, seq, origin)
        cap = self.params.bucket_cap
        uid = sys.intern(fp.uid)  # one string object shared by all its bucket lists
        for k in keys:
            uids = buckets.setdefault(k, [])
            if uid in uids:
                continue
            uids.append(uid)
            if len(uids) > cap:
                del uids[: len(uids) - cap]
        self._note(p, fp.ts, fkey)

    def _partition_buckets(self, p: int) -> dict[str, list[str]]:
        buckets = self._buckets.get(p)
        if buckets is None:
            self._build_index(p, buckets=True)
            buckets = self._buckets[p]
        return buckets

    # -- expiry (call only while processing an event of partition ``p``)

    def _note(self, p: int, ts: int, fkey: str) -> None:
        heap = self._index.get(p)
        if heap is not None:
            heapq.heappush(heap, (ts, fkey))
        wm = self._watermark.get(p, 0.0)
        self._watermark[p] = max(wm, min(float(ts), time.time() + 86400))

    def _build_index(self, p: int, buckets: bool = False) -> list[tuple[int, str]]:
        """One scan of ``p``'s stored records: the expiry heap and watermark, and (``buckets``)
        the bucket index, re-derived from the fingerprints in filing order."""
        prefix, old_prefix = f"{p}|f|", f"{p}|k|"
        heap = []
        recs: list[tuple[int, Fp]] = []
        stale = []
        cap_ts = time.time() + 86400
        wm = self._watermark.get(p, 0.0)
        for k, v in list(self.store.items()):
            if k.startswith(prefix):
                if buckets:
                    fp, seq, _ = _load_record(v)
                    ts = fp.ts
                    recs.append((seq, fp))
                else:
                    ts = int(v.split("|", 7)[6])
                heap.append((ts, k))
                wm = max(wm, min(float(ts), cap_ts))
            elif buckets and k.startswith(old_prefix):
                stale.append(k)  # a bucket key persisted by dedupe/2.0.0: now derived in memory
        self._watermark[p] = wm
        heapq.heapify(heap)
        self._index[p] = heap
        self._indexed_at[p] = time.monotonic()
        if buckets:
            for k in stale:
                del self.store[k]
            recs.sort(key=lambda r: r[0])
            index: dict[str, list[str]] = {}
            cap, n = self.params.bucket_cap, self.partitions
            for _, fp in recs:
                uid = sys.intern(fp.uid)
                for k in fp.keys(self.params):
                    if owner(k, n) == p:
                        uids = index.setdefault(k, [])
                        if uid not in uids:
                            uids.append(uid)
            for k, uids in index.items():
                if len(uids) > cap:
                    del uids[: len(uids) - cap]
            self._buckets[p] = index
            self._seq[p] = max(self._seq.get(p, 0), recs[-1][0] if recs else 0)
        return heap

    def expire_partition(self, p: int, now_ts: float | None = None) -> int:
        """Forget partition ``p``'s items whose story time is older than the horizon.

        ``now_ts`` defaults to the partition's watermark (newest story time seen there).
        Returns the number of item fingerprints forgotten.
        """
        if p not in self._buckets:
            self._build_index(p, buckets=True)
        heap = self._index.get(p)
        if heap is None or time.monotonic() - self._indexed_at.get(p, 0) > self.reindex_seconds:
            heap = self._build_index(p)
        buckets = self._buckets[p]
        now = self._watermark.get(p, 0.0) if now_ts is None else now_ts
        cutoff = now - self.horizon
        removed = 0
        while heap and heap[0][0] < cutoff:
            ts, fkey = heapq.heappop(heap)
            raw = self.store.get(fkey)
            if raw is None:
                continue
            fp = _load_record(raw)[0]
            if fp.ts >= cutoff:  # re-filed later with a newer time
                continue
            del self.store[fkey]
            for k in fp.keys(self.params):
                if owner(k, self.partitions) != p:
                    continue
                uids = buckets.get(k)
                if uids is None:
                    continue
                if fp.uid in uids:
                    uids.remove(fp.uid)
                if not uids:
                    del buckets[k]
            removed += 1
        return removed

    def expire(self, now_ts: float) -> int:
        """Expire every partition (single-process use: tests, benchmarks)."""
        return sum(self.expire_partition(p, now_ts) for p in range(self.partitions))
