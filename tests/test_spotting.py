"""Spotting on the real gazetteer: boundaries, clitics, longest match, spans into the original."""
import pytest

from geomap.text.normalize import normalize
from geomap.places.spotting import MIN_KEY_LENGTH, Spotter, _major_own_names


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


def test_designator_words_from_the_word_index_are_the_automaton_pass():
    """WordFinder.find_words reads the text's word index: the same spans as find() over the
    text, with clitics, digits glued to a word, and words at the text's edges."""
    from geomap.places.unresolved import DESIGNATOR_WORDS
    from geomap.places.spotting import WordFinder

    texts = ["قرى الشعوب وزوبل وباب اللفج", "إلى 3قرى بريف حلب", "بلدتي كفريا والفوعة",
             "وحي الشيخ مقصود وحي الأشرفية.", "محافظةحلب ومدينة2 وقرية", "مدينة",
             "قال إن المدينة «قرية» صغيرة، وبلدات\nوأحياء", "no arabic 123", ""]
    found = 0
    for text in texts:
        words = normalize(text).words
        assert DESIGNATOR_WORDS.find_words(words) == DESIGNATOR_WORDS.find(words.text)
        found += len(DESIGNATOR_WORDS.find(words.text))
    # by hand: قرى، بريف، بلدتي، وحي ×2، وقرية، مدينة، قرية، وبلدات، وأحياء (not 3قرى, ومدينة2,
    # محافظةحلب: glued to a digit or a letter; not المدينة: the article is no clitic)
    assert found == 10
    spaced = WordFinder(["ريف حلب", "قري"], frozenset("ريفحلبق"))  # not the index's words
    words = normalize("في ريف حلب وقرى").words
    assert spaced.find_words(words) == spaced.find(words.text) == [(3, 10), (12, 15)]


def test_short_keys_found_from_major_places_are_those_of_a_scan_of_every_key(gaz):
    """Two-letter names are spotted only as the major places that own them («إب» Ibb): the
    table drawn from the major entries is the one a scan of all 85,000 keys gives."""
    scan = {k: forms for k in gaz.keys() if len(k) == MIN_KEY_LENGTH - 1
            and (forms := _major_own_names(gaz, k))}
    assert Spotter(gaz)._short == scan
    assert "اب" in scan  # Ibb, Yemen
