"""The relations stage's fast paths give what the plain scans they replace give (issue 19):
each is checked against the plain version on sentences written for it and on real texts."""
from __future__ import annotations

import re

import pytest

import geomap
import geomap.relations as relations
from geomap.relations import actors, clauses, counts, roles, triggers
from geomap.text.normalize import normalize
from geomap.text.words import Words

# Sentences written for these checks: triggers with clitics, «عبر» opening a sentence and
# inside one, numbers with separators and clock times, actors of each kind.
SENTENCES = [
    "خرج 300 مسلح من حلب إلى إدلب عبر معبر الراموسة.",
    "عبر أكثر من 1,500 شخص من لبنان إلى سوريا: وصلوا الساعة 10:30 إلى حمص.",
    "وسيخرج الجرحى والمرضى أولاً، ثم تدخل 20 حافلة و10 سيارات إسعاف إلى الأحياء الشرقية.",
    "نزحت 1.5 مليون عائلة من ريف إدلب الجنوبي نحو الحدود التركية؟ وعاد المهجرون إلى تاورغاء",
    "زار الوزير دمشق في 19 من الشهر الجاري؛ وقال إن 2016 كان عاماً صعباً.",
    "\n«عبر المقاتلون النهر» ثم انسحبت قوات النظام من المدينة ١٢٫٥ كم شرقاً.",
]


def _texts(seed_text: str, dev_records: list[dict]) -> list[str]:
    return SENTENCES + [seed_text] + [r["text"] for r in dev_records]


def _plain_triggers(words: Words) -> list[triggers.Trigger]:
    """find_triggers as a Python loop over every word of the text."""
    out = []
    for k, form in enumerate(words.words):
        if form in triggers.TRIGGER_FORMS:
            prefix, word = triggers.strip_prefix(form, "trigger")
            out.append(triggers.Trigger(words.starts[k] + len(prefix), words.ends[k],
                                        triggers.TRIGGERS[word], prefix))
        elif form in triggers._CROSSED and triggers._opens_sentence(words.text,
                                                                    words.starts[k]):
            p = triggers._CROSSED[form]
            out.append(triggers.Trigger(words.starts[k] + len(p), words.ends[k], "travel", p))
    return out


def test_triggers_found_by_set_lookup_are_the_plain_loops(seed_text, dev_records):
    found = 0
    for text in _texts(seed_text, dev_records):
        words = normalize(text).words
        fast = triggers.find_triggers(words)
        assert fast == _plain_triggers(words)
        found += len(fast)
    assert found > 100
    words = Words("عبر الوفد الحدود. ثم عبر معبر نصيب")  # the verb, then the preposition
    assert [t.kind for t in triggers.find_triggers(words)] == ["travel"]


def test_clause_ends_are_the_lookbehind_regexs(seed_text, dev_records):
    plain = re.compile(r"(?<!\d)[.:]|[.:](?!\d)|[!?؟؛\n]")
    made_up = ["1.5", "حلب.", ".حلب", "10:30", "3.", ":4", "a.b", "5:x", "؟", "\n\n", "1.2.3",
               ":", ".", "", "x!y", "9؛9"]
    for text in made_up + _texts(seed_text, dev_records):
        assert [m.start() for m in clauses._CLAUSE_END.finditer(text)] == \
            [m.start() for m in plain.finditer(text)]


def test_digit_tokens_from_runs_are_finditers():
    made_up = ["2,500 شخص", "1.500.000 نازح", "١٫٥ مليون", "12 ألفاً و500", "1234,567",
               "10:30", "x1.5.", "3،000 و 40", "1,5", "9999999999999 رقم", "", "لا أرقام",
               "12,34,567", "5.", ".5", "١٢٣"]
    for text in made_up + SENTENCES:
        assert counts._digit_tokens(text) == [m.span() for m in
                                              counts._DIGIT_TOKEN.finditer(text)]


@pytest.mark.parametrize("phrase, kind", [
    ("المسلحين وعائلاتهم", "armed"), ("الجرحى والمرضى", "wounded"),
    ("آلاف المدنيين", "civilians"), ("سيارات الهلال الأحمر", "aid"),
    ("الهدوء", "no mover"), ("الوفد", "unknown")])
def test_actor_type_by_stem_tuple_is_the_stem_by_stem_test(phrase, kind):
    """actor_type against every stem at once answers as a test stem by stem does, and the
    kinds are the ones these phrases name."""
    phrase = normalize(phrase).text  # actors are read in normalized text
    words = phrase.split()
    forms = [(w, w.lstrip(actors._CLITICS)) for w in words]
    forms = [(w, b, b.removeprefix(actors.ARTICLE)) for w, b in forms]
    plain = next((k for k, stems in actors.ACTOR_TYPES
                  if any(x.startswith(s) for f in forms for x in f for s in stems)), "unknown")
    assert actors.actor_type.__wrapped__(phrase) == plain == kind


