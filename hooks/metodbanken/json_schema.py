"""JSON Schema (draft 2020-12) for each card type, generated from schema.py and taxonomy.yml; each field's part
comes from its kind (field_kinds.py).

Editors that understand `# yaml-language-server: $schema=…` use it to complete field names and
taxonomy values while a contributor writes a card. The validator stays the authority: it also checks
what a schema cannot say (references between cards, privacy, HTML), and gives Swedish advice.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import yaml

from .field_kinds import object_schema
from .paths import schema_path
from .schema import CARD_TYPES, CardType
from .taxonomy import Taxonomy

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_SITE_URL = "https://metodbanken.github.io/metodbanken/"
MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def mkdocs_setting(name: str, mkdocs_yml: Path = MKDOCS_YML) -> str | None:
    """One text setting of mkdocs.yml, for the commands that run without MkDocs (`schema`, `new`).

    A build gets its settings from MkDocs itself (pipeline.build_site's site_url)."""
    try:
        config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    value = config.get(name) if isinstance(config, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def site_url(configured: str | None = None, mkdocs_yml: Path = MKDOCS_YML) -> str:
    """The published address of the site, ending in '/': MkDocs' site_url when given, else mkdocs.yml's."""
    url = configured or mkdocs_setting("site_url", mkdocs_yml) or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def schema_url(type_name: str, base: str | None = None) -> str:
    return site_url(base) + schema_path(type_name)


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
