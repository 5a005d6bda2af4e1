"""Optional mypyc-compiled speedups for ``agents.classify``; all metadata lives in pyproject.toml.

The classifier's stage modules are plain, typed Python. When mypy (which ships mypyc)
is importable at build time - it is in ``[build-system] requires`` - they are also
compiled to C extensions, which Python then imports instead of the ``.py`` files
(about 2.5x faster on the benchmark's items; same source, same results:
tests/test_classify_compiled.py).
The build falls back to plain Python when

* ``WIREWATCH_PURE_PYTHON=1`` is set at build time,
* mypy/mypyc is not importable (e.g. ``--no-build-isolation`` without mypy),
* mypyc rejects the code (type errors), or the C compiler / linker fails.

At run time ``WIREWATCH_PURE_PYTHON=1`` makes ``agents.classify`` import the ``.py``
files even when compiled modules are installed (see agents/classify/__init__.py).
"""

from __future__ import annotations

import glob
import os
import runpy
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))
# The module list, the WIREWATCH_PURE_PYTHON switch and where builds land are defined once, in
# agents/classify/compiled.py; it needs only the standard library, so it runs here on its own
# (the isolated build environment has none of the package's dependencies).
_SELECT = runpy.run_path(os.path.join(ROOT, "agents", "classify", "compiled.py"))
COMPILED: list[str] = list(_SELECT["MODULES"])
# One group: one shared library (calls between the modules stay direct C calls), named
# instead of mypyc's "<hash>__mypyc", at the top level (mypyc 2.4 gives the modules a wrong
# __file__ when the library sits inside the package), plus a small shim per module.
GROUP = "wirewatch_classify"
# setup.py also runs for metadata only (egg_info, dist_info, sdist): no mypy pass there.
BUILD_COMMANDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def _warn(msg: str) -> None:
    print(f"*** wirewatch: {msg}; installing pure Python agents.classify", file=sys.stderr)
    _drop_inplace_builds()


def _drop_inplace_builds() -> None:
    """An editable install that compiles nothing must not leave older compiled modules in the
    source tree: Python would keep importing them instead of the (edited) .py files."""
    if not {"editable_wheel", "develop"} & set(sys.argv[1:]):
        return
    paths = [p for m in COMPILED for p in _SELECT["builds"](m)]
    paths += [p for ext in ("so", "pyd") for p in glob.glob(os.path.join(ROOT, f"{GROUP}__mypyc.*.{ext}"))]
    for path in paths:
        os.remove(path)


def _ext_modules() -> list:
    if not BUILD_COMMANDS & set(sys.argv[1:]):
        return []
    if _SELECT["pure_requested"]():
        _warn("WIREWATCH_PURE_PYTHON is set")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not importable")
        return []
    paths = [os.path.join("agents", "classify", f"{m}.py") for m in COMPILED]  # cwd: the project root
    try:
        return mypycify(
            # The isolated build env has none of the runtime deps (ahocorasick, pydantic...):
            # they are Any to mypyc; errors in imported, not-compiled modules do not stop the build.
            ["--ignore-missing-imports", "--follow-imports=silent",
             "--cache-dir=" + os.path.join("build", "mypy_cache"), *paths],
            opt_level="3",
            group_name=GROUP,
            target_dir=os.path.join("build", "mypyc"),
        )
    except (Exception, SystemExit) as exc:  # mypyc calls sys.exit() on type errors
        _warn(f"mypyc failed ({exc!r})")
        return []


class OptionalBuildExt(build_ext):
    """Build the extensions all-or-nothing: on any compiler error, drop them all."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # CCompilerError, DistutilsExecError, DistutilsPlatformError...
            # A shim without its shared library would fail at import: drop every built file.
            for ext in self.extensions:
                path = os.path.join(self.build_lib, self.get_ext_filename(ext.name))
                if os.path.exists(path):
                    os.remove(path)
            self.extensions = []
            self.distribution.ext_modules = []
            _warn(f"compiling the mypyc extensions failed ({exc!r})")


setup(ext_modules=_ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
