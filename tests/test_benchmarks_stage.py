"""The stage-logic benchmarks run against the current API and check their own answer (a small size:
they are measured by hand, this keeps them from going stale as regions_bench once did)."""

from __future__ import annotations

from benchmarks import dedupe_bench, regions_bench


def test_regions_bench_runs_and_its_tables_equal_the_recomputation(capsys):
    out = regions_bench.main(1_500)  # raises SystemExit when a closed cell differs from recompute
    assert out["records"] > 0 and out["rate"] > 0
    assert "all equal" in capsys.readouterr().out


def test_dedupe_bench_runs_and_finds_its_copies():
    out = dedupe_bench.run(2_000, 500, 7.0)
    assert sum(out["outcomes"].values()) == 2_000
    assert out["outcomes"]["new"] > 0 and out["outcomes"]["duplicate"] > 0
