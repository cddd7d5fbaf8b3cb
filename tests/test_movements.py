"""Movements and areas on the seed article and on small sentences with one rule each."""
import re

import pytest

import geomap
from geomap.text.words import Words
from geomap.relations.counts import find_counts, may_count
from geomap.text.normalize import normalize


def ends(m):
    name = lambda e: e.name_en if e else None  # noqa: E731
    return name(m.origin), tuple(name(v) for v in m.via), name(m.destination)


def find(report, **want):
    return [m for m in report.movements
            if all(getattr(m, k) == v for k, v in want.items() if k not in ("origin", "dest"))
            and ("origin" not in want or (m.origin and want["origin"] in m.origin.name_en))
            and ("dest" not in want or (m.destination and want["dest"] in m.destination.name_en))]


def test_seed_armed_men_out_of_east_aleppo_through_ramouseh(seed_report):
    ms = [m for m in seed_report.movements if m.actor_type == "armed" and m.origin
          and "Aleppo" in m.origin.name_en and any(v.kind == "crossing" for v in m.via)]
    assert ms and ms[0].via[0].ref == "cur:ramouseh"


def test_seed_toward_idlib_in_buses(seed_report):
    """The evacuation is told planned (towards Idlib in 20 buses and 10 cars) and begun (out
    of south-east Aleppo through Ramouseh): one journey, done, with every count."""
    [m] = [m for m in find(seed_report, origin="Aleppo", dest="Idleb", actor_type="armed")
           if [v.ref for v in m.via] == ["cur:ramouseh"]]
    assert (m.count, m.count_unit, m.status) == (20, "buses", "done")
    assert m.counts == ((20, "buses"), (10, "vehicles"))  # «في 20 حافلة و10 سيارات»


@pytest.mark.parametrize("origin, dest, actor_type", [
    ("East Aleppo", "Khan tuman", "armed"),        # قرية خان طومان جنوب غرب مدينة حلب
    (None, "West Aleppo", "civilians"),            # إبقاء الأهالي أو انتقالهم للأحياء الغربية
    (None, "East Aleppo", "aid"),                  # سيارات الهلال الأحمر دخلت الأحياء الشرقية
    ("East Aleppo", None, "wounded"),              # إخراج الجرحى والمرضى في البداية
    (None, "Idleb", "armed"),                      # يخرج مسلحو جبهة النصرة إلى إدلب
    ("Aleppo", "West Aleppo", "civilians"),        # مغادرة حلب باتجاه غرب المدينة
])
def test_seed_movements(seed_report, origin, dest, actor_type):
    hits = [m for m in seed_report.movements if m.actor_type == actor_type
            and (m.origin.name_en if m.origin else None) == origin
            and (m.destination.name_en if m.destination else None) == dest]
    assert hits, [(ends(m), m.actor_type) for m in seed_report.movements]


def test_seed_people_of_kafriya_and_foua_out(seed_report):
    origins = {m.origin.name_en for m in seed_report.movements if m.origin}
    assert {"Kafraya", "Foah"} <= origins


def test_seed_actors_end_at_a_comma(seed_report):
    # «خروج المسلحين، وإبقاء الأهالي أو انتقالهم»: the armed men leave, the people stay
    assert [m.actor for m in seed_report.movements if "،" in (m.actor or "")] == []
    assert "المسلحين" in [m.actor for m in seed_report.movements if m.trigger == "خروج"]


def test_seed_nobody_leaves_idlib(seed_report):
    # «اخراج قسم من مواطني البلدتين المحاصرتين من قبل المسلحين في ريف إدلب»: the people leave
    # the two besieged towns; Idlib is only ever a destination in the article
    assert not [ends(m) for m in seed_report.movements if m.origin and "Idleb" in m.origin.name_en]


