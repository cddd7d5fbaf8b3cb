"""Issue 18: precision as the gazetteer grows. Outlets, bylines, datelines, agreements, Syrians
counted, men who speak, foreign namesakes: each non-place rule beside the place it must leave
alone, on sentences written for these tests from many countries."""
import json
from pathlib import Path

import pytest

import geomap

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout-places.jsonl"


def surfaces(text: str) -> list[str]:
    return [p.surface for p in geomap.extract(text).places]


@pytest.mark.parametrize("text, name", [
    # a loanword that ends outlets' names
    ("ذكرت صحيفة واشنطن بوست أن الإدارة تدرس الانسحاب", "واشنطن"),
    ("وبحسب الموصل نيوز فإن القصف توقف", "الموصل"),
    ("أفادت عمان نت بأن الحكومة رفعت الأسعار", "عمان"),
    ("قال مراسل الجزيرة الإخبارية إن الوضع هادئ", "الجزيرة"),
    # glued to digits
    ("بحسب ما نشرته صنعاء24 فإن الطيران قصف مأرب", "صنعاء"),
    # a time word after the name, and a verb only media use, or a source after it
    ("أفادت طرابلس الآن بأن الاشتباكات تجددت", "طرابلس"),
    ("ذكرت الخرطوم اليوم نقلا عن شهود أن القصف طال أم درمان", "الخرطوم"),
    ("نشرت عدن الغد تقريرا عن النازحين في لحج", "عدن"),
    ("نقلت بغداد اليوم عن مصادر أمنية أن الطريق أغلق", "بغداد"),
    # «لـ» written apart, or drawn out, in a statement: the outlet credited
    ("قال مصدر عسكري لـ\"دمشق الآن\" إن الطريق مغلق", "دمشق"),
    ("وأكد مسؤول محلي لـحلب اليوم أن المعبر أغلق", "حلب"),
    ("وقالت مصادر خاصة لـ «صنعاء نيوز» إن المعارك توقفت", "صنعاء"),
    # a dateline opening the report
    ("غزة – خاص: استشهد ثلاثة مواطنين في قصف على مخيم النصيرات", "غزة"),
    ("الخرطوم: أعلنت وزارة الصحة ارتفاع عدد الإصابات في ود مدني", "الخرطوم"),
    ("بيروت (رويترز) - قال الجيش إن طائرات قصفت بلدة الخيام", "بيروت"),
    ("تقرير خاص\nطرابلس: عاد مئات النازحين إلى بيوتهم في تاورغاء", "طرابلس"),
])
def test_a_place_name_in_an_outlet_byline_or_dateline_is_no_place(text, name):
    assert name not in surfaces(text)


@pytest.mark.parametrize("text, name", [
    ("وصلت القافلة إلى طرابلس الآن", "طرابلس"),
    ("عاد النازحون إلى الخرطوم اليوم", "الخرطوم"),
    ("تصل الشحنة إلى عدن الغد", "عدن"),
    ("وصلوا إلى بغداد اليوم بعد رحلة طويلة", "بغداد"),
    ("غادرت العائلات الموصل اليوم باتجاه أربيل", "الموصل"),
    # «لـ» without a statement, an attached «ل», a colon inside a line, a line without one
    ("وصلت التعزيزات العسكرية لـ حمص مساء أمس", "حمص"),
    ("قال مسؤول إن الطريق لحلب مغلق", "حلب"),
    ("المدن التي قصفت: حلب وإدلب", "إدلب"),
    ("الحديدة تغرق بعد السيول", "الحديدة"),
    ("بحسب ما نشرته صنعاء24 فإن الطيران قصف مأرب", "مأرب"),
    ("غزة – خاص: استشهد ثلاثة مواطنين في قصف على مخيم النصيرات", "النصيرات"),
    ("بيروت (رويترز) - قال الجيش إن طائرات قصفت بلدة الخيام", "الخيام"),
])
def test_the_same_names_are_places_where_they_locate(text, name):
    assert name in surfaces(text)


@pytest.mark.parametrize("text, name", [
    ("دعت أنقرة إلى تطبيق اتفاقية أضنة مع دمشق", "أضنة"),
    ("عقدت جولة جديدة من محادثات جنيف", "جنيف"),
    ("شارك الوفد في مؤتمر بروكسل للمانحين", "بروكسل"),
    ("أعادت مفاوضات الدوحة الأمل إلى الأطراف", "الدوحة"),
    ("وقعت الأطراف السودانية على اتفاق جوبا للسلام", "جوبا"),
    ("انطلقت الجولة الجديدة من مسار أستانا", "أستانا"),
    ("عملية غصن الزيتون مستمرة", "الزيتون"),
])
def test_a_place_naming_an_agreement_or_conference_is_no_place(text, name):
    assert name not in surfaces(text)


