"""The gazetteer build on the real sources in ../shared/data, with small hand-kept files.

Expected coordinates were read by hand from the source files (and their SOURCE.md tables).
"""
from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from geomap.errors import GazetteerError
from geomap.gazetteer.admin1 import fold_latin
from geomap.gazetteer.build import DEFAULT_SOURCES, build, importance
from geomap.gazetteer.names import best_arabic
from geomap.gazetteer.curated import apply_aliases, read_curated
from geomap.gazetteer.sources import Entry

pytestmark = pytest.mark.skipif(not DEFAULT_SOURCES.is_dir(), reason="../shared/data is not present")

COUNTRIES = """iso_n3,iso_a2,name_en,name_ar,alt_names
760,SY,Syria,سوريا,سورية|Syria
032,AR,Argentina,الأرجنتين,
012,DZ,Algeria,الجزائر,
,,N. Cyprus,شمال قبرص,قبرص الشمالية
"""
TERMS = """iso_a2,term_ar,note
TN,ولاية,governorate
DZ,ولاية,wilaya
"""
CENTRES = """iso_a2,lat,lon,name_en
SY,34.802075,38.996815,Syria
"""
CURATED = """id,name_ar,name_en,alt_names,kind,lat,lon,admin1,admin2,country,population,parent_id,coord_source,geometry,note
cur:test-circle,دائرة تجريبية,Test circle,Circle X|دائرة,crossing,36.2,37.1,Aleppo,,SY,,ocha:SY0200,hand test,buffer:2,a 2 km circle
cur:test-union,منطقة تجريبية,Test union,,region,,,,,SY,,,hand test,union:ocha:SY07+ocha:SY0203,
cur:test-hull,مثلث تجريبي,Test hull,,region,35.97,36.67,Idleb,,SY,,,hand test,hull:ocha:C3952+ocha:C3905+ocha:C3871,
cur:test-gn-hull,خط تجريبي,Test GeoNames hull,,region,29.3,32.6,,,EG,,gn:170063,hand test,hull:gn:8521413+gn:360630,
cur:test-tigray,إقليم تيغراي,Tigray (test),تيغراي,governorate,,,,,ET,,ne:ET,hand test,union:ne1:ET.tigray,
cur:test-anbar,الأنبار,Al Anbar Governorate (test),محافظة الأنبار,governorate,33.4,42.0,,,IQ,,,hand test,,
cur:test-kassala,كسلا,Kassala (test),,city,15.45,36.4,,,SD,,,hand test,,
"""
ALIASES = """id,alt_names,note
ocha:C3905,الفوعه|Fuah,press spellings
air:OSLK,مطار حميميم|Hmeimim Air Base,the airbase's press name
gn:170063,Halab City,merged into ocha:C1007
"""


