"""Contact data is found as people write it (content/contact_data.py), and nothing else the cards contain is taken
for it: each way around the earlier patterns is refused, years, periods, sums, counts, ISBN and diary numbers pass,
the real cards still validate, and the form's patterns (data/form.json, run by form.js) agree in Node."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.se import orgnr

from metodbanken.content.contact_data import FORM_RULES, INVISIBLE, contact_data, normalise
from metodbanken.content.load import load_cards
from metodbanken.exports.form_spec import form_spec
from support import REPO, cached_taxonomy, only, problems_for

PHONE_NUMBERS = [
    "Ring 070-123 45 67 för info.",
    "070\u2011123\u201145\u201167",  # non-breaking hyphens
    "070.123.45.67",
    "070/123 45 67",
    "０７０-１２３ ４５ ６７",  # full-width digits
    "070-123\u200b45 67",  # a zero-width space inside the number
    "070\u00ad123\u00ad45\u00ad67",  # soft hyphens
    "070\u2013123\u00a045\u00a067",  # an en dash and non-breaking spaces
    "0701234567",
    "070 1234567",
    "+46 70 123 45 67",
    "+46 (0)70-123 45 67",
    "+46701234567",
    "0046 70 123 45 67",
    "08-123 456 78",
    "Hjärtpunkten nås på 0920-45 55 68.",
    "tfn 0920 45 55 68",
    "013-20 60 00",
    "+47 22 12 34 56",  # a Norwegian number
]
EMAILS = [
    "Mejla anna.svensson@example.se.",
    "anna.svensson＠example.se",  # a full-width at-sign
    "anna.svensson﹫example.se",  # a small at-sign
    "anna.svensson @ example.se",
    "anna.svensson@ example.se",
    "anna.svensson (at) example.se",
    "anna.svensson(at)example(dot)se",
    "anna.svensson [at] example [dot] se",
    "anna.svensson {at} example {punkt} se",
    "anna.svensson snabel-a example punkt se",
    "anna.svensson snabela example.se",
    "anna.svensson at example dot se",
    "anna.svensson AT example DOT se",
    "anna.svensson @ example . se",
    "anna.sven\u200bsson@exa\u200bmple.se",
    "info@samordningnorrbotten.se",  # an organisation's mailbox is an address too: no card needs one
]
IDENTITY_NUMBERS = [
    "811228-9874",
    "8112289874",
    "811228+9874",  # a person of 100 or more
    "19811228-9874",
    "198112289874",
    "811228 9874",
    "811228\u20119874",
    "８１１２２８-９８７４",
    "Testpersonen 121212-1212 är med.",
    "701063-2391",  # a samordningsnummer: born 1970-10-03, 60 added to the day
    "19701063-2391",
]
# What the cards and sources really contain, and numbers that look like the above without being them.
NOT_CONTACT_DATA = [
    "Projektet pågick 2019–2022.",
    "Perioden 2015–2017 kostade 1 300 000 kr, 0,5 tjänst.",
    "Perioden 20190301–20220228.",
    "2015-03-01 -- 2017-06-30",
    "( 2015 -01-01 – 2016-12-31)",
    "2015-01-\n\n01—2016-\n\n06-01",  # a date range broken over lines, as in a source's text
    "Budgeten var 1 200 000 kr och 2 500 000 kr året efter.",
    "Försäkringskassan 625 000 625 000 0 1 250 000",
    "Köp av tjänst 100 242 102 000 -1 758 102 000",
    "Totalt 1 000 000 000 kr.",
    "45 % av deltagarna, 131 föräldrar och 137 barn.",
    "1 975 068 kronor",
    "ISBN 978-91-633-1234-5",
    "ISBN 91-7047-123-4",
    "Dnr 2019/1234",
    "KS 2019-00123",
    "dnr 2020-000123",
    "SFS 2010:800",
    "Sid. 12–14",
    "Öppet kl. 08.00–16.30 och 06.30-08.00.",
    "version 1.0-1",
    "punkt 4.2.1 i rapporten",
    "V 7, 2016   110",
    "Organisationsnummer 556012-5790.",
    "20190301-20220228",
    "811232-9874",  # day 32: neither a date nor a coordination number
    "811228-9875",  # a wrong check digit
    "811288-9874",  # a coordination number's date (28 + 60), a wrong check digit
    "Föräldrar hör av sig per telefon eller via webben.",
    "Träffas på Folkets hus @ 18.00.",
    "Följ oss på @metodbanken.",
    "en punkt per resultat, at least",
    "Lotsen hade 32 telefonkontakter.",
]


def codes(text: str) -> set[str]:
    return {found.code for found in contact_data(text)}


@pytest.mark.parametrize("text", PHONE_NUMBERS)
def test_phone_numbers_are_found_however_written(text):
    assert codes(text) >= {"private-phone"}


@pytest.mark.parametrize("text", EMAILS)
def test_email_addresses_are_found_however_written(text):
    assert codes(text) == {"private-email"}


@pytest.mark.parametrize("text", IDENTITY_NUMBERS)
def test_personal_identity_and_coordination_numbers_are_found(text):
    assert "personal-identity-number" in codes(text)


@pytest.mark.parametrize("text", NOT_CONTACT_DATA)
def test_numbers_that_are_not_contact_data_pass(text):
    assert contact_data(text) == []


def test_normalising_folds_widths_removes_invisibles_and_unifies_dashes():
    assert normalise("０７０\u2011１２\u200b３\u2013４\u2212５\u00a0６") == "070-123-4-5 6"
    assert normalise("plain ascii") == "plain ascii"


def test_invisible_characters_are_every_format_character_in_unicode():
    format_characters = [chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"]
    assert format_characters and all(INVISIBLE.fullmatch(ch) for ch in format_characters)


def test_messages_name_what_was_found_and_how_to_fix_it():
    phone, email, identity = (contact_data(t)[0] for t in ("070.123.45.67", "a (at) b.se", "811228-9874"))
    assert "070.123.45.67" in phone.message and "roll" in phone.hint
    assert "a@b.se" in email.message and "(at)" in email.hint
    # The whole identity number is not repeated in a message that may be printed in a public log.
    assert "811228-XXXX" in identity.message and "9874" not in identity.message
    assert "personnummer" in identity.hint


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ring 070\u2011123\u201145\u201167.", "private-phone"),
        ("Skriv till anna (at) example (dot) se.", "private-email"),
        ("Kontaktpersonens personnummer är 19811228-9874.", "personal-identity-number"),
    ],
)
def test_validation_refuses_contact_data_in_the_body_with_its_line(content, text, code):
    path = content / "methods" / "laxhjalp.md"
    path.write_text(path.read_text() + "\nFörsta raden.\n" + text + "\n")
    problem = only(problems_for(content), code)
    assert problem.path == "methods/laxhjalp.md" and problem.line == path.read_text().splitlines().index(text) + 1


REFUSED = (
    [(t, "private-phone") for t in PHONE_NUMBERS]
    + [(t, "private-email") for t in EMAILS]
    + [(t, "personal-identity-number") for t in IDENTITY_NUMBERS]
)


@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_validation_refuses_every_way_of_writing_contact_data(content, text, code):
    path = content / "methods" / "laxhjalp.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    assert code in {p.code for p in problems_for(content)}


def test_validation_passes_numbers_that_are_not_contact_data(content):
    path = content / "methods" / "laxhjalp.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "\n\n".join(NOT_CONTACT_DATA) + "\n", encoding="utf-8")
    assert problems_for(content) == []


def test_validation_refuses_contact_data_in_a_front_matter_field(content):
    path = content / "methods" / "laxhjalp.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", "summary: Ring ０７０-１２３ ４５ ６７. ", 1), encoding="utf-8")
    problem = only(problems_for(content), "private-phone")
    assert problem.field == "summary" and problem.line is not None


def card_texts() -> list[str]:
    """Every piece of text in the real cards, as validate.py checks it: front matter strings and body lines."""

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    cards, _ = load_cards(REPO)
    return [text for card in cards for text in [*strings(card.data), *card.body.splitlines()]]


def test_no_real_card_contains_contact_data():
    texts = card_texts()
    assert len(texts) > 1000
    assert [(t, contact_data(t)) for t in texts if contact_data(t)] == []


# --- the contribution form ---------------------------------------------------------------------------------------

NODE = shutil.which("node")
RUN_FORM_RULES = """
const {rules, texts} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const compiled = rules.map((r) => new RegExp(r.pattern, r.flags));
process.stdout.write(JSON.stringify(texts.map((t) => compiled.map((rx) => rx.test(t)))));
"""


def form_verdicts(texts: list[str]) -> list[set[str]]:
    """For each text, the form rules that refuse it, as form.js runs them (in Node)."""
    if not NODE:
        pytest.skip("node finns inte")
    rules = form_spec(load_cards(REPO)[0], cached_taxonomy(), REPO)["text_rules"]
    out = subprocess.run(
        [NODE, "-e", RUN_FORM_RULES],
        input=json.dumps({"rules": rules, "texts": texts}),
        capture_output=True,
        text=True,
        check=True,
    )
    by_message = {rule[2]: rule[1] for rule in FORM_RULES}
    return [
        {by_message.get(rule["message"], "other") for rule, hit in zip(rules, hits, strict=True) if hit}
        for hits in json.loads(out.stdout)
    ]


def test_the_form_refuses_what_the_build_refuses_and_passes_what_it_passes():
    examples = PHONE_NUMBERS + EMAILS + IDENTITY_NUMBERS + NOT_CONTACT_DATA
    form = form_verdicts(examples)
    # Where the form is coarser: it knows no check digit, so a date and four digits with a wrong one (or a mobile
    # number whose digits make a date) look like a personal identity number there; and it knows only Swedish phone
    # numbers, so a foreign one is left to the build.
    coarser = {
        "811228-9875": {"personal-identity-number"},
        "811288-9874": {"personal-identity-number"},
        "0701234567": {"personal-identity-number", "private-phone"},
        "+47 22 12 34 56": set(),
    }
    disagree = [
        (text, sorted(found), sorted(codes(text)))
        for text, found in zip(examples, form, strict=True)
        if found != coarser.get(text, codes(text))
    ]
    assert disagree == []


def test_the_form_finds_no_contact_data_in_the_real_cards():
    texts = card_texts()
    assert [t for t, found in zip(texts, form_verdicts(texts), strict=True) if found] == []


def test_the_form_patterns_mean_the_same_in_python_and_javascript():
    examples = PHONE_NUMBERS + EMAILS + IDENTITY_NUMBERS + NOT_CONTACT_DATA
    in_python = [{code for rx, code, _, _ in FORM_RULES if rx.search(text)} for text in examples]
    in_node = [found - {"other"} for found in form_verdicts(examples)]
    assert in_python == in_node


# --- random digits and separators ---------------------------------------------------------------------------------

SEPARATORS = [" ", "-", ".", "/", "", "\u2011", "\u2013", "\u00a0", "\u200b", "\u00ad"]
OBFUSCATIONS = {"-": "\u2011", " ": "\u00a0", "@": "＠"}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def mobile_numbers(draw) -> str:
    """A Swedish mobile number (07X and seven digits) cut into groups after the area code, with any separators
    people use."""
    digits = "07" + draw(st.sampled_from("02369")) + draw(st.text("0123456789", min_size=7, max_size=7))
    cuts = sorted({3, *draw(st.sets(st.integers(4, len(digits) - 1), max_size=3))})
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    # A slash follows the area code only: '070/0/000000' reads as a date (d/m/y) to libphonenumber, and to people.
    text = groups[0] + draw(st.sampled_from(SEPARATORS)) + groups[1]
    for group in groups[2:]:
        text += draw(st.sampled_from([s for s in SEPARATORS if s != "/"])) + group
    return text.translate(FULL_WIDTH) if draw(st.booleans()) else text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(number=mobile_numbers(), before=st.sampled_from(["", "Ring ", "tel. ", "("]))
def test_any_mobile_number_with_any_separators_is_found(number, before):
    assert "private-phone" in codes(before + number)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        st.sampled_from(list("0123456789") + [" ", "-", ".", "/", "+", "(", ")", "\u2011", "\u200b", "＠", "a"]),
        max_size=60,
    )
)
def test_random_digits_and_separators_are_judged_as_a_reader_sees_them(text):
    found = codes(text)  # never raises
    assert codes(text.translate(FULL_WIDTH)) == found
    assert codes("\u200b".join(text)) == found
    assert codes("".join(OBFUSCATIONS.get(ch, ch) for ch in text)) == found


@settings(max_examples=200, deadline=None)
@given(
    start=st.integers(1990, 2030),
    length=st.integers(0, 12),
    dash=st.sampled_from(["-", "–", "—", " – ", "/"]),
    sum_=st.integers(0, 10**9),
    percent=st.integers(0, 100),
    count=st.integers(0, 100_000),
)
def test_years_periods_sums_percentages_and_counts_are_never_contact_data(start, length, dash, sum_, percent, count):
    sum_text = f"{sum_:,}".replace(",", " ")
    text = (
        f"Projektet pågick {start}{dash}{start + length} och {start}0301{dash}{start + length}0228, kostade "
        f"{sum_text} kr, nådde {percent} % och {count} deltagare."
    )
    assert contact_data(text) == []


@settings(max_examples=200, deadline=None)
@given(
    born=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)),
    serial=st.integers(0, 999),
    coordination=st.booleans(),
    century=st.booleans(),
    separator=st.sampled_from(["-", "", "\u2011", " "]),
)
def test_any_personal_identity_or_coordination_number_is_found(born, serial, coordination, century, separator):
    day = born.day + 60 if coordination else born.day
    digits = f"{born.year % 100:02d}{born.month:02d}{day:02d}{serial:03d}"
    digits += luhn.calc_check_digit(digits)
    number = f"{born.year // 100 if century else ''}{digits[:6]}{separator}{digits[6:]}"
    assert "personal-identity-number" in codes(f"Personnummer {number}.")


@settings(max_examples=200, deadline=None)
@given(first=st.integers(1, 9), second=st.integers(0, 9), third=st.integers(2, 9), rest=st.integers(0, 999_999))
def test_organisation_numbers_are_not_taken_for_identity_numbers(first, second, third, rest):
    # The third digit of an organisation number is 2 or more, which no month has.
    digits = f"{first}{second}{third}{rest:06d}"
    number = f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"
    assert orgnr.is_valid(number)
    assert "personal-identity-number" not in codes(f"Organisationsnummer {number}.")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_is_judged_without_an_error(text):
    for found in contact_data(text):
        assert found.code in {"private-phone", "private-email", "personal-identity-number"} and found.text


@pytest.mark.parametrize(
    "unit",
    ["0", "070 1", "0701234567 ", "00000 ", "1 000 ", "1-", "a@", " at ", "(at)", "811228-", "@ x . ", "a\u200b"],
)
def test_long_texts_take_linear_time(unit):
    # 20 000 characters of each: the earlier e-mail pattern took minutes on such a line; these take well under a
    # second each on a laptop, and the bound leaves room for a busy CI machine.
    text = unit * (20_000 // len(unit))
    started = time.perf_counter()
    contact_data(text)
    for rx, _, _, _ in FORM_RULES:
        rx.search(text)
    assert time.perf_counter() - started < 5
