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
