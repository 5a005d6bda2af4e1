"""The compiled classifier (mypyc, see setup.py) is in use where it can be, and it gives
exactly the results of its Python source."""

from __future__ import annotations

import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import sysconfig

import pytest

from agents.classify import compiled
from agents.classify.evaluate import read_set
from benchmarks.bench_classify import corpus

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"

# Run in a fresh interpreter: the build is chosen once, when agents.classify is imported.
_DUMP = """
import json, sys
from agents.classify import analyse, compiled
out = []
for h, b in json.load(sys.stdin):
    a = analyse(h, b)
    out.append([[x.to_dict() for x in a.labels], a.region.to_dict() if a.region else None,
                [r.to_dict() for r in a.other_regions], [f.to_dict() for f in a.figures]])
json.dump({"compiled": compiled.is_compiled(), "out": out}, sys.stdout)
"""


def _items() -> list[tuple[str, str]]:
    dev = read_set(DEVSET)
    items = [(d["headline"], d.get("body", "")) for d in dev]
    items += [("", b) for _, b in items[:20]] + [(h.upper(), b.lower()) for h, b in items[:20]]
    return items + corpus(300, seed=3)


def _analyse_in_subprocess(pure: bool) -> dict:
    env = dict(os.environ, WIREWATCH_PURE_PYTHON="1" if pure else "0")
    proc = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-c", _DUMP], input=json.dumps(_items()),
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _c_compiler() -> str | None:
    cc = sysconfig.get_config_var("CC") or "cc"
    return shutil.which(shlex.split(cc)[0])


def test_compiled_build_matches_python_source() -> None:
    fast = _analyse_in_subprocess(pure=False)
    pure = _analyse_in_subprocess(pure=True)
    assert pure["compiled"] is False
    if _c_compiler():
        # With a C compiler the install (make / pip install -e .) compiles the classifier; when this
        # fails, the build is missing or older than its source: `pip install -e .` rebuilds it.
        assert fast["compiled"] is True, "the classifier is not compiled: run `make install`"
    assert len(fast["out"]) == len(pure["out"]) > 400
    for i, (a, b) in enumerate(zip(fast["out"], pure["out"])):
        assert a == b, i


def test_stale_build_is_detected(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "figures.py"
    build = tmp_path / "figures.cpython-311-x86_64-linux-gnu.so"
    source.write_text("")
    build.write_bytes(b"")
    monkeypatch.setattr(compiled, "_DIR", str(tmp_path))
    os.utime(source, (1_000_000, 1_000_000))
    os.utime(build, (1_000_000.5, 1_000_000.5))  # unpacked from a wheel in the same second: fine
    assert compiled.stale_modules() == []
    os.utime(source, (1_000_010, 1_000_010))  # the source edited after the build
    assert compiled.stale_modules() == ["figures"]
    build.unlink()  # no build at all: nothing is stale
    assert compiled.stale_modules() == []
