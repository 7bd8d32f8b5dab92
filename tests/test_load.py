from metodbanken.content.load import load_card, load_cards


def test_loads_fixture_cards_with_ids_from_file_names_and_field_lines(content):
    cards, problems = load_cards(content)
    assert problems == []
    by_id = {c.id: c for c in cards}
    assert set(by_id) == {"samtalskvall", "laxhjalp", "testlabbet", "testprojektet", "testlardom"}
    method = by_id["samtalskvall"]
    assert method.type == "method"
    assert method.line_of("title") == 3  # line 1 is '---', line 2 is 'type'
    assert method.body.startswith("Så här går en kväll till")


def test_dates_stay_text(content):
    card, _ = load_card(content / "labs" / "testlabbet.md", content)
    assert card.data["diary"][0]["date"] == "2019-01-24"
    assert card.data["period"] == {"start": "2018", "end": "2019"}


def test_type_comes_from_folder_and_must_match(content):
    path = content / "methods" / "samtalskvall.md"
    path.write_text(path.read_text().replace("type: method", "type: workshop"))
    _card, problems = load_card(path, content)
    assert [p.code for p in problems] == ["wrong-type"]
    assert "workshop" in problems[0].message and problems[0].line == 2


def test_checks_go_on_past_problems_that_do_not_stop_and_stop_at_the_first_that_does(tmp_path):
    """load_card's checks run in order: a reserved name, a field written twice and a wrong type are all reported
    with the card; an unclosed front matter stops the reading after the reserved name, before anything is parsed."""
    folder = tmp_path / "methods"
    folder.mkdir()
    card = folder / "index.md"
    card.write_text("---\ntype: lab\ntitle: A\ntitle: B\n---\n\n\nText.\n", encoding="utf-8")
    loaded, problems = load_card(card, tmp_path)
    assert [(p.code, p.line) for p in problems] == [("reserved-id", None), ("duplicate-field", 4), ("wrong-type", 2)]
    assert loaded.data == {"title": "B"} and loaded.body == "Text." and loaded.body_line == 8
    card.write_text("---\ntitle: A\n\u2028\n", encoding="utf-8")
    loaded, problems = load_card(card, tmp_path)
    assert loaded is None and [(p.code, p.line) for p in problems] == [("reserved-id", None), ("control-character", 3)]
    card.write_text("---\ntitle: A\n", encoding="utf-8")
    loaded, problems = load_card(card, tmp_path)
    assert loaded is None and [p.code for p in problems] == ["reserved-id", "unclosed-front-matter"]
