"""Synthetic but valid Metodbanken projects of any size, for benchmarks.

Bodies are sentences drawn from the real cards, so word lengths, inflections and vocabulary look like the
real corpus; invented place and organisation names make the vocabulary grow with the corpus as real text does.
Front matter uses the real taxonomy ids, so every card passes validation.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "tests"))

from metodbanken.content.load import load_cards  # noqa: E402
from metodbanken.taxonomy import load_taxonomy  # noqa: E402
from support import copy_site_skeleton  # noqa: E402

TYPE_SHARES = (
    ("method", "methods", 0.45),
    ("project", "projects", 0.35),
    ("lab", "labs", 0.05),
    ("lesson", "lessons", 0.15),
)
ACTIVITIES = (
    "Läxhjälp",
    "Språkcafé",
    "Föräldraträffar",
    "Nattvandring",
    "Sommarjobb",
    "Mötesplats",
    "Fritidsgård",
    "Idrottsskola",
    "Kvinnonätverk",
    "Jobbcoachning",
    "Företagsskola",
    "Odlingslotter",
    "Cykelskola",
    "Simskola",
    "Matlagningskurs",
    "Trygghetsvandring",
    "Kulturcafé",
    "Musikskola",
    "Läsfrämjande",
    "Boendedialog",
    "Hälsoguider",
    "Studiecirkel",
    "Praktikplatser",
    "Mentorprogram",
    "Familjecentral",
)
PREFIXES = (
    "Norr",
    "Söder",
    "Väster",
    "Öster",
    "Björk",
    "Sol",
    "Ek",
    "Lind",
    "Berg",
    "Sjö",
    "Dal",
    "Hag",
    "Ros",
    "Tall",
    "Gran",
    "Ängs",
    "Skogs",
    "Hav",
    "Strand",
    "Kvarn",
    "Lärk",
    "Alm",
    "Hassel",
    "Rönn",
)
SUFFIXES = (
    "backa",
    "gården",
    "vik",
    "berg",
    "dal",
    "hagen",
    "torp",
    "lund",
    "udden",
    "ängen",
    "holmen",
    "näs",
    "ås",
    "stad",
    "by",
    "kullen",
    "slätten",
    "höjden",
)
ORGANISATIONS = (
    "föreningen",
    "skolan",
    "fritidsgården",
    "huset",
    "nätverket",
    "laget",
    "kören",
    "kooperativet",
    "bostäder",
)


def sentence_pool() -> list[str]:
    cards, _ = load_cards(REPO)
    sentences = []
    for card in cards:
        for paragraph in card.body.split("\n\n"):
            if not paragraph[:1].isalpha():
                continue  # headings, lists, tables
            for sentence in re.split(r"(?<=[.!?])\s+", " ".join(paragraph.split())):
                if 4 <= len(sentence.split()) <= 40 and not re.search(r"[\[\]<>*_`|#]|http", sentence):
                    sentences.append(sentence)
    return sentences


class Corpus:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        self.sentences = sentence_pool()
        self.taxonomy = load_taxonomy()
        self.titles: set[str] = set()

    def ids(self, group: str, low: int = 1, high: int = 3) -> list[str]:
        return self.rng.sample(self.taxonomy.ids(group), self.rng.randint(low, high))

    def name(self) -> str:
        return self.rng.choice(PREFIXES) + self.rng.choice(SUFFIXES)

    def organisation(self) -> str:
        return self.name() + self.rng.choice(ORGANISATIONS)

    def sentences_of(self, low: int, high: int) -> list[str]:
        words, sentences = 0, []
        target = self.rng.randint(low, high)
        while words < target:
            sentence = self.rng.choice(self.sentences)
            sentences.append(sentence)
            words += len(sentence.split())
        return sentences

    def text(self, low: int, high: int) -> str:
        return " ".join(self.sentences_of(low, high))

    def text_without_lab(self, low: int, high: int) -> str:
        """Text that never says 'labb': next to a figure, it would make the figure the lab's."""
        while "labb" in (text := self.text(low, high)).casefold():
            pass
        return text

    def body(self) -> str:
        sentences = self.sentences_of(300, 370)
        sentences.insert(
            self.rng.randrange(len(sentences)),
            f"Arbetet i {self.name()} drevs tillsammans med {self.organisation()} och {self.organisation()}.",
        )
        cut = sorted(self.rng.sample(range(1, len(sentences)), 2))
        parts = (sentences[: cut[0]], sentences[cut[0] : cut[1]], sentences[cut[1] :])
        return "\n\n".join(" ".join(part) for part in parts)

    def unique(self, name: str) -> str:
        """Titles and aliases must differ from every other card's."""
        while name.casefold() in self.titles:
            name += f" {self.rng.randint(2, 99)}"
        self.titles.add(name.casefold())
        return name

    def title(self) -> str:
        return self.unique(f"{self.rng.choice(ACTIVITIES)} i {self.name()}")

    def summary(self) -> str:
        return self.text(20, 40)[:390].rsplit(" ", 1)[0] + "."

    def common(self) -> dict:
        return {
            "title": self.title(),
            "summary": self.summary(),
            "aliases": [self.unique(f"{self.name()}modellen")] if self.rng.random() < 0.3 else [],
            "focus_areas": self.ids("focus_areas", 1, 2),
            "target_groups": self.ids("target_groups", 1, 3),
            "actors": self.ids("actors", 1, 3),
            "sources": [
                {
                    "document": self.rng.choice(self.taxonomy.ids("documents")),
                    "section": f"Avsnitt {self.rng.randint(1, 40)}",
                }
            ],
        }

    def goals(self) -> list[dict]:
        return [
            {
                "goal": self.text(6, 12),
                "measure": self.text(4, 8),
                "result": self.text(6, 12),
                "outcome": self.rng.choice(self.taxonomy.ids("goal_outcomes")),
            }
            for _ in range(self.rng.randint(1, 3))
        ]

    def period(self) -> dict:
        start = self.rng.randint(2010, 2022)
        return {"start": str(start), "end": str(start + self.rng.randint(1, 3))}

    def card(self, card_type: str) -> dict:
        rng = self.rng
        if card_type == "lesson":
            data = {k: v for k, v in self.common().items() if k in ("title", "summary", "focus_areas", "sources")}
            return {**data, "group": rng.choice(self.taxonomy.ids("lesson_groups"))}
        data = self.common()
        if card_type == "method":
            data.update(
                documentation=rng.choice(self.taxonomy.ids("documentation_levels")),
                purpose=[self.text(8, 16) for _ in range(2)],
                steps=[self.text(8, 20) for _ in range(rng.randint(3, 5))],
                who_runs_it=self.text(15, 30),
                housing_company_role=self.text(15, 30),
                success_factors=[self.text(8, 16) for _ in range(rng.randint(2, 3))],
            )
            if data["documentation"] == "matt-resultat":  # that level promises results
                # ... with a figure that is not a year (documentation_scale.has_figures), in a sentence of its own that
                # speaks of no lab: a lab's figures do not show what one method gave (method_figures).
                data["results"] = [
                    f"{self.text_without_lab(8, 16)} Metoden nådde {rng.randint(2, 40)} av "
                    f"{rng.randint(41, 90)} deltagare."
                    for _ in range(rng.randint(1, 2))
                ]
        elif card_type == "project":
            data.update(
                municipalities=self.ids("municipalities", 1, 1),
                owner=self.organisation().capitalize(),
                period=self.period(),
                status=rng.choice(self.taxonomy.ids("project_statuses")),
                purpose=self.text(30, 60),
                goals=self.goals(),
                results=[self.text(8, 16) for _ in range(rng.randint(1, 3))],
                success_factors=[self.text(8, 16) for _ in range(rng.randint(1, 3))],
                partners=[self.organisation().capitalize() for _ in range(rng.randint(1, 3))],
            )
        elif card_type == "lab":
            data.update(
                place=f"{self.name()}, {self.name()}",
                municipality=rng.choice(self.taxonomy.ids("municipalities")),
                housing_company=f"{self.name()}bostäder",
                partners=[self.organisation().capitalize()],
                period=self.period(),
                challenge=self.text(30, 60),
                background=self.text(40, 80),
                need=self.text(20, 40),
                goals=self.goals(),
                diary=[{"date": f"2019-0{i + 1}-15", "title": self.text(4, 8)[:80]} for i in range(3)],
            )
        return {k: v for k, v in data.items() if v != []}


def write_cards(root: Path, count: int, seed: int = 1) -> None:
    corpus = Corpus(seed)
    n = 0
    for card_type, folder, share in TYPE_SHARES:
        (root / folder).mkdir(parents=True, exist_ok=True)
        for _ in range(max(1, round(count * share)) if card_type != "lesson" else count - n):
            n += 1
            data = {"type": card_type, **corpus.card(card_type)}
            front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
            (root / folder / f"kort-{n:05d}.md").write_text(f"---\n{front}---\n{corpus.body()}\n", encoding="utf-8")


def make_project(dest: Path, count: int, seed: int = 1) -> Path:
    """A buildable project at `dest`: the real config, docs and hooks with `count` synthetic cards."""
    empty = dest.with_name(dest.name + "-no-content")
    empty.mkdir(parents=True, exist_ok=True)
    copy_site_skeleton(dest, empty)
    write_cards(dest, count, seed)
    return dest
