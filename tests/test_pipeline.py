"""End to end on real text: the seed article, the traps, each resolution cue, bad input."""
import random

import pytest

import geomap
from geomap.text.normalize import normalize, normalize_name
from geomap.places.context import DESIGNATORS, PLURAL_DESIGNATORS
from geomap.errors import InputError
from geomap.places.lists import designated_lists
from geomap.places.nonplaces import zipf


def places_named(report, surface):
    return [p for p in report.places if p.surface == surface]


@pytest.mark.parametrize("surface, expected_id", [
    ("حلب", "ocha:C1007"), ("إدلب", "ocha:C3871"), ("خان طومان", "ocha:C1015"),
    ("كفريا", "ocha:C3952"), ("الفوعة", "ocha:C3905"), ("صلاح الدين", "ocha:N0214"),
])
def test_seed_places_resolve_to_the_right_entries(seed_report, surface, expected_id):
    found = places_named(seed_report, surface)
    assert found and {p.id for p in found} == {expected_id}


def test_seed_ramouseh_is_the_crossing(seed_report):
    [p] = places_named(seed_report, "معبر الراموسة")
    assert p.kind == "crossing"
    # OCHA N0226 label point (the crossing sits at the Ramouseh industrial district)
    assert abs(p.lat - 36.15673) < 0.01 and abs(p.lon - 37.12879) < 0.01


def test_seed_mayadeen_channel_is_not_a_place(seed_report, seed_text):
    for p in seed_report.places:
        assert "الميادين" not in p.surface
    assert "الميادين" in seed_text


def test_every_span_points_into_the_text(seed_report, seed_text):
    for item in [*seed_report.places, *seed_report.areas, *seed_report.unresolved]:
        assert seed_text[item.start:item.end] == item.surface


def test_each_place_has_confidence_and_reason(seed_report):
    for p in seed_report.places:
        assert 0 < p.confidence <= 1 and p.reason and p.source


@pytest.mark.parametrize("text, surface, kind", [
    ("اشتباكات في حي صلاح الدين بحلب", "صلاح الدين", "neighbourhood"),
    ("قوة من بغداد تدخل محافظة صلاح الدين شمالي العراق", "صلاح الدين", "governorate"),
    ("وصلت القافلة إلى محافظة إدلب", "إدلب", "governorate"),
    ("وصلت القافلة إلى مدينة إدلب", "إدلب", "city"),
    ("عبر معبر باب الهوى", "معبر باب الهوى", "crossing"),
    # a qada is named after its seat: Sinjar, Iraq (36.32 N 41.88 E), not the Idlib town Sanjar
    ("عادت العائلات إلى قضاء سنجار بمحافظة نينوى", "سنجار", "city"),
])
def test_type_cues(text, surface, kind):
    found = places_named(geomap.extract(text), surface)
    assert found and found[0].kind == kind, [(p.surface, p.kind) for p in geomap.extract(text).places]


@pytest.mark.parametrize("text, surface, country", [
    ("اندلعت اشتباكات في طرابلس اللبنانية", "طرابلس", "LB"),  # not the Libyan capital
    ("اندلعت اشتباكات في طرابلس الليبية", "طرابلس", "LY"),
    ("عقد اجتماع في عمان الأردنية", "عمان", "JO"),  # Amman, not Oman
    ("وصل الوزير إلى العاصمة الأردنية عمان", "عمان", "JO"),
])
def test_a_country_adjective_picks_the_namesake_in_that_country(text, surface, country):
    [p] = places_named(geomap.extract(text), surface)
    assert p.country == country and p.kind == "city"


def test_a_bare_name_near_its_district_label_is_the_town():
    """A district's point is only where its label sits: being near Mare' says nothing for
    the district of A'zaz, so the bare name is the town (36.59/37.05), as readers mean it."""
    [p] = places_named(geomap.extract("وصلت التعزيزات إلى أعزاز ومارع"), "أعزاز")
    assert p.id == "ocha:C1564" and p.kind == "city"


def test_admin_context_picks_the_nearby_namesake():
    # العامرية is a village name in several governorates; beside Aleppo it is Aleppo's
    report = geomap.extract("خرجت الحافلات من العامرية في حلب باتجاه إدلب")
    [p] = places_named(report, "العامرية")
    assert p.admin1 == "Aleppo"


