"""wirewatch reclassify: the diff of stored events against the current classifier (no broker)."""

from __future__ import annotations

import copy
import hashlib
import json
import pathlib
from datetime import datetime, timezone

import pytest
from typer.testing import CliRunner

from agents.classify import VERSION, classify
from agents.classify.evaluate import read_set
from agents.classify.reclassify import (
    diff_events, format_reclassify, latest_events, reclassify, table_figures,
)
from schemas import WireItem

DATA = pathlib.Path(__file__).parent / "data"


def _item(row: dict, version: int = 1) -> WireItem:
    h = hashlib.sha1(row["id"].encode()).hexdigest()
    now = datetime(2025, 3, 1, tzinfo=timezone.utc)
    return WireItem(id=h[:16], version=version, source="test", guid=row["id"], format="json",
                    headline=row["headline"], body=row["body"], published=now, received=now,
                    content_hash=h, payload_hash=h)


@pytest.fixture(scope="module")
def items() -> list[WireItem]:
    return [_item(r) for r in read_set(DATA / "dev.jsonl")[:30]]


def _old(ev, **changes) -> dict:
    """A stored event as an older classifier made it: the current one, edited."""
    d = copy.deepcopy(ev.model_dump(mode="json"))
    d["classifier_version"] = "classify/1.1.0"
    d.update(changes)
    return d


def test_unchanged_events_report_no_change(items: list[WireItem]) -> None:
    stored = {(ev.id, ev.version): ev for ev in map(classify, items)}
    report, events = reclassify(items, stored)
    assert report.items == report.compared == len(items) and report.unstored == 0
    assert report.changes == [] and len(events) == len(items)
    assert report.old_versions == {VERSION: len(items)}


def test_label_region_and_figure_changes_are_attributed(items: list[WireItem]) -> None:
    new = [classify(it) for it in items]
    with_label = next(ev for ev in new if ev.labels and ev.labels[0].label != "detention")
    with_region = next(ev for ev in new if ev.region is not None and ev.region.country != "GB"
                       and ev is not with_label)
    with_primary = next(ev for ev in new if any(f.primary for f in ev.figures)
                        and ev not in (with_label, with_region))
    stored: dict = {(ev.id, ev.version): ev for ev in new}
    # the old version also said "detention" and missed the first label of with_label
    old_labels = [h.model_dump(mode="json") for h in with_label.labels[1:]]
    old_labels.append({"label": "detention", "confidence": 0.7, "evidence": ["x"]})
    stored[(with_label.id, 1)] = _old(with_label, labels=old_labels)
    stored[(with_region.id, 1)] = _old(with_region, region={"code": "GB", "name": "United Kingdom", "country": "GB"})
    # before primary existed: the tables counted the largest figure of each kind
    old_figs = [dict(f.model_dump(mode="json"), primary=False) for f in with_primary.figures]
    kind = next(f.kind for f in with_primary.figures if f.primary)
    old_figs.append({"kind": kind, "value": 10_000_000.0, "text": "10 million"})
    stored[(with_primary.id, 1)] = _old(with_primary, figures=old_figs)

    report, _ = reclassify(items, stored)
    by_id = {c.id: c for c in report.changes}
    assert set(by_id) == {with_label.id, with_region.id, with_primary.id}
    first = with_label.labels[0].label
    c = by_id[with_label.id]
    assert c.added == {first}
    assert ("detention" in c.removed) == ("detention" not in {h.label for h in with_label.labels})
    assert not c.region and not c.figures
    assert by_id[with_region.id].region == ("GB", with_region.region.code)
    fig = by_id[with_primary.id].figures[kind]
    assert fig[0] == 10_000_000.0 and fig[1] == table_figures(with_primary)[kind]
    assert report.old_versions["classify/1.1.0"] == 3
    gain, lose = report.by_region()["GB"]
    assert lose and not gain
    text = format_reclassify(report, details=True)
    assert "GB -> " in text and with_region.id in text and kind in text


def test_items_without_a_stored_event_are_counted_not_diffed(items: list[WireItem]) -> None:
    report, events = reclassify(items[:5], {})
    assert report.unstored == 5 and report.compared == 0 and not report.changes and len(events) == 5


def test_latest_event_per_id_and_version_wins() -> None:
    a = {"id": "s1", "version": 1, "classifier_version": "classify/1.0.0", "labels": []}
    b = {"id": "s1", "version": 1, "classifier_version": "classify/1.1.0", "labels": []}
    c = {"id": "s1", "version": 2, "classifier_version": "classify/1.1.0", "labels": []}
    got = latest_events([a, b, c])
    assert got[("s1", 1)]["classifier_version"] == "classify/1.1.0" and ("s1", 2) in got


def test_diff_of_dicts_without_primary_uses_the_largest_figure() -> None:
    old = {"id": "s", "version": 1, "classifier_version": "classify/1.1.0", "labels": [], "region": None,
           "figures": [{"kind": "displaced", "value": 2000.0}, {"kind": "displaced", "value": 20000.0}]}
    new = {"id": "s", "version": 1, "labels": [], "region": None,
           "figures": [{"kind": "displaced", "value": 2000.0, "primary": False},
                       {"kind": "displaced", "value": 20000.0, "primary": True}]}
    assert not diff_events(old, new).changed  # the tables counted 20,000 then and now
    new["figures"][0]["primary"], new["figures"][1]["primary"] = True, False
    assert diff_events(old, new).figures == {"displaced": (20000.0, 2000.0)}


def test_cli_reclassify_from_files(tmp_path: pathlib.Path, items: list[WireItem], monkeypatch) -> None:
    from streams.cli import app

    monkeypatch.delenv("WIREWATCH_BROKER", raising=False)
    new = [classify(it) for it in items[:10]]
    ev = next(e for e in new if e.labels)
    items_file = tmp_path / "items.jsonl"
    items_file.write_text("\n".join(it.model_dump_json() for it in items[:10]) + "\n")
    stored = [e.model_dump(mode="json") for e in new]
    for d in stored:
        if d["id"] == ev.id:
            d["labels"] = []
            d["classifier_version"] = "classify/1.1.0"
    events_file = tmp_path / "events.jsonl"
    events_file.write_text("\n".join(json.dumps(d) for d in stored) + "\n")
    res = CliRunner().invoke(app, ["reclassify", "--items", str(items_file), "--events", str(events_file), "--details"])
    assert res.exit_code == 0, res.output
    assert "changed: 1 items" in res.output and ev.id in res.output
    assert f"+{ev.labels[0].label}" in res.output


def test_progress_is_reported_on_long_runs(items: list[WireItem]) -> None:
    seen: list[tuple[int, int]] = []
    report, _ = reclassify(items * 30, {}, progress=lambda done, total: seen.append((done, total)))
    total = len(items) * 30
    assert seen and seen[-1] == (total, total) and all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and report.items == total