def test_towns_referred_back_to_as_besieged_are_endpoints():
    text = ("وصلت قافلة مساعدات إلى بلدتي نبل والزهراء المحاصرتين. "
            "ويجري التفاوض على إخراج دفعة من أهالي البلدتين المحاصرتين باتجاه حلب.")
    out = [m for m in geomap.extract(text).movements if m.destination.name_en == "Aleppo"]
    assert sorted(m.origin.name_en for m in out) == ["Nabul", "Zahraa"]
    for m in out:
        assert text[m.origin.start:m.origin.end] == "البلدتين المحاصرتين"
        assert (m.actor, m.actor_type, m.status) == ("دفعة من أهالي", "civilians", "planned")


@pytest.mark.parametrize("name_en, kind", [
    ("East Aleppo", "neighbourhoods"), ("West Aleppo", "neighbourhoods"),
    ("Kafraya and Foah (besieged)", "besieged"), ("Idleb countryside", "countryside"),
    ("Northwest Syria", "region"),
])
def test_seed_areas(seed_report, name_en, kind):
    found = [a for a in seed_report.areas if a.name_en == name_en]
    assert found and all(a.kind == kind and a.geometry is not None for a in found)


def test_khan_tuman_locator_is_not_an_area(seed_report):
    assert not [a for a in seed_report.areas if "جنوب غرب" in a.surface]


def test_coordination_gives_one_movement_per_endpoint():
    r = geomap.extract("خرج الأهالي من بلدتي كفريا والفوعة إلى حلب")
    assert sorted(ends(m) for m in r.movements) == [("Foah", (), "Aleppo"), ("Kafraya", (), "Aleppo")]


def test_destination_list():
    r = geomap.extract("نزح الآلاف من الحديدة إلى محافظات عدن وأبين ولحج")
    assert {m.destination.name_en for m in r.movements} >= {"Abyan Governorate", "Lahij Governorate"}


@pytest.mark.parametrize("text, status", [
    ("سيتم إخراج المسلحين من حلب إلى إدلب", "planned"),
    ("من المنتظر أن يخرج المسلحون من حلب إلى إدلب", "expected"),
    ("من المرجح أن يخرج المسلحون من حلب إلى إدلب", "expected"),
    ("خرج المسلحون من حلب إلى إدلب", "done"),
    ("لم يخرج المسلحون من حلب إلى إدلب", "negated"),
    ("رفض المسلحون الخروج من حلب إلى إدلب", "blocked"),
])
def test_status(text, status):
    [m] = geomap.extract(text).movements
    assert m.status == status


@pytest.mark.parametrize("text, actor", [
    ("عناصر التنظيم ستخرج من حلب إلى إدلب", "عناصر التنظيم"),        # not «… س»
    ("المسلحون الذين يرغبون بمغادرة حلب إلى إدلب", "المسلحون الذين يرغبون"),  # not «… ب»
])
def test_the_subject_before_a_trigger_leaves_out_the_triggers_prefix(text, actor):
    assert [m.actor for m in geomap.extract(text).movements][-1] == actor


def test_a_coordinated_verbal_noun_has_no_subject_of_its_own():
    """«… بمغادرة حلب والانتقال إلى إدلب»: one journey told by two verbal nouns; the second
    has no subject of its own and adds the destination."""
    from geomap.relations.actors import ActorReader  # noqa: F401  (the reader under test)

    text = "طالب الجيش السكان بمغادرة حلب والانتقال إلى إدلب"
    [m] = geomap.extract(text).movements
    assert (m.origin.name_en, m.destination.name_en, len(m.evidence)) == ("Aleppo", "Idleb", 2)
    assert m.actor == "طالب الجيش السكان"  # the subject read before «بمغادرة», not «و»


@pytest.mark.parametrize("text, value, unit", [
    ("في 20 حافلة", 20, "buses"), ("هو 15 ألفاً بينهم", 15000, "people"),
    ("أربعة آلاف مسلح", 4000, "people"), ("٢٠ حافلة", 20, "buses"),
    ("ثمانية آلاف أسرة", 8000, "families"), ("عام 2011", None, None),
    ("ساروا 55 كيلومترًا", None, None), ("على بعد 1000 متر", None, None), ("مسافة 12 كلم", None, None),
    ("في 19 من الشهر الجاري", None, None), ("بعد عشر دفعات", None, None),
    ("نحو 30% من السكان", None, None), ("منذ 12 يوما", None, None),
    ("في 12 كانون الأول", None, None), ("خرج 300 من المدنيين", 300, None),
])
def test_counts(text, value, unit):
    counts = find_counts(normalize(text).text, 0, len(normalize(text).text))
    assert [(c.value, c.unit) for c in counts][:1] == ([(value, unit)] if value else [])