def test_a_name_unsure_of_its_kind_but_sure_of_its_place_anchors_the_others():
    """«درعا» is Daraa city, district or governorate, all within 25 km: whichever it is, the
    article is at Daraa, so «عابدين» is Daraa's Abdin (OCHA C6023, 32.78 N 35.83 E), not
    Idlib's (C3990, 35.47 N 36.54 E)."""
    [p] = places_named(geomap.extract("نزح الأهالي من درعا وعابدين إلى المخيمات"), "عابدين")
    assert p.id == "ocha:C6023"


@pytest.mark.parametrize("text, trap", [
    ("أفادت قناة روسيا اليوم بأن الاشتباكات توقفت", "روسيا"),
    ("نقلت وكالة فرانس برس عن مصدر", "فرانس"),
    ("وأفادت الميادين بسماع أصوات إطلاق نار", "الميادين"),
    ("ترامب يترك الباب مفتوحاً أمام هجمات", "الباب"),
    ("سيطرت قوات سوريا الديمقراطية على القرية", "سوريا"),
    ("قال الرئيس الروسي فلاديمير بوتين", "فلاديمير"),
    ("عملية غصن الزيتون مستمرة", "الزيتون"),
    ("تحدث عنه الرئيس أمس", "عنه"),  # a grammar word, though also an Iraqi town
    ("قال خالد إن الوضع صعب", "خالد"),  # a person's name, though also villages
    ("في تشرين الأول الماضي بدأت المعارك", "تشرين"),  # a month, though also a village
    # clitics and a common word, not a clitic and a name: «و + أن» "and that" (not Van),
    # «و + لجأت» "took refuge" (not the village Jat), «لل + حكومة» "to the government"
    ("وصل النازحون إلى حلب، وأن الأوضاع صعبة", "وأن"),
    ("ولجأت عشرات العائلات إلى المساجد", "جأت"),
    ("تسيطر على المناطق الخاضعة للحكومة قوات محلية", "حكومة"),
    ("تقدمت القوات في ريفي حلب الشمالي وإدلب الجنوبي", "الشمالي"),  # adjective, not a neighbourhood
    # a word ~30 times more frequent than its town: a direction word is not cue enough
    ("نزح الآلاف من المدينة إلى شرق البلاد", "البلاد"),
])
def test_non_places(text, trap):
    assert not [p for p in geomap.extract(text).places if trap in p.surface]


@pytest.mark.parametrize("text", [
    "طيران يجوب أجواء مدينة الباب بريف حلب",  # a designator
    "جرى تبادل الأسرى قرب الباب",  # a locator before the name
    "سقطت قذائف بالقرب من الباب",
    "تقدمت القوات شرق الباب",
])
def test_common_word_with_a_cue_is_a_place(text):
    [p] = places_named(geomap.extract(text), "الباب")
    assert p.id == "ocha:C1202"


def test_a_designator_keeps_a_name_that_reads_as_a_clitic_and_a_word():
    """«وان» is also «و + أن»; after «مدينة» it is Van in Turkey (38.49 N 43.38 E)."""
    [p] = places_named(geomap.extract("وصل الوفد إلى مدينة وان التركية"), "وان")
    assert p.id == "gn:298117"


def test_a_list_with_a_sure_place_cues_every_name_in_it():
    """«القائم» ("the existing") is a common word; in a list after Hit and Haditha it is the
    Iraqi town al-Qa'im, even though Haditha needs the list's cue itself."""
    report = geomap.extract("وقعت اشتباكات في هيت وحديثة والقائم")
    assert [p.name_en for p in report.places] == ["Hīt", "Ḩadīthah", "Al Qā’im"]


