"""Normalization rules, one by one, and the offset map back to the original text."""
import random

import pytest

from geomap.text.normalize import SentenceIndex, has_arabic, normalize, normalize_name, sentence_bounds
from geomap.model import Report


@pytest.mark.parametrize("raw, expected", [
    ("حَلَبُ", "حلب"),                     # harakat removed
    ("إدلــــب", "ادلب"),                   # tatweel removed, hamza-alef folded
    ("أإآٱ", "اااا"),                      # every alef form
    ("مصطفى", "مصطفي"),                    # alef maqsura → ya
    ("الفوعة", "الفوعه"),                   # ta marbuta → ha
    ("کفری", "كفري"),                      # Persian kaf and ya
    ("٢٠ حافلة ۱۵", "20 حافله 15"),        # Arabic-Indic and extended digits
    ("ترامب\u200fيترك", "ترامبيترك"),        # RLM dropped
    ("a\u200c\u200d\u061cb\ufeff", "ab"),  # ZWNJ, ZWJ, ALM, BOM dropped
    ("حلب \t  إدلب", "حلب ادلب"),          # whitespace folded to one space
    ("حلب \n\t  إدلب", "حلب\nادلب"),       # … or one line break, where the run holds one
    ("Idleb", "idleb"),                    # ASCII lower-cased for transliterations
    ("ﺣﻠﺐ", "حلب"),                         # presentation forms → letters
])
def test_rules(raw, expected):
    assert normalize(raw).text == expected


def test_offsets_round_trip_with_tashkeel_and_rlm():
    text = "وَصَلَتْ\u200f الحافلاتُ إلى حَلَبَ، ثم إِدْلِب"
    n = normalize(text)
    for name, original in (("حلب", "حَلَبَ"), ("ادلب", "إِدْلِب"), ("الحافلات", "الحافلاتُ")):
        i = n.text.index(name)
        s, e = n.span(i, i + len(name))
        assert text[s:e] == original


def test_every_offset_points_at_its_source_character():
    text = "قال\u200f  مسؤولٌ: «خانــطومان» ٣ كم"
    n = normalize(text)
    assert len(n.offsets) == len(n.text)
    for k, ch in enumerate(n.text):
        src = text[n.offsets[k]]
        assert normalize_name(src) in (ch, "") or src.isspace()


def test_empty_and_detection():
    assert normalize("").text == ""
    assert not has_arabic("Hello, world 123")
    assert has_arabic("hello حلب")


def test_sentence_bounds():
    text = "الأولى هنا. ثم خرج المسلحون من حلب إلى إدلب 2.5 كم؟ والأخيرة"
    i = text.index("حلب")
    s, e = sentence_bounds(text, i, i + 3)
    assert text[s:e] == "ثم خرج المسلحون من حلب إلى إدلب 2.5 كم؟"


def test_a_sentence_ends_at_a_point_after_a_number_but_not_inside_one():
    text = "غادروا عام 2011. ثم خرج 1.5 ألف شخص من حلب إلى إدلب 5؟ والأخيرة"
    i = text.index("حلب")
    s, e = sentence_bounds(text, i, i + 3)
    assert text[s:e] == "ثم خرج 1.5 ألف شخص من حلب إلى إدلب 5؟"


# Stops next to digits (2.5, «3.» then «5»), ؟ and ۔, line breaks, runs of spaces, edges.
TRICKY = ("أ. ب 2.5 كم؟ ج\nد۔ هـ 3.\n\n  و.4 ز 5. 6 ح!  ط?\t\n ي" * 3) + ".1"


def test_sentence_index_gives_what_sentence_bounds_gives(seed_text, dev_records):
    """The one-pass index agrees with the plain scan on every span of a tricky text and on
    random spans of the real ones."""
    cases = [(TRICKY, [(s, t) for s in range(len(TRICKY) + 1) for t in range(s, len(TRICKY) + 1)])]
    rng = random.Random(15)
    for text in [seed_text] + [r["text"] for r in dev_records]:
        starts = [rng.randrange(len(text) + 1) for _ in range(60)]
        cases.append((text, [(s, min(len(text), s + rng.randrange(40))) for s in starts]))
    for text, spans in cases:
        index = SentenceIndex(text)
        for s, t in spans:
            assert index.bounds(s, t) == sentence_bounds(text, s, t), (text[:30], s, t)


def test_report_sentence_follows_its_text():
    """Report.sentence splits the text once, and again when the text is replaced."""
    r = Report(text="الأولى هنا. ثم خرج المسلحون.")
    assert r.sentence(13, 15) == (12, 28)
    r.text = "قصيرة. أخرى"
    assert r.sentence(8, 10) == (7, 11)


def test_every_space_of_the_bmp_is_one_plain_space_and_breaks_are_newlines():
    """The table maps each character str.isspace() calls a space to « » (a line break to
    "\\n"), by hand for a few: no-break space, ideographic space, tab; a zero-width space is
    not a space but an invisible mark, and goes."""
    from geomap.text.normalize import normalize

    spaces = [chr(cp) for cp in range(0x10000) if chr(cp).isspace()]
    breaks = {"\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}
    assert len(spaces) == 29
    for c in spaces:
        gap = "\n" if c in breaks else " "
        assert normalize(f"حلب{c}ادلب").text == f"حلب{gap}ادلب", hex(ord(c))
    assert normalize("حلب\u00a0و\u3000إدلب\tو\u200bحماه").text == "حلب و ادلب وحماه"