@pytest.mark.parametrize("text", ["في عشرين حافلة", "في 20 حافلة", "في ٢٠ حافلة", "20حافلة",
                                  "وعشرون", "خرج المسلحون من حلب"])
def test_may_count_is_false_only_where_there_is_no_count(text):
    norm = normalize(text).text
    may = may_count(norm, 0, len(norm), Words(norm).between(0, len(norm)))
    assert may or not find_counts(norm, 0, len(norm))
    assert may == (text != "خرج المسلحون من حلب")


def test_words_read_any_slice_as_the_word_regex_does():
    text = normalize("خرج 20 مسلحا من حلب2، و«إلى» ادلب.\nx ١٢").text
    words, word = Words(text), re.compile(r"[\u0621-\u064a0-9]+")
    for start in range(len(text) + 2):
        for end in range(len(text) + 2):
            assert words.between(start, end) == word.findall(text[start:end])
            assert words.spans(start, end) == [(m.start(), m.end(), m.group())
                                               for m in word.finditer(text, start, end)]


def test_movement_geometry_in_exports(seed_report):
    gdf = seed_report.to_geodataframe()
    assert set(gdf["type"]) >= {"place", "movement", "area"}
    lines = gdf[(gdf["type"] == "movement") & gdf.geometry.notna()]
    assert len(lines) and all(g.geom_type == "LineString" for g in lines.geometry)
    areas = gdf[gdf["type"] == "area"]
    assert all(g.geom_type in ("Polygon", "MultiPolygon") for g in areas.geometry)


@pytest.mark.parametrize("text, expected", [
    # the place after «دخول» + actor is the actor's home when a destination follows …
    ("دخول مكافحة ارهاب حمص لحماة", [("Homs", (), "Hama")]),
    # … and the place entered when none does
    ("دخلت قوات النظام حلب أمس", [(None, (), "Aleppo")]),
    # «بعد زيارة إلى X»: the arrival came from X
    ("وصل الوفد إلى دمشق بعد زيارة رسمية إلى موسكو", [("Moscow", (), "Damascus")]),
    # the displaced return to where they were displaced from
    ("عاد النازحون من بلدة القصير إلى منازلهم", [(None, (), "Al-Qusayr")]),
    # «نازح» inside a hosting sentence names its people, it is no second journey
    ("تستضيف مدينة إدلب نحو 5 آلاف نازح من معرة النعمان", [("Ma'arrat An Nu'man", (), "Idleb")]),
    # «من سكان X» before the trigger says where they left, as «من X» does
    ("اضطر الآلاف من سكان سنجة للنزوح إلى ولاية النيل الأزرق", [("Singa", (), "Blue Nile")]),
    # people spread «على» places went there; aid handed out «على» people moved nobody
    ("توزع النازحون على مخيمات أطمة وسرمدا", [(None, (), "Atma"), (None, (), "Sarmada")]),
    ("تم توزيع المساعدات على الأهالي في مخيم الركبان", []),
    # a bare leaving on the next line starts where the last journey did, and adds its crossing
    ("فرّ مئات المدنيين من مدينة عفرين.\nوهم ينتظرون السماح لهم بمغادرة المنطقة عبر معبر الزيارة",
     [("Afrin", ("Ziyara Afrin",), None)]),
    # «تمتد من X حتى Y» gives the extent of the destination, not a journey from X
    ("نزح الآلاف إلى المواصي التي تمتد من دير البلح شمالا حتى رفح جنوبا", [(None, (), "Al-Mawasi")]),
    # the city entered after a subject and its designator; «19 من الشهر» is a date, no «from»
    ("دخلت قوات الدعم السريع مدينة ود مدني، وبحلول 19 من الشهر سيطرت على المدينة",
     [(None, (), "Wad Madani")]),
    ("خرج 300 من المدنيين من حلب", [("Aleppo", (), None)]),
    # the feminine and plural verbs of flight are triggers too (Tripoli, Libya: 32.89 N 13.19 E)
    ("نزحت عائلات من مدينة سرت إلى طرابلس", [("Sirte", (), "Tripoli")]),
    # «نقل» with a medium or «عن» reports; «عن طريق» is the way the wounded were moved
    ("نقلت صحيفة محلية عن مصادر أن عائلات نزحت من منازلها في مدينة سرت", [("Sirte", (), None)]),
    ("ونقل المراسل عن شهود أن القصف استهدف حلب", []),
    ("تم نقل الجرحى عن طريق معبر باب الهوى إلى تركيا", [(None, ("Bab al-Hawa crossing",), "Turkey")]),
])
def test_one_rule_each(text, expected):
    assert [ends(m) for m in geomap.extract(text).movements] == expected


