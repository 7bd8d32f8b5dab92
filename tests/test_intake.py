"""`import` (`ta-emot`): the editors take in a card sent by mail or as a file (content/intake.py, cli.py).

Each way a mail program changes the text is undone: quoted-printable and base64, format=flowed, `> ` quoting,
wrapped lines, a signature, an HTML-only mail. The card lands in its type's folder under a name from its title,
never over an existing card, and is validated at once."""

import base64
import os
import quopri
import subprocess
import sys
from email.message import EmailMessage

import pytest

from metodbanken.content.intake import IntakeError, card_text_from_mail, mail_body, prepare, unflow
from support import REPO, run_command

CARD = """---
type: project
title: Språkcafé på Hertsön
summary: Ett språkcafé där grannar övar svenska tillsammans varje vecka i föreningslokalen på gården.
focus_areas: [starkt-samhallsservice]
target_groups: [alla-boende]
actors: [bostadsbolag]
municipalities: [lulea]
owner: Testbostäder AB
period: {start: '2022', end: '2023'}
status: avslutat
purpose: Att grannar ska lära känna varandra och öva svenska.
methods:
  - {method: samtalskvall, relation: anvander}
sources:
  - reported_by: Testbostäder AB
    reported: 2025-03
---
Vi träffades varje tisdag.
"""
SAVED_AS = "projects/sprakcafe-pa-hertson.md"
INTRO = "Hej redaktionen!\n\nHär kommer ett kort från formuläret.\n\n"
SIGNATURE = "\n-- \nAnna Andersson\nTestbostäder AB\n"


def run_cli(*args, stdin: str = ""):
    return run_command(*args, stdin=stdin)


