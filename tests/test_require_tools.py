"""`make test` runs everything: missing test programs are installed or named, never skipped silently."""

from __future__ import annotations

import pytest

from tests import require_tools, tools


@pytest.fixture
def bare_machine(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")


ALL_PACKAGES = sorted({p for tool in tools.TOOLS.values() for p in tool.packages})


def test_missing_tools_are_named(bare_machine):
    assert tools.missing() == list(tools.TOOLS)
    assert {"chromium", "kcat"} <= set(tools.TOOLS)


def test_check_fails_with_the_install_command(bare_machine, monkeypatch, capsys):
    monkeypatch.setenv("WIREWATCH_TEST_NO_INSTALL", "1")
    assert require_tools.main() == 1
    err = capsys.readouterr().err
    assert f"install with: sudo apt-get install -y {' '.join(ALL_PACKAGES)}" in err
    for name, tool in tools.TOOLS.items():
        assert f"{tool.purpose} needs {name}" in err


def test_check_installs_when_it_can(bare_machine, monkeypatch):
    monkeypatch.delenv("WIREWATCH_TEST_NO_INSTALL", raising=False)
    asked = []
    monkeypatch.setattr(require_tools, "_apt", lambda packages: asked.append(packages) or False)
    assert require_tools.main() == 1  # the install did not help: still a failure, not a skip
    assert asked == [ALL_PACKAGES]


def test_a_missing_tool_fails_its_tests(bare_machine, monkeypatch):
    monkeypatch.delenv("WIREWATCH_ALLOW_MISSING_TOOLS", raising=False)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y kcat"):
        tools.require("kcat")


def test_skipping_is_explicit(bare_machine, monkeypatch):
    monkeypatch.setenv("WIREWATCH_ALLOW_MISSING_TOOLS", "1")
    with pytest.raises(pytest.skip.Exception, match="WIREWATCH_ALLOW_MISSING_TOOLS"):
        tools.require("chromium")


def test_present_tool_is_found(monkeypatch, tmp_path):
    exe = tmp_path / "kcat"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert tools.require("kcat") == str(exe)