@pytest.mark.parametrize("text, ids", [
    # the governorate once designated stays the governorate: Aden Governorate, not Aden city
    ("نزح آلاف الأسر من الحديدة إلى محافظة عدن، ويقيم معظمهم لدى أقارب في عدن.",
     ["gn:79415", "cur:ye-aden", "cur:ye-aden"]),
    # a bare name before any designator takes the first one after it (OCHA SY09 = the governorate)
    ("وصلت القافلة إلى دير الزور قبل أن تتوقف عند حدود محافظة دير الزور.",
     ["ocha:SY09", "ocha:SY09"]),
    ("دخلت القوات مدينة دير الزور، ثم سيطرت على أحياء في دير الزور.",
     ["ocha:C5086", "ocha:C5086"]),
])
def test_a_bare_name_keeps_the_kind_its_designator_gave_it_elsewhere(text, ids):
    report = geomap.extract(text)
    assert [p.id for p in report.places] == ids
    assert sum("elsewhere in the text asks for a" in p.reason for p in report.places) == 1


def test_an_area_designator_is_not_echoed():
    """«منطقة البوكمال» is the Abu Kamal district; the bare «البوكمال» after it is the town
    (OCHA C5167, 34.45 N 40.91 E, on the Euphrates at the Iraqi border)."""
    report = geomap.extract("قصفت الطائرات منطقة البوكمال، وقالت مصادر إن البوكمال شهدت نزوحا.")
    assert [p.id for p in report.places] == ["ocha:SY0902", "ocha:C5167"]


@pytest.mark.parametrize("text, surface, entry_id", [
    ("وصل النازحون إلى قطاع غزة أمس", "قطاع غزة", "cur:gaza-strip"),  # «قطاع» heads a name
    # «تل» and «عين» head place names, though «رفعت» is a person's name, «عين العرب» "eye of
    # the Arabs": Tal Rifaat 36.47/37.09 and Kobani 36.89/38.35, as on any map
    ("سيطرت الفصائل على تل رفعت بعد معارك", "تل رفعت", "ocha:C1621"),
    ("وصلت التعزيزات إلى عين العرب أمس", "عين العرب", "ocha:C1946"),
])
def test_name_with_a_geographic_head_needs_no_cue(text, surface, entry_id):
    [p] = places_named(geomap.extract(text), surface)
    assert p.id == entry_id


@pytest.mark.parametrize("text, surface, entry_id", [
    # written far more often than towns of their size, but always in one form (no «الغزة»):
    # the frequency is the place's own, so no cue is needed (Gaza 31.50/34.47, Douma 33.57/36.40)
    ("أعلنت وزارة الصحة في غزة ارتفاع عدد الضحايا", "غزة", "gn:281133"),
    ("قتل عشرات المدنيين في دوما أمس", "دوما", "ocha:C2338"),
])
def test_frequent_proper_name_of_a_town_needs_no_cue(text, surface, entry_id):
    [p] = places_named(geomap.extract(text), surface)
    assert p.id == entry_id


def test_a_title_inside_the_name_before_is_not_a_person():
    """«الشيخ» belongs to «حي الشيخ مقصود»; «وحي» then designates «الأشرفية», Aleppo's
    Ashrafiyeh (OCHA N0128), which is no person's name."""
    report = geomap.extract("نزوح المدنيين من حي الشيخ مقصود وحي الأشرفية في حلب")
    assert [p.surface for p in report.places] == ["الشيخ مقصود", "الأشرفية", "حلب"]
    assert places_named(report, "الأشرفية")[0].id == "ocha:N0128"


def test_a_capital_is_found_in_its_press_spelling():
    """GeoNames spells Khartoum «خرطوم» (and a garbled «ااالخرطوم»); the press writes
    «الخرطوم»: gn:379252, 15.55 N 32.53 E."""
    [p] = places_named(geomap.extract("وصل النازحون إلى الخرطوم أمس"), "الخرطوم")
    assert p.id == "gn:379252"


def test_sudan_states_and_towns_resolve():
    """«ولاية سنار» is Sennar State (the cue, outside the span); El Fasher 13.63 N 25.35 E and
    El Geneina 13.45 N 22.44 E are the Darfur towns, not Syrian villages named الجنينة."""
    text = "نزح الآلاف من الفاشر والجنينة إلى ولاية سنار"
    report = geomap.extract(text)
    assert [(p.surface, p.id) for p in report.places] == [
        ("الفاشر", "cur:sd-el-fasher"), ("الجنينة", "cur:sd-el-geneina"),
        ("سنار", "cur:sd-sennar-state")]


