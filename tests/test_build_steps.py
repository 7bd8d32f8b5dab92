"""The build benchmark's step profiler (bench/build_steps.py): every page of the build is put in the right kind, and
nested steps are counted once, so the per-step figures add up to the whole build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from metodbanken import paths
from metodbanken.schema import CARD_TYPES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from build_steps import PAGE_KINDS, StepTimer, page_kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (paths.page_path("method", "deep-talk"), "kortsidor"),
        (paths.page_path("lab", "ett-labb"), "kortsidor"),
        (paths.page_path("project", "ett-projekt"), "kortsidor"),
        (paths.page_path("lesson", "en-lardom"), "kortsidor"),
        (paths.listing_path("method"), "listor"),
        (paths.listing_path("lesson"), "listor"),
        (paths.listing_path("project"), "listor"),
        (paths.BADGE_SCALE_PATH, "listor"),
        (paths.project_filter_path("municipalities", "malmo"), "listor"),
        (paths.project_filter_path("project_statuses", "pagaende"), "listor"),
        (paths.project_filter_path("timeline"), "listor"),
        (paths.taxonomy_page_path("challenges"), "taxonomisidor"),
        (paths.taxonomy_page_path("focus_areas", "trygghet"), "taxonomisidor"),
        (paths.taxonomy_page_path("target_groups", "unga"), "taxonomisidor"),
        (paths.BOOKLET_PATH, "häftet"),
        (paths.COMPARE_PATH, "jämför"),
        (paths.MAP_PATH, "karta"),
        (paths.FINDER_PATH, "handskrivna sidor"),
        (paths.FRONT_PAGE_PATH, "handskrivna sidor"),
        (paths.OPEN_DATA_PATH, "handskrivna sidor"),
        (paths.CARDS_JSON_PATH, "datafiler"),
        (paths.card_json_path("deep-talk"), "datafiler"),
        (paths.FEED_PATH, "datafiler"),
        (paths.SEARCH_SCRIPTS, "datafiler"),
    ],
)
def test_every_generated_path_has_its_kind(path, kind):
    assert page_kind(path) == kind


def test_every_card_type_has_card_pages_and_a_listing_kind():
    for type_name in CARD_TYPES:
        assert page_kind(paths.page_path(type_name, "x")) == "kortsidor"
        assert page_kind(paths.listing_path(type_name)) == "listor"
    assert set(PAGE_KINDS) >= {page_kind(p) for p in (paths.BOOKLET_PATH, paths.MAP_PATH, paths.COMPARE_PATH)}


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def spend(self, seconds: float) -> None:
        self.now += seconds


def test_nested_steps_count_once_and_add_up_to_the_whole():
    clock = FakeClock()
    timer = StepTimer(clock)

    def markdown():
        clock.spend(3)

    def sanitise():
        clock.spend(1)

    def page():
        clock.spend(2)
        timer.run("Markdown", markdown)
        timer.run("sanering", sanitise)

    timer.run("tema", page, kind="kortsidor")
    timer.run("tema", page, kind="listor")
    assert dict(timer.steps) == {"tema": 4, "Markdown": 6, "sanering": 2}
    assert sum(timer.steps.values()) == clock.now
    assert dict(timer.kinds) == {"kortsidor": 6, "listor": 6}


def test_a_page_kind_goes_to_the_outermost_page_and_survives_an_error():
    clock = FakeClock()
    timer = StepTimer(clock)

    def data_inside_card():
        clock.spend(1)
        raise ValueError("fel")

    def card():
        clock.spend(2)
        timer.run("datafiler", data_inside_card, kind="datafiler")

    with pytest.raises(ValueError, match="fel"):
        timer.run("kort", card, kind="kortsidor")
    assert dict(timer.kinds) == {"kortsidor": 3}
    assert dict(timer.steps) == {"kort": 2, "datafiler": 1}
    timer.run("datafiler", lambda: clock.spend(4), kind="datafiler")  # the stacks were emptied by the error
    assert timer.kinds["datafiler"] == 4


def test_wrap_keeps_the_function_and_its_result():
    timer = StepTimer(FakeClock())

    def double(x):
        """Doubles."""
        return 2 * x

    wrapped = timer.wrap("steg", double, kind_of=lambda x: "kortsidor")
    assert wrapped(21) == 42
    assert wrapped.__doc__ == "Doubles."
    assert set(timer.kinds) == {"kortsidor"}
