"""Hand-built Reports with real coordinates and spans into real text (offsets via str.find)."""
from __future__ import annotations

from pathlib import Path

from shapely.geometry import MultiPoint, Point, Polygon

from geomap.model import Area, Endpoint, Movement, Place, Report, Unresolved

SEED = Path(__file__).resolve().parent.parent / "seeds" / "aleppo-evacuation-2016-12.txt"

# (id, Arabic, English, kind, lat, lon) — coordinates checked by hand
ALEPPO = ("gn:170063", "حلب", "Aleppo", "city", 36.206013, 37.152420)
IDLIB = ("gn:169389", "إدلب", "Idlib", "city", 35.929008, 36.635276)
RAMOUSEH = ("cur:ramouseh-crossing", "معبر الراموسة", "Ramouseh crossing", "crossing",
            36.15673, 37.12879)
KHAN_TUMAN = ("ocha:C1013", "خان طومان", "Khan Tuman", "village", 36.118418, 37.050872)
KAFRIYA = ("ocha:C3920", "كفريا", "Kafriya", "town", 35.989886, 36.676891)
FUAH = ("ocha:C3918", "الفوعة", "al-Fu'ah", "town", 35.982022, 36.703584)


def spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of needle in text."""
    out, i = [], text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def at(text: str, needle: str, nth: int = 0, after: int = 0) -> tuple[int, int]:
    """The nth span of needle at or after offset `after`."""
    found = [s for s in spans(text, needle) if s[0] >= after]
    return found[nth]


def place(entry: tuple, span: tuple[int, int], text: str, conf: float = 0.9) -> Place:
    """A Place for a gazetteer-like entry at a span."""
    pid, ar, en, kind, lat, lon = entry
    return Place(surface=text[span[0]:span[1]], start=span[0], end=span[1], id=pid, name_ar=ar,
                 name_en=en, kind=kind, lat=lat, lon=lon, confidence=conf,
                 source="hand-checked test coordinates")


def endpoint(entry: tuple, span: tuple[int, int] | None) -> Endpoint:
    """An Endpoint for an entry, with the span that names it."""
    pid, ar, en, kind, lat, lon = entry
    s, e = span if span else (None, None)
    return Endpoint(name_ar=ar, name_en=en, kind=kind, lat=lat, lon=lon, start=s, end=e, ref=pid)


def _places(text: str) -> list[Place]:
    """Every mention of the six hand-checked places in the seed text."""
    out = []
    for entry, needle in [(ALEPPO, "حلب"), (IDLIB, "إدلب"), (RAMOUSEH, "معبر الراموسة"),
                          (KHAN_TUMAN, "خان طومان"), (KAFRIYA, "كفريا"), (FUAH, "الفوعة")]:
        out += [place(entry, sp, text) for sp in spans(text, needle)]
    return sorted(out, key=lambda p: p.start)


def _areas(text: str) -> list[Area]:
    """East Aleppo, the two besieged towns, Idlib countryside, northwest Syria."""
    east = at(text, "الأحياء في جنوب شرق حلب")
    besieged = at(text, "كفريا والفوعة المحاصرتين")
    rif = at(text, "ريف إدلب")
    nw = at(text, "شمال غرب سوريا")
    return [
        Area("الأحياء في جنوب شرق حلب", *east, "south-east Aleppo neighbourhoods", "neighbourhoods",
             36.19, 37.18, Point(37.18, 36.19).buffer(0.035), "أحياء جنوب شرق حلب", (ALEPPO[0],)),
        Area(text[besieged[0]:besieged[1]], *besieged, "Kafriya and al-Fu'ah (besieged)",
             "besieged", 35.986, 36.690,
             MultiPoint([(KAFRIYA[5], KAFRIYA[4]), (FUAH[5], FUAH[4])]).buffer(0.025).convex_hull,
             "كفريا والفوعة", (KAFRIYA[0], FUAH[0])),
        Area("ريف إدلب", *rif, "Idlib countryside", "countryside", IDLIB[4], IDLIB[5],
             Point(IDLIB[5], IDLIB[4]).buffer(0.3), "ريف إدلب", (IDLIB[0],)),
        Area("شمال غرب سوريا", *nw, "northwest Syria", "region", 36.0, 36.6,
             Polygon([(35.9, 35.6), (37.4, 35.5), (37.6, 36.7), (36.6, 36.9), (35.9, 36.2)]),
             "شمال غرب سوريا"),
    ]


def _area_end(areas: list[Area], i: int) -> Endpoint:
    """An Endpoint that is area i of the report."""
    a = areas[i]
    return Endpoint(a.name_ar, a.name_en, a.kind, a.lat, a.lon, a.start, a.end, f"area:{i}")


def _movements(text: str, areas: list[Area]) -> list[Movement]:
    """Five movements the seed reports (two without a located end, so listed, not drawn)."""
    p2 = text.find("وقد أعلن الجيش الروسي")
    s20 = text.find("في 20 حافلة")
    ktm = text.find("باتجاه قرية خان طومان")
    kst = text.find("إخراج المسلحين من أحياء حلب الشرقية")
    fua = text.find("مواطني البلدتين")
    wounded = text.find("إخراج الجرحى")
    crescent = text.find("وعُلم بأن سيارات الهلال")
    return [
        Movement("المسلحين", "إخراج", _area_end(areas, 0), (endpoint(RAMOUSEH, at(text, "معبر الراموسة")),),
                 endpoint(IDLIB, at(text, "إدلب", after=p2)), None, "done",
                 at(text, "إخراج المسلحين")[0], at(text, "معبر الراموسة")[1], None, "armed"),
        Movement("المسلحين", "إخراج", endpoint(ALEPPO, at(text, "حلب", after=p2)), (),
                 endpoint(IDLIB, at(text, "إدلب", after=s20)), 20, "planned",
                 s20 - len("إخراج المسلحين "), at(text, "إدلب", after=s20)[1], "buses", "armed"),
        Movement("المسلحين", "إخراج", endpoint(ALEPPO, at(text, "حلب", after=kst)), (),
                 endpoint(KHAN_TUMAN, at(text, "خان طومان")), None, "expected",
                 kst, ktm + len("باتجاه قرية خان طومان"), None, "armed"),
        Movement("مواطني البلدتين", "اخراج", endpoint(FUAH, at(text, "الفوعة")), (),
                 endpoint(ALEPPO, at(text, "حلب", after=fua - 60)), None, "planned",
                 text.find("اخراج قسم"), fua + len("مواطني البلدتين المحاصرتين"), "people",
                 "civilians"),
        Movement("الجرحى والمرضى", "إخراج", None, (), None, None, "planned",
                 wounded, wounded + len("إخراج الجرحى والمرضى"), None, "wounded"),
        Movement("سيارات الهلال الأحمر", "دخلت", None, (), _area_end(areas, 0), None, "done",
                 crescent, crescent + 60, "vehicles", "aid"),
    ]


def seed_report() -> Report:
    """The seed article with its places, areas, movements and two unresolved names."""
    text = SEED.read_text(encoding="utf-8")
    areas = _areas(text)
    unresolved = [Unresolved("حميميم", *at(text, "حميميم"), "not in gazetteer"),
                  Unresolved("مدرسة الحكمة", *at(text, "مدرسة الحكمة"), "landmark not in gazetteer")]
    return Report(text=text, id="aleppo-evacuation-2016-12", places=_places(text),
                  unresolved=unresolved, movements=_movements(text, areas), areas=areas)


HOSTILE_TEXT = (
    "خرج المسلحون من حلب <script>alert('x')</script> إلى إدلب. "
    "قالت المصادر <img src=x onerror=\"alert(1)\"> إن القافلة وصلت `${alert(2)}` \\1 "
    "</script><script>pwned=1</script> إلى كفريا.\n"
    "وأفادت <b id=\"injected\">التقارير</b> بأن {map} ${x} \\u003c لم يتغير."
)


def hostile_report() -> Report:
    """A report whose text, names, actor and reasons try to inject HTML and JS."""
    t = HOSTILE_TEXT
    a, i, k = at(t, "حلب"), at(t, "إدلب"), at(t, "كفريا")
    img = at(t, '<img src=x onerror="alert(1)">')
    places = [place(ALEPPO, a, t), place(IDLIB, i, t),
              Place(t[k[0]:k[1]], *k, "ocha:C3920", "كفريا", "Kafriya <img src=x onerror=alert(3)>",
                    "town`${alert(4)}`", KAFRIYA[4], KAFRIYA[5], 0.5, source="</script><b>x</b>")]
    mv = Movement("<img src=x onerror=alert(5)>`", "خرج", endpoint(ALEPPO, a), (),
                  endpoint(IDLIB, i), 7, "done", 0, i[1], "buses</script>", "armed")
    return Report(text=t, id="hostile <b>`${1}`", places=places,
                  unresolved=[Unresolved(t[img[0]:img[1]], *img, "<script>alert(6)</script>")],
                  movements=[mv], areas=[])
