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


# --- movement words: written as Arabic is written, matched in every spelling of the text ----

def _journeys(text):
    """(origin, vias, destination, actor type) of each movement geomap finds in `text`."""
    import geomap

    name = lambda e: e.name_en if e else None  # noqa: E731
    return [(name(m.origin), tuple(name(v) for v in m.via), name(m.destination), m.actor_type)
            for m in geomap.extract(text).movements]


@pytest.mark.parametrize("to", ["إلى", "الى", "إلي", "الي", "إلَى"])
def test_the_role_word_written_with_hamza_and_alef_maqsura_matches_each_spelling(to):
    """movement_roles.csv writes «إلى»; text writes it with or without hamza, alef maqsura as
    ya, or with a fatha: each is the destination word."""
    assert _journeys(f"خرج المسلحون من حلب {to} إدلب") == [("Aleppo", (), "Idleb", "armed")]


@pytest.mark.parametrize("trigger", ["إخراج", "اخراج", "إِخْرَاج"])
def test_a_trigger_written_with_hamza_matches_each_spelling(trigger):
    assert _journeys(f"تم {trigger} المسلحين من حلب إلى إدلب") == [
        ("Aleppo", (), "Idleb", "armed")]


@pytest.mark.parametrize("via", ["مروراً", "مرورا"])
def test_a_role_word_written_with_tanwin_matches_without_it(via):
    assert _journeys(f"خرج المسلحون من حلب إلى إدلب {via} بحماة") == [
        ("Aleppo", ("Hama",), "Idleb", "armed")]


@pytest.mark.parametrize("wounded", ["الجرحى", "الجرحي", "والجرحى"])
def test_an_actor_word_written_with_alef_maqsura_matches_each_spelling(wounded):
    """actors.csv writes «جرحى» (the stem was once typed pre-normalized as «جرحي»)."""
    assert _journeys(f"خرج {wounded} من حلب إلى إدلب") == [("Aleppo", (), "Idleb", "wounded")]


_ADDED_TRIGGERS = "أتى,arrival,verb,يأتي,,,,\nالتجأ,flight,verb,يلتجئ,التجاء,,,\n"
_EXTRACT_EACH = """
import json, sys, geomap
name = lambda e: e.name_en if e else None
print(json.dumps({"package": geomap.__file__, "journeys": [
    [(name(m.origin), name(m.destination), m.trigger) for m in geomap.extract(t).movements]
    for t in json.loads(sys.argv[1])]}))
"""


def test_a_trigger_added_as_written_matches_its_normalized_forms(tmp_path):
    """Adding a verb is one line of a data file: «أتى» (hamza and alef maqsura) and «التجأ»
    (hamza), added to a copy of movement_triggers.csv, open movements in text that writes
    them with or without hamza, with ya for alef maqsura, or with diacritics."""
    import json
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import geomap

    root = Path(geomap.__file__).resolve().parent
    shutil.copytree(root, tmp_path / "geomap", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "data").symlink_to(root.parent / "data")  # the gazetteer beside the copy
    with open(tmp_path / "geomap" / "lexicon" / "movement_triggers.csv", "a",
              encoding="utf-8") as f:
        f.write(_ADDED_TRIGGERS)
    texts = [f"{verb} المقاتلون من حمص إلى حلب" for verb in ("أتى", "اتى", "أتي", "اتي", "أَتَى")]
    texts += [f"{verb} آلاف المدنيين من حلب إلى إدلب" for verb in ("التجأ", "التجا", "اِلتَجَأ")]
    assert all(_journeys(t) == [] for t in texts)  # the shipped tables do not have them
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", _EXTRACT_EACH, json.dumps(texts)], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=300, check=True)
    found = json.loads(out.stdout)
    assert Path(found["package"]).resolve().is_relative_to(tmp_path)  # the copy ran
    verbs = [t.split()[0] for t in texts]
    assert found["journeys"] == [[["Homs", "Aleppo", v]] for v in verbs[:5]] + [
        [["Aleppo", "Idleb", v]] for v in verbs[5:]]


@pytest.mark.parametrize("table, roles", [
    ("movement_triggers", {"exit", "displacement", "transfer", "arrival", "travel", "vehicle",
                           "withdrawal", "cross", "return", "flight", "host", "distribution"}),
    ("movement_roles", {"origin", "via", "destination", "distribution"}),
    ("movement_status", {"planned", "expected", "ordered", "attempted", "blocked", "negated",
                         "denied"}),
    ("actors", {"aid", "wounded", "armed", "civilians", "no mover"}),
    ("clause_words", {"stop", "extent", "time", "relative", "partitive", "quantity", "visit",
                      "inhabitants", "witness", "subject edge", "conjunction", "antecedent link",
                      "actor end", "source", "proximity", "additive", "then", "onward",
                      "pluperfect", "leaves place", "aside", "share", "residence", "aim",
                      "subject clause", "thence", "through", "at passage"}),
    ("area_words", {"neighbourhood", "countryside", "outskirt", "besieged", "settlement",
                    "countryside designator", "part designator", "part link"}),
    ("reference_words", {"main city", "territory head", "territory"}),
])
def test_each_relations_word_has_a_role_the_rules_read(table, roles):
    """A row whose role is misspelt would be read by no rule: every role is one the rules
    know, and no word has two roles where the rules take one (a word's first role wins)."""
    rows = lexicon.rows(table)
    assert rows and {role for _, role in rows} == roles
    if table in ("movement_triggers", "movement_roles", "movement_status", "actors"):
        words = [word for word, _ in rows]
        assert len(words) == len(set(words)), [w for w in words if words.count(w) > 1]
