"""Which build of the classifier runs: the mypyc-compiled modules or the plain ``.py`` files.

``setup.py`` compiles the stage modules (:data:`MODULES`) with mypyc when it can; the
compiled extension sits next to each ``.py`` file and Python imports it first. The
plain modules are used instead when

* ``WIREWATCH_PURE_PYTHON=1`` is set (to debug, profile or compare), or
* a compiled module is older than its ``.py`` file - an editable install whose source
  was edited since the build (``make`` reinstalls; ``pip install -e .`` by hand). The
  edit must take effect, so the stale build is ignored, with a warning.

:func:`select` runs once, from ``agents/classify/__init__.py``, before the stage modules
are imported. This module itself is never compiled, and it needs only the standard library:
``setup.py`` runs it on its own for the module list and the switch.
"""

from __future__ import annotations

import glob
import os
import sys
import warnings
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from importlib.util import spec_from_file_location

MODULES = ("sentences", "scan_kinds", "scan", "labels", "figures", "gazetteer", "results", "analysis")
PACKAGE = __name__.rpartition(".")[0]
_DIR = os.path.dirname(os.path.abspath(__file__))


class _PurePythonFinder(MetaPathFinder):
    """Load ``agents.classify.<x>`` from ``<x>.py`` even when a compiled ``<x>*.so`` sits next to it."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        parent, _, leaf = fullname.rpartition(".")
        if parent != PACKAGE:
            return None
        source = os.path.join(_DIR, leaf + ".py")
        return spec_from_file_location(fullname, source) if os.path.isfile(source) else None


def builds(module: str) -> list[str]:
    """The compiled extension files of ``module`` next to its source (none in a plain install)."""
    return glob.glob(os.path.join(_DIR, f"{module}.*.so")) + glob.glob(os.path.join(_DIR, f"{module}.*.pyd"))


def stale_modules() -> list[str]:
    """Compiled modules whose ``.py`` file is newer than the build (1 s slack for unpacking)."""
    out = []
    for module in MODULES:
        source = os.path.join(_DIR, module + ".py")
        if any(os.path.getmtime(source) > os.path.getmtime(b) + 1.0 for b in builds(module)):
            out.append(module)
    return out


def pure_requested() -> bool:
    return os.environ.get("WIREWATCH_PURE_PYTHON", "") not in ("", "0")


def select() -> None:
    """Make the stage modules import from their ``.py`` files when they must (see above)."""
    if any(isinstance(f, _PurePythonFinder) for f in sys.meta_path):
        return
    if not pure_requested():
        stale = stale_modules()
        if not stale:
            return
        warnings.warn(
            f"compiled classifier modules are older than their source ({', '.join(stale)}): running the "
            "plain Python ones; rebuild with `pip install -e .` (make does it)", RuntimeWarning, stacklevel=3,
        )
    sys.meta_path.insert(0, _PurePythonFinder())


def is_compiled() -> bool:
    """Whether the classifier in use is the compiled build."""
    module = sys.modules.get(f"{PACKAGE}.figures")
    return module is not None and not (module.__file__ or "").endswith(".py")
