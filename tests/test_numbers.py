"""Counts written with decimals, thousands separators, multipliers and absurd digit runs."""
import pytest

import geomap
from geomap.text.normalize import normalize
from geomap.relations.counts import MAX_DIGITS, find_counts


def counts(text: str) -> list[tuple[int, str | None]]:
    norm = normalize(text).text
    return [(c.value, c.unit) for c in find_counts(norm, 0, len(norm))]


@pytest.mark.parametrize("text, value, unit", [
    ("غادر 1.5 ألف شخص", 1500, "people"),          # ASCII decimal point
    ("غادر ١٫٥ ألف شخص", 1500, "people"),          # Arabic-Indic digits, Arabic decimal separator
    ("غادر 1,5 ألف شخص", 1500, "people"),          # a decimal comma
    ("غادر ١.٥ ألف شخص", 1500, "people"),          # Arabic-Indic digits, ASCII point
    ("وصلت 2.75 ألف عائلة", 2750, "families"),
    ("غادر 1.1 ألف شخص", 1100, "people"),          # 1.1 × 1000 is 1100.0000000000002 in floats
    ("نزح 1.5 مليون شخص", 1_500_000, "people"),
    ("نزح ثلاثة ملايين شخص", 3_000_000, "people"),
    ("نزح مليون شخص", 1_000_000, "people"),
])
def test_a_decimal_before_a_multiplier(text, value, unit):
    assert counts(text)[:1] == [(value, unit)]


@pytest.mark.parametrize("text, value", [
    ("خرج 2,500 شخص", 2500), ("خرج ٢٬٥٠٠ شخص", 2500), ("خرج ٢،٥٠٠ شخص", 2500),
    ("خرج ٢,٥٠٠ شخص", 2500), ("خرج 12,500,000 شخص", 12_500_000),
    ("خرج 1.500.000 شخص", 1_500_000),   # dots grouping thousands (two groups or more)
    ("خرج 1.500 شخص", 1500),            # one group and no multiplier: 1.5 persons is no count
])
def test_thousands_separators(text, value):
    assert counts(text) == [(value, "people")]


def test_a_fraction_of_a_person_is_no_count():
    assert counts("خرج 2.5 شخص") == []


def test_the_arabic_comma_between_numbers_lists_them():
    """«،» groups thousands only before three digits; else it is the list comma."""
    assert counts("قتل 3،4 أشخاص") == [(3, None), (4, "people")]


@pytest.mark.parametrize("digits", [MAX_DIGITS + 1, 309, 400, 5000])
def test_a_digit_run_too_long_for_a_count_is_no_count(digits):
    """Past MAX_DIGITS a run is a serial number or noise, not people: no count and no error
    (5000 digits is past Python's int() string limit too)."""
    assert counts("خرج " + "9" * digits + " شخص") == []
    assert counts("خرج " + "9" * digits + ".5 ألف شخص") == []


def test_the_longest_count_kept():
    assert counts("خرج " + "9" * MAX_DIGITS + " شخص") == [(10 ** MAX_DIGITS - 1, "people")]


def test_a_clock_time_is_no_count():
    assert counts("في الساعة 10:30 خرجت 20 حافلة") == [(20, "buses")]


@pytest.mark.parametrize("text, count", [
    ("خرج 1.5 ألف شخص من حلب إلى إدلب", 1500),     # the «.» ended the clause: no movement
    ("خرج ١٫٥ ألف شخص من حلب إلى إدلب", 1500),     # «١٫٥» gave a count of 1
    ("خرج 2,500 شخص من حلب إلى إدلب", 2500),
    ("خرج ٢٬٥٠٠ شخص من حلب إلى إدلب", 2500),       # «٢٬٥٠٠» gave a count of 2
    ("نزح 1.5 مليون شخص من حلب إلى إدلب", 1_500_000),
    ("في الساعة 10:30 خرجت 20 حافلة من حلب إلى إدلب", 20),
])
def test_a_movement_keeps_its_decimal_count(text, count):
    [m] = geomap.extract(text).movements
    assert (m.origin.name_en, m.destination.name_en, m.count) == ("Aleppo", "Idleb", count)


def test_a_movement_with_a_huge_number_keeps_its_places():
    text = "خرج " + "9" * 400 + " شخص من حلب إلى إدلب"
    [m] = geomap.extract(text).movements
    assert (m.origin.name_en, m.destination.name_en, m.count) == ("Aleppo", "Idleb", None)


def test_a_point_after_a_number_still_ends_the_clause():
    """Only a point between two digits is a decimal one: «2016.وكان» ends a sentence, and the
    population told after it is not the movement's count."""
    [m] = geomap.extract("وصل النازحون من حلب إلى إدلب عام 2016.وكان في المدينة 40 ألفا").movements
    assert (m.origin.name_en, m.destination.name_en, m.count) == ("Aleppo", "Idleb", None)


@pytest.mark.parametrize("text, value, unit", [
    ("نقل ألفين وخمسمئة شخص", 2500, "people"),              # dual thousand and hundreds
    ("نزح عشرات الآلاف من السكان", 10_000, "people"),       # «tens of thousands»: at least
    ("نزح مئات الآلاف من السكان", 100_000, "people"),
    ("نزح مليون ومئتي ألف شخص", 1_200_000, "people"),      # a million and two hundred thousand
    ("غادرت ثلاثة آلاف وسبعمئة عائلة", 3700, "families"),
    ("وصل خمسة وعشرون ألف نازح", 25_000, "people"),        # units before tens, then the scale
    ("بلغ العدد سبعة آلاف وسبعمئة وسبعة وسبعين", 7777, "people"),
    ("وصل خمسة عشر ألف نازح", 15_000, "people"),            # a teen
    ("وصل قرابة ألفي مواطن", 2000, "people"),               # dual in the genitive
    ("وصل ألفا مواطن", 2000, "people"),                     # dual in construct
    ("خرج 12 ألفاً و500 شخص", 12_500, "people"),           # digits joined by «و»
    ("خرج ثلاث مئة شخص", 300, "people"),                    # hundreds written apart
    ("خرج واحد وعشرون شخصاً", 21, "people"),
])
def test_number_words_compound_as_arabic_writes_them(text, value, unit):
    assert counts(text)[:1] == [(value, unit)]


@pytest.mark.parametrize("text", ["فرّ مئات المدنيين", "عشرات العائلات", "بين عامي 2011 و2012"])
def test_a_vague_plural_or_two_years_are_no_count(text):
    assert counts(text) == []


def test_two_counts_with_their_units_stay_two():
    assert counts("خرجت 20 حافلة و10 سيارات") == [(20, "buses"), (10, "vehicles")]
    assert counts("بينهم 1109 رجل، و651 امرأة") == [(1109, "people"), (651, "people")]
