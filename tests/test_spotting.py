"""Spotting on the real gazetteer: boundaries, clitics, longest match, spans into the original."""
import pytest

from geomap.text.normalize import normalize
from geomap.places.spotting import Spotter


@pytest.fixture(scope="module")
def spot(gaz):
    spotter = Spotter(gaz)

    def run(text):
        return [(text[m.start:m.end], m.prefix) for m in spotter.spot(normalize(text))]
    return run


@pytest.mark.parametrize("text", ["قال الحلبوسي اليوم", "مجزرة حلبجة", "الحكومة اللبنانية",
                                  "المشروع الحلبي"])
def test_no_name_inside_a_longer_word(spot, text):
    surfaces = [s for s, _ in spot(text)]
    assert "حلب" not in surfaces and "لبنان" not in surfaces


@pytest.mark.parametrize("text, surface, prefix", [
    ("وصلوا والفوعة", "الفوعة", "و"),
    ("دخلوا بحلب", "حلب", "ب"),
    ("نقل للفوعة", "لفوعة", "ل"),      # ل + ال: the span starts after the clitic lam
    ("ذهب وللفوعة", "لفوعة", "ول"),
    ("حَلَبَ الشهباء", "حَلَبَ", ""),      # tashkeel kept inside the original span
])
def test_clitics_and_spans(spot, text, surface, prefix):
    assert (surface, prefix) in spot(text)


def test_longest_match_wins(spot):
    found = [s for s, _ in spot("قرية خان طومان جنوب غرب مدينة حلب")]
    assert "خان طومان" in found and "طومان" not in found


def test_spelling_without_space(spot):
    assert ("خانطومان", "") in spot("بلدة خانطومان")
