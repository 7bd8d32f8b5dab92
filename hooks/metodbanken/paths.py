"""Every path the build generates, relative to the docs tree: pages, data files, feed and schemas.

Pages, exports, templates and the loader's reserved ids all read them here, so a page moves by changing one
line. Paths are POSIX and end in `.md` for pages (MkDocs turns them into URLs, pipeline.page_url).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .schema import CARD_TYPES

# ---- pages generated from the cards ----


def page_path(card_type: str, card_id: str) -> str:
    """A card's page, e.g. metoder/deep-talk.md (the folder is the card type's url_prefix)."""
    return f"{CARD_TYPES[card_type].url_prefix}/{card_id}.md"


def listing_path(card_type: str) -> str:
    return f"{CARD_TYPES[card_type].url_prefix}/index.md"


BOOKLET_PATH = "metoder/hafte.md"  # every method on one printable page
BADGE_SCALE_PATH = "metoder/markning.md"  # how to read a method's badges
MAP_PATH = "karta.md"

# Overview pages beside the project cards, by taxonomy group (one page per term) or on their own:
# projekt/kommun/<id>, projekt/status/<id> and projekt/tidslinje.
PROJECT_FILTERS = {"municipalities": "kommun", "project_statuses": "status", "timeline": "tidslinje"}


def project_filter_path(kind: str, term_id: str | None = None) -> str:
    folder = f"{CARD_TYPES['project'].url_prefix}/{PROJECT_FILTERS[kind]}"
    return f"{folder}/{term_id}.md" if term_id else f"{folder}.md"


# Taxonomy groups with pages of their own: an index and one page per term.
TAXONOMY_PAGES = {"focus_areas": "fokusomraden", "target_groups": "malgrupper", "challenges": "utmaningar"}


def taxonomy_page_path(group: str, term_id: str | None = None) -> str:
    return f"{TAXONOMY_PAGES[group]}/{term_id or 'index'}.md"


# ---- open data, the finder's and the forms' data, the feed ----

DATA_DIR = "data"
CARDS_JSON_PATH = f"{DATA_DIR}/cards.json"
TAXONOMY_JSON_PATH = f"{DATA_DIR}/taxonomy.json"
CARDS_CSV_PATH = f"{DATA_DIR}/cards.csv"
DECISIONS_PATH = f"{DATA_DIR}/decisions.json"  # the decision box of every method, for the compare page
FORM_PATH = f"{DATA_DIR}/form.json"  # the contribution form (form_spec.py)
# The finder's files: the page reads the cards; its search worker reads the rest, all fetched at once.
FINDER_CARDS_PATH = f"{DATA_DIR}/finder-cards.json"
SEARCH_WORDS_PATH = f"{DATA_DIR}/search-words.json"  # the finder's search data: see search/shards.py
SEARCH_PIECES_DIR = f"{DATA_DIR}/search"
# lunr.js and its Swedish stemmer from MkDocs and the finder's index reader (SEARCH_READER), joined by the adapter into
# one file (page_assets.search_scripts) that the search worker loads in one request: importScripts fetches the
# scripts it is given one after another.
SEARCH_SCRIPTS = "javascripts/finder/search-scripts.js"
SEARCH_READER = "javascripts/finder/search-reader.js"  # in docs/, published only inside SEARCH_SCRIPTS
# At the site root, not in data/: Material treats every <link rel="alternate"> as a language version and
# fetches sitemap.xml beside it, which exists only at the root (data/sitemap.xml would be a 404 on every page).
FEED_PATH = "feed.xml"


def card_json_path(card_id: str) -> str:
    """One card as data: data/cards/<id>.json, the same record as in cards.json."""
    return f"{DATA_DIR}/cards/{card_id}.json"


def schema_path(type_name: str) -> str:
    """Where the JSON Schema of a card type is published."""
    return f"{DATA_DIR}/schema/{type_name}.schema.json"


# ---- hand-written pages in docs/ that generated pages link to ----

FRONT_PAGE_PATH = "index.md"
OPEN_DATA_PATH = "oppna-data.md"  # generated parts are filled in at its markers
COMPARE_PATH = "jamfor.md"
FINDER_PATH = "hitta.md"
TRIED_PATH = "provat.md"  # "Vi har provat metoden": the short contribution form
SUGGEST_METHOD_PATH = "foresla-metod.md"  # offered with TRIED_PATH when the finder finds little


# ---- card ids that would collide with a generated page ----


def generated_beside_cards() -> list[str]:
    """Pages generated in the card folders that are not cards: listings, booklet, badge scale, project overviews.

    A project filter stands for its whole folder (projekt/kommun.md for projekt/kommun/<id>.md): only the
    name next to the cards matters here."""
    return [listing_path(name) for name in CARD_TYPES] + [
        BOOKLET_PATH,
        BADGE_SCALE_PATH,
        *(project_filter_path(kind) for kind in PROJECT_FILTERS),
    ]


def name_in_card_folder(path: str) -> str | None:
    """metoder/hafte.md → 'hafte', projekt/kommun/x.md → 'kommun': the card id that would collide with it."""
    folder, _, rest = path.partition("/")
    if folder not in {t.url_prefix for t in CARD_TYPES.values()} or not rest:
        return None
    return rest.split("/", 1)[0].removesuffix(".md")


# A card's file name is its id and its page's name; these names are taken by generated pages in the card folders.
RESERVED_IDS = frozenset(name_in_card_folder(p) for p in generated_beside_cards())


# ---- the published site ----

DEFAULT_SITE_URL = "https://metodbanken.github.io/metodbanken/"
MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"  # hooks/metodbanken/paths.py → the repository
DOCS_DIR = MKDOCS_YML.parent / "docs"


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
