"""Property-based fuzzing: whatever Arabic-looking text comes in, extraction never raises, every
span points at its own surface, and every export (JSON, GeoJSON, GeoDataFrame, the map) builds.

Texts are built from the parts that make Arabic hard: letters, diacritics, tatweel, clitics glued
to names, digits of both kinds with separators, RTL and zero-width marks, line breaks, gazetteer
names, designators, movement and role words, and real passages mutated at random.

CI runs a bounded, derandomized number of examples. A longer, random run is one command:
``make fuzz`` (``GEOMAP_FUZZ=long``; ``GEOMAP_FUZZ_EXAMPLES=N`` sets the count).
"""
from __future__ import annotations

import json
import math
import os
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import geomap
from geomap.gazetteer.index import Gazetteer
from tests.conftest import DEV, SEED

LONG = os.environ.get("GEOMAP_FUZZ") == "long"
EXAMPLES = int(os.environ.get("GEOMAP_FUZZ_EXAMPLES", 2000 if LONG else 60))
settings.register_profile(
    "geomap", max_examples=EXAMPLES, deadline=None, derandomize=not LONG, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example])
FUZZ = settings.get_profile("geomap")

LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيپچژگکی"
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # and tatweel
INVISIBLE = "\u200f\u200e\u061c\u200b\u200c\u200d\ufeff\u202b\u202c\u2066\u2069\u00ad"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳"
SEPARATORS = [" ", " ", " ", "، ", ", ", ". ", "؟ ", "! ", ": ", "؛ ", "\n", "\n\n", " - ",
              "«", "»", '"', "(", ")", "\u2028", "\u00a0", "\t", "/", "_"]
CLITICS = ["", "", "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فل", "لل", "ال"]
WORDS = [
    # designators, singular and plural
    "مدينة", "بلدة", "قرية", "حي", "مخيم", "معبر", "منطقة", "ريف", "محافظة", "ناحية", "قرى",
    "بلدتي", "أحياء", "مدن", "مخيمات", "ولاية", "قضاء", "شارع", "مطار", "قاعدة",
    # movement and role words
    "خرج", "خروج", "نزح", "نزوح", "وصل", "وصلت", "إجلاء", "توجه", "تتوجه", "عبر", "مروراً",
    "إلى", "من", "باتجاه", "نحو", "صوب", "حتى", "عن طريق", "انسحب", "عاد", "فر", "تهجير",
    "نقل", "قافلة", "حافلات", "المسلحين", "المدنيين", "العائلات", "النازحين",
    # parts, directions, status and numbers
    "شمال", "جنوب", "شرق", "غرب", "الشرقية", "الغربية", "المحاصرة", "المحاصرتين", "البلدتين",
    "سيتم", "من المقرر", "لم", "ينفي", "ألف", "آلاف", "عشرات", "مئات", "ثلاثة", "عشرين",
    "حافلة", "سيارة", "شخص",
    # non-place cues
    "قناة", "وكالة", "صحيفة", "الرئيس", "أفادت", "نقلت", "اليوم", "نيوز",
]


@lru_cache(maxsize=1)
def gazetteer_names() -> list[str]:
    """Arabic names of the most important gazetteer entries, and some of the rest."""
    entries = sorted(Gazetteer.load().entries, key=lambda e: (-e.importance, e.id))
    names = [e.name_ar for e in entries[:400]] + [e.name_ar for e in entries[400::97]]
    return [n for n in names if n]