@pytest.mark.parametrize("text, areas", [
    ("نقل مهجري ريفي درعا والقنيطرة إلى ريف حماة الشمالي",
     ["Dar'a countryside", "Quneitra countryside", "Northern Hama countryside"]),
    ("خرجت الحافلات من ريفي حمص الشمالي وحماة الجنوبي",
     ["Northern Homs countryside", "Southern Hama countryside"]),
    ("وصل المهجرون من الريف الشرقي لدرعا", ["Eastern Dar'a countryside"]),
])
def test_countryside_phrases(text, areas):
    report = geomap.extract(text)
    assert [a.name_en for a in report.areas] == areas
    assert all(a.kind == "countryside" for a in report.areas)


@pytest.mark.parametrize("text, areas", [
    ("نقلوا إلى مخيم يبعد 125 كم شرق مدينة حلب", []),  # a distance locates; it names no part
    ("تقع القرية على بعد 20 كيلومترا جنوب دمشق", []),
    ("اشتدت المعارك في شرق حلب", ["East Aleppo"]),
])
def test_a_direction_after_a_distance_is_no_area(text, areas):
    assert [a.name_en for a in geomap.extract(text).areas] == areas


def test_the_dual_countryside_gives_its_kind_to_both_places():
    """«القنيطرة» is also a Daraa neighbourhood; after «ريفي» it is the city (33.13 N 35.82 E)."""
    report = geomap.extract("نقل مهجري ريفي درعا والقنيطرة إلى إدلب")
    quneitra = next(p for p in report.places if p.surface == "القنيطرة")
    assert (quneitra.kind, round(quneitra.lat, 1), round(quneitra.lon, 1)) == ("city", 33.1, 35.8)
    assert {m.origin.name_en for m in report.movements} == {"Dar'a countryside", "Quneitra countryside"}


def test_name_the_gazetteer_lacks_is_still_an_endpoint():
    r = geomap.extract("قوة امنية من حمص تدخل بلدة شمرخة")
    [u] = r.unresolved
    [m] = r.movements
    assert m.origin.name_en == "Homs" and m.destination.name_ar == "شمرخة"
    assert m.actor.startswith("قوة امنية")  # the subject, not the designator «بلدة»
    assert (m.destination.lat, m.destination.start, m.destination.end) == (None, u.start, u.end)


def test_renamed_armed_force_is_one_journey_a_named_group_is_its_own():
    r = geomap.extract("انسحب تنظيم داعش من الرقة باتجاه دير الزور. وقال مصدر إن جميع عناصر "
                       "التنظيم خرجوا أمس باتجاه دير الزور عبر حافلات.")
    assert [ends(m) for m in r.movements] == [("Ar-Raqqa", (), "Deir-ez-Zor")]
    r = geomap.extract("سيتم إخراج مسلحي المعارضة من حلب باتجاه إدلب. ومن المنتظر أن يخرج "
                       "مسلحو جبهة النصرة إلى إدلب")
    assert [ends(m) for m in r.movements] == [("Aleppo", (), "Idleb"), (None, (), "Idleb")]


