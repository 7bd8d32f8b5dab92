"""End to end: the real content built by MkDocs in strict mode, and a malformed card stopping the build."""

import json
import re
import shutil

from support import copy_site_skeleton, mkdocs_build


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_deep_talk_and_lina_hage_link_both_ways(real_site):
    method = read(real_site, "metoder/deep-talk/index.html")
    lab = read(real_site, "labb/lina-hage-sodertalje/index.html")
    assert 'href="../../labb/lina-hage-sodertalje/"' in method
    assert 'href="../../metoder/deep-talk/"' in lab


def test_the_five_named_methods_the_lab_and_a_project_are_built(real_site):
    for path in (
        "metoder/deep-talk",
        "metoder/integrationskor",
        "metoder/community-organizing",
        "metoder/lokal-feriejobbsmodell",
        "metoder/strukturerat-utvecklingssamtal",
        "labb/lina-hage-sodertalje",
        "projekt/motesplats-hertson",
    ):
        html = read(real_site, f"{path}/index.html")
        assert 'class="mb-facts"' in html
    hertson = read(real_site, "projekt/motesplats-hertson/index.html")
    assert 'href="../../metoder/motesplats-som-katalysator/"' in hertson
    assert 'href="../../projekt/motesplats-hertson/"' in read(
        real_site, "metoder/motesplats-som-katalysator/index.html"
    )


def test_card_pages_have_edit_links_to_their_own_file(real_site):
    html = read(real_site, "metoder/deep-talk/index.html")
    assert "https://github.com/metodbanken/metodbanken/edit/main/methods/deep-talk.md" in html


def test_open_data_export_lists_every_card_with_links_and_taxonomy(real_site):
    from metodbanken.content.load import card_files
    from support import REPO

    data = json.loads(read(real_site, "data/cards.json"))
    assert len(data["cards"]) == len(card_files(REPO))
    deep_talk = next(c for c in data["cards"] if c["id"] == "deep-talk")
    for key in ("type", "id", "title", "url", "summary", "focus_areas", "target_groups", "actors", "links"):
        assert key in deep_talk
    assert deep_talk["url"] == "metoder/deep-talk/"
    assert "lina-hage-sodertalje" in deep_talk["links"]
    labels = {t["id"]: t["label"] for t in data["taxonomy"]["focus_areas"]}
    assert labels["minskad-brottslighet"] == "Minskad brottslighet"


def test_no_third_party_hosts_in_built_html(real_site):
    for html_file in real_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            # Only outbound links a reader clicks are allowed; nothing is loaded from elsewhere.
            assert not re.search(r"fonts\.googleapis|fonts\.gstatic|cdn|unpkg", url), (html_file, url)
        assert "fonts.googleapis.com" not in html


def test_malformed_card_stops_the_build_and_keeps_the_old_site(tmp_path, content, fixture_site):
    project = copy_site_skeleton(tmp_path / "project", content)
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)  # the previous build of this project
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    card = project / "methods" / "laxhjalp.md"
    card.write_text(card.read_text().replace("target_groups: [elever, barn]", "target_groups: [elevr]"))
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "methods/laxhjalp.md" in result.stderr and "target_groups" in result.stderr
    assert "Menade du 'elever'?" in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
