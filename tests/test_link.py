from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards


def test_back_links_are_computed_from_one_direction(content):
    cards, _ = load_cards(content)
    graph = LinkGraph(cards)
    lab_methods = [c.id for c, _ in graph.linked("testlabbet", "method", "tested_in", "in")]
    assert lab_methods == ["samtalskvall"]
    projects = graph.linked("samtalskvall", "project", "methods", "in")
    assert [(c.id, link.relation) for c, link in projects] == [("testprojektet", "liknande")]
    # related_methods is shown both ways although only one card names the other
    assert [c.id for c, _ in graph.linked("laxhjalp", "method", "related_methods")] == ["samtalskvall"]
    assert "testlardom" in graph.linked_ids("testlabbet")