@lru_cache(maxsize=1)
def real_passages() -> list[str]:
    """The seed article and the dev passages (when the corpus is beside the repository)."""
    texts = [SEED.read_text(encoding="utf-8")]
    if DEV.exists():
        texts += [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return texts


def _marked(word: str, marks: list[str]) -> str:
    """A word with marks (diacritics, tatweel, invisible characters) put after some letters."""
    out = []
    for i, ch in enumerate(word):
        out.append(ch)
        if marks and i < len(marks) and marks[i]:
            out.append(marks[i])
    return "".join(out)


mark = st.sampled_from(["", "", "", "", *DIACRITICS, *INVISIBLE])
random_word = st.text(alphabet=LETTERS, min_size=1, max_size=8)
number = st.one_of(
    st.text(alphabet=DIGITS, min_size=1, max_size=6),
    st.builds(lambda a, s, b: a + s + b, st.text(alphabet=DIGITS, min_size=1, max_size=4),
              st.sampled_from([".", ",", "٫", "٬"]), st.text(alphabet=DIGITS, min_size=1, max_size=3)),
    st.text(alphabet="123456789", min_size=300, max_size=400),  # beyond a float
)


@st.composite
def token(draw: st.DrawFn) -> str:
    """One word: a gazetteer name, a rule word, a number or random letters, with a clitic glued
    on, marks inside and sometimes digits glued to it."""
    kind = draw(st.sampled_from(["name", "name", "word", "word", "number", "random"]))
    if kind == "name":
        word = draw(st.sampled_from(gazetteer_names()))
    elif kind == "word":
        word = draw(st.sampled_from(WORDS))
    elif kind == "number":
        return draw(number)
    else:
        word = draw(random_word)
    word = draw(st.sampled_from(CLITICS)) + word
    word = _marked(word, draw(st.lists(mark, max_size=len(word))))
    glue = draw(st.sampled_from(["", "", "", "", "digits-before", "digits-after"]))
    if glue == "digits-before":
        word = draw(st.text(alphabet=DIGITS, min_size=1, max_size=3)) + word
    elif glue == "digits-after":
        word += draw(st.text(alphabet=DIGITS, min_size=1, max_size=3))
    return word


@st.composite
def made_up_text(draw: st.DrawFn) -> str:
    """Tokens joined by separators: spaces mostly, punctuation, line breaks, quotes."""
    tokens = draw(st.lists(token(), min_size=0, max_size=40))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(tokens), max_size=len(tokens)))
    return "".join(t + s for t, s in zip(tokens, seps))


@st.composite
def mutated_passage(draw: st.DrawFn) -> str:
    """A real passage cut, repeated, spliced with tokens and marks at random places."""
    text = draw(st.sampled_from(real_passages()))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    text = text[start:start + draw(st.integers(0, 1500))]
    for _ in range(draw(st.integers(0, 6))):
        if not text:
            break
        op = draw(st.sampled_from(["insert", "delete", "repeat", "mark"]))
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(st.integers(0, 40)))
        if op == "insert":
            text = text[:i] + draw(token()) + draw(st.sampled_from(SEPARATORS)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(1, 5)) + text[j:]
        else:
            text = text[:i] + draw(st.sampled_from([*DIACRITICS, *INVISIBLE])) + text[i:]
    return text


any_text = st.one_of(made_up_text(), mutated_passage())


def assert_spans_point_into(text: str, report: geomap.Report) -> None:
    """Every span of the report lies inside the text, and every surface is the text there."""
    def inside(start: int | None, end: int | None) -> None:
        if start is None and end is None:
            return
        assert start is not None and end is not None and 0 <= start <= end <= len(text)

    for item in (*report.places, *report.unresolved, *report.areas):
        inside(item.start, item.end)
        assert text[item.start:item.end] == item.surface, (item, text[item.start:item.end])
    for mv in report.movements:
        assert 0 <= mv.start < mv.end <= len(text)
        for ep in (mv.origin, *mv.via, mv.destination):
            if ep is not None:
                inside(ep.start, ep.end)
    for p in report.places:
        assert math.isfinite(p.lat) and math.isfinite(p.lon)


def assert_exports_build(report: geomap.Report) -> None:
    """JSON round-trips through the json module; GeoJSON and the GeoDataFrame build."""
    data = json.loads(report.to_json())
    assert len(data["places"]) == len(report.places)
    features = json.loads(json.dumps(report.to_geojson(), allow_nan=False))["features"]
    n = len(report.places) + len(report.unresolved) + len(report.movements) + len(report.areas)
    assert len(features) == n
    assert len(report.to_geodataframe()) == n


@FUZZ
@given(any_text)
def test_extraction_never_raises_and_spans_hold(text):
    report = geomap.extract(text)
    assert report.text == text
    assert_spans_point_into(text, report)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 3))
@given(any_text)
def test_every_export_and_the_map_build(text):
    from geomap.maps.draw import to_html

    report = geomap.extract(text, id=text[:20])
    assert_exports_build(report)
    html = to_html(report)
    assert html.rstrip().endswith("</html>") and "window.geomapReady = true;" in html


@pytest.mark.parametrize("feature", [
    lambda t: any(n in t for n in gazetteer_names()[:50]),
    lambda t: any(d in t for d in DIACRITICS),
    lambda t: any(m in t for m in INVISIBLE),
    lambda t: any(d in t for d in "٠١٢٣٤٥٦٧٨٩"),
    lambda t: "\n" in t,
    lambda t: any(c + n in t for c in ("و", "ب", "لل") for n in gazetteer_names()[:50]),
], ids=["name", "diacritic", "invisible", "arabic-digit", "line-break", "clitic-on-name"])
def test_the_generator_makes_what_it_claims(feature):
    """Each kind of trouble the module docstring names does occur in generated texts."""
    found = find(made_up_text(), feature, settings=settings(FUZZ, max_examples=2000))
    assert feature(found)