@pytest.mark.parametrize("text, name", [
    ("دعت أنقرة إلى تطبيق اتفاقية أضنة مع دمشق", "دمشق"),
    ("عقد مؤتمر المانحين في بروكسل", "بروكسل"),
    ("وصل الوفد إلى أضنة", "أضنة"),
    ("تسلق المتطوعون قمة جبل الشيخ", "جبل الشيخ"),  # a mountain's top, no summit meeting
])
def test_a_place_beside_an_agreement_word_is_a_place(text, name):
    assert name in surfaces(text)


@pytest.mark.parametrize("text, name", [
    ("قتل عشرون سوريا في غرق قارب قبالة السواحل اليونانية", "سوريا"),
    ("اعتقلت السلطات جنديا تركيا قرب الحدود", "تركيا"),
    ("استقبل المطار 150 ليبيا عائدين من تونس", "ليبيا"),
    ("رحلت السلطات لاجئا سوريا إلى لبنان", "سوريا"),
    ("الجيش الوطني المدعوم تركياً سيطر على عفرين", "تركياً"),
])
def test_a_country_read_as_its_adjective_counting_people_is_no_place(text, name):
    assert name not in surfaces(text)


@pytest.mark.parametrize("text, name", [
    ("عاد 150 لاجئا إلى سوريا", "سوريا"),
    ("منذ 2011 سوريا تشهد حربا", "سوريا"),  # a year, not a count
    ("استقبل المطار 150 ليبيا عائدين من تونس", "تونس"),
    ("الجيش الوطني المدعوم تركياً سيطر على عفرين", "عفرين"),
])
def test_a_country_after_a_number_or_a_preposition_is_the_country(text, name):
    assert name in surfaces(text)


def test_a_town_after_a_masculine_verb_of_saying_is_a_man():
    """Towns are feminine («قالت دمشق»): «أكد بشار» is a man, not Béchar (Algeria); a
    masculine country may speak («أكد العراق»)."""
    assert surfaces("وأكد بشار أن الحل سياسي") == []
    assert surfaces("أكد العراق رفضه للتدخل") == ["العراق"]
    assert surfaces("قالت القاهرة إن المعبر سيفتح") == ["القاهرة"]


def places_of(text: str) -> list[tuple[str, str]]:
    return [(p.surface, p.country) for p in geomap.extract(text).places]


@pytest.mark.parametrize("text, expected", [
    # common nouns read as far-away seats (Mascara and Atar: Algeria, Mauritania, 3,000+ km
    # from Syria) lose to the words: a designator, a country adjective or a list would be needed
    ("أقام الجيش معسكر تدريب شرق الرقة", [("الرقة", "SY")]),
    ("وقعت الفصائل في إطار الاتفاق على تسليم السلاح في درعا", [("درعا", "SY")]),
    ("خرجت الحافلات من حلب في أطار الاتفاق", [("حلب", "SY")]),  # misspelt, still the word
    ("شح البيض واللحوم في مخيمات إدلب", [("إدلب", "SY")]),
    # a proper noun far away with no preposition of place: a man, not Béchar or Bolton (GB)
    ("أعلن مستشار الأمن القومي جون بولتن أن طهران ستدفع الثمن", [("طهران", "IR")]),
    # … and the common noun right after that man's name is his family name, not a village
    ("التقى بشار الأسد وفدا روسيا في دمشق", [("دمشق", "SY")]),
])
def test_a_name_far_from_the_article_needs_a_cue(text, expected):
    assert places_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the article names the country, or a designator names the town
    ("اعتقلت السلطات الجزائرية مهاجرين في معسكر ووهران", [("معسكر", "DZ"), ("وهران", "DZ")]),
    ("وصل الرئيس الموريتاني إلى مدينة أطار", [("أطار", "MR")]),
    # European destinations of refugees after a preposition, and the lists they head
    ("وصل مهاجرون من زوارة إلى ميلانو", [("زوارة", "LY"), ("ميلانو", "IT")]),
    ("يعيش آلاف السوريين في ميونخ وهامبورغ", [("ميونخ", "DE"), ("هامبورغ", "DE")]),
    ("وصل لاجئون من الموصل إلى برلين", [("الموصل", "IQ"), ("برلين", "DE")]),
    # a story of Aleppo and Munich: neither place is the stray one
    ("شهدت حلب قصفا عنيفا، ووصل آلاف اللاجئين إلى ميونخ", [("حلب", "SY"), ("ميونخ", "DE")]),
    # Gaza camps, Sudanese and Chadian towns, Syrian villages with their designators
    ("نزح السكان من مخيم الشاطئ إلى دير البلح", [("مخيم الشاطئ", "PS"), ("دير البلح", "PS")]),
    ("عبر اللاجئون الحدود إلى تشاد واستقروا في مخيمات حول أبشي",
     [("تشاد", "TD"), ("أبشي", "TD")]),
    ("قصفت الطائرات قرية كفر عويد في جبل الزاوية",
     [("كفر عويد", "SY"), ("جبل الزاوية", "SY")]),
])
def test_a_far_place_with_its_cue_or_its_country_stays(text, expected):
    assert places_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # foreign towns written far more than towns of their size are (clubs, brands): the town
    # only after a preposition of place (Liverpool 53.41 N, Naples, Toyota City JP)
    ("تغلب نابولي على يوفنتوس في المباراة", []),
    ("دخلت سيارات تويوتا محملة بالمسلحين مدينة سرت", [("سرت", "LY")]),
    ("وصل اللاجئون إلى ليفربول بعد رحلة طويلة", [("ليفربول", "GB")]),
    # Geneva is rare for its size only once discounted as foreign: «في» is cue enough
    ("عقدت المفاوضات في جنيف برعاية أممية", [("جنيف", "CH")]),
])
def test_a_foreign_namesake_of_a_club_or_brand_needs_a_preposition(text, expected):
    assert places_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("حماة الديار.", []),  # 'guardians of the homeland': a proper name heads no construct
    ("أبطال غزة الصمود", [("غزة", "PS")]),  # not a phrase of its own
    ("وصلوا إلى حماة الأحد", [("حماة", "SY")]),  # a day, not a construct
])
def test_a_name_heading_a_construct_is_the_common_noun(text, expected):
    assert places_of(text) == expected