class _Told(list):
    """An empty list of triggers that reads as some: relate then reads the ends anyway."""

    def __bool__(self) -> bool:
        return True


class _Meets:
    """A word set that says it meets every word list, so the fast path's skip is never
    taken; membership is the real set's."""

    def __init__(self, words: frozenset[str]):
        self.words = words

    def isdisjoint(self, other) -> bool:
        return False

    def __contains__(self, word: str) -> bool:
        return word in self.words


def test_reports_are_the_same_without_the_skips(seed_text, dev_records, monkeypatch):
    """With the gap-role skip, the «خلال» skip, the aside skip and the no-trigger shortcut
    turned off, every report is the same."""
    texts = _texts(seed_text, dev_records) + ["زار الوزير حلب ودمشق أمس."]
    fast = [geomap.extract(t).to_json() for t in texts]
    monkeypatch.setattr(roles, "_GAP_ROLE_WORDS", _Meets(roles._GAP_ROLE_WORDS))
    monkeypatch.setattr(roles, "THROUGH", _Meets(roles.THROUGH))
    monkeypatch.setattr(roles, "_commas", lambda text, start, end: 2)  # asides read always
    monkeypatch.setattr(relations, "find_triggers",
                        lambda words: triggers.find_triggers(words) or _Told())
    assert [geomap.extract(t).to_json() for t in texts] == fast
    assert sum(bool(geomap.extract(t).movements) for t in texts) > 40  # real journeys


def test_bounding_box_tests_refuse_only_points_the_shape_refuses(seed_text, dev_records):
    """A point outside an area's box is outside the area, and one outside the box widened
    by BESIDE_KM is farther than BESIDE_KM from it: the box tests skip only GEOS calls
    whose answer is no (every area and place of the seed and dev texts)."""
    from shapely import intersects_xy
    from shapely.geometry import Point

    from geomap.relations import journeys, merge

    reports = [geomap.extract(t) for t in _texts(seed_text, dev_records)]
    shapes = [a.geometry for r in reports for a in r.areas
              if a.geometry is not None and not a.geometry.is_empty]
    points = list({(p.lon, p.lat): p for r in reports for p in r.places}.values())
    inside = skipped = 0
    for shape in shapes:
        for p in points:
            assert merge._inside(p, shape) == bool(intersects_xy(shape, p.lon, p.lat))
            inside += merge._inside(p, shape)
            if not merge.near_box(shape, p.lon, p.lat, journeys._BESIDE_DEGREES):
                skipped += 1
                assert shape.distance(Point(p.lon, p.lat)) * journeys.KM_PER_DEGREE > \
                    journeys.BESIDE_KM
    assert len(shapes) > 30 and inside > 30 and skipped > 1000


def test_every_denial_cue_holds_a_denial_word():
    """status reads the words for a denial only where a denial word is in the text before
    the trigger: every written form of a cue must hold one; and a denial still negates."""
    from geomap.relations import status

    assert all(any(w in form for w in status._DENIALS) for form in status._CUES["denied"])
    report = geomap.extract("نفت الحكومة الأنباء عن خروج المسلحين من حلب إلى إدلب.")
    assert [m.status for m in report.movements] == ["negated"]


def test_word_set_tests_find_what_a_regex_alternation_finds(seed_text, dev_records):
    """AnyOf.within (an automaton) against re.search of the words' alternation, for the
    area rules' word sets, over every 50-character window of the texts (steps of 7) and
    whole texts; and on windows cut inside a word, past the end or empty."""
    from geomap.relations import area_phrases, areas
    from geomap.relations.substrings import AnyOf

    tests = [areas._CUE_BEFORE, areas._CUE_AFTER, areas._SIEGE_AFTER, areas._NISBA_HEAD,
             area_phrases._GATE, AnyOf(["حلب", "حلبة"]), AnyOf([])]
    texts = [normalize(t).text for t in _texts(seed_text, dev_records)]
    texts += ["ريف حلب", "شرقا", "الشمال السوري", "", "المحاصرتين"]
    hits = 0
    for test in tests:
        plain = re.compile("|".join(sorted(test.words, key=len, reverse=True)) or "(?!)")
        for text in texts:
            assert test.within(text) == bool(plain.search(text))
            for lo in range(-3, len(text) + 3, 7):
                for hi in (lo + 3, lo + 50, lo - 1):
                    found = test.within(text, lo, hi)
                    assert found == bool(plain.search(text, max(lo, 0), max(hi, 0)))
                    hits += found
    assert hits > 1000
    assert AnyOf(["حلب"]).within("ريف حلب", 4, 7) and not AnyOf(["حلب"]).within("ريف حلب", 4, 6)
