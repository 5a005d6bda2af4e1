"""agents.arrival: inputs of several partitions released in arrival order (no broker)."""

from __future__ import annotations

import random

from agents.arrival import ArrivalOrder


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_unevenly_read_partitions_come_out_in_timestamp_order() -> None:
    # 400 inputs sent in order to 4 partitions by key, read back partition by partition in
    # uneven chunks, as a consumer does: they leave in the order they were sent.
    rng = random.Random(7)
    sent = [(rng.randrange(4), float(i)) for i in range(400)]
    per: dict[int, list[tuple[int, float]]] = {p: [] for p in range(4)}
    for p, ts in sent:
        per[p].append((len(per[p]), ts))
    merge = ArrivalOrder(clock=Clock())
    out: list[float] = []
    pos = {p: 0 for p in range(4)}
    while any(pos[p] < len(per[p]) for p in range(4)):
        p = rng.randrange(4)
        chunk = per[p][pos[p]:pos[p] + rng.randrange(1, 40)]
        pos[p] += len(chunk)
        for offset, ts in chunk:
            merge.add(p, offset, ts, ts)
        out += merge.release([0, 1, 2, 3], lambda q: pos[q] < len(per[q]))
    out += merge.release([0, 1, 2, 3], lambda q: False)
    assert out == [ts for _, ts in sent]
    assert merge.held == 0


def test_a_lagging_partition_holds_the_others_back_until_forced() -> None:
    clock = Clock()
    merge = ArrivalOrder(clock=clock)
    merge.add("a", 0, 10.0, "a0")
    # "b" has nothing in hand but is not caught up: it may still deliver an older input
    assert merge.release(["a", "b"], lambda p: p != "a") == []
    assert merge.held == 1
    clock.now = 0.03
    assert merge.release(["a", "b"], lambda p: p != "a") == []
    assert merge.waiting_for() == 0.03
    assert merge.release(["a", "b"], lambda p: p != "a", force=True) == ["a0"]
    assert merge.waiting_for() is None


def test_the_older_input_of_a_late_partition_goes_first_when_it_comes_in_time() -> None:
    merge = ArrivalOrder(clock=Clock())
    merge.add("a", 0, 10.0, "a0")
    assert merge.release(["a", "b"], lambda p: p != "a") == []
    merge.add("b", 0, 9.0, "b0")
    assert merge.release(["a", "b"], lambda p: False) == ["b0", "a0"]


def test_caught_up_partitions_do_not_hold_anything_back() -> None:
    merge = ArrivalOrder(clock=Clock())
    merge.add(0, 5, 3.0, "x")
    assert merge.release([0, 1, 2], lambda p: False) == ["x"]


def test_within_a_partition_offsets_decide_whatever_the_timestamps() -> None:
    merge = ArrivalOrder(clock=Clock())
    merge.add(0, 0, 5.0, "first")
    merge.add(0, 1, 1.0, "second")  # another producer's older clock
    merge.add(1, 0, 3.0, "other")
    assert merge.release([0, 1], lambda p: False) == ["other", "first", "second"]


def test_forget_drops_what_is_held() -> None:
    merge = ArrivalOrder(clock=Clock())
    merge.add(0, 0, 1.0, "x")
    assert merge.release([0, 1], lambda p: p != 0) == []
    merge.forget()
    assert merge.held == 0 and merge.last_offset(0) is None
    assert merge.release([0, 1], lambda p: False) == []
