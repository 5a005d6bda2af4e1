"""Dedupe stage: decide, per normalised item, whether it is new, a duplicate or an update.

Plain Python (plus numpy for MinHash); the Faust wiring is in ``agents/pipeline.py``
and the design, with the reasoning about partitions and hops, in ``docs/dedupe.md``.

**One place decides.** Every item is compared with everything remembered in one
serial actor: the dedupe stage reads a topic with a small fixed number of
partitions (one by default), independent of how many partitions ``wire.raw`` has.
So an item costs one lookup whatever the partition count, the first-arrived member
of a cluster (in that partition's order) wins, and of a near-duplicate pair exactly
one arrives second and sees the other: a pair is never both kept nor both dropped.

Every item has a few **routing keys** into the in-memory index:

* its story (source + guid): re-sends and new versions meet here;
* its normalised text (content hash): identical text from any source meets here;
* one per LSH band of its MinHash signature: near-duplicates (headline rewrites,
  dropped / reordered paragraphs, typo fixes, boilerplate, corrected figures)
  share at least one band with high probability.

State persisted (a Faust table in the worker, a dict in tests): only what cannot be
derived, one record per item version remembered:

* ``f|<uid>`` -> fingerprint string of one item version (see :class:`Fp`), its filing
  sequence number and its origin (``|<seq>|<origin>`` appended).

Derived, in memory (rebuilt from the ``f|`` records on first use and after every
rebalance, :meth:`Deduper.forget_index`): the bucket index (routing key -> uids,
filing order, newest last, capped) and the expiry heap of (story time, uid).

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

**Replays.** ``origin`` names the input an item came from (the raw topic position,
``<partition>:<offset>[#<index>]``). After a crash the same input is processed again
with the same origin; the records it filed the first time are then not counted as
sightings, so the replay reaches the same decision and publishes the same record.
A re-send of the same bytes is a new input with another origin: a duplicate.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import re
import sys
import time
import zlib
from array import array
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import orjson

from schemas import DuplicateRecord, WireItem
from agents.formats.base import normalised_word_bytes

VERSION = "dedupe/3.0.0"

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
# A number not inside a word or another number: grouped ("37,000"; the empty group "grouped"
# marks that branch) or plain. The pattern starts with the digit both branches share, then each
# looks behind it ("\d(?<![\w.]\d)" is "(?<![\w.])\d"): a pattern that opens on a character class
# (not a group or an alternation) lets the regex engine skip to digits instead of trying every
# position, 3.4x faster than two branches opening on the digit, same matches.
_NUM = re.compile(r"\d(?:(?<![\w.]\d)\d{0,2}(?:[,.\u202f ]\d{3})+(?!\d)(?P<grouped>)|(?<![\w.,]\d)\d*(?:\.\d+)?(?!\d))")
_GROUP_SEPARATORS = str.maketrans("", "", ",.\u202f ")
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
    words = normalised_word_bytes(text) or [b""]
    wh = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
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
        v = m.group(0)
        if m.group("grouped") is not None:
            v = v.translate(_GROUP_SEPARATORS)  # every separator of a grouped number sits before 3 digits
        elif "." in v:
            v = re.sub(r"[.](?=\d{3}\b)", "", v)
        if not _YEAR.match(v):
            out.add(v)
    return frozenset(out)


_SLUG = re.compile(r"^\s*(?:update|refile|corrected|urgent|flash)\b[\s\d]*[-:]\s*", re.I)
_BOILERPLATE = re.compile(
    r"^\s*\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled)\s+by\b"
    r"|copyright\b|all rights reserved|^\s*\u00a9|^\s*for more (?:news|information|stories)\b",
    re.I,
)
_BOILERPLATE_HEAD = re.compile(r"report|writing|editing|compiled|\u00a9|for more", re.I)  # where an anchored part can start


def _boilerplate(paragraph: str) -> bool:
    """Whether a paragraph is a credit / copyright / "for more" line. The regex has two
    unanchored alternatives that scan the whole paragraph: run it only where an anchored
    part can match (the paragraph starts with one) or a plain substring test finds them."""
    if _BOILERPLATE_HEAD.search(paragraph[:40]) is None:
        low = paragraph.lower()
        if "copyright" not in low and "all rights reserved" not in low:
            return False
    return _BOILERPLATE.search(paragraph) is not None


def item_text(item: WireItem) -> str:
    """The text compared: headline without desk slugs ("UPDATE 1-"), body without credit /
    copyright paragraphs (what agencies add to the same copy)."""
    paras = [p for p in item.body.split("\n\n") if not _boilerplate(p)]
    return "\n".join([_SLUG.sub("", item.headline), item.subheadline or "", *paras])


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

    def keys(self, params: Params) -> list[int]:
        """Routing keys (in-memory index only): story, text, then one per LSH band.

        Ints, not strings: the index holds ~18 keys per remembered item. Story and text
        keys use Python's (per-process) string hash, which is fine for a derived index;
        band keys pack the band number above its 48 bits of signature. A collision only
        adds a candidate, and every candidate is compared on its own fields.
        """
        r = params.rows
        sig = self.sig
        out = [hash("g" + self.src), hash("h" + self.chash)]
        for i in range(params.bands):
            out.append(((i + 1) << 48) | int.from_bytes(sig[2 * i * r:2 * (i + 1) * r], "little"))
        if self.story != self.src:  # an update of another story: found under that story too
            out.append(hash("g" + self.story))
        return out


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


class _Index:
    """The in-memory bucket index: routing key -> filing sequence numbers (its items).

    An open-addressing multimap over two flat arrays (8-byte keys, 4-byte sequence
    numbers) at most 60 % full, instead of a dict of int objects and lists: ~25 bytes
    per (key, item) entry rather than ~80. Each key keeps its ``cap`` newest items (a
    new one overwrites the oldest in place); removed entries become tombstones, and the
    table is rebuilt when tombstones and entries fill it.
    """

    _EMPTY, _TOMB = 0, 1

    def __init__(self, cap: int, size: int = 1 << 16) -> None:  # 768 KB: no rebuilds while small
        self.cap = cap
        self._alloc(size)

    def _alloc(self, size: int) -> None:
        self.keys = array("Q", bytes(8 * size))
        self.vals = array("i", bytes(4 * size))
        self.mask = size - 1
        self.filled = 0  # entries + tombstones
        self.live = 0

    @staticmethod
    def _key(k: int) -> int:
        k &= 0xFFFFFFFFFFFFFFFF
        return k if k > 1 else k + 2  # 0 and 1 mark empty and removed slots

    def _start(self, k: int) -> int:
        return ((k * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) >> 40 & self.mask

    def get(self, key: int) -> list[int]:
        """The key's items, oldest first."""
        k, keys, mask = self._key(key), self.keys, self.mask
        pos, out = self._start(k), []
        while True:
            kk = keys[pos]
            if kk == 0:
                break
            if kk == k:
                out.append(self.vals[pos])
            pos = (pos + 1) & mask
        if len(out) > 1:
            out.sort()
        return out

    def add(self, key: int, seq: int) -> None:
        k, keys, vals, mask = self._key(key), self.keys, self.vals, self.mask
        pos, free, same = self._start(k), -1, []
        while True:
            kk = keys[pos]
            if kk == 0:
                break
            if kk == 1:
                if free < 0:
                    free = pos
            elif kk == k:
                if vals[pos] == seq:
                    return  # re-filed (a replay): keeps its place
                same.append(pos)
            pos = (pos + 1) & mask
        if len(same) >= self.cap:  # the key's oldest item makes room for the newest
            vals[min(same, key=vals.__getitem__)] = seq
            return
        if free < 0:
            free = pos
            self.filled += 1
        keys[free], vals[free] = k, seq
        self.live += 1
        if self.filled * 5 > (mask + 1) * 3:
            self._rebuild()

    def remove(self, key: int, seq: int) -> None:
        k, keys, vals, mask = self._key(key), self.keys, self.vals, self.mask
        pos = self._start(k)
        while True:
            kk = keys[pos]
            if kk == 0:
                return
            if kk == k and vals[pos] == seq:
                keys[pos] = 1
                self.live -= 1
                return
            pos = (pos + 1) & mask

    def _rebuild(self) -> None:
        old = [(k, v) for k, v in zip(self.keys, self.vals) if k > 1]
        size = self.mask + 1
        while self.live * 5 > size * 2:  # to at most 40 % full: room to grow before the next rebuild
            size *= 2
        self._alloc(size)
        for k, v in sorted(old, key=lambda kv: kv[1]):
            self.add(k, v)

    def __len__(self) -> int:
        return self.live

    def entries(self) -> list[tuple[int, int]]:
        """(key, seq) of every entry, in slot order (tests compare indexes with it)."""
        return sorted((k, v) for k, v in zip(self.keys, self.vals) if k > 1)