def run_process(*args, stdin: str = ""):
    """The command as a new process, its standard input a pipe."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "hooks.metodbanken", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
    )


def eml(body: str, *, encoding: str = "quoted-printable", subtype: str = "plain", flowed: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = "anna@example.org"
    message["To"] = "redaktionen@example.org"
    message["Subject"] = "Nytt kort: Språkcafé på Hertsön"
    message.set_content(body, subtype=subtype, cte=encoding)
    if flowed:
        message.set_param("format", "flowed")
    return message.as_bytes()


def test_a_downloaded_card_file_is_taken_in_as_it_is(content, tmp_path):
    sent = tmp_path / "sprakcafe.md"
    sent.write_text(CARD, encoding="utf-8")
    result = run_cli("import", str(sent), "--root", str(content))
    assert result.returncode == 0, result.stderr
    assert f"Sparade kortet som {SAVED_AS}." in result.stdout and "Kortet är giltigt." in result.stdout
    assert (content / SAVED_AS).read_text(encoding="utf-8") == CARD


def test_a_saved_mail_in_quoted_printable_with_intro_and_signature(content, tmp_path):
    raw = eml(INTRO + CARD + SIGNATURE)
    assert b"=C3=A5" in raw  # å, encoded as the mail program sends it
    (tmp_path / "kort.eml").write_bytes(raw)
    result = run_cli("ta-emot", str(tmp_path / "kort.eml"), "--root", str(content))
    assert result.returncode == 0, result.stderr
    assert (content / SAVED_AS).read_text(encoding="utf-8") == CARD


def test_a_saved_mail_in_base64_and_an_html_only_mail():
    assert card_text_from_mail(mail_body(eml(INTRO + CARD, encoding="base64"))) == CARD
    html_body = "<html><body><p>Hej!</p><pre>" + CARD.replace("&", "&amp;") + "</pre></body></html>"
    assert card_text_from_mail(mail_body(eml(html_body, subtype="html"))) == CARD


def test_format_flowed_lines_are_joined_again():
    long_summary = next(line for line in CARD.splitlines() if line.startswith("summary:"))
    at = long_summary.index(" svenska") + 1
    flowed_summary = long_summary[:at] + "\n" + long_summary[at:]  # soft break: the line ends in its space
    assert unflow(flowed_summary) == long_summary
    # The sender stuffs a space before every line that starts with one (RFC 3676), as the YAML indents do.
    stuffed = "\n".join(" " + line if line.startswith(" ") else line for line in CARD.split("\n"))
    body = INTRO + stuffed.replace(long_summary, flowed_summary)
    assert card_text_from_mail(mail_body(eml(body, encoding="8bit", flowed=True))) == CARD


def test_pasted_text_quoted_by_a_reply_or_forward():
    quoted = "Anna skrev:\n" + "".join(f"> {line}\n" if line else ">\n" for line in CARD.splitlines())
    assert card_text_from_mail(quoted + "\nTack, vi tittar på det!\n") == CARD
    twice = "".join(f"> > {line}\n" for line in CARD.splitlines())
    assert card_text_from_mail("> Svar:\n" + twice) == CARD


def test_pasted_quoted_printable_is_decoded():
    pasted = quopri.encodestring(CARD.encode("utf-8")).decode("ascii")
    assert "=C3=A5" in pasted
    assert card_text_from_mail(pasted) == CARD


def test_front_matter_lines_wrapped_by_a_mail_program_are_joined_again():
    wrapped = CARD.replace(
        "summary: Ett språkcafé där grannar övar svenska tillsammans varje vecka i",
        "summary: Ett språkcafé där grannar övar svenska\ntillsammans varje vecka i",
    )
    assert card_text_from_mail(wrapped) == CARD
    # A card that reads as it is keeps every line as sent.
    assert card_text_from_mail(CARD) == CARD


def test_a_text_file_saved_in_windows_1252_keeps_its_letters(content, tmp_path):
    sent = tmp_path / "kort.txt"
    sent.write_bytes((INTRO + CARD).encode("cp1252"))
    result = run_cli("import", str(sent), "--root", str(content))
    assert result.returncode == 0, result.stderr
    assert (content / SAVED_AS).read_text(encoding="utf-8") == CARD


def test_a_mail_source_pasted_on_standard_input_is_read_as_a_mail(content):
    raw = eml(INTRO + CARD + SIGNATURE).decode("ascii")
    result = run_cli("import", "-", "--root", str(content), stdin=raw)
    assert result.returncode == 0, result.stderr
    assert (content / SAVED_AS).read_text(encoding="utf-8") == CARD


def test_pasted_on_standard_input(content):
    result = run_process("import", "--root", str(content), stdin=INTRO + CARD + SIGNATURE)
    assert result.returncode == 0, result.stderr
    assert (content / SAVED_AS).read_text(encoding="utf-8") == CARD


def test_an_existing_card_is_never_overwritten(content, tmp_path):
    sent = tmp_path / "kort.md"
    sent.write_text(CARD.replace("title: Språkcafé på Hertsön", "title: Testprojektet"), encoding="utf-8")
    before = (content / "projects" / "testprojektet.md").read_text(encoding="utf-8")
    result = run_cli("import", str(sent), "--root", str(content))
    assert result.returncode == 1
    assert "projects/testprojektet.md finns redan; inget har skrivits över" in result.stderr
    assert "--id" in result.stderr
    assert (content / "projects" / "testprojektet.md").read_text(encoding="utf-8") == before
    # Another id takes it in beside the existing card.
    again = run_cli("import", str(sent), "--root", str(content), "--id", "testprojektet-2")
    assert again.returncode == 0, again.stderr
    assert (content / "projects" / "testprojektet-2.md").is_file()


def test_an_id_taken_in_another_folder_is_refused_too(content):
    text = CARD.replace("title: Språkcafé på Hertsön", "title: Läxhjälp")
    with pytest.raises(IntakeError, match=r"methods/laxhjalp\.md finns redan"):
        prepare(card_text_from_mail(text), content)


def test_a_card_with_problems_is_saved_and_its_problems_printed_in_swedish(content, tmp_path):
    sent = tmp_path / "kort.md"
    sent.write_text(CARD.replace("municipalities: [lulea]", "municipalities: [lulea, hertson]"), encoding="utf-8")
    result = run_cli("import", str(sent), "--root", str(content))
    assert result.returncode == 1
    assert f"Sparade kortet som {SAVED_AS}." in result.stdout
    assert "Kortet har 1 fel att rätta innan det kan publiceras" in result.stderr
    assert f"{SAVED_AS}:8" in result.stderr and "'hertson' finns inte i taxonomin" in result.stderr
    assert "Andra kort" not in result.stderr  # the other cards are valid


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hej! Jag glömde kortet.", "Hittade inget kort i texten"),
        ("---\ntype: project\ntitle: X\n", "framsida tar aldrig slut"),
        ("---\ntype: projekt\ntitle: X\n---\n", "ska vara en av: method, lab, project, lesson"),
        ("---\ntype: project\n---\n", "saknar 'title'"),
        ("---\ntype: project\ntitle: 'X\n---\n", "Kortets fält går inte att läsa"),
    ],
)
def test_what_cannot_be_taken_in_is_said_and_nothing_is_written(content, text, words):
    with pytest.raises(IntakeError, match=words):
        prepare(card_text_from_mail(text), content)


def test_the_cli_says_when_there_is_no_card_and_writes_nothing(content, tmp_path):
    sent = tmp_path / "mejl.txt"
    sent.write_text("Hej! Kortet kommer sen.\n", encoding="utf-8")
    before = sorted(p.name for p in content.rglob("*.md"))
    result = run_cli("import", str(sent), "--root", str(content))
    assert result.returncode == 1 and result.stderr.startswith("Fel: Hittade inget kort")
    assert sorted(p.name for p in content.rglob("*.md")) == before


def test_a_mail_with_only_an_attachment_says_to_save_the_attachment():
    message = EmailMessage()
    message["From"] = "anna@example.org"
    message["Subject"] = "Kort"
    message.add_attachment(
        base64.b64decode(base64.b64encode(CARD.encode())),
        maintype="application",
        subtype="octet-stream",
        filename="kort.md",
    )
    with pytest.raises(IntakeError, match="Spara bilagan"):
        mail_body(message.as_bytes())


def test_help_names_the_import_command():
    result = run_cli("--help")
    assert "import" in result.stdout and "ta-emot" in result.stdout
