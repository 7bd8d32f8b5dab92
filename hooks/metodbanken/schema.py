"""The card schema: every card type, its fields and their kinds, defined once.

Validation, rendering, exports, the scaffold and the JSON Schema all read these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .field_kinds import KINDS, FieldKind


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind  # written by its name below ("text"), held as the kind object (field_kinds.KINDS)
    label: str  # Swedish, shown on pages and in error messages
    help: str  # Swedish, one line: what to write
    required: bool = False
    taxonomy: str | None = None  # for taxonomy kinds: the group in taxonomy.yml
    ref_type: str | None = None  # for card refs: the card type referred to
    subfields: tuple[Field, ...] = ()  # for kind "objects"
    min_items: int = 0
    max_length: int | None = None
    example: object = None
    heading: str | None = None  # Swedish, the pages' own wording where it differs from label (a heading, a column)
    # For kind "variant_objects": the forms an entry can take, told apart by each form's first field. `subfields`
    # is then every form's fields once, none required, for what lists fields without caring which form (CSV).
    variants: tuple[Variant, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.kind, str):
            object.__setattr__(self, "kind", KINDS[self.kind])
        if self.variants and not self.subfields:
            union: dict[str, Field] = {}
            for variant in self.variants:
                for sub in variant.subfields:
                    union.setdefault(sub.name, replace(sub, required=False))
            object.__setattr__(self, "subfields", tuple(union.values()))

    def variant_of(self, entry: dict) -> list[Variant]:
        """The forms whose identifying field `entry` fills in, else those whose identifying field it names at all
        (a new card's empty `- document:`): one when the entry is well formed."""
        filled = [v for v in self.variants if entry.get(v.key) not in (None, "", [])]
        return filled or [v for v in self.variants if v.key in entry]


@dataclass(frozen=True)
class Variant:
    """One form an entry of a variant_objects field can take, e.g. a source that is the organisation's own account."""

    name: str  # for the open data and the form: registered, declared, own_account
    label: str  # Swedish, the form's name in messages and the guide
    help: str  # Swedish, one line: when to use this form
    subfields: tuple[Field, ...]

    @property
    def key(self) -> str:
        """The field that says an entry is of this form: the first one, always required."""
        return self.subfields[0].name


@dataclass(frozen=True)
class CardType:
    name: str  # the `type` value and the folder's meaning
    folder: str  # content folder in the repository
    url_prefix: str  # Swedish URL segment of the built pages
    label: str  # singular, Swedish
    label_plural: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


# A card's sources: a document in the shared registry (taxonomy.yml's documents, for documents many cards cite),
# a document declared on the card itself, or the organisation's own account of its work (sent through the forms).
REGISTERED_SOURCE = Variant(
    "registered",
    "Dokument i registret",
    "Ett dokument som står under documents i taxonomy.yml.",
    (
        Field(
            "document",
            "taxonomy",
            "Dokument",
            "Id för källdokumentet (se documents i taxonomy.yml).",
            required=True,
            taxonomy="documents",
        ),
        Field("section", "text", "Avsnitt", "Rubriken eller avsnittet i dokumentet.", required=True),
    ),
)
DECLARED_SOURCE = Variant(
    "declared",
    "Eget dokument",
    "Ett dokument som inte finns i registret: skriv titel, utgivare och år, och adressen om det finns på nätet.",
    (
        Field("title", "text", "Dokumentets titel", "Titeln som den står på dokumentet.", required=True),
        Field("publisher", "text", "Utgivare", "Vem som står bakom dokumentet.", required=True),
        Field(
            "published",
            "date_or_month",
            "Utgivet",
            "År (ÅÅÅÅ), månad eller datum då dokumentet kom ut.",
            required=True,
        ),
        Field("url", "https_url", "Adress", "Adressen där dokumentet finns, om det finns på nätet."),
        Field("section", "text", "Avsnitt", "Rubriken eller avsnittet i dokumentet, om det har flera."),
    ),
)
OWN_ACCOUNT_SOURCE = Variant(
    "own_account",
    "Egen redovisning",
    "Organisationens egen redovisning av sitt arbete, t.ex. skickad via formuläret, när inget dokument finns.",
    (
        Field(
            "reported_by",
            "text",
            "Egen redovisning av",
            "Organisationen som redovisar sitt eget arbete, aldrig en privatperson.",
            required=True,
        ),
        Field(
            "reported",
            "date_or_month",
            "Redovisad",
            "När redovisningen gjordes: ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD.",
            required=True,
        ),
    ),
)

SOURCE = Field(
    "sources",
    "variant_objects",
    "Källor",
    "Dokument och avsnitt som kortets fakta kommer från, eller organisationens egen redovisning.",
    required=True,
    min_items=1,
    variants=(REGISTERED_SOURCE, DECLARED_SOURCE, OWN_ACCOUNT_SOURCE),
    example=[{"document": "innovationslabb-slutrapport", "section": "Metoder, arbetssätt och verktyg"}],
)

COMMON = (
    Field(
        "title",
        "text",
        "Titel",
        "Kortets namn, som det står i källan.",
        required=True,
        max_length=120,
        example="Deep Talk",
    ),
    Field(
        "summary",
        "text",
        "Sammanfattning",
        "En eller två meningar om vad det är och vad det ger.",
        required=True,
        max_length=400,
    ),
    Field("aliases", "text_list", "Andra namn", "Andra namn som samma sak går under; sökningen hittar dem."),
    Field(
        "focus_areas",
        "taxonomy_list",
        "Fokusområden",
        "Ett eller flera fokusområden.",
        required=True,
        taxonomy="focus_areas",
        min_items=1,
    ),
    Field(
        "target_groups",
        "taxonomy_list",
        "Målgrupper",
        "En eller flera målgrupper.",
        required=True,
        taxonomy="target_groups",
        min_items=1,
    ),
    Field(
        "actors",
        "taxonomy_list",
        "Aktörer",
        "Vilka slags aktörer som driver eller deltar.",
        required=True,
        taxonomy="actors",
        min_items=1,
    ),
    Field(
        "challenges",
        "taxonomy_list",
        "Utmaningar",
        "Utmaningar i området som kortet svarar mot, bara där källan stödjer det.",
        taxonomy="challenges",
    ),
    SOURCE,
    Field(
        "lessons", "card_ref_list", "Lärdomar", "Id för lärdomar i lessons/ som kortet bygger på.", ref_type="lesson"
    ),
    Field("updated", "date", "Senast uppdaterat", "Datum då innehållet senast ändrades, ÅÅÅÅ-MM-DD."),
)

GOAL = Field(
    "goals",
    "objects",
    "Mätbara mål",
    "Varje mål med hur det mättes och vad som blev resultatet.",
    heading="Mål och utfall",
    subfields=(
        Field("goal", "text", "Mål", "Målet som det formulerades.", required=True),
        Field("measure", "text", "Hur det mättes", "Indikator eller mätmetod."),
        Field(
            "outcome", "taxonomy", "Utfall", "Uppnåddes målet enligt källan?", required=True, taxonomy="goal_outcomes"
        ),
        Field("result", "text", "Resultat", "Vad källan säger om resultatet, med siffror."),
    ),
)

METHOD = CardType(
    "method",
    "methods",
    "metoder",
    "Metod",
    "Metoder",
    COMMON
    + (
        Field(
            "documentation",
            "taxonomy",
            "Underlag",
            "Hur utförligt källan beskriver metoden.",
            required=True,
            taxonomy="documentation_levels",
        ),
        Field(
            "purpose",
            "text_list",
            "Syfte",
            "Vad metoden ska åstadkomma, en punkt per syfte.",
            required=True,
            min_items=1,
        ),
        Field(
            "steps",
            "text_list",
            "Så gör ni",
            "Konkreta steg i ordning, så långt källan räcker.",
            required=True,
            min_items=1,
        ),
        Field("steps_note", "text", "Om stegen", "Säg här om källan inte beskriver alla steg."),
        Field("who_runs_it", "markdown", "Vem driver", "Vem som leder och genomför arbetet.", required=True),
        Field(
            "housing_company_role",
            "markdown",
            "Bostadsbolagets roll",
            "Vad bostadsbolaget gör eller kan göra.",
            required=True,
        ),
        Field(
            "success_factors",
            "text_list",
            "Framgångsfaktorer",
            "Vad som får metoden att fungera.",
            required=True,
            min_items=1,
        ),
        Field(
            "tested_in", "card_ref_list", "Prövad i labb", "Id för labb i labs/ där metoden prövades.", ref_type="lab"
        ),
        Field("tested_when", "text", "När", "När metoden prövades, till exempel hösten 2018."),
        Field("results", "text_list", "Resultat", "Resultat som källan redovisar, med siffror."),
        # What it takes: fill in only what the source supports; a missing field shows as "källan säger inget om det".
        Field(
            "requires_premises",
            "taxonomy",
            "Lokal",
            "Behövs en lokal? Utelämna om källan inte säger det.",
            taxonomy="requirement_levels",
        ),
        Field(
            "requires_staff",
            "taxonomy",
            "Vem som bär arbetet",
            "Anställda, ideella eller båda, enligt källan.",
            taxonomy="staffing",
        ),
        Field(
            "requires_partners",
            "taxonomy",
            "Samverkanspartner",
            "Behövs partner utanför bostadsbolaget?",
            taxonomy="requirement_levels",
        ),
        Field(
            "requires_time",
            "text",
            "Tidsåtgång",
            "Hur länge eller hur ofta, som källan anger, t.ex. 'sex kvällar'.",
            max_length=120,
        ),
        Field(
            "related_methods", "card_ref_list", "Relaterade metoder", "Id för närliggande metoder.", ref_type="method"
        ),
    ),
)

LAB = CardType(
    "lab",
    "labs",
    "labb",
    "Labb",
    "Labb",
    COMMON
    + (
        Field("place", "text", "Plats", "Bostadsområde och ort.", required=True),
        Field(
            "municipality", "taxonomy", "Kommun", "Kommunen där labbet fanns.", required=True, taxonomy="municipalities"
        ),
        Field("housing_company", "text", "Bostadsbolag", "Bostadsbolaget i labbet.", required=True),
        Field("partners", "text_list", "Partner", "Organisationer som samverkade.", required=True, min_items=1),
        Field("period", "period", "Period", "Start och slut, till exempel start: 2018, end: 2019.", required=True),
        Field("background", "markdown", "Bakgrund", "Området och verksamheten innan labbet."),
        Field("need", "markdown", "Behov", "Vilket behov labbet utgick från."),
        Field("challenge", "markdown", "Utmaning", "Den utmaning labbet sökte lösningar på.", required=True),
        replace(GOAL, heading="Mätbara mål och resultat"),
        Field("continuation", "markdown", "Så fortsätter arbetet", "Vad som händer efter labbtiden."),
        Field("success_factors", "text_list", "Framgångsfaktorer", "Vad som fick labbet att fungera."),
        Field(
            "diary",
            "objects",
            "Dagbok",
            "Daterade dagboksinlägg om labbet.",
            subfields=(
                Field("date", "date", "Datum", "ÅÅÅÅ-MM-DD.", required=True),
                Field("title", "text", "Rubrik", "Inläggets rubrik.", required=True),
                Field("url", "url", "Länk", "Adress till originalinlägget, om den finns."),
            ),
        ),
    ),
)

PROJECT = CardType(
    "project",
    "projects",
    "projekt",
    "Projekt",
    "Projekt",
    COMMON
    + (
        Field(
            "municipalities",
            "taxonomy_list",
            "Kommun",
            "Kommun eller kommuner där projektet drevs.",
            required=True,
            taxonomy="municipalities",
            min_items=1,
        ),
        Field("owner", "text", "Projektägare", "Organisationen som ägde projektet.", required=True),
        Field("partners", "text_list", "Samverkanspartner", "Andra organisationer i projektet."),
        Field(
            "period",
            "period",
            "Period",
            "Start och slut, t.ex. start: '2015', end: '2017'; start: okänd om källan inte anger den.",
            required=True,
        ),
        Field(
            "status",
            "taxonomy",
            "Status",
            "Pågående, avslutat eller permanent verksamhet.",
            required=True,
            taxonomy="project_statuses",
        ),
        Field("became", "text", "Blev", "Vad projektet blev, om det blev bestående verksamhet."),
        Field("purpose", "markdown", "Syfte", "Vad projektet ville åstadkomma.", required=True),
        Field(
            "funding",
            "objects",
            "Finansiering",
            "Vem som finansierade och med hur mycket.",
            subfields=(
                Field("funder", "text", "Finansiär", "Vem som bidrog.", required=True),
                Field("amount_sek", "integer", "Belopp (kr)", "Belopp i kronor, bara siffror.", heading="Belopp"),
                Field("note", "text", "Kommentar", "Till exempel vad pengarna gick till."),
            ),
        ),
        GOAL,
        Field("participants", "text_list", "Deltagare", "Antal deltagare, gärna per kön, som källan anger."),
        Field("results", "text_list", "Resultat", "Resultat som källan redovisar, med siffror."),
        Field("success_factors", "text_list", "Framgångsfaktorer", "Vad som fick projektet att fungera."),
        Field("lessons_learned", "text_list", "Erfarenheter", "Vad projektet lärde sig, med egna ord."),
        Field(
            "methods",
            "objects",
            "Metoder",
            "Metoder som projektet använde eller liknar.",
            subfields=(
                Field("method", "card_ref", "Metod", "Id för metodkortet.", required=True, ref_type="method"),
                Field(
                    "relation",
                    "taxonomy",
                    "Samband",
                    "anvander eller liknande.",
                    required=True,
                    taxonomy="method_relations",
                ),
            ),
        ),
    ),
)

LESSON = CardType(
    "lesson",
    "lessons",
    "lardomar",
    "Lärdom",
    "Lärdomar",
    (
        Field("title", "text", "Titel", "Lärdomens rubrik.", required=True, max_length=120),
        Field("summary", "text", "Sammanfattning", "En eller två meningar.", required=True, max_length=400),
        Field(
            "group",
            "taxonomy",
            "Slag av lärdom",
            "Vilken del av rapporten lärdomen hör till.",
            required=True,
            heading="Del av rapporten",
            taxonomy="lesson_groups",
        ),
        Field("order", "integer", "Ordning", "Plats i sin grupp (1, 2, 3 …)."),
        Field("focus_areas", "taxonomy_list", "Fokusområden", "Fokusområden lärdomen gäller.", taxonomy="focus_areas"),
        Field(
            "challenges",
            "taxonomy_list",
            "Utmaningar",
            "Utmaningar i området som lärdomen gäller, bara där källan stödjer det.",
            taxonomy="challenges",
        ),
        SOURCE,
        Field("updated", "date", "Senast uppdaterat", "Datum då innehållet senast ändrades, ÅÅÅÅ-MM-DD."),
    ),
)

CARD_TYPES: dict[str, CardType] = {t.name: t for t in (METHOD, LAB, PROJECT, LESSON)}
CARD_TYPE_BY_FOLDER: dict[str, CardType] = {t.folder: t for t in CARD_TYPES.values()}
