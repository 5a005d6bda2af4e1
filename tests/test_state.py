"""The write-back layer: reads see pending writes, a flush writes each key once."""

from __future__ import annotations

from agents.state import WriteBack
from tests.test_dedupe_index import CountingStore


def test_writes_are_coalesced_per_key_until_flush_and_reads_see_them():
    store = CountingStore()
    store["kept"] = "1"
    wb = WriteBack(store)
    for i in range(50):
        wb["hot"] = str(i)
    wb["gone"] = "x"
    del wb["gone"]
    del wb["kept"]
    assert store.writes == 1  # only the setup write so far
    assert wb["hot"] == "49" and "gone" not in wb and "kept" not in wb and wb.get("kept") is None
    assert sorted(wb) == ["hot"] and len(wb) == 1 and wb.dirty == 3
    assert wb.flush() == 3
    assert store.writes == 1 + 2  # "hot" once, "kept" deleted once; "gone" never reached the store
    assert dict(store.data) == {"hot": "49"} and wb.dirty == 0


def test_reads_can_come_from_another_view_of_the_store():
    store = CountingStore()
    view: dict = {"a": "from view"}
    wb = WriteBack(store, reads=lambda: view)
    assert wb["a"] == "from view" and "a" in wb
    wb["b"] = "pending"
    assert wb.get("b") == "pending" and sorted(wb) == ["a", "b"]


def test_a_missing_key_that_a_table_answers_with_none_is_missing():
    class Table(dict):
        def __getitem__(self, k):
            return self.get(k)

    wb = WriteBack(Table())
    assert wb.get("x", "default") == "default"
    try:
        wb["x"]
    except KeyError:
        pass
    else:
        raise AssertionError("expected KeyError")
