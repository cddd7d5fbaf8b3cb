"""Rule words as data: written as Arabic is written, matched in every normalized spelling."""
from __future__ import annotations

import pytest

from geomap import lexicon
from geomap.text.normalize import normalize_name


@pytest.fixture
def scratch_lexicon():
    """A lexicon file written for the test beside the real ones, removed afterwards."""
    from importlib import resources

    path = resources.files(lexicon).joinpath("zz_test_words.csv")
    path.write_text("word,role,note\n# a comment line\nإلى,destination,with hamza and alef maqsura\n"
                    "مدرسة,place,ta marbuta\nمَرْكَز,place,with diacritics\n", encoding="utf-8")
    lexicon.records.cache_clear()
    yield "zz_test_words"
    path.unlink()
    lexicon.records.cache_clear()


def test_a_word_added_as_written_matches_its_normalized_forms(scratch_lexicon):
    table = lexicon.table(scratch_lexicon)
    for written in ("إلى", "الى", "إلي", "الي", "إلَى"):
        assert table[normalize_name(written)] == "destination"
    assert normalize_name("مدرسه") in table and normalize_name("مركز") in table
    assert lexicon.words(scratch_lexicon, "place") == {normalize_name("مدرسة"), "مركز"}
    assert len(lexicon.rows(scratch_lexicon)) == 3  # the comment is no row


# Each table family below is read by its real consumer: a word that the table writes with its
# hamza, alef maqsura or ta marbuta is found in text that writes it without them.


def written_in(table: str, word: str) -> bool:
    """Whether lexicon/<table>.csv writes `word` exactly so in its first column (a test that
    its spellings match would prove nothing if the file held the folded form already)."""
    from importlib import resources

    text = resources.files(lexicon).joinpath(f"{table}.csv").read_text(encoding="utf-8")
    return any(line.split(",")[0] == word for line in text.splitlines())


def unresolved(text: str) -> dict[str, str]:
    """{surface: reason} of the names extract reports as unresolved."""
    import geomap

    return {u.surface: u.reason for u in geomap.extract(text).unresolved}


def test_designators_match_without_ta_marbuta_hamza_and_alef_maqsura():
    for word in ("قرية", "قرى", "أحياء"):
        assert written_in("designators", word)
    assert unresolved("نزح السكان من قريه الحايط إلى المدينة") == {
        "الحايط": "after «قريه», not in the gazetteer"}
    assert unresolved("نزح السكان من قري الشعوب وزوبل") == {
        "الشعوب": "listed after «قري», not in the gazetteer",
        "زوبل": "listed after «قري», not in the gazetteer"}
    assert set(unresolved("دخلت القوات احياء الشعوب وزوبل")) == {"الشعوب", "زوبل"}


def test_name_heads_match_without_hamza_and_ta_marbuta():
    from geomap.gazetteer.index import name_keys

    assert written_in("name_heads", "أبو") and not written_in("name_heads", "ابو")
    # «ابو» begins a two-word name: the name after «قرية» is «ابو الزلف», not «ابو»
    assert unresolved("نزح السكان من قرية ابو الزلف") == {
        "ابو الزلف": "after «قرية», not in the gazetteer"}
    # a source name written «شعبيه الكفرة» is indexed as «الكفرة», without its designator
    assert written_in("name_heads", "شعبية")
    assert name_keys("شعبيه الكفرة") == {normalize_name("الكفرة")}


def places(text: str) -> list[str]:
    """The surfaces of the places extract finds."""
    import geomap

    return [p.surface for p in geomap.extract(text).places]


def test_cue_words_match_without_hamza_and_alef_maqsura():
    for word in ("مستشفى", "إذاعة", "أطراف", "أفادت"):
        assert written_in("cues", word)
    assert places("قصفت الطائرات حلب") == ["حلب"]
    assert places("قصفت الطائرات مستشفي حلب") == []  # an organisation: a hospital's name
    assert places("قالت دمشق إن القصف توقف") == ["دمشق"]
    assert places("قالت اذاعة دمشق إن القصف توقف") == []  # a media name: Radio Damascus
    assert places("في الميادين توقف القصف") == ["الميادين"]
    assert places("افادت الميادين بأن القصف توقف") == []  # the channel, reporting
    # «الباب» ('the door') is a place only with a cue: a locator gives it one
    assert places("وصلت القوات إلى الباب") == []
    assert places("وصلت القوات إلى اطراف الباب") == ["الباب"]


def test_function_words_match_without_hamza_and_alef_maqsura():
    for word in ("إلى", "حتى", "إليها"):
        assert written_in("function_words", word)
    # a list is read as names only where it plainly ends: at a grammar word, written «الي»
    # or «حتي» as well as «إلى» or «حتى»; a word that may go on the name leaves it unsure
    both = {"الشعوب", "زوبل"}
    assert set(unresolved("نزح السكان من قرى الشعوب وزوبل الي المدينة")) == both
    assert set(unresolved("نزح السكان من قرى الشعوب وزوبل حتي الصباح")) == both
    assert unresolved("نزح السكان من قرى الشعوب وزوبل كتب الصباح") == {}
    # «قرية لجؤوا إليها» is 'a village they fled to': a clause, no name
    assert unresolved("نزحت العائلات إلى قرية لجؤوا امس") == {
        "لجؤوا": "after «قرية», not in the gazetteer"}
    assert unresolved("نزحت العائلات إلى قرية لجؤوا اليها") == {}


def counts(text: str) -> list[tuple[int, str | None]]:
    """(value, unit) of the counts find_counts reads in the text."""
    from geomap.relations.counts import find_counts
    from geomap.text.normalize import normalize

    norm = normalize(text).text
    return [(c.value, c.unit) for c in find_counts(norm, 0, len(norm))]


def test_number_unit_and_measure_words_match_without_hamza_ta_marbuta_and_alef_maqsura():
    assert written_in("numbers", "أربعة") and written_in("numbers", "آلاف")
    assert written_in("units", "أسرة") and written_in("units", "جرحى")
    assert written_in("measures", "أيام") and written_in("measures", "آذار")
    assert counts("خرج اربعه الاف مسلح") == [(4000, "people")]
    assert counts("خرجت 20 اسره") == [(20, "families")]
    assert counts("نقل عشرون جرحي") == [(20, "people")]
    assert counts("خرج 3 مسلحين") == [(3, "people")]
    assert counts("خرجت 20 حافلة بعد 3 ايام") == [(20, "buses")]  # «3 أيام» is a time
    assert counts("وصلوا في 19 اذار") == []  # a date


def test_generic_name_words_match_without_ta_marbuta_and_alef_maqsura():
    from geomap.gazetteer.names import compound_parts

    assert written_in("generic_names", "المنطقة الصناعية") and written_in("generic_names", "الوسطى")
    # a piece of a source's compound name that only says what kind of place it is is no name
    assert compound_parts("الراموسة/ المنطقه الصناعيه", set()) == ["الراموسة"]
    assert compound_parts("الراموسة/ المنطقة الزراعية", set()) == ["الراموسة", "المنطقة الزراعية"]
    assert compound_parts("الكرامة - الوسطي", set()) == ["الكرامة"]
    assert compound_parts("الكرامة - الغربيه", set()) == ["الكرامة"]  # from directions.csv
