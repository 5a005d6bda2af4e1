"""README.md's settings tables are exactly what streams/settings.py describes."""

from __future__ import annotations

from streams import settings_doc
from streams.settings import Settings


def test_readme_settings_tables_match_the_settings():
    readme = settings_doc.README.read_text()
    assert settings_doc.START in readme and settings_doc.END in readme
    block = readme[readme.index(settings_doc.START): readme.index(settings_doc.END) + len(settings_doc.END)]
    assert block == settings_doc.tables(), "README settings tables are stale: run `python -m streams.settings_doc --write`"


def test_every_setting_is_documented_once():
    block = settings_doc.tables()
    for name, field in Settings.model_fields.items():
        assert field.description, f"Settings.{name} has no description (the README table is generated from it)"
        assert block.count(f"| `WIREWATCH_{name.upper()}` |") == 1


def test_results_table_holds_what_changes_results():
    block = settings_doc.tables()
    first = block.split("Other settings:")[0]
    for name in ("dedupe_horizon_days", "region_windows", "region_grace_hours", "partitions", "broker"):
        assert f"`WIREWATCH_{name.upper()}`" in first


def test_replace_block_keeps_the_rest():
    text = f"before\n{settings_doc.START}\nold\n{settings_doc.END}\nafter\n"
    assert settings_doc.replace_block(text, "NEW") == "before\nNEW\nafter\n"
