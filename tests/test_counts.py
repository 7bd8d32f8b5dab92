"""One count everywhere: a broad target group counts the cards of its narrower groups, the same on its page, in the
group index, on the start page, in open data and in the finder (Taxonomy.counts_under, issue 28)."""

from __future__ import annotations

import json
import re

from metodbanken.content.load import load_cards
from metodbanken.site.views import tagged_with
from support import REPO, cached_taxonomy, records_of_site


def _read(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_a_broad_group_counts_its_narrower_groups_once_each_card():
    taxonomy = cached_taxonomy()
    assert [t.id for t in taxonomy.narrower("target_groups", "unga")] == ["unga-10-15", "ungdomar", "unga-vuxna"]
    assert taxonomy.counts_under("target_groups", "unga", ["ungdomar"])
    assert taxonomy.counts_under("target_groups", "unga", ["unga", "ungdomar", "unga-vuxna"])
    assert not taxonomy.counts_under("target_groups", "ungdomar", ["unga"])  # narrower never counts the broader
    assert not taxonomy.counts_under("target_groups", "unga", ["barn"])
    assert not taxonomy.counts_under("target_groups", "unga", None)


def test_every_count_of_a_group_agrees_on_pages_in_open_data_and_in_the_finder(real_site):
    taxonomy = cached_taxonomy()
    cards, problems = load_cards(REPO)
    assert problems == []
    index = _read(real_site, "malgrupper/index.html")
    finder = json.loads(_read(real_site, "data/finder-cards.json"))
    facet = next(f for f in finder["facets"] if f["field"] == "target_groups")
    records = records_of_site(real_site)
    open_data = json.loads(_read(real_site, "data/cards.json"))
    open_terms = {t["id"]: t for t in json.loads(_read(real_site, "data/taxonomy.json"))["taxonomy"]["target_groups"]}
    broad_with_narrower = 0
    for term in taxonomy.terms("target_groups"):
        expected = len(tagged_with(cards, taxonomy, "target_groups", term.id))
        # The group index: "Unga (32 kort)".
        listed = re.search(rf'href="{term.id}/">{re.escape(term.label)}</a></strong> \((\d+) kort\)', index)
        assert listed and int(listed.group(1)) == expected, term.id
        # The group's own page lists the same cards.
        page = _read(real_site, f"malgrupper/{term.id}/index.html")
        sections = [int(n) for n in re.findall(r"<h2 id=\"[^\"]+\">[^<(]+\((\d+)\)", page)]
        assert sum(sections) == expected, term.id
        # The finder counts a value through its `includes`.
        value = next(v for v in facet["values"] if v["id"] == term.id)
        in_finder = sum(
            1 for c in records if set(value.get("includes", [value["id"]])) & set(c.get("target_groups") or [])
        )
        assert in_finder == expected, term.id
        # Open data: taxonomy.json's `includes` (or the id alone) over cards.json's values.
        includes = set(open_terms[term.id].get("includes", [term.id]))
        in_open_data = sum(1 for c in open_data["cards"] if includes & set(c.get("target_groups") or []))
        assert in_open_data == expected, term.id
        broad_with_narrower += bool(taxonomy.narrower("target_groups", term.id))
    assert broad_with_narrower >= 2  # Unga and Utrikesfödda, at least


def test_the_broad_groups_page_names_its_narrower_groups(real_site):
    page = _read(real_site, "malgrupper/unga/index.html")
    for narrower in ("unga-10-15", "ungdomar", "unga-vuxna"):
        assert f'href="../{narrower}/"' in page


def test_the_group_index_nests_the_narrower_groups_under_the_broad_one(real_site):
    index = _read(real_site, "malgrupper/index.html")
    unga = index[index.index('href="unga/"') : index.index('href="barn/"')]
    nested = unga[unga.index("<ul>") :]  # a list inside Unga's item
    for narrower in ("unga-10-15", "ungdomar", "unga-vuxna"):
        assert f'href="{narrower}/"' in nested
