"""The problems' Swedish texts in one catalogue: what is wrong and how to fix it, with the values each one names.

A key is the Problem's code ('too-large'), or the code, '/' and a name for another wording of the same kind of
problem ('wrong-type/card-type'), so that a code stays one stable kind whatever the sentence. A text names its
values as {name} (written out with str.format, as an f-string would); '{{' and '}}' are literal braces. Problem.of
(problems.py) makes a Problem from a key and its values, problem_text gives the code and texts alone.
"""

from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemText:
    message: str  # what is wrong
    hint: str = ""  # how to fix it

    def values(self) -> frozenset[str]:
        """The names of the values the texts need."""
        formatter = string.Formatter()
        return frozenset(
            name for text in (self.message, self.hint) for _, name, _, _ in formatter.parse(text) if name is not None
        )


_QUOTE_HINT = "Sätt hela texten inom dubbla citattecken"
_QUOTE_AS = _QUOTE_HINT + ": {suggestion}"
# {escape} is filled in here, with the escape in parentheses or nothing, before the catalogue names its values.
_BAD_ESCAPE = (
    "En escape-kod inom dubbla citattecken{escape} är inget tecken. Koderna \\ud800–\\udfff är halva UTF-16-par "
    "och inga tecken för sig."
)
_BAD_ESCAPE_HINT = (
    "Skriv tecknet självt i stället för koden. Ett tecken utanför grundplanet skrivs \\U och åtta hexadecimala "
    "siffror (t.ex. \\U0001F600); ett bakåtsnedstreck i texten skrivs \\\\."
)
# {source} is filled in here, dated or not, before the catalogue names the values.
_ONGOING_PAST_END = (
    "Status är '{{ongoing}}', men slutdatum {{end}} i 'period' har passerat; {source} är den nyaste som kortet "
    "hänvisar till."
)
_ONGOING_PAST_END_HINT = (
    "Står det i källan att projektet pågår, låt statusen stå: webbplatsen visar '{display}' och att slutdatumet har "
    "passerat. Finns en nyare källa som säger hur det gick, lägg till den under 'sources' och ändra 'status' och "
    "'period' efter den."
)
_MISSING_LINK_TARGET = "Länken '{link}' leder till en sida som inte finns."
_MISSING_LINK_TARGET_HINT = (
    "Länka till ett annat kort med sökvägen från kortets sida, t.ex. [Deep Talk](deep-talk.md) till en metod från en "
    "metod, eller ../labb/namn.md till ett labb."
)
_REFUSED_ENDING = "Filer som slutar på '{ending}' får inte ligga i {folder}: där hör {what} hemma, och {why}."
_ONLY_PAGES_AND_PICTURES = (
    "Ta bort {file}; under docs/ får bara ligga handskrivna sidor (.md) och bilder ({picture_words})."
)
_SAVE_PICTURE = (
    "Spara bilden som {picture_words} (exportera den från bildprogrammet), lägg den under {to} och ta bort {file}."
)
_HEADING_LEVEL = "Rubriker på nivå {level} ('{marks} ') används av sidmallen."
_SETEXT_HEADING = (
    "En rad med bara '=' eller '-' direkt under en textrad gör texten till en rubrik, och rubriker på nivå 1 och 2 "
    "används av sidmallen."
)
_FIELD_HEADING_HINT = (
    "Skriv fältet utan rubriker; underrubriker ('### ') hör hemma i kortets brödtext. Menar du en skiljelinje under "
    "en textrad, lämna en tom rad ovanför den."
)
_UNKNOWN_FIELD = "Fältet '{name}' finns inte för korttypen {type_label}."
_UNKNOWN_TERM = "Värdet '{value}' finns inte i taxonomin ({group})."
_UNKNOWN_RECORD_FIELD = "Fältet '{name}' finns inte här."
_MISSING_REFERENCE = "Kortet hänvisar till '{target}', men det finns inget sådant kort i {folder}/."
_ADMONITION_HINT = (
    'Tillåtna typer: {types}. Skriv till exempel !!! tip "Tips" (typen och sedan rubriken inom citattecken), eller '
    "ta bort raden; sidmallen bestämmer utseendet."
)