def test_civilians_told_in_other_words_stay_apart():
    r = geomap.extract("فر مئات المدنيين من حلب. وقال الأهالي إن 5 آلاف نازح من حلب وصلوا إلى إدلب.")
    assert [ends(m) for m in r.movements] == [("Aleppo", (), None), ("Aleppo", (), "Idleb")]


def test_territory_head_refers_back_to_the_territory_named_before():
    text = "وصل النازحون إلى قطاع غزة. وطلب الجيش من السكان التوجه إلى جنوب القطاع."
    r = geomap.extract(text)
    [area] = r.areas
    assert (area.surface, area.kind, area.name_en) == ("جنوب القطاع", "region", "South Gaza Strip")
    assert text[area.start:area.end] == "جنوب القطاع" and area.geometry is not None
    assert [ends(m) for m in r.movements] == [(None, (), "Gaza Strip"), (None, (), "South Gaza Strip")]
    assert [p.surface for p in r.places] == ["قطاع غزة"]  # «القطاع» is no second place mention


@pytest.mark.parametrize("second", [
    "وكان المسلحون يمنعون المدنيين والمسلحين من الخروج.",  # a prevented exit goes nowhere
    "وبحث الوزيران في الاجتماع الذي عقد أمس في العاصمة الروسية موسكو مع نظيرهما التركي سبل "
    "وقف اطلاق النار واستتباب الهدوء والأمن ومنع العنف في هذه المنطقة وسبل تعزيز التعاون بين "
    "البلدين في المجالات السياسية والاقتصادية والإنسانية وتنسيق المواقف في المحافل الدولية. "
    "وأكد الجانبان أهمية مواصلة المشاورات والعمل المشترك من أجل التوصل إلى حل سياسي شامل "
    "للأزمة، ولا سيما خروج المدنيين بشكل آمن.",  # a wish sentences later starts nowhere known
])
def test_bare_exit_takes_no_origin_when_blocked_or_far(second):
    r = geomap.extract("خرج المسلحون من حلب إلى إدلب. " + second)
    assert [ends(m) for m in r.movements] == [("Aleppo", (), "Idleb")]


def test_restatement_to_the_region_around_the_destination_is_one_journey():
    # Raqqa (35.95 N, 39.01 E) lies inside «شمال شرق سوريا» (the Hasakah, Raqqa and Deir ez-Zor
    # governorates), though over 25 km from the region's representative point
    r = geomap.extract("انسحب مقاتلو التنظيم من حمص إلى الرقة. وقالت مصادر إن المقاتلين انسحبوا "
                       "من حمص نحو شمال شرق سوريا.")
    assert [ends(m) for m in r.movements] == [("Homs", (), "Ar-Raqqa")]
    assert [a.name_en for a in r.areas] == ["Northeast Syria"]


# --- fast paths: the same answers as the plain scans they replace ----------------------------

def _finders(texts, monkeypatch):
    """The MovementFinder that extraction builds for each text (after it has run)."""
    from geomap.relations import movements

    seen, find = [], movements.MovementFinder.find
    monkeypatch.setattr(movements.MovementFinder, "find",
                        lambda self: seen.append(self) or find(self))
    for text in texts:
        geomap.extract(text)
    return seen


def _plain_scope_end(f, tend):
    """The scope of a trigger as a scan of every trigger up to the clause end finds it."""
    clause_end = f.scopes.clause(tend)[1]
    from geomap.relations.triggers import PEOPLE_WORDS

    return next((s for s, e, k, p in f.triggers if tend <= s < clause_end
                 and k not in ("cross", "vehicle")
                 and (f.scopes.starts_clause(s, p) or f.text[s:e] not in PEOPLE_WORDS)),
                clause_end)