def write_hand_files(folder: Path) -> Path:
    """Small countries.csv, country_centres.csv, curated.csv, curated_aliases.csv and
    admin1_terms.csv in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "countries.csv").write_text(COUNTRIES, encoding="utf-8")
    (folder / "curated.csv").write_text(CURATED, encoding="utf-8")
    (folder / "curated_aliases.csv").write_text(ALIASES, encoding="utf-8")
    (folder / "country_centres.csv").write_text(CENTRES, encoding="utf-8")
    (folder / "admin1_terms.csv").write_text(TERMS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One real build (sources + small hand files): (summary, rows by id, areas by id, out dir)."""
    hand = write_hand_files(tmp_path_factory.mktemp("hand"))
    out = tmp_path_factory.mktemp("out")
    summary = build(DEFAULT_SOURCES, out, hand_dir=hand)
    with open(out / "gazetteer.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    features = json.loads((out / "areas.geojson").read_text(encoding="utf-8"))["features"]
    areas = {f["properties"]["id"]: f for f in features}
    return summary, rows, areas, out


def ids(rows, prefix):
    """The ids starting with prefix."""
    return [key for key in rows if key.startswith(prefix)]


def near(row, lat, lon, tol=1e-6):
    """The row's point equals (lat, lon) within tol degrees."""
    return abs(float(row["lat"]) - lat) <= tol and abs(float(row["lon"]) - lon) <= tol


def test_columns_and_sorting(built):
    _, rows, _, out = built
    text = (out / "gazetteer.csv").read_bytes()
    assert text.split(b"\n")[0] == (b"id,name_ar,name_en,alt_names,kind,lat,lon,admin1,admin2,"
                                    b"country,population,importance,parent_id,source")
    assert b"\r" not in text and text.endswith(b"\n")
    assert list(rows) == sorted(rows)


def test_row_counts_per_source(built):
    summary, rows, areas, _ = built
    assert len(ids(rows, "ocha:C")) == 7266
    assert len(ids(rows, "ocha:N")) == 414
    assert len([k for k in rows if k.startswith("ocha:SY") and len(k) == 9]) == 14
    assert len([k for k in rows if k.startswith("ocha:SY") and len(k) == 11]) == 62
    assert len(ids(rows, "ne:")) == 241          # world-atlas countries-50m: 241 geometries
    assert len(ids(rows, "air:")) == 157         # SOURCE.md: 157 airport rows
    assert len(ids(rows, "cur:")) == 7
    # natural-earth-admin1: 474 named outlines; Syria's 15 give way to OCHA's, two are curated rows
    assert len(ids(rows, "ne1:")) == 474 - 15 - 2
    # countries: the region's 12 (10m) and Algeria (50m, home region); curated: 4 + 2
    assert len(areas) == 14 + 62 + 414 + 13 + 6 + 457
    assert summary.rows == len(rows)


def test_geonames_kept_plus_merged_is_every_arabic_or_capital_row(built):
    summary, rows, _, _ = built
    wanted = set()
    for folder, name in (("geonames-cities500", "cities500_mena_ru_capitals.tsv"),
                         ("geonames-cities500-arab-world",
                          "cities500_arab_world_and_arabic_names.tsv")):
        for line in (DEFAULT_SOURCES / folder / name).read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            if any("\u0600" <= ch <= "\u06ff" for ch in cells[3]) or cells[7] == "PPLC":
                wanted.add(cells[0])
    counts = summary.counts
    assert counts["geonames rows read"] == 10227 + 26381 - 5819   # two extracts, 5,819 shared
    merged = counts["geonames merged into ocha"] + counts["geonames merged into curated"]
    assert len(ids(rows, "gn:")) + merged + counts["geonames Arabic only a word"] == len(wanted)
    assert 0 < counts["geonames merged into ocha"] <= 290        # only Syrian rows merge
    assert counts["geonames merged into curated"] == 1           # Kassala, into cur:test-kassala
    assert 100 < counts["geonames Arabic only a word"] < 1000


def test_arabic_words_abroad_are_no_names(built):
    rows = built[1]
    # Ely, Minnesota: its Arabic form إلي is the preposition; only a Persian-letter form is left
    assert "إلي" not in rows["gn:5025627"]["alt_names"].split("|")
    assert rows["gn:5025627"]["name_ar"] != "إلي"
    munich = rows["gn:2867714"]                                  # a name, not a word: kept
    assert munich["name_ar"] == "ميونخ" and "ميونيخ" in munich["alt_names"].split("|")
    # abroad, PPLA counts for nothing: (log10 1260391 − 2) / 6
    assert munich["importance"] == "0.683"
    assert rows["gn:2485926"]["importance"] == "0.850"          # Oran: PPLA in the home region
    # «مدينة الشمال»: مدينة is part of this Qatari name; under «الشمال» it would be "the north"
    assert "gn:289739" not in rows


def test_geonames_row_merges_into_the_curated_town(built):
    rows = built[1]
    assert "gn:372753" not in rows
    kassala = rows["cur:test-kassala"]
    assert kassala["population"] == "401477"                    # GeoNames 372753
    assert near(kassala, 15.45, 36.4) and "Kassala" in kassala["alt_names"].split("|")


def test_admin1_outlines(built):
    summary, rows, areas, _ = built
    oran = rows["ne1:DZ.oran"]                                   # named after its seat, gn:2485926
    assert oran["name_ar"] == "ولاية وهران" and oran["kind"] == "governorate"
    assert oran["parent_id"] == "ne:DZ" and oran["source"].startswith("Natural Earth admin-1")
    assert shape(areas["ne1:DZ.oran"]["geometry"]).contains(Point(-0.63588, 35.69906))
    assert rows["gn:2485926"]["parent_id"] == "ne1:DZ.oran"
    assert rows["gn:2485926"]["admin1"] == "Oran"
    assert shape(areas["ne:DZ"]["geometry"]).buffer(1e-3).contains(
        shape(areas["ne1:DZ.oran"]["geometry"]))               # cut to Algeria's outline
    sfax = rows["gn:2467454"]                                    # on the coast, 34.74056, 10.76028
    assert sfax["parent_id"] == "ne1:TN.sfax" and rows["ne1:TN.sfax"]["name_ar"] == "ولاية صفاقس"
    assert "ne1:ET.tigray" not in rows                           # drawn by cur:test-tigray
    tigray = shape(areas["cur:test-tigray"]["geometry"])
    assert tigray.contains(Point(39.47528, 13.49667))            # Mek'ele, GeoNames 331180
    assert tigray.contains(Point(float(rows["cur:test-tigray"]["lon"]),
                                 float(rows["cur:test-tigray"]["lat"])))
    assert "ne1:IQ.al-anbar" not in rows                         # «Al-Anbar» is cur:test-anbar
    assert shape(areas["cur:test-anbar"]["geometry"]).contains(Point(42.0, 33.4))
    assert not any(k.startswith("ne1:SY.") for k in rows)        # OCHA outlines Syria
    assert "IL HaDarom" in summary.unnamed and "ET Amhara" in summary.unnamed
    assert "ET Tigray" not in summary.unnamed and "IL HaDarom" in str(summary)


@pytest.mark.parametrize("key, lat, lon, name_ar", [
    ("ocha:C1007", 36.206013, 37.152420, "حلب"),
    ("ocha:C3871", 35.929008, 36.635276, "إدلب"),
    ("ocha:C1015", 36.118418, 37.050872, "خان طومان"),
    ("ocha:C3952", 35.989886, 36.676891, "كفريا"),
    ("ocha:C3905", 35.982022, 36.703584, "الفوعة"),
    ("ocha:C3588", 35.399211, 35.931647, "حميميم"),
    ("ocha:N0226", 36.155717, 37.128363, "الراموسة/ المنطقة الصناعية"),
    ("ocha:N0214", 36.181119, 37.123066, "صلاح الدين"),
    ("ocha:SY07", 35.857697, 36.570880, "إدلب"),
    ("gn:276781", 33.89332, 35.50157, "بيروت"),
    ("gn:98182", 33.34058, 44.40088, "بغداد"),
    ("gn:323786", 39.91987, 32.85427, "أنقرة"),
    ("gn:360630", 30.06263, 31.24967, "القاهرة"),
    ("air:OSLK", 35.4011, 35.9487, "مطار حميميم"),
])
def test_known_places(built, key, lat, lon, name_ar):
    row = built[1][key]
    assert near(row, lat, lon)
    assert row["name_ar"] == name_ar


def test_ocha_details(built):
    rows = built[1]
    assert "خانطومان" in rows["ocha:C1015"]["alt_names"].split("|")
    assert rows["ocha:C1015"]["parent_id"] == "ocha:SY0200"
    assert rows["ocha:C1015"]["admin1"] == "Aleppo" and rows["ocha:C1015"]["admin2"] == "Jebel Saman"
    assert "كفريا معرتمصرين" in rows["ocha:C3952"]["alt_names"].split("|")
    assert "الراموسة" in rows["ocha:N0226"]["alt_names"].split("|")
    assert "المنطقة الصناعية" not in rows["ocha:N0226"]["alt_names"].split("|")
    assert rows["ocha:N0226"]["parent_id"] == "ocha:C1007"
    assert rows["ocha:N0214"]["kind"] == "neighbourhood"
    idlib_gov, idlib_city = rows["ocha:SY07"], rows["ocha:C3871"]
    assert idlib_gov["kind"] == "governorate" and idlib_gov["parent_id"] == "ne:SY"
    assert idlib_city["kind"] == "city" and float(idlib_city["importance"]) > 0.8
    assert rows["ocha:SY0200"]["parent_id"] == "ocha:SY02" and rows["ocha:SY0200"]["kind"] == "district"


def test_truncated_2015_names_are_not_alternates(built):
    # C1466 is cut at 50 bytes in the 2015 file (SOURCE.md); its cut name must not appear.
    source = DEFAULT_SOURCES / "ocha-cod-syria-2015" / "syr_communities_2015.csv"
    with open(source, encoding="utf-8", newline="") as handle:
        cut = next(r["NAME_ARA"] for r in csv.DictReader(handle) if r["PCODE"] == "C1466")
    assert cut not in built[1]["ocha:C1466"]["alt_names"].split("|")


def test_neighbourhood_reference_names_drop_the_city(built):
    # NAM_AR_REF «الفيحاء - دمشق»: the part «دمشق» is the city, not a neighbourhood name.
    damascus_fayha = [r for r in built[1].values() if r["id"].startswith("ocha:N") and r["name_ar"] == "الفيحاء"
                      and r["admin1"] == "Damascus"]
    assert damascus_fayha and all("دمشق" not in r["alt_names"].split("|") for r in damascus_fayha)


def test_aleppo_geonames_merges_into_ocha(built):
    rows = built[1]
    assert "gn:170063" not in rows
    assert rows["ocha:C1007"]["population"] == "1602264"       # GeoNames 170063 population
    assert near(rows["ocha:C1007"], 36.206013, 37.152420)       # OCHA keeps its point
    assert rows["ocha:C1001"]["importance"] == "0.950"          # Damascus: PPLC → national capital


def test_countries(built):
    rows, areas = built[1], built[2]
    syria = rows["ne:SY"]
    assert syria["name_ar"] == "سوريا" and "سورية" in syria["alt_names"].split("|")
    assert syria["importance"] == "1.000" and syria["kind"] == "country"
    assert shape(areas["ne:SY"]["geometry"]).contains(Point(37.152, 36.206))
    assert near(syria, 34.802075, 38.996815) and syria["source"].startswith("Google DSPL")
    argentina = rows["ne:AR"]                                    # no centre row: a point inside
    assert argentina["source"] == "Natural Earth (public domain)"
    assert argentina["name_ar"] == "الأرجنتين"
    assert -55 < float(argentina["lat"]) < -22 and -73.6 < float(argentina["lon"]) < -53.6
    assert "ne:AR" not in areas                                  # outlines only for the region
    assert rows["ne:france"]["name_en"] == "France"              # not in the small countries.csv
    assert rows["ne:n-cyprus"]["name_ar"] == "شمال قبرص"
    assert {k for k in areas if k.startswith("ne:")} == {
        "ne:CY", "ne:IL", "ne:PS", "ne:LB", "ne:SY", "ne:TR", "ne:IQ", "ne:IR", "ne:SA", "ne:JO",
        "ne:EG", "ne:n-cyprus", "ne:DZ"}                          # Algeria: home region, 50m
    algiers = Point(3.08746, 36.73225)                           # GeoNames 2507480
    assert shape(areas["ne:DZ"]["geometry"]).contains(algiers)


def test_airports_and_bases(built):
    rows = built[1]
    assert rows["air:OS58"]["kind"] == "base"                    # Hamah Air Base
    assert rows["air:OSAP"]["kind"] == "airport"
    assert "Hmeimim Air Base" in rows["air:OSLK"]["alt_names"].split("|")


def test_merged_and_skipped_geonames_ids_still_resolve(built):
    rows, areas = built[1], built[2]
    assert "Halab City" in rows["ocha:C1007"]["alt_names"].split("|")   # alias on merged gn:170063
    assert rows["cur:test-gn-hull"]["parent_id"] == "ocha:C1007"          # parent redirected too
    assert "gn:8521413" not in rows                                       # Saint Catherine: no Arabic name
    hull = shape(areas["cur:test-gn-hull"]["geometry"])
    assert hull.contains(Point(33.94934, 28.56191)) and hull.contains(Point(31.24967, 30.06263))


def test_curated_rows_and_polygons(built):
    rows, areas = built[1], built[2]
    circle = rows["cur:test-circle"]
    assert circle["source"] == "curated: hand test" and circle["kind"] == "crossing"
    assert circle["alt_names"] == "Circle X|دائرة"
    assert "الفوعه" in rows["ocha:C3905"]["alt_names"].split("|")
    radius_km = math.sqrt(metric_area_km2(areas["cur:test-circle"]) / math.pi)
    assert abs(radius_km - 2.0) < 0.02
    union = shape(areas["cur:test-union"]["geometry"])
    assert union.contains(Point(36.635276, 35.929008))          # Idlib city, in SY07
    assert union.contains(Point(36.794198, 36.574467))          # Afrin district label point
    assert union.contains(Point(float(rows["cur:test-union"]["lon"]), float(rows["cur:test-union"]["lat"])))
    hull = shape(areas["cur:test-hull"]["geometry"])
    assert hull.contains(Point(36.676891, 35.989886).buffer(0.02))  # Kafriya + ~2 km all round


def metric_area_km2(feature) -> float:
    """Area of a GeoJSON feature in km², in UTM 37N."""
    import shapely
    from pyproj import Transformer

    to_metric = Transformer.from_crs("EPSG:4326", "EPSG:32637", always_xy=True).transform
    return shapely.transform(shape(feature["geometry"]), to_metric, interleaved=False).area / 1e6


def test_rebuild_is_byte_identical(built, tmp_path):
    _, _, _, first = built
    hand = write_hand_files(tmp_path / "hand")
    build(DEFAULT_SOURCES, tmp_path / "again", hand_dir=hand)
    for name in ("gazetteer.csv", "areas.geojson"):
        assert (tmp_path / "again" / name).read_bytes() == (first / name).read_bytes()


def test_areas_are_rounded_and_linked(built):
    _, rows, areas, out = built
    assert set(areas) <= set(rows)
    sample = json.dumps(areas["ocha:N0226"]["geometry"]["coordinates"])
    assert all(len(n.split(".")[1]) <= 5 for n in sample.replace("[", " ").replace("]", " ")
               .replace(",", " ").split() if "." in n)
    assert areas["ocha:SY07"]["properties"] == {"id": "ocha:SY07", "name_en": "Idleb", "kind": "governorate"}
    assert (out / "areas.geojson").stat().st_size < 4_500_000


def test_importance_is_monotone():
    assert importance("country", None, None) == 1.0
    assert importance("city", 0, 10) == 0.95
    assert importance("village", 1, None) > importance("village", 2, None) > importance("village", 3, None)
    assert importance("village", 3, None) > importance("village", None, None) == 0.25
    assert importance("city", None, 1_000_000) > importance("city", None, 50_000)


# --- bad data -------------------------------------------------------------------------------

def sources_with(tmp_path: Path, name: str, content: bytes) -> Path:
    """A copy of the sources (symlinks) where ocha-cod-syria/<name> has the given bytes."""
    root = tmp_path / "sources"
    root.mkdir()
    for folder in DEFAULT_SOURCES.iterdir():
        if folder.name != "ocha-cod-syria":
            (root / folder.name).symlink_to(folder)
    (root / "ocha-cod-syria").mkdir()
    for path in (DEFAULT_SOURCES / "ocha-cod-syria").iterdir():
        (root / "ocha-cod-syria" / path.name).symlink_to(path)
    (root / "ocha-cod-syria" / name).unlink()
    (root / "ocha-cod-syria" / name).write_bytes(content)
    return root


def admin1_bytes() -> bytes:
    """The real syr_admin1.csv."""
    return (DEFAULT_SOURCES / "ocha-cod-syria" / "syr_admin1.csv").read_bytes()


def test_missing_column_names_file_and_line(tmp_path):
    lines = admin1_bytes().split(b"\n")
    lines[0] = lines[0].replace(b"label_lat", b"lat_label")
    with pytest.raises(GazetteerError, match=r"syr_admin1\.csv:1: missing column 'label_lat'"):
        build(sources_with(tmp_path, "syr_admin1.csv", b"\n".join(lines)), tmp_path / "out", hand_dir=tmp_path)


def test_not_utf8_names_file_and_line(tmp_path):
    lines = admin1_bytes().split(b"\n")
    lines[2] = lines[2].replace("حلب".encode(), b"\xff\xfe")
    with pytest.raises(GazetteerError, match=r"syr_admin1\.csv:3: not UTF-8"):
        build(sources_with(tmp_path, "syr_admin1.csv", b"\n".join(lines)), tmp_path / "out", hand_dir=tmp_path)


def test_bad_coordinate_names_file_and_line(tmp_path):
    lines = admin1_bytes().split(b"\n")
    lines[4] = lines[4].rsplit(b",", 1)[0] + b",east"
    with pytest.raises(GazetteerError, match=r"syr_admin1\.csv:5: bad coordinate"):
        build(sources_with(tmp_path, "syr_admin1.csv", b"\n".join(lines)), tmp_path / "out", hand_dir=tmp_path)


def small_entries() -> dict[str, Entry]:
    """Two entries to merge curated files into."""
    return {"ocha:C3905": Entry("ocha:C3905", "الفوعة", "Foah", "village", 35.982022, 36.703584),
            "air:OSLK": Entry("air:OSLK", "", "Bassel Al-Assad International Airport", "airport", 35.4011, 35.9487)}


def test_alias_for_unknown_id_is_an_error(tmp_path):
    path = tmp_path / "curated_aliases.csv"
    path.write_text("id,alt_names,note\nocha:C3905,Fuah,\nocha:C9999,nowhere,\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"curated_aliases\.csv:3: unknown id 'ocha:C9999'"):
        apply_aliases(path, small_entries())


def test_alias_fills_empty_arabic_name(tmp_path):
    path = tmp_path / "curated_aliases.csv"
    path.write_text("id,alt_names,note\nair:OSLK,Hmeimim|مطار حميميم|قاعدة حميميم,\n", encoding="utf-8")
    entries = small_entries()
    assert apply_aliases(path, entries) == 1
    assert entries["air:OSLK"].name_ar == "مطار حميميم"
    assert entries["air:OSLK"].alternates() == ["Hmeimim", "قاعدة حميميم"]


@pytest.mark.parametrize("line, message", [
    ("cur:x,س,X,,village,91,36,,,SY,,,ref,,", r"curated\.csv:2: coordinate out of range"),
    ("cur:x,س,X,,planet,35,36,,,SY,,,ref,,", r"curated\.csv:2: unknown kind 'planet'"),
    ("x,س,X,,village,35,36,,,SY,,,ref,,", r"curated\.csv:2: curated id must start with 'cur:'"),
    ("cur:x,س,X,,region,,,,,SY,,,ref,union:ocha:SY99,", r"curated\.csv:2: union of ids without a polygon: ocha:SY99"),
    ("cur:x,س,X,,region,35,36,,,SY,,,ref,spiral:3,", r"curated\.csv:2: unknown geometry recipe"),
])
def test_bad_curated_rows(tmp_path, line, message):
    path = tmp_path / "curated.csv"
    path.write_text(CURATED.splitlines()[0] + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        read_curated(path, small_entries(), {})


def test_missing_hand_files_are_skipped(tmp_path):
    found, areas = read_curated(tmp_path / "curated.csv", small_entries(), {})
    assert found == [] and areas == {}
    assert apply_aliases(tmp_path / "curated_aliases.csv", small_entries()) == 0


def test_missing_sources_directory(tmp_path):
    with pytest.raises(GazetteerError, match="sources directory not found"):
        build(tmp_path / "nowhere", tmp_path / "out")


@pytest.mark.parametrize("forms, best", [
    (["موصل", "الموصل"], "الموصل"),                  # one name: the spelling text uses most
    (["رياض", "الرياض"], "الرياض"),
    (["دبى", "دبي"], "دبي"),
    (["اب", "إب"], "إب"),                             # hamza before frequency (اب is 'father')
    (["قُدس", "القدس", "القُدس"], "القدس"),           # no vowel marks
    (["أريحا", "اریحا", "مدينة القمر"], "أريحا"),     # two names: frequency does not choose
])
def test_best_arabic(forms, best):
    assert best_arabic(forms) == best


@pytest.mark.parametrize("name, folded", [
    ("Sala ad-Din", "salaaddin"), ("Ta`izz", "taizz"), ("North Governorate (Lebanon)", "north"),
    ("Al-Anbar", "anbar"), ("Anbar Governorate", "anbar"), ("Ben Arous (Tunis Sud)", "benarous"),
    ("Béjaïa", "bejaia"),
])
def test_fold_latin(name, folded):
    assert fold_latin(name) == folded