@pytest.mark.parametrize("text, ids", [
    # a state named after its capital: bare, the name is the city (Kassala 15.45 N 36.40 E)…
    ("وصل النازحون إلى كسلا والقضارف", ["cur:sd-kassala", "cur:sd-gedaref"]),
    # … and the state only when a designator, plural or dual, says so
    ("وصل النازحون إلى ولايتي كسلا والقضارف", ["cur:sd-kassala-state", "cur:sd-gedaref-state"]),
    ("نزحوا إلى ولايات كسلا والبحر الأحمر وسنار",
     ["cur:sd-kassala-state", "cur:sd-red-sea", "cur:sd-sennar-state"]),
])
def test_a_bare_name_is_the_place_its_unit_is_named_after(text, ids):
    assert [p.id for p in geomap.extract(text).places] == ids


def test_a_title_before_a_preposition_is_not_a_person():
    """«الرئيس» two words back, but «إلى» between: the president went to Cairo (30.06/31.25)."""
    [p] = places_named(geomap.extract("وصل الرئيس إلى القاهرة أمس"), "القاهرة")
    assert p.id == "gn:360630"


def test_nisba_adjectives_are_not_places():
    report = geomap.extract("قال الجيش السوري إن القوات التركية والحكومة اللبنانية")
    assert report.places == []


def test_a_country_named_like_an_adjective_is_one_after_a_definite_noun():
    """«السعودية» is Saudi Arabia and the adjective Saudi: after «الحكومة» it agrees with the
    noun; after «إلى» or a verb it is the country."""
    assert geomap.extract("أعلنت الحكومة السعودية وقالت وكالة الأنباء السعودية").places == []
    report = geomap.extract("وصل الوزير إلى السعودية")
    assert [p.name_en for p in report.places] == ["Saudi Arabia"]


def test_designated_name_missing_from_the_gazetteer_is_kept_as_unresolved():
    text = "عاد السكان إلى بلدة تاورغاء الليبية"
    report = geomap.extract(text)
    assert [(u.surface, text[u.start:u.end]) for u in report.unresolved] == [("تاورغاء", "تاورغاء")]


def test_far_foreign_village_goes_to_unresolved():
    # الزوية (Iraq) is not in the gazetteer; a Syrian village of that name is 680 km away
    report = geomap.extract("قوة امنية من بغداد تدخل ناحية الزوية ضمن محافظة صلاح الدين شمالي العراق")
    assert "الزوية" in [u.surface for u in report.unresolved]
    assert "الزوية" not in [p.surface for p in report.places]


@pytest.mark.parametrize("text, name", [
    ("وصل النازحون إلى منطقة الزرنوقة مساء أمس", "الزرنوقة"),   # definite, after «منطقة»
    ("تقدمت القوات في منطقة زرنوقة", "زرنوقة"),                 # indefinite and no word at all
    ("لجأت العائلات إلى ريف الطرموخ", "الطرموخ"),
    ("نزحوا إلى قرية نتكن", "نتكن"),          # «تكن» is a word; «نتكن» has no clitic letter
    ("قصفت الطائرات بلدة كفر نتكن", "كفر نتكن"),
    ("قرية عين شمروخة", "عين شمروخة"),        # a toponym head begins a compound name
    ("داهمت الشرطة حي البرنيصة", "البرنيصة"),
    ("وصلت الحافلات إلى مخيم الزرنوق", "الزرنوق"),
    ("لجأ السكان إلى منطقة تل الزعتر", "تل الزعتر"),
])
def test_a_made_up_name_after_a_single_designator_is_unresolved(gaz, text, name):
    report = geomap.extract(text)
    assert [u.surface for u in report.unresolved] == [name]
    assert [text[u.start:u.end] for u in report.unresolved] == [name]
    assert not gaz.candidates(normalize_name(name))  # truly missing from the gazetteer


