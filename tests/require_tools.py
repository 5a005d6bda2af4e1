"""Before `make test`: the programs the integration tests drive must be here (no silent skips).

    python tests/require_tools.py           check; install what is missing with apt-get when it can
    WIREWATCH_TEST_NO_INSTALL=1 ...          check only

Exit 0 when everything is present (possibly after installing it), else 1 with the
command that installs the rest. The tests themselves fail (not skip) when a tool is
missing, unless WIREWATCH_ALLOW_MISSING_TOOLS=1 (tests/tools.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.tools import MISSING_HINT, TOOLS, missing  # noqa: E402


def _apt(packages: list[str]) -> bool:
    """apt-get install, as root or with passwordless sudo; False when this machine cannot."""
    if shutil.which("apt-get") is None:
        return False
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None or subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode:
            return False
        prefix = ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"make test: installing {' '.join(packages)} (apt-get) for the integration tests", file=sys.stderr, flush=True)
    update = subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env)
    if update.returncode:
        return False
    return subprocess.run([*prefix, "apt-get", "install", "-y", "-qq", *packages], env=env).returncode == 0


def main() -> int:
    gone = missing()
    if gone and not os.environ.get("WIREWATCH_TEST_NO_INSTALL"):
        _apt(sorted({pkg for name in gone for pkg in TOOLS[name].packages}))
        gone = missing()
    if gone:
        for name in gone:
            print(f"make test: {TOOLS[name].purpose} needs {name}, which is not installed", file=sys.stderr)
        print(MISSING_HINT.format(packages=" ".join(sorted({p for n in gone for p in TOOLS[n].packages}))), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