def heldout_scores() -> tuple[float, float, int, int]:
    """(precision, recall, non-places mapped, non-places) of the held-out sentences: a place is
    right when its surface holds the gold one (or is held by it) and its country is one of
    the gold's."""
    tp = pred = gold = mapped = nonplaces = 0
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        found = geomap.extract(r["text"]).places
        left = list(found)
        for surface, countries in r["places"]:
            hit = next((p for p in left if (surface in p.surface or p.surface in surface)
                        and p.country in countries.split()), None)
            if hit is not None:
                left.remove(hit)
                tp += 1
        pred, gold = pred + len(found), gold + len(r["places"])
        for name in r["non_places"]:
            i = r["text"].find(name)
            nonplaces += 1
            mapped += any(p.start < i + len(name) and i < p.end for p in found)
    return tp / pred, tp / gold, mapped, nonplaces


def test_heldout_sentences_keep_precision_and_recall():
    """67 sentences written before phase 2's rules (P 0.838, R 0.936, 17 of 32 non-places
    mapped before them; P 0.989, R 0.936, 1 of 32 after): the rules carry over to text they
    were not written on. The bounds leave room for one or two sentences to change."""
    precision, recall, mapped, nonplaces = heldout_scores()
    assert precision >= 0.95 and recall >= 0.9 and mapped <= 3, \
        (precision, recall, mapped, nonplaces)


if __name__ == "__main__":
    p, r, m, n = heldout_scores()
    print(f"held-out: P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}; non-places mapped {m}/{n}")


@pytest.mark.parametrize("text, word", [
    ("استقبلت القاهرة وفدا من الأردن لبحث ملف اللاجئين", "فدا"),     # 'a delegation', not Fada
    ("التقى وكيل وزارة الداخلية بالنازحين في المخيم", "كيل"),        # 'deputy', not Kiel
    ("قالت الأمم المتحدة إن بنوك المدينة أغلقت أبوابها", "نوك"),     # 'banks', not Nuuk
    ("أعلن ناشطون أن بشير وصل إلى بيروت مساء أمس", "شير"),           # a man's name, not with ب
])
def test_a_frequent_word_is_not_read_as_a_clitic_and_a_name(text, word):
    assert word not in surfaces(text)


@pytest.mark.parametrize("text, names", [
    ("وصل النازحون من حلب وإدلب وحمص ودرعا إلى الحدود", ["حلب", "إدلب", "حمص", "درعا"]),
    ("فر السكان من تعز وعدن ومأرب باتجاه الساحل", ["تعز", "عدن", "مأرب"]),
    ("وصلت القافلة إلى كسلا ونيالا والفاشر بعد أيام", ["كسلا", "نيالا", "الفاشر"]),
])
def test_towns_written_with_a_clitic_stay_towns(text, names):
    found = surfaces(text)
    assert all(n in found for n in names), found