MESSAGES: dict[str, ProblemText] = {
    # The content folders and the card file (content/load.py).
    "symlink": ProblemText(
        "Filen är en symbolisk länk, inte ett kort.",
        "Lägg själva kortfilen i mappen i stället för en länk till en fil någon annanstans.",
    ),
    "not-a-file": ProblemText(
        "Det här är ingen vanlig fil.",
        "Ta bort den ur mappen; där hör bara kortfiler (.md) hemma.",
    ),
    "bad-id": ProblemText(
        "Filnamnet '{name}' duger inte som id.",
        "Använd bara små bokstäver a–z, siffror och bindestreck, t.ex. deep-talk.md (å och ä blir a, ö blir o), "
        "högst {max_length} tecken.",
    ),
    "not-markdown": ProblemText(
        "Filen är inte ett kort (bara .md-filer hör hemma här).",
        "Byt filändelse till .md eller flytta filen ur mappen.",
    ),
    "nested-card": ProblemText("Kort får inte ligga i undermappar.", "Flytta filen direkt till {folder}/."),
    "reserved-id": ProblemText(
        "Filnamnet '{name}' är reserverat för en genererad sida.",
        "Välj ett annat filnamn än {reserved}.",
    ),
    "too-large": ProblemText(
        "Filen är {size} byte; ett kort får vara högst {limit} byte.",
        "Korta texten; ett kort sammanfattar källan och länkar till den för detaljer.",
    ),
    "not-utf8": ProblemText(
        "Filen är inte sparad som UTF-8.",
        "Spara filen med teckenkodningen UTF-8 i din editor.",
    ),
    "control-character": ProblemText(
        "Raden innehåller ett osynligt styr- eller radbrytningstecken ({code_point}).",
        "Ta bort tecknet (det syns ofta inte i editorn; skriv om raden eller klistra in texten som ren text). "
        "Vanliga radbrytningar och mellanslag går bra.",
    ),
    "empty-file": ProblemText(
        "Filen är tom.",
        "Skapa kortet med `python3 -m hooks.metodbanken new <typ> 'Titel'` eller ta bort filen.",
    ),
    "no-front-matter": ProblemText(
        "Kortet börjar inte med en framsida (front matter) mellan två '---'-rader.",
        "Första raden ska vara exakt '---', följd av fälten och en avslutande '---'.",
    ),
    "unclosed-front-matter": ProblemText(
        "Framsidan (front matter) avslutas aldrig med '---'.",
        "Lägg till en rad med bara '---' efter sista fältet, före brödtexten.",
    ),
    "yaml-alias": ProblemText(
        "Framsidan använder YAML-ankare eller alias (& eller *), som inte är tillåtna i kort.",
        "Skriv ut varje värde där det ska stå; sätt text som börjar med & eller * inom citattecken.",
    ),
    "too-deep": ProblemText(
        "Värdet ligger i fler än {limit} nivåer av listor eller fält inuti varandra.",
        "Ett kort har högst några nivåer, t.ex. en lista av poster som under 'funding'. Ta bort de extra "
        "hakparenteserna [ ] eller klammerparenteserna {{ }}; sätt text som börjar med [ eller {{ inom citattecken.",
    ),
    "number-too-long": ProblemText(
        "Talet är längre än {limit} tecken och kan inte läsas som ett tal.",
        "Skriv talet som källan anger det, t.ex. 'amount_sek: 250000'. Är det text (ett nummer, en kod), sätt det "
        "inom citattecken.",
    ),
    "front-matter-not-mapping": ProblemText(
        "Framsidan är inte en lista av fält på formen 'namn: värde'.",
        "Skriv ett fält per rad, t.ex. 'title: Deep Talk'.",
    ),
    "duplicate-field": ProblemText(
        "Fältet '{name}' står två gånger.",
        "Ta bort den ena raden; annars gäller bara den sista.",
    ),
    "wrong-type/card-type": ProblemText(
        "Korttypen '{declared}' passar inte i mappen {folder}/ (där ligger typen '{type_name}').",
        "Skriv 'type: {type_name}' eller flytta kortet till rätt mapp: methods/ (method), labs/ (lab), "
        "projects/ (project), lessons/ (lesson).",
    ),
    # YAML in the front matter, by its real cause (content/yaml_diagnosis.py); {suggestion} is the line rewritten.
    "yaml-syntax": ProblemText(
        "Framsidan (front matter) är inte giltig YAML ({what}).",
        "Kontrollera indrag, kolon och citattecken på raden; text med ': ' eller ' #' ska stå inom citattecken.",
    ),
    "yaml-syntax/unclosed": ProblemText("Texten börjar med {start} och stängs aldrig med '{closer}'.", _QUOTE_AS),
    "yaml-special-start": ProblemText("Texten börjar med {start}.", _QUOTE_AS),
    "yaml-escape": ProblemText(_BAD_ESCAPE.format(escape=" ({escape})"), _BAD_ESCAPE_HINT),
    "yaml-escape/unseen": ProblemText(_BAD_ESCAPE.format(escape=""), _BAD_ESCAPE_HINT),
    "yaml-tab": ProblemText(
        "Raden är indragen med ett tabbtecken, som YAML inte tillåter.",
        "Använd mellanslag, inte tabb, för att dra in rader i YAML (två mellanslag per nivå).",
    ),
    "yaml-colon-space": ProblemText(
        "Efter kolonet i '{name}:' ska det stå ett mellanslag före värdet.",
        "Skriv ett mellanslag efter kolonet: {indent}{name}: {value}",
    ),
    "yaml-quote": ProblemText(
        "Citattecknet {quote} som börjar texten på raden stängs aldrig med ett likadant citattecken.",
        'Avsluta texten med samma slags citattecken som den börjar med, på samma rad: "…" '
        "eller '…'. Ett \" inne i texten skrivs \\\" inom \"…\"; ett ' skrivs '' inom '…'.",
    ),
    "yaml-quote/text-after": ProblemText(
        "Texten börjar med ett citattecken, så YAML tror att texten slutar vid nästa citattecken – men den fortsätter "
        "efter det.",
        _QUOTE_HINT + ' och skriv citattecknen inne i texten som \\": {suggestion}',
    ),
    "yaml-colon-in-text": ProblemText(
        "Texten innehåller ': ' men står inte inom citattecken, så YAML läser det som ett nytt fält mitt i texten.",
        _QUOTE_AS,
    ),
    "yaml-indent": ProblemText(
        "Raden '{name}:' är indragen annorlunda än raderna i samma post ovanför.",
        "Dra in alla fält i en post lika långt (under texten efter '- '), med mellanslag.",
    ),
    "yaml-list-item": ProblemText(
        "Raden står i en lista men börjar inte med '- '.",
        "Är det en ny punkt, skriv '- ' först på raden. Fortsätter den punkten ovanför, dra in den så att den börjar "
        "under punktens text.",
    ),
    "yaml-unindented-line": ProblemText(
        "Raden fortsätter texten på raden ovanför men är inte indragen, så YAML läser den som ett nytt fält utan "
        "kolon.",
        "Dra in fortsättningsraden med två mellanslag, eller skriv hela texten på en rad.",
    ),
    "yaml-unindented-line/colon": ProblemText(
        "Raden '{text}' fortsätter texten ovanför men är inte indragen och innehåller ': ', så YAML läser den som "
        "ett nytt fält.",
        "Skriv hela texten på en rad inom dubbla citattecken, eller dra in fortsättningsraden med två mellanslag och "
        "sätt texten inom citattecken.",
    ),
    "yaml-comment-in-text": ProblemText(
        "Texten innehåller ' #': YAML läser allt från '#' som en kommentar, så resten av texten försvinner.",
        _QUOTE_AS,
    ),
    # The files beside the cards, published as they are (content/site_files.py).
    "symlink/site-file": ProblemText(
        "Det här är en symbolisk länk; bygget skulle publicera filen den pekar på.",
        "Lägg själva filen här i stället för en länk till den.",
    ),
    "not-a-file/site-file": ProblemText("Det här är ingen vanlig fil.", "Ta bort {file}."),
    "file-type-refused/upper-case": ProblemText(
        "Filändelsen '{ending}' ska skrivas med små bokstäver, {lower}, som webbplatsens länkar skriver den.",
        "Döp om filen så att den slutar på {lower}.",
    ),
    "file-type-refused": ProblemText(_REFUSED_ENDING, _ONLY_PAGES_AND_PICTURES),
    "file-type-refused/no-ending": ProblemText(
        "Filer utan filändelse får inte ligga i {folder}: där hör {what} hemma, och {why}.", _ONLY_PAGES_AND_PICTURES
    ),
    "file-type-refused/picture": ProblemText(_REFUSED_ENDING, _SAVE_PICTURE),
    "file-type-refused/page": ProblemText(
        _REFUSED_ENDING, "Ta bort {file}; en handskriven sida skrivs i Markdown (.md) direkt under docs/."
    ),
    "not-a-picture": ProblemText(
        "Filen heter {ending} men är ingen {expected}-bild (den börjar inte som en sådan fil gör).", _SAVE_PICTURE
    ),
    "picture-ending-mismatch": ProblemText(
        "Filen är en {found}-bild men slutar på {ending}; webbplatsen skulle servera den som något annat.",
        "Döp om filen så att den slutar på {right}.",
    ),
    # One card's fields and text (content/validate.py).
    "unknown-field": ProblemText(_UNKNOWN_FIELD, "Menade du '{guess}'?"),
    "unknown-field/no-guess": ProblemText(_UNKNOWN_FIELD, "Tillåtna fält: {known}."),
    "missing-field": ProblemText(
        "Det obligatoriska fältet '{name}' ({label}) saknas eller är tomt.",
        "Lägg till '{name}:' med {words}. {help}",
    ),
    "mixed-script": ProblemText(
        "Namnet blandar latinska bokstäver med bokstäver ur en annan skrift ({scripts}), som kan se ut som latinska "
        "men är andra tecken.",
        "Skriv namnet med vanliga bokstäver från tangentbordet. Har metoden ett namn på ett språk med en annan "
        "skrift, skriv det som ett eget alias under aliases.",
    ),
    "self-reference": ProblemText(
        "Kortet hänvisar till sig självt ('{target}') i fältet '{name}'.",
        "Ta bort '{target}' ur listan; fältet ska peka på andra kort.",
    ),
    "raw-html": ProblemText(
        "Texten innehåller HTML-kod, som inte är tillåten i kort.",
        "Skriv vanlig text eller Markdown; ta bort taggar som <script> eller <div>.",
    ),
    "unsafe-link": ProblemText(
        "Texten innehåller en länk av typen javascript:, vbscript: eller data:.",
        "Länka bara till adresser som börjar med https://.",
    ),
    "attribute-syntax": ProblemText(
        "Texten innehåller attributsyntax med klammerparenteser ({{: … }} eller {{ … }}), som inte är tillåten i kort.",
        "Ta bort klammerparenteserna och det som står i dem; sidmallen bestämmer utseendet.",
    ),
    "toc-marker": ProblemText(
        "Texten innehåller [TOC], som skulle ersättas av en innehållsförteckning.",
        "Ta bort [TOC]; sidmallen bestämmer sidans innehållsförteckning.",
    ),
    "field-heading": ProblemText(_HEADING_LEVEL, _FIELD_HEADING_HINT),
    "field-heading/setext": ProblemText(_SETEXT_HEADING, _FIELD_HEADING_HINT),
    "body-heading": ProblemText(_HEADING_LEVEL, "Använd '### ' för underrubriker i brödtexten."),
    "body-heading/setext": ProblemText(
        _SETEXT_HEADING,
        "Använd '### ' för underrubriker i brödtexten; menar du en skiljelinje, lämna en tom rad ovanför '---'.",
    ),
    "control-character/in-text": ProblemText(
        "Texten innehåller ett osynligt styr- eller radbrytningstecken ({code_point}).",
        "Ta bort tecknet; skriv texten med vanliga tecken.",
    ),
    "lone-surrogate": ProblemText(
        "Texten innehåller escape-koden {escape}, som är en halv UTF-16-kod och inget tecken.",
        "Skriv tecknet självt i stället för koden, eller använd hela koden: ett tecken utanför grundplanet skrivs "
        "\\U och åtta hexadecimala siffror, t.ex. \\U0001F600.",
    ),
    "too-many-links": ProblemText(
        "Texten innehåller fler än {limit} länkar eller bilder.",
        "Ett kort länkar till några få källor och kort; ta bort de flesta länkarna.",
    ),
    "admonition-type": ProblemText(
        "Rutan '!!! {shown}' har typen '{shown}', som inte är tillåten i kort.", _ADMONITION_HINT
    ),
    "admonition-type/words": ProblemText(
        "Rutan '!!! {shown}' har {count} ord som typ; en ruta har en enda typ.", _ADMONITION_HINT
    ),
    "long-paragraph": ProblemText(
        "Ett stycke är {length} tecken och {line_count} rader långt; högst {max_characters} tecken och {max_lines} "
        "rader ryms mellan två tomma rader.",
        "Dela texten i kortare stycken med en tom rad emellan (ett kort sammanfattar källan).",
    ),
    "link-file-type": ProblemText(
        "Länken går till en fil av en typ som webbplatsen inte publicerar ({file}).",
        "Länka till ett kort, en sida eller en bild i PNG, JPEG eller WebP under docs/bilder/ "
        "(filändelser: {endings}).",
    ),
    "unsafe-link/scheme": ProblemText(
        "Länken går till en adress av typen {scheme}:, som inte är tillåten.",
        "Länka bara till adresser som börjar med https://, eller till ett annat kort.",
    ),
    "external-image": ProblemText(
        "Bilden hämtas från en annan webbplats ({url}).",
        "Metodbanken hämtar inget från andra webbplatser. Lägg bildfilen i repositoriet under docs/bilder/ (om "
        "källans licens tillåter det) och skriv ![beskrivning](../bilder/fil.png), eller länka till sidan med "
        "[text](https://…) i stället för att visa bilden.",
    ),
    "placeholder-left": ProblemText(
        "Brödtexten innehåller fortfarande mallens rad '{placeholder}: …'.",
        "Skriv egen text i stället för raden, eller ta bort raden.",
    ),
    # A field's value by its kind (field_kinds.py); {help} is the field's own help text or the kind's advice.
    "wrong-type": ProblemText("Fel typ: fältet ska vara {expected}, men är {found}.", "{help}"),
    "wrong-type/not-a-list": ProblemText("Fel typ: fältet ska vara {expected}.", "{help}"),
    "wrong-type/list-item": ProblemText(
        "Varje punkt ska vara en text som inte är tom.",
        "Sätt texten inom citattecken om den börjar med ett specialtecken.",
    ),
    "wrong-type/integer": ProblemText("'{value}' är inget heltal.", "Skriv bara siffror, t.ex. 1300000."),
    "wrong-type/record": ProblemText("Posten ska ha fält på formen 'namn: värde'.", "{fields}"),
    "empty-value": ProblemText("Fältet är tomt.", "{help}"),
    "too-long": ProblemText(
        "Texten är {length} tecken; högst {max_length} ryms.",
        "Korta texten; detaljer hör hemma i brödtexten.",
    ),
    "multi-paragraph": ProblemText(
        "Fältet ska vara en rad, men innehåller flera stycken.",
        "Skriv en sammanhängande text utan tomma rader.",
    ),
    "too-few": ProblemText("Minst {min_items} värde(n) krävs.", "{help}"),
    "duplicate-value": ProblemText("'{value}' står flera gånger.", "Ta bort dubbletten."),
    "unknown-taxonomy-value": ProblemText(_UNKNOWN_TERM, "Menade du '{guess}'? {allowed}"),
    "unknown-taxonomy-value/no-guess": ProblemText(_UNKNOWN_TERM, "{allowed}"),
    "bad-reference": ProblemText(
        "'{value}' är inte ett kort-id.", "Ett id är kortets filnamn utan .md, t.ex. deep-talk."
    ),
    "unknown-field/record": ProblemText(_UNKNOWN_RECORD_FIELD, "Menade du '{guess}'?"),
    "unknown-field/record-no-guess": ProblemText(_UNKNOWN_RECORD_FIELD, "{fields}"),
    "missing-field/record": ProblemText("'{name}' ({label}) saknas.", "{help}"),
    "unknown-field/period": ProblemText(
        "'{name}' hör inte hemma i en period.", "En period har bara 'start' och 'end'."
    ),
    "missing-field/period-start": ProblemText("Perioden saknar start.", "Skriv t.ex. start: '2018'."),
    "bad-date/period": ProblemText(
        "'{value}' är inte ett år, en månad eller ett datum.",
        "Skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, t.ex. '2018' eller '2018-09' (start får vara '{unknown_start}' om "
        "källan inte anger den).",
    ),
    "bad-date/calendar": ProblemText("'{value}' är inget riktigt datum: {why}.", "Kontrollera datumet mot källan."),
    "bad-period": ProblemText("Perioden slutar ({end}) innan den börjar ({start}).", "Kontrollera årtalen."),
    "bad-date": ProblemText("'{value}' är inget giltigt datum.", "Skriv datumet som 'ÅÅÅÅ-MM-DD'."),
    "future-date": ProblemText(
        "Datumet {date} har inte kommit ännu (i dag är det {today}).",
        "Skriv datumet då det hände, senast i dag. {help}",
    ),
    "bad-url": ProblemText("'{value}' är ingen webbadress.", "Adressen ska börja med https://."),
    "bad-url/https": ProblemText(
        "'{value}' är ingen webbadress som börjar med https://.",
        "Kopiera adressen från webbläsarens adressfält; den ska börja med https:// och sakna mellanslag.",
    ),
    "bad-amount": ProblemText(
        "Beloppet {value} kr är inte rimligt.",
        "Skriv beloppet i kronor som källan anger det, mellan 0 och {max_amount}.",
    ),
    "bad-order": ProblemText(
        "Ordningen {value} ligger utanför 1–{max_order}.", "Numrera lärdomarna i gruppen 1, 2, 3 …"
    ),
    "unknown-variant": ProblemText(
        "Det går inte att se vad för slags post det är: den har inget av fälten {keys}.",
        "Skriv posten som {forms}.",
    ),
    "mixed-variants": ProblemText(
        "Posten blandar {mixed}.", "Skriv en post för varje källa, eller ta bort det fält som inte hör dit."
    ),
    # A method's documentation level against its fields (content/documentation_scale.py).
    "measured-without-results": ProblemText(
        "Underlaget är 'matt-resultat', men kortet redovisar inga resultat.",
        "Lägg till resultaten med källans siffror under 'results', eller välj {lower_levels}.",
    ),
    "measured-without-figures": ProblemText(
        "Underlaget är 'matt-resultat', men inget av resultaten under 'results' har en siffra.",
        "Skriv källans siffror i resultaten (till exempel '12 av 15 deltagare fick arbete'), eller välj "
        "{lower_levels} om källan inte mäter vad metoden gav.",
    ),
    "measured-without-figures/self-reported": ProblemText(
        "Underlaget är 'matt-resultat' och kortet bygger på organisationens egen redovisning, men inget av "
        "resultaten under 'results' har en siffra.",
        "En egen redovisning når 'matt-resultat' bara med organisationens egna siffror i resultaten (till exempel "
        "'12 av 15 deltagare fick arbete'); välj annars {lower_levels}.",
    ),
    "measured-with-lab-figures-only": ProblemText(
        "Underlaget är 'matt-resultat', men resultatens siffror gäller labbet där metoden prövades, och ett labb "
        "prövar flera metoder på en gång.",
        "Skriv källans siffror för vad metoden själv gav, i en mening som inte handlar om labbet, eller välj "
        "{lower_levels} om källan bara mäter labbet som helhet.",
    ),
    "step-by-step-with-steps-note": ProblemText(
        "Underlaget är 'steg-for-steg', men kortet har en anteckning under 'steps_note' om att källan inte beskriver "
        "alla steg.",
        "Välj 'kort-beskriven', eller ta bort anteckningen om källan verkligen beskriver varje steg.",
    ),
    # A warning, not an error (content/project_status.py).
    "ongoing-past-end": ProblemText(_ONGOING_PAST_END.format(source="källan från {as_of}"), _ONGOING_PAST_END_HINT),
    "ongoing-past-end/undated": ProblemText(
        _ONGOING_PAST_END.format(source="källan, som inte är daterad,"), _ONGOING_PAST_END_HINT
    ),
    # Contact data in card text, as a reader sees it (content/contact_data.py).
    "private-phone": ProblemText(
        "Texten innehåller ett telefonnummer ({phone}).",
        "Publicera inte telefonnummer, inte heller med andra tecken mellan siffrorna; skriv organisationens namn "
        "eller personens roll i stället.",
    ),
    "private-email": ProblemText(
        "Texten innehåller en e-postadress ({email}).",
        "Publicera inte e-postadresser, inte heller skrivna med (at), snabel-a eller mellanslag; skriv "
        "organisationens namn eller personens roll i stället.",
    ),
    "personal-identity-number": ProblemText(
        "Texten innehåller ett personnummer eller samordningsnummer ({shown}).",
        "Publicera aldrig personnummer; ta bort numret. Gäller det en enskild firma, skriv firmans namn.",
    ),
    # All cards at once, and the taxonomy (content/validate.py).
    "duplicate-id": ProblemText(
        "Id:t '{card_id}' används redan av {other}.",
        "Ge filen ett annat namn; varje kort behöver ett eget id.",
    ),
    "duplicate-title": ProblemText(
        "Namnet '{name}' används redan av {other}.",
        "Är det samma sak? Slå ihop korten och lägg det andra namnet under aliases.",
    ),
    "missing-reference": ProblemText(
        _MISSING_REFERENCE, "Menade du '{guess}'? Id:t ska vara namnet på en fil i {folder}/ utan .md."
    ),
    "missing-reference/no-guess": ProblemText(
        _MISSING_REFERENCE, "Id:t ska vara namnet på en fil i {folder}/ utan .md."
    ),
    "missing-reference/more": ProblemText(
        "Ytterligare {count} hänvisningar går till kort som inte finns.",
        "Rätta hänvisningarna ovan först och kör kontrollen igen.",
    ),
    "future-date/document": ProblemText(
        "Dokumentet '{document}' anges som publicerat {published}, som inte har kommit ännu (i dag är det {today}).",
        "Skriv året eller datumet då dokumentet publicerades eller senast ändrades, som det står i dokumentet.",
    ),
    # Links in card text that reach no page, checked once the site is built (content/text_links.py).
    "missing-link-target": ProblemText(_MISSING_LINK_TARGET, "Menade du {guess}? " + _MISSING_LINK_TARGET_HINT),
    "missing-link-target/no-guess": ProblemText(_MISSING_LINK_TARGET, _MISSING_LINK_TARGET_HINT),
    # The whole build (pipeline.py, problems.py).
    "no-cards": ProblemText(
        "Det finns inga kort i methods/, labs/, projects/ eller lessons/; webbplatsen behöver minst ett.",
        'Skapa ett kort med `python3 -m hooks.metodbanken new method "Titel"`, eller kontrollera att du kör '
        "kommandot i repositoriets rot (eller anger rätt mapp med --root).",
    ),
    "internal-error": ProblemText(
        "Ett internt fel uppstod när kortet lästes eller sidorna byggdes ({detail}).",
        "Felet ligger i Metodbankens kod, men något ovanligt i kortet kan ha utlöst det: se efter om ett värde är "
        "mycket långt, djupt inbäddat eller av fel sort, och rapportera felet med kortet bifogat.",
    ),
}


def problem_code(key: str) -> str:
    """The Problem's code of a catalogue key: 'wrong-type/card-type' → 'wrong-type'."""
    return key.split("/", 1)[0]


def problem_text(key: str, **values: object) -> tuple[str, str, str]:
    """(code, message, hint) of the catalogue's entry `key`, written out with exactly the values it names.

    A value missing or too many is the caller's mistake, caught here rather than as a sentence with a gap."""
    text = MESSAGES[key]
    if set(values) != text.values():
        raise TypeError(f"{key}: values {sorted(values)}, the texts name {sorted(text.values())}")
    return problem_code(key), text.message.format(**values), text.hint.format(**values)
