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
