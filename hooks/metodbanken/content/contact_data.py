"""Contact data in card text, found as people write it: phone numbers, e-mail addresses, personal identity numbers.

A pattern over the raw text is easy to sidestep ('070‑123‑45‑67' with non-breaking hyphens, full-width digits, a
zero-width space inside a number, 'anna (at) example.se'), so the text is first normalised: NFKC, invisible format
characters removed, every dash made '-'; for e-mail also the ways people write '@' and '.' in words. Phone numbers
are then found by libphonenumber's matcher with Swedish rules, and personal identity numbers (and coordination
numbers) are checked by date and check digit with python-stdnum, so that years, periods, money, counts, diary
and ISBN numbers – which the cards are full of – are not taken for either.

No card cites an organisation's switchboard or any other phone number (see CONTRIBUTING, "Det här publicerar
vi inte"), so every phone number is refused. Organisation numbers are not contact data and pass, unless the
number is also a valid personal identity number (a sole trader's).

Every pattern here is linear in the length of the text: each quantifier is bounded or runs over one character
class, so no start position can be retried over a long run. The phone matcher stops at its first valid number.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import phonenumbers
from stdnum import luhn
from stdnum.se import personnummer

from ..problem_messages import problem_text

# A match may start only where a run of address characters starts, and each part is bounded. The last part of the
# domain starts with a letter, as every top-level domain does: 'Folkets hus @ 18.00' is a time, not an address.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[^\W\d_][\w-]{0,62}")

# Dashes that NFKC leaves as they are (Unicode category Pd, and the minus sign), all read as '-'.
DASHES = re.compile("[\u058a\u05be\u1400\u1806\u2010-\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u301c\u3030\u30a0\u2212]")
# '(at)', '[at]', '{snabel-a}', '<@>', ' at ', ' snabel-a ', ' @ ': each becomes '@'. Spaces are bounded so that a
# long run of them is not scanned again from each of its positions.
AT_WORDS = re.compile(
    r"(?i)[ \t]{0,3}(?:[(\[{<][ \t]{0,3}(?:at|snabel-?a|@)[ \t]{0,3}[)\]}>]|(?<![\w@.+-])(?:at|snabel-?a)(?![\w@-])|@)"
    r"[ \t]{0,3}"
)
AT_WORD_HINT = re.compile(r"(?i)\bat\b|snabel")
# '(dot)', '[punkt]', ' dot ', ' punkt ', ' . ': each becomes '.'; they only matter next to an '@'.
DOT_WORDS = re.compile(
    r"(?i)[ \t]{0,3}(?:[(\[{<][ \t]{0,3}(?:dot|punkt|\.)[ \t]{0,3}[)\]}>]|(?<![\w.])(?:dot|punkt)(?![\w.]))[ \t]{0,3}"
    r"|[ \t]{1,3}\.[ \t]{1,3}"
)

# A Swedish personal identity or coordination number: (YY)YYMMDD, '-', '+' or nothing (a space is tolerated), NNNN.
IDENTITY_NUMBER = re.compile(r"(?<![0-9])((?:[0-9]{2})?[0-9]{6})[ ]?([-+]?)[ ]?([0-9]{4})(?![0-9])")
# '08.00–16.30' is an opening time that libphonenumber reads as a valid number.
TIME_RANGE = re.compile(r"(?:[01]?\d|2[0-4])[.:][0-5]\d ?- ?(?:[01]?\d|2[0-4])[.:][0-5]\d")
# Unicode's format characters (category Cf), listed so that removing them is one regular expression; a test checks
# the list against the running Python's Unicode tables.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
MIN_PHONE_DIGITS = 7  # the shortest Swedish number with its area code; fewer digits cannot be one
DIGITS_TO_DELETE = str.maketrans("", "", "0123456789")


class Found(NamedTuple):
    code: str
    text: str  # as it stands in the normalised text, to help the contributor find it
    message: str
    hint: str


def normalise(text: str) -> str:
    """Text as a reader sees it: compatibility forms folded (full-width digits, '＠', non-breaking spaces), invisible
    format characters (zero-width spaces, soft hyphens, direction marks) removed, every dash written '-'."""
    if text.isascii():
        return text
    return DASHES.sub("-", INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))


def contact_data(text: str) -> list[Found]:
    """Every kind of contact data in the text, each with the first one found."""
    seen = normalise(text)
    found = []
    phone = phone_number_in(seen) if digit_count(seen) >= MIN_PHONE_DIGITS else None
    if phone:
        code, message, hint = problem_text("private-phone", phone=phone)
        found.append(Found(code, phone, message, hint))
    email = email_in(seen)
    if email:
        code, message, hint = problem_text("private-email", email=email)
        found.append(Found(code, email, message, hint))
    identity = identity_number_in(seen) if digit_count(seen) >= 10 else None
    if identity:
        # The number itself is not repeated in full: the message may end up in a public CI log.
        code, message, hint = problem_text("personal-identity-number", shown=f"{identity[:-4]}XXXX")
        found.append(Found(code, identity, message, hint))
    return found


# The finders below read normalised text (normalise()).


def digit_count(seen: str) -> int:
    return len(seen) - len(seen.translate(DIGITS_TO_DELETE))


def email_in(seen: str) -> str | None:
    """The first e-mail address, with the words and spacings people use for '@' and '.' read as the signs."""
    if "@" not in seen and not AT_WORD_HINT.search(seen):  # most texts: no need to rewrite them
        return None
    seen = AT_WORDS.sub("@", seen)
    if "@" not in seen:
        return None
    match = EMAIL.search(DOT_WORDS.sub(".", seen))
    return match.group() if match else None


def phone_number_in(seen: str) -> str | None:
    """The first number libphonenumber takes for a valid phone number (any country; Swedish rules for numbers
    without a country code), other than an opening time."""
    # VALID, chosen by testing: POSSIBLE also takes years, dates and sums ('2015-2017', '1 300 000'); the grouping
    # levels miss numbers grouped in unusual ways ('070-12345 67', '070 1234567').
    for match in phonenumbers.PhoneNumberMatcher(seen, "SE", leniency=phonenumbers.Leniency.VALID):
        if not TIME_RANGE.fullmatch(match.raw_string):
            return match.raw_string
    return None


def identity_number_in(seen: str) -> str | None:
    for match in IDENTITY_NUMBER.finditer(seen):
        digits, separator, last = match.groups()
        if is_identity_number(digits, separator, last):
            return match.group()
    return None


def is_identity_number(digits: str, separator: str, last: str) -> bool:
    """A valid personnummer, or samordningsnummer, in 10 or 12 digits: a real date and the check digit."""
    number = f"{digits}{separator or '-'}{last}"
    if personnummer.is_valid(number):
        return True
    day = int(digits[-2:])
    if not 61 <= day <= 91:
        return False
    # A samordningsnummer: the birth date with 60 added to the day; the check digit is over the digits as written.
    born = f"{digits[:-2]}{day - 60:02d}{separator or '-'}{last}"
    try:
        personnummer.get_birth_date(born)
    except ValueError:  # stdnum's InvalidComponent is a ValueError
        return False
    return luhn.is_valid((digits + last)[-10:])


# --- the contribution form -------------------------------------------------------------------------------------
# form.js tests each rule's pattern against the raw text in the browser, where neither the normalisation nor the
# libraries above run; these patterns (valid both in Python's re and in JavaScript) take the same ways of writing
# into account, character by character, and catch what contact_data() catches in the cases tests/test_contact_data.py
# lists. The form is coarser in two ways: personal identity numbers are caught by their shape alone (a date and four
# digits; no check digit), so it may stop a few numbers the build lets through; and it knows only Swedish phone
# numbers (+46, 0046 or a leading 0), leaving foreign ones to the build.
_DIGIT = "[0-9\\uff10-\\uff19]"
_INVISIBLE = "\\u00ad\\u200b-\\u200f\\u2060\\ufeff"
_DASH = "\\-\\u2010-\\u2015\\u2212\\uff0d"
_SPACE = " \\t\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000"  # on one line: a number never spans lines
# Up to three separators between two digits of a phone number: spaces, dashes, dots, slashes, brackets, invisibles.
_PHONE_GAP = f"[{_SPACE}{_INVISIBLE}{_DASH}./()\\uff0e\\uff0f]{{0,3}}"
_TIME = f"[01]?[0-9][.:][0-5][0-9]\\s?[{_DASH}]\\s?[0-2]?[0-9][.:][0-5][0-9]"
FORM_PHONE = (
    # not inside a number, a date ('2015-01-01 – 2016-12-31') or a sum ('1 000 000 000'), not an opening time
    f"(?<![0-9\\uff10-\\uff19.,/{_DASH}])(?<![0-9\\uff10-\\uff19][\\s.,])(?!{_TIME})"
    f"(?:(?:[+\\uff0b]|00)46{_PHONE_GAP}(?:\\(0\\){_PHONE_GAP})?|[0\\uff10]){_DIGIT}"
    f"(?:{_PHONE_GAP}{_DIGIT}){{5,10}}(?![0-9\\uff10-\\uff19])"
)
_ADDRESS_PART = f"[\\w{_INVISIBLE}+\\-]"
_AT = (
    "[ \\t]{0,3}(?:[@\\uff20\\ufe6b]|[(\\[{<][ \\t]{0,3}(?:at|snabel-?a|@)[ \\t]{0,3}[)\\]}>]"
    "|[ \\t](?:at|snabel-?a)[ \\t])[ \\t]{0,3}"
)
_DOT = (
    "(?:[.\\uff0e]|[ \\t]{0,3}(?:[(\\[{<][ \\t]{0,3}(?:dot|punkt|\\.)[ \\t]{0,3}[)\\]}>]|[ \\t](?:dot|punkt)[ \\t])"
    "[ \\t]{0,3}|[ \\t]{1,3}\\.[ \\t]{1,3})"
)
FORM_EMAIL = (
    f"(?<![\\w.+-]){_ADDRESS_PART}(?:[.]?{_ADDRESS_PART}){{0,63}}{_AT}{_ADDRESS_PART}{{1,63}}"
    f"(?:{_DOT}{_ADDRESS_PART}{{1,63}}){{0,8}}{_DOT}[a-z]"
)


def _digits(digits: str) -> str:
    """A character class of the digits, in ASCII and full width."""
    return "[" + digits + digits.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "]"


# (YY)YYMMDD with a month and a day (or a day plus 60) that can be, a separator or none, four digits.
FORM_IDENTITY_NUMBER = (
    f"(?<!{_DIGIT})(?:{_digits('1')}{_digits('9')}|{_digits('2')}{_digits('0')})?{_DIGIT}{{2}}"
    f"(?:{_digits('0')}{_digits('123456789')}|{_digits('1')}{_digits('012')})"
    f"(?:{_digits('012')}{_DIGIT}|{_digits('3')}{_digits('01')}|{_digits('678')}{_DIGIT}|{_digits('9')}{_digits('01')})"
    f" ?[+{_DASH}]? ?{_DIGIT}{{4}}(?!{_DIGIT})"
)
# (pattern, code, what is wrong, how to fix it), as validate.TEXT_RULES, for data/form.json.
FORM_RULES = (
    (
        re.compile(FORM_PHONE),
        "private-phone",
        "Texten innehåller ett telefonnummer.",
        "Publicera inte telefonnummer; skriv organisationens namn eller personens roll i stället.",
    ),
    (
        re.compile("(?i)" + FORM_EMAIL),
        "private-email",
        "Texten innehåller en e-postadress.",
        "Publicera inte e-postadresser, inte heller skrivna med (at) eller snabel-a; skriv organisationens namn "
        "eller personens roll i stället.",
    ),
    (
        re.compile(FORM_IDENTITY_NUMBER),
        "personal-identity-number",
        "Texten innehåller något som ser ut som ett personnummer.",
        "Publicera aldrig personnummer; ta bort numret.",
    ),
)
