"""A name that the words around it make a state takes its country reading over a village or a
city spelled alike that only nearness would choose: a noun only a state has governs it
(«سفير المجر», «حكومة تونس», «وزراء خارجية روسيا وتركيا وقطر»), or it is listed with
countries (coordinated names are alike). Villages listed with villages stay villages. The
sentences are written for these tests; the homonyms are the gazetteer's (Qatar and Turkeia are
villages near Aleppo and Raqqa, Hungary («المجر») one in Raqqa's countryside, Benin («بنين»)
one in Idleb's, «عمان» is Amman and Oman, «تونس» Tunis and Tunisia)."""
import pytest

import geomap


def place(text: str, surface: str):
    """The place the report gives for `surface` (the one place so written)."""
    found = [p for p in geomap.extract(text).places if p.surface == surface]
    assert len(found) == 1, [p.surface for p in geomap.extract(text).places]
    return found[0]


@pytest.mark.parametrize("text, surface, country", [
    # a noun that only a state has, right before the name
    ("نزح الأهالي من قرية دبسي عفنان إلى الغماميز، وقال سفير المجر إن بلاده ستقدم مساعدات",
     "المجر", "HU"),
    ("تظاهر المئات في صفاقس وسوسة، وأعلنت حكومة تونس حظر التجول", "تونس", "TN"),
    ("وصل اللاجئون إلى إربد والزرقاء، والتقى سفير عمان بوزير الداخلية", "عمان", "OM"),
    # with a clitic on the noun, and a phrase whose first word alone is a person's title
    ("قصفت الطائرات قرية عجيل في ريف الرقة، ووجهت الفصائل رسالة لحكومة تركيا", "تركيا", "TR"),
    ("قصفت الطائرات قرية شيخ دن شرق حلب، وندد رئيس وزراء قطر بالقصف", "قطر", "QA"),
    # the noun governs every name of the list after it
    ("نزح الأهالي من دير سنبل وحنتوتين إلى إدلب، وأرسلت حكومات بنين وتركيا والمجر مساعدات",
     "بنين", "BJ"),
    ("قصفت الطائرات حي صلاح الدين في حلب، وتحدث كيري مع وزراء خارجية روسيا وتركيا وقطر",
     "قطر", "QA"),
])
def test_a_name_governed_by_a_state_noun_is_the_country(text, surface, country):
    p = place(text, surface)
    assert (p.kind, p.country) == ("country", country)
    assert "governs a state" in p.reason


@pytest.mark.parametrize("text, surface, country", [
    ("وصلت المساعدات إلى حلب من الأردن ومصر وقطر", "قطر", "QA"),
    ("وصل وفد من تركيا والمجر وألمانيا إلى الرقة", "تركيا", "TR"),
    ("وصل وفد من تركيا والمجر وألمانيا إلى الرقة", "المجر", "HU"),
    ("نزح آلاف إلى إربد والمفرق، وأرسلت الكويت والبحرين وعمان مساعدات", "عمان", "OM"),
])
def test_a_name_listed_with_countries_is_a_country(text, surface, country):
    p = place(text, surface)
    assert (p.kind, p.country) == ("country", country)
    assert p.reason.startswith("listed with «")


@pytest.mark.parametrize("text, surface, id", [
    # villages of Aleppo's and Raqqa's countryside listed with their neighbours, bare or after
    # a plural designator: a list of villages names villages
    ("سيطرت الفصائل على تل مكسور وشيخ دن وقطر شرق حلب", "قطر", "ocha:C1232"),
    ("قصفت الطائرات قرى تل مكسور وقطر وعفش شرق حلب", "قطر", "ocha:C1232"),
    ("نزح الأهالي من عجيل والوديان وتركيا في ريف الرقة", "تركيا", "ocha:C6870"),
    ("اندلعت اشتباكات في قرى عجيل وتركيا والوديان شمال الرقة", "تركيا", "ocha:C6870"),
    # a state noun governs its own construct only: «في عمان» after it is where the envoy is
    ("التقى سفير روسيا في عمان وزير الخارجية الأردني بعد وصول اللاجئين إلى إربد", "عمان",
     "gn:250441"),
])
def test_a_village_among_villages_and_a_city_outside_the_construct_stay(text, surface, id):
    assert place(text, surface).id == id


def test_the_seed_lists_qatar_with_the_countries_its_ministers_speak_for(seed_report):
    qatar = [p for p in seed_report.places if p.surface == "قطر"]
    assert [(p.id, p.kind) for p in qatar] == [("ne:QA", "country")]
    assert all("ocha:C1232" not in a.place_ids for a in seed_report.areas)