class Deduper:
    """The dedupe decision over a key-value store (the stage's whole state).

    :meth:`decide` compares an item with what is remembered, files it and returns
    the :class:`Decision`; :meth:`expire` forgets stories older than the horizon.
    """

    def __init__(
        self,
        store: MutableMapping[str, str],
        *,
        horizon_seconds: float = 7 * 86400,
        params: Params = DEFAULT_PARAMS,
    ) -> None:
        self.store = store
        self.horizon = horizon_seconds
        self.params = params
        self._buckets: _Index | None = None  # routing key -> filing sequence numbers
        self._uids: list[str | None] = []  # filing sequence - _base -> uid (None once expired)
        self._base = 0
        self._heap: list[int] = []  # story ts << 32 | filing sequence of every filed record
        self._seq = 0  # last filing sequence number
        self.watermark = 0.0  # newest story time filed (capped a day ahead of the clock)

    def forget_index(self) -> None:
        """Drop the in-memory index (call after a rebalance: the table may have changed
        under us, e.g. its partition moved away and back and was recovered from the
        changelog). It is rebuilt from the stored fingerprints on next use."""
        self._buckets = None
        self._uids, self._base, self._heap = [], 0, []

    def decide(self, item: WireItem, origin: str = "", fp: Fp | None = None) -> Decision:
        """Compare ``item`` with what is remembered, remember it, and say what it is.

        ``fp``: the item's :func:`fingerprint` under this deduper's params, if already
        computed (the pipeline computes it off the serial actor, :mod:`agents.prepare`)."""
        fp = fingerprint(item, self.params) if fp is None else fp
        buckets = self._index()
        keys = fp.keys(self.params)
        sightings, versions, replay_of = self._sightings(fp, keys, buckets, origin)
        verdict = _verdict(item, fp, sightings, versions)
        if verdict.outcome == "update" and verdict.story_id is not None:
            # Above every version of the story published so far, from whichever source: all of
            # them are filed under the story's key (an original as its own, an update as its story).
            latest = self._latest_version(verdict.story_id, buckets, replay_of)
            if verdict.version is not None and verdict.version <= latest:
                verdict = replace(verdict, version=latest + 1)
        if verdict.outcome == "duplicate" and verdict.reason in ("same_guid", "same_text"):
            return verdict  # an exact re-send: nothing worth remembering
        if verdict.story_id and (verdict.story_id != fp.story or (verdict.version or fp.pubver) != fp.pubver):
            fp = Fp(**{**fp.__dict__, "story": verdict.story_id, "pubver": verdict.version or fp.pubver})
            keys = fp.keys(self.params)
        self._file(fp, keys, buckets, origin)
        return verdict

    def _uid(self, seq: int) -> str | None:
        i = seq - self._base
        return self._uids[i] if 0 <= i < len(self._uids) else None

    def _sightings(
        self, fp: Fp, keys: list[int], buckets: _Index, origin: str
    ) -> tuple[list[Sighting], dict[str, int], int | None]:
        """What the item matches, and the newest version published of every story among the
        candidates (a story's versions come from several sources: a new one must be above all)."""
        looked: set[int] = set()
        found: list[tuple[int, Fp]] = []  # in bucket order, each item once
        replay_of: int | None = None  # filing sequence of this very input's record, if it was filed before
        for k in keys:
            for seq in buckets.get(k):
                if seq in looked:
                    continue
                looked.add(seq)
                uid = self._uid(seq)
                raw = self.store.get(f"f|{uid}") if uid is not None else None
                if raw is None:
                    continue
                other, _, other_origin = _load_record(raw)
                if origin and other_origin == origin:
                    replay_of = seq  # this very input, filed before a crash or rebalance: a replay
                    continue
                found.append((seq, other))
        # A replay decides as the first time did: what was filed after it is not in its past
        # (a later copy linked to it would otherwise make it a duplicate or update of itself).
        cands = [other for seq, other in found if replay_of is None or seq < replay_of]
        out: list[Sighting] = []
        versions: dict[str, int] = {}
        for other in cands:
            versions[other.story] = max(versions.get(other.story, 0), other.pubver)
        if not cands:
            return out, versions, replay_of
        mine = np.frombuffer(fp.sig, dtype=np.uint16)
        counts = np.count_nonzero(
            np.frombuffer(b"".join(o.sig for o in cands), dtype=np.uint16).reshape(len(cands), -1) == mine, axis=1
        ).tolist()
        for other, cnt in zip(cands, counts):
            if other.src == fp.src:
                out.append(Sighting("src", other))
            elif other.chash == fp.chash:
                out.append(Sighting("text", other))
            else:
                j, c = _similarity(fp, other, float(cnt) / len(mine))
                if self._near(fp, other, j, c):
                    out.append(Sighting("near", other, round(j, 4), round(c, 4)))
        return out, versions, replay_of

    def _latest_version(self, story: str, buckets: _Index, replay_of: int | None) -> int:
        latest = 0
        for seq in buckets.get(hash("g" + story)):
            if replay_of is not None and seq >= replay_of:
                continue  # a replay decides as the first time did
            uid = self._uid(seq)
            raw = self.store.get(f"f|{uid}") if uid is not None else None
            if raw is not None:
                other = _load_record(raw)[0]
                if other.story == story:
                    latest = max(latest, other.pubver)
        return latest

    def _near(self, a: Fp, b: Fp, j: float, c: float) -> bool:
        p = self.params
        return j >= p.jaccard or (c >= p.containment and min(a.n, b.n) >= p.min_shingles)

    # -- state

    def _file(self, fp: Fp, keys: list[int], buckets: _Index, origin: str) -> None:
        """One store write (the record); the bucket index is in memory."""
        fkey = f"f|{fp.uid}"
        old = self.store.get(fkey)
        if old is not None:
            seq = _load_record(old)[1]  # re-filed (e.g. a replay): keeps its place in the buckets
        else:
            seq = self._seq = self._seq + 1
        self.store[fkey] = _dump_record(fp, seq, origin)
        self._remember(seq, sys.intern(fp.uid), fp.ts, keys, buckets)
        self.watermark = max(self.watermark, min(float(fp.ts), time.time() + 86400))

    def _remember(self, seq: int, uid: str, ts: int, keys: list[int], buckets: _Index) -> None:
        i = seq - self._base
        if i >= len(self._uids):
            self._uids.extend([None] * (i + 1 - len(self._uids)))
        if self._uids[i] is None:
            heapq.heappush(self._heap, (ts << 32) | seq)
        self._uids[i] = uid
        for k in keys:
            buckets.add(k, seq)

    def _index(self) -> _Index:
        """The bucket index, rebuilt from the stored records in filing order when missing."""
        if self._buckets is not None:
            return self._buckets
        recs: list[tuple[int, Fp]] = []
        for k, v in list(self.store.items()):
            if isinstance(k, str) and k.startswith("f|"):
                fp, seq, _ = _load_record(v)
                recs.append((seq, fp))
        recs.sort(key=lambda r: r[0])
        buckets = _Index(self.params.bucket_cap)
        self._uids, self._heap = [], []
        self._base = recs[0][0] if recs else 0
        cap_ts = time.time() + 86400
        for seq, fp in recs:
            self._remember(seq, sys.intern(fp.uid), fp.ts, fp.keys(self.params), buckets)
            self.watermark = max(self.watermark, min(float(fp.ts), cap_ts))
        self._seq = max(self._seq, recs[-1][0] if recs else 0)
        self._buckets = buckets
        return buckets

    def expire(self, now_ts: float | None = None) -> int:
        """Forget items whose story time is older than ``now_ts`` (default: the newest
        story time filed) minus the horizon. Returns the number of fingerprints forgotten."""
        buckets = self._index()
        cutoff = (self.watermark if now_ts is None else now_ts) - self.horizon
        heap, removed = self._heap, 0
        while heap and (heap[0] >> 32) < cutoff:
            seq = heapq.heappop(heap) & 0xFFFFFFFF
            uid = self._uid(seq)
            raw = self.store.get(f"f|{uid}") if uid is not None else None
            if raw is None:
                continue
            fp = _load_record(raw)[0]
            if fp.ts >= cutoff:  # re-filed later with a newer time
                heapq.heappush(heap, (fp.ts << 32) | seq)
                continue
            del self.store[f"f|{uid}"]
            self._uids[seq - self._base] = None
            for k in fp.keys(self.params):
                buckets.remove(k, seq)
            removed += 1
        lead = 0
        while lead < len(self._uids) and self._uids[lead] is None:
            lead += 1
        if lead > 4096:  # expired from the front: drop the leading slots
            del self._uids[:lead]
            self._base += lead
        return removed


