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


_ADDED_TRIGGERS = "أتى,arrival,perfect\nلجأ,flight,perfect\n"
_EXTRACT_EACH = """
import json, sys, geomap
name = lambda e: e.name_en if e else None
print(json.dumps({"package": geomap.__file__, "journeys": [
    [(name(m.origin), name(m.destination), m.trigger) for m in geomap.extract(t).movements]
    for t in json.loads(sys.argv[1])]}))
"""


def test_a_trigger_added_as_written_matches_its_normalized_forms(tmp_path):
    """Adding a word is one line of a data file: «أتى» (hamza and alef maqsura) and «لجأ»
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
    texts += [f"{verb} آلاف المدنيين من حلب إلى إدلب" for verb in ("لجأ", "لجا", "لَجَأ")]
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
    ("movement_status", {"planned", "blocked", "negated"}),
    ("actors", {"aid", "wounded", "armed", "civilians"}),
    ("clause_words", {"stop", "extent", "time", "relative", "partitive", "quantity", "visit",
                      "inhabitants", "subject edge", "conjunction", "antecedent link",
                      "actor end", "source"}),
    ("area_words", {"neighbourhood", "countryside", "outskirt", "besieged", "settlement",
                    "countryside designator", "part designator", "part link"}),
    ("reference_words", {"main city", "territory head"}),
])
def test_each_relations_word_has_a_role_the_rules_read(table, roles):
    """A row whose role is misspelt would be read by no rule: every role is one the rules
    know, and no word has two roles where the rules take one (a word's first role wins)."""
    rows = lexicon.rows(table)
    assert rows and {role for _, role in rows} == roles
    if table in ("movement_triggers", "movement_roles", "movement_status", "actors"):
        words = [word for word, _ in rows]
        assert len(words) == len(set(words)), [w for w in words if words.count(w) > 1]
