"""Export the JSON Schema of every public model into ``schemas/json/``.

    python -m schemas.export          # write the files
    python -m schemas.export --check  # exit 1 if the files differ from the models

The test suite runs the check, so the committed files never drift from the code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas.models import PUBLIC_MODELS

OUT = Path(__file__).resolve().parent / "json"


def rendered() -> dict[str, str]:
    files = {}
    for model in PUBLIC_MODELS:
        schema = model.model_json_schema(mode="serialization")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://wirewatch.dev/schemas/{model.SCHEMA}-{model.SCHEMA_VERSION}.schema.json",
            "x-wirewatch-schema": model.schema_header(),
            **schema,
        }
        files[f"{model.SCHEMA}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return files


def main(argv: list[str]) -> int:
    files = rendered()
    if "--check" in argv:
        stale = [n for n, text in files.items() if not (OUT / n).exists() or (OUT / n).read_text() != text]
        if stale:
            print(f"stale JSON Schema files: {', '.join(stale)}; run python -m schemas.export", file=sys.stderr)
            return 1
        return 0
    OUT.mkdir(exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text)
        print(f"wrote {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
