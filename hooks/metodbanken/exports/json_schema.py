"""JSON Schema (draft 2020-12) for each card type, generated from schema.py and taxonomy.yml; each field's part
comes from its kind (field_kinds.py).

Editors that understand `# yaml-language-server: $schema=…` use it to complete field names and
taxonomy values while a contributor writes a card. The validator stays the authority: it also checks
what a schema cannot say (references between cards, privacy, HTML), and gives Swedish advice.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from ..field_kinds import object_schema
from ..paths import schema_path, schema_url
from ..schema import CARD_TYPES, CardType
from ..taxonomy import Taxonomy

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def card_schema(card_type: CardType, taxonomy: Taxonomy, base_url: str | None = None) -> dict:
    body = object_schema(card_type.fields, taxonomy)
    body["properties"] = {
        "type": {
            "const": card_type.name,
            "title": "Korttyp",
            "description": f"Alltid '{card_type.name}' i mappen {card_type.folder}/.",
        },
        **body["properties"],
    }
    return {
        "$schema": DRAFT,
        "$id": schema_url(card_type.name, base_url),
        "title": f"Metodbanken: {card_type.label.lower()}",
        "description": f"Framsidan (front matter) i ett kort i {card_type.folder}/. Genererad ur schema.py och "
        "taxonomy.yml; kör valideringen för full kontroll.",
        **body,
    }


def all_schemas(taxonomy: Taxonomy, base_url: str | None = None) -> dict[str, dict]:
    return {name: card_schema(t, taxonomy, base_url) for name, t in CARD_TYPES.items()}


def schema_json(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(out_dir: Path, taxonomy: Taxonomy, base_url: str | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas(taxonomy, base_url).items():
        path = out_dir / PurePosixPath(schema_path(name)).name
        path.write_text(schema_json(schema), encoding="utf-8")
        written.append(path)
    return written