def test_bisected_scopes_and_look_backs_agree_with_plain_scans(seed_text, dev_records,
                                                                monkeypatch):
    """On real texts (where no bound binds) the bisections find what the scans found."""
    finders = _finders([seed_text] + [r["text"] for r in dev_records], monkeypatch)
    checked, looked_back = 0, 0
    for f in finders:
        scopes, items = f.scopes, f.items
        for tstart, tend, kind, _ in f.triggers:
            cs, ce = scopes.clause(tstart)
            assert kind not in ("cross", "vehicle") or scopes.has_main_trigger(tstart) == any(
                cs <= s < ce and s != tstart and k not in ("cross", "vehicle")
                for s, _, k, _ in f.triggers)
            assert scopes.scope_end(tend) == _plain_scope_end(f, tend)
            plain = [it for it in reversed(items.starting_in(cs, tstart)) if it.nend <= tstart
                     and len(f.words.between(it.nend, tstart)) <= 4]
            fast = [it for it in items.ending_before(cs, tstart, scopes.near_before(tstart))
                    if len(f.words.between(it.nend, tstart)) <= 4]
            assert fast == plain
            checked, looked_back = checked + 1, looked_back + bool(plain)
    assert checked > 200 and looked_back > 20


def test_nearest_count_by_bisection_is_the_first_nearest():
    from random import Random

    from geomap.relations.told_counts import nearest

    rng = Random(15)
    for _ in range(2000):
        starts = sorted(rng.randrange(40) for _ in range(rng.randrange(1, 8)))
        pos = rng.randrange(-2, 45)
        assert nearest(starts, pos) == min(range(len(starts)), key=lambda i: abs(starts[i] - pos))


def _journeys(report):
    """The movements as what they tell, without where in the text they are told."""
    ref = lambda e: e and e.ref  # noqa: E731
    return {(m.actor, m.actor_type, m.trigger, ref(m.origin), tuple(map(ref, m.via)),
             ref(m.destination), m.count, m.status) for m in report.movements}


def test_a_sentence_repeated_without_stops_tells_its_journey_once():
    """A ticker line repeated 300 times tells what it tells twice: armed men from Aleppo to
    Idlib through Ramouseh, the crossing once however often it is named."""
    line = "خرج المسلحون من حلب إلى إدلب عبر معبر الراموسة "
    twice, many = geomap.extract(line * 2), geomap.extract(line * 300)
    assert [ends(m) for m in twice.movements] == [("Aleppo", ("Ramouseh",), "Idleb")]
    assert _journeys(many) == _journeys(twice)


def test_journeys_run_together_are_paired_in_order():
    """Five journeys in one run-on clause: each origin goes to the destination told with it,
    not to all five (25 pairs is past MAX_PAIRS); two and two still fan out."""
    text = ("خرج المسلحون من حلب إلى إدلب من حمص إلى حماة من درعا إلى دمشق من الرقة إلى "
            "دير الزور من اللاذقية إلى طرطوس.")
    assert [ends(m) for m in geomap.extract(text).movements] == [
        ("Aleppo", (), "Idleb"), ("Homs", (), "Hama"), ("Dar'a", (), "Damascus"),
        ("Ar-Raqqa", (), "Deir-ez-Zor"), ("Lattakia", (), "Tartous")]
    fan = geomap.extract("خرج المسلحون من حلب إلى إدلب من حمص إلى حماة.")
    assert len(fan.movements) == 4


def test_the_table_of_bare_trigger_and_role_words_is_strip_prefixs():
    """ROLE_OR_TRIGGER_WORD is built from the words up (a fast path): each written form maps
    to the word strip_prefix finds in it, form by form; a form that is a word itself and a
    clitic on another word keeps the bare word (made-up words: «وبر» and و + «بر»)."""
    from geomap.relations import triggers

    table = {**triggers.TRIGGERS, **triggers.ROLE_WORDS}
    plain = {f: triggers.strip_prefix(f, "role_or_trigger")[1] for f in triggers.forms(table)}
    assert triggers.ROLE_OR_TRIGGER_WORD == plain and len(plain) > 10_000
    made_up = triggers.bare_words(["بر", "وبر", "فر"])  # «وبر» is a word and و + «بر»
    assert made_up["وبر"] == "وبر" and made_up["فوبر"] == "وبر" and made_up["وفر"] == "فر"
    assert made_up["ببر"] == "بر" and "بر" in made_up