@pytest.mark.parametrize("phrase", [
    "منطقة آمنة", "منطقة إنسانية", "منطقة عسكرية", "منطقة عازلة", "منطقة منكوبة",
    "منطقة حدودية", "منطقة نفوذ", "منطقة عمليات", "منطقة خفض التصعيد", "منطقة الحدود",
    "منطقة التماس", "منطقة الاشتباكات", "منطقة متنازع عليها", "منطقة يسيطر عليها الجيش",
    "منطقة أخرى", "منطقة واسعة", "ريف المحافظة", "مدينة كبيرة", "قرية بأكملها",
])
def test_a_description_after_a_designator_names_nothing(phrase):
    """«منطقة» is the plain noun 'area' as often as a designator: an indefinite adjective or
    noun after it («آمنة», «نفوذ»), a common noun with the article («الحدود») or a clause
    pointing back to it («متنازع عليها») describes the area."""
    report = geomap.extract(f"انتقل المدنيون إلى {phrase} قبل أسبوع")
    assert (report.places, report.unresolved) == ([], [])


@pytest.mark.parametrize("text", [
    "٠مدينة", "إلى 3قرى", "3قرى", "نزح الناس إلى ١٢بلدة", "بلدتي7", "حي٥", "وصلوا إلى 4أحياء",
    "مدينة", "قرى", "قرى،", "3قرى الشعوب", "منطقة", "خرجوا من ٣مخيمات",
])
def test_a_designator_glued_to_digits_or_at_the_text_end_names_nothing(text):
    """Digits are word characters in the word index, so «3قرى» is one word and no designator
    (the designator scan read it as «قرى» and looked for a word the index did not have)."""
    report = geomap.extract(text)
    assert (report.places, report.unresolved) == ([], [])


def test_a_designator_span_off_the_word_index_is_skipped():
    norm = normalize("إلى 3قرى")
    assert designated_lists(norm, bytearray(len(norm.text) + 1), [(5, 8)]) == []


# The single designators in ordinary spelling: each is checked with made-up names below.
SINGLE_DESIGNATORS = (
    "مدينة العاصمة عاصمة بلدة قرية حي حارة محافظة ولاية مقاطعة ريف معبر منفذ ممر مطار مطاري "
    "قاعدة مخيم منطقة ناحية قضاء دولة جمهورية مملكة سلطنة إمارة شارع طريق أوتوستراد اوتستراد "
    "نهر نهري جبل جبال سهل وادي").split()