def _verdict(item: WireItem, fp: Fp, sightings: list[Sighting], versions: dict[str, int]) -> Decision:
    """``versions``: the newest published version of each story seen; an update goes above it."""
    src = [s.fp for s in sightings if s.rel == "src"]
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
            version = max(item.version, versions.get(story, 0) + 1 if retraction else item.version)
            if version <= versions.get(story, 0):  # another source's update took this version number
                version = versions[story] + 1
        else:
            known = max(versions.get(story, 0), max(o.pubver for o in src if o.story == story))
            version = known + max(1, fp.srcver - newest.srcver)
        return Decision("update", duplicate_of=story, reason="new_version", story_id=story, version=version)
    text = [s.fp for s in sightings if s.rel == "text"]
    if text:
        first = min(text, key=lambda o: (o.ts, o.story))
        return Decision("duplicate", duplicate_of=first.story, reason="same_text")
    near = [s for s in sightings if s.rel == "near"]
    if near:
        best = min(near, key=lambda s: (s.fp.ts, s.fp.story))
        story = best.fp.story
        same = [s.fp for s in near if s.fp.story == story]
        if fp.canceled or any(fp.nums <= o.nums for o in same):
            return Decision("duplicate", duplicate_of=story, reason="near_duplicate", similarity=best.j)
        version = max(max(o.pubver for o in same), versions.get(story, 0)) + 1
        return Decision("update", duplicate_of=story, reason="changed_figures", similarity=best.j,
                        story_id=story, version=version)
    return Decision("new", story_id=item.id, version=item.version)