def made_up_names(count: int, seed: int = 15) -> list[str]:
    """Random strings of 4–7 Arabic letters that are no word, nor a clitic letter and a word."""
    rng, names = random.Random(seed), []
    while len(names) < count:
        name = "".join(rng.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") for _ in range(rng.randint(4, 7)))
        if zipf(name) == 0 and not (name[0] in "وفبلك" and zipf(name[1:]) > 0) \
                and name not in names:
            names.append(name)
    return names


def test_the_designator_list_is_every_single_designator():
    assert {normalize_name(d) for d in SINGLE_DESIGNATORS} == set(DESIGNATORS) - PLURAL_DESIGNATORS


@pytest.mark.parametrize("designator", SINGLE_DESIGNATORS)
def test_every_made_up_name_after_a_designator_is_a_place_or_unresolved(designator):
    """220 made-up names after the designator, bare or with the article, mid-sentence, before a
    comma and at the very end of the text: each is a place or an unresolved entry."""
    names = made_up_names(220)
    forms = [("ال" if k % 2 else "") + n for k, n in enumerate(names)]
    templates = ["وصل النازحون إلى {} أمس. ", "قصفت الطائرات {}، وقتل مدنيون. ", "عادوا إلى {}"]
    text, slots = "", []
    for k, form in enumerate(forms):
        sentence = templates[k % 3].format(f"{designator} {form}")
        start = len(text) + sentence.index(form)
        slots.append((start, start + len(form)))
        text += sentence if k % 3 != 2 else sentence + "\n"
    text = text.rstrip("\n")  # the last sentence ends the text: its name is the last word
    report = geomap.extract(text)
    spans = [(p.start, p.end) for p in report.places] + [(u.start, u.end) for u in report.unresolved]
    lost = [text[s:e] for s, e in slots if not any(a < e and s < b for a, b in spans)]
    assert lost == [] and len(slots) == 220


@pytest.mark.parametrize("text, names", [
    # a rare word and compound names make the list sure; «السلام», «النور» are then names too
    ("دعا الجيش إلى إخلاء أحياء السلام والنور وتل الزعتر في جباليا", ["السلام", "النور", "تل الزعتر"]),
    ("هجّرت المليشيا سكان قرى زوبل والمخترف وبني العليلي.", ["زوبل", "المخترف", "بني العليلي"]),
])
def test_names_listed_after_a_plural_designator_are_kept_as_unresolved(gaz, text, names):
    report = geomap.extract(text)
    listed = [u for u in report.unresolved if u.reason.startswith("listed after")]
    assert [u.surface for u in listed] == names
    assert all(text[u.start:u.end] == u.surface for u in listed)
    assert not any(gaz.candidates(normalize_name(n)) for n in names)  # truly missing entries


@pytest.mark.parametrize("text", [
    "هربوا إلى قرى نائية ومعزولة",            # adjectives, not names
    "تعيش آلاف العائلات في مخيمات النازحين",   # 'the camps of the displaced'
    "دمرت الغارات أحياء سكنية وتجارية في المدينة",
    "هاجم المسلحون قرى يسكنها أكراد، وأخرى يسكنها عرب",
])
def test_a_plural_designator_before_common_words_names_nothing(text):
    report = geomap.extract(text)
    assert (report.places, report.unresolved) == ([], [])


def test_a_neighbourhood_of_another_country_is_unresolved_not_placed():
    """«الروضة», «النزهة» after «أحياء» in a Gaza story: the gazetteer's neighbourhoods of those
    names are in Syrian cities, hundreds of km away, so they stay unresolved."""
    report = geomap.extract("دعا الجيش سكان جباليا وبيت لاهيا إلى إخلاء أحياء الروضة والنزهة فورا")
    assert {p.surface for p in report.places} == {"جباليا", "بيت لاهيا"}
    assert [u.surface for u in report.unresolved] == ["الروضة", "النزهة"]


@pytest.mark.parametrize("text", ["", "   \n\t ", "Hello world, nothing Arabic here. 123"])
def test_empty_and_non_arabic_give_an_empty_report(text):
    r = geomap.extract(text)
    assert (r.places, r.unresolved, r.movements, r.areas) == ([], [], [], [])


def test_hostile_text_is_plain_data():
    text = '<script>alert(1)</script> خرج المسلحون من حلب إلى إدلب <img src=x onerror=alert(2)>'
    r = geomap.extract(text)
    assert {p.surface for p in r.places} == {"حلب", "إدلب"}


def test_not_text_is_an_input_error():
    with pytest.raises(InputError):
        geomap.extract(b"\xd8\xad\xd9\x84\xd8\xa8")


def test_ten_megabytes_of_text(seed_text):
    big = (seed_text + "\n") * (10_000_000 // len(seed_text))
    r = geomap.extract(big)
    assert len(r.places) > 1000 and all(big[p.start:p.end] == p.surface for p in r.places[-50:])


@pytest.mark.parametrize("text, found", [
    ("نزح الآلاف من محافظتي الحديدة وإب", ["الحديدة", "إب"]),   # a designated list
    ("وصل إلى مدينة إب", ["إب"]),
    ("من 3 إلى 9 أغسطس/آب في محافظتي الحديدة وإب", ["الحديدة", "إب"]),  # «آب» is August
    ("أب لخمسة أطفال", []),                                   # «أب» father
    ("فتح باب المسجد", []),                                   # not ب + «إب»
    ("وصل من إب إلى عدن", ["عدن"]),                            # two letters need a naming cue
])
def test_a_two_letter_name_is_a_place_only_as_written_and_named(text, found):
    """Ibb («إب», 13.97 N 44.18 E) has a name of two letters, which most two-letter strings
    are not."""
    places = geomap.extract(text).places
    assert [p.surface for p in places] == found
    assert all(13.5 < p.lat < 14.5 and 43.5 < p.lon < 45 for p in places if p.surface == "إب")


@pytest.mark.parametrize("text, found", [
    ("نشطت القاعدة في شبه الجزيرة العربية", ["Arabian Peninsula"]),
    ("تنظيم القاعدة في جزيرة العرب", ["Arabian Peninsula"]),
    ("انتشر الإسلام في الجزيرة العربية", []),  # no cue for the common phrase; never Algiers
])
def test_the_arabian_peninsula_is_not_algiers(text, found):
    """GeoNames lists «الجزيرة» among Algiers' names; the peninsula is a curated region."""
    assert [p.name_en for p in geomap.extract(text).places] == found
