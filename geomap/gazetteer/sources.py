"""Readers that turn each public source into gazetteer entries (and polygons, keyed by id)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import make_valid

from . import topojson
from ..errors import GazetteerError
from ..geometry.distance import haversine_km
from .prior import importance
from .tables import coordinate, read_json, read_polygons, read_table
from .names import (
    article_keys, best_arabic, compound_parts, has_arabic, is_plain_arabic, match_keys,
    qualifier_keys, split_pieces, strip_qualifier,
)

OCHA = "OCHA COD Syria (CC BY-IGO)"
OCHA_2015 = "OCHA COD Syria 2015 (CC BY-IGO)"
GEONAMES = "GeoNames (CC BY 4.0)"
NATURAL_EARTH = "Natural Earth (public domain)"
COUNTRY_CENTRES = "Google DSPL canonical countries (CC BY 4.0)"
AIRPORTS = "airportsdata (MIT)"
GN_LEVELS = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3}
DEDUP_KM = 5.0
_MADINAT = re.compile(r"(?i)mad[iī]nat\b|medinat\b")
ADMIN_WORDS = ("محافظة", "منطقة", "ناحية", "قضاء", "ولاية", "إقليم", "مقاطعة", "إمارة")

Areas = dict[str, tuple[BaseGeometry, str, str]]

# GeoNames extracts, read in this order; a row in both (same geonameid) is read once.
GEONAMES_TABLES = (
    ("geonames-cities500", "cities500_mena_ru_capitals.tsv"),
    ("geonames-cities500-arab-world", "cities500_arab_world_and_arabic_names.tsv"),
)
# The Arab League members and their neighbours: the countries whose every GeoNames row the
# Arab-world extract keeps (its SOURCE.md). Elsewhere a row is there for its Arabic name alone.
HOME_REGION = frozenset(
    "SY LB JO PS IQ SA YE OM AE QA BH KW EG SD LY TN DZ MA MR SO DJ KM "
    "SS TD ER ET IR TR IL CY EH NE ML".split())


@dataclass
class Entry:
    """One gazetteer row while it is being built; `level` is the admin-centre level (0 = capital)."""

    id: str
    name_ar: str
    name_en: str
    kind: str
    lat: float
    lon: float
    admin1: str = ""
    admin2: str = ""
    country: str = ""
    population: int | None = None
    parent_id: str = ""
    source: str = ""
    level: int | None = None
    where: str = ""
    alt_names: list[str] = field(default_factory=list)
    recipe: str = ""  # a curated row's geometry recipe (union:…, hull:…, buffer:KM)

    def add_alt(self, *names: str) -> None:
        """Append alternate names (blank ones ignored; duplicates drop out when written)."""
        self.alt_names.extend(n.strip() for n in names if n and n.strip())

    def alternates(self) -> list[str]:
        """Alternate names in first-seen order, without duplicates, the main names or `|`."""
        seen = {self.name_ar, self.name_en}
        out = []
        for name in self.alt_names:
            name = " ".join(name.replace("|", " ").split())
            if name and name not in seen:
                seen.add(name)
                out.append(name)
        return out


def read_ocha_admin(stem: Path, kind: str) -> tuple[list[Entry], Areas]:
    """Governorates (syr_admin1) or districts (syr_admin2): label-point rows plus their polygons."""
    table = stem.with_suffix(".csv")
    required = ["PCODE", "NAME_AR", "NAME_EN", "NAM_EN_REF", "label_lat", "label_lon"]
    required += ["ADM1_EN", "ADM1_PCODE"] if kind == "district" else []
    polygons = read_polygons(stem.with_suffix(".geojson"), "PCODE")
    entries, areas = [], {}
    for line, row in read_table(table, required):
        lat, lon = coordinate(row, "label_lat", "label_lon", f"{table}:{line}")
        key = f"ocha:{row['PCODE']}"
        district = kind == "district"
        entry = Entry(key, row["NAME_AR"], row["NAME_EN"], kind, lat, lon,
                      admin1=row["ADM1_EN"] if district else row["NAME_EN"],
                      admin2=row["NAME_EN"] if district else "", country="SY",
                      parent_id=f"ocha:{row['ADM1_PCODE']}" if district else "ne:SY",
                      source=OCHA, where=f"{table}:{line}")
        entry.add_alt(row["NAM_EN_REF"])
        entries.append(entry)
        if row["PCODE"] in polygons:
            areas[key] = (polygons[row["PCODE"]][1], row["NAME_EN"], kind)
    return entries, areas


def read_2015(folder: Path) -> dict[str, dict[str, str]]:
    """2015 OCHA communities by P-code (CAPIT_LVL, spellings, truncation flag)."""
    path = folder / "syr_communities_2015.csv"
    if not path.exists():
        return {}
    required = ["PCODE", "NAME_ARA", "NAME_EN", "NAM_EN_REF", "ADMIN3_ARA", "ADMIN2_ARA",
                "CAPIT_LVL", "name_ar_truncated"]
    return {row["PCODE"]: row for _, row in read_table(path, required)}


def capital_level(value: str) -> int | None:
    """2015 CAPIT_LVL 1..3 as a level; 0 is ignored: its one row (C5157 الصور) is a village."""
    return int(value) if value in ("1", "2", "3") else None


def read_ocha_communities(ocha: Path, ocha2015: Path, counts: dict[str, int]) -> tuple[list[Entry], Areas]:
    """The 7,266 OCHA communities, with 2015 spellings, compound-name parts and CAPIT_LVL."""
    table = ocha / "syr_communities.csv"
    required = ["pcode", "name_ar", "name_en", "lat", "lon", "admin1_en", "admin1_ar",
                "admin2_pcode", "admin2_en", "admin2_ar", "admin3_ar"]
    old = read_2015(ocha2015)
    rows = [(line, row, community_names(row, old.get(row["pcode"], {})))
            for line, row in read_table(table, required)]
    shared = names_in_use(rows)
    entries = []
    for line, row, (names, qualifiers) in rows:
        lat, lon = coordinate(row, "lat", "lon", f"{table}:{line}")
        entry = Entry(f"ocha:{row['pcode']}", row["name_ar"], row["name_en"], "village", lat, lon,
                      admin1=row["admin1_en"], admin2=row["admin2_en"], country="SY",
                      parent_id=f"ocha:{row['admin2_pcode']}", source=OCHA, where=f"{table}:{line}")
        accept = accept_strip(row["pcode"], shared, match_keys(row["name_ar"]))
        for name in names:
            entry.add_alt(name, *compound_parts(name, qualifiers, accept))
        if row["pcode"] in old:
            add_2015(entry, old[row["pcode"]])
        entries.append(entry)
    counts["ocha 2015 joined"] = sum(e.id[5:] in old for e in entries)
    counts["ocha 2015 unmatched"] = len(old) - counts["ocha 2015 joined"]
    return entries, {}


def community_names(row: dict[str, str], earlier: dict[str, str]) -> tuple[list[str], set[str]]:
    """The Arabic names of a community (current, then 2015 unless cut short) and its qualifiers.

    The 2015 shapefile cut names at 50 bytes; a cut on a character boundary is not flagged, so a
    2015 name of 49+ bytes that differs from the current one is treated as cut too.
    """
    names = [row["name_ar"]]
    old_name = earlier.get("NAME_ARA", "")
    cut = earlier.get("name_ar_truncated") == "1" or len(old_name.encode()) >= 49
    if old_name and not (cut and old_name != row["name_ar"]):
        names.append(old_name)
    qualifiers = qualifier_keys([row["admin1_ar"], row["admin2_ar"], row["admin3_ar"],
                                 earlier.get("ADMIN3_ARA", ""), earlier.get("ADMIN2_ARA", "")])
    return names, qualifiers


def names_in_use(rows: list) -> dict[str, set[str]]:
    """P-codes by match key of every community name and every name left after a qualifier strip."""
    shared: dict[str, set[str]] = {}
    for _, row, (names, qualifiers) in rows:
        for name in names:
            found = {name} | {strip_qualifier(p, qualifiers) for p in split_pieces(name)}
            for key in set().union(*(match_keys(n) for n in found)):
                shared.setdefault(key, set()).add(row["pcode"])
    return shared


def accept_strip(pcode: str, shared: dict[str, set[str]], own: set[str]) -> Callable[[str], bool]:
    """Strip «البيرة الباب» to «البيرة» only when another community shares the rest (so OCHA had
    to qualify it) or it is this community's own name; «كفر حلب» is a name, not كفر in حلب."""
    def accept(base: str) -> bool:
        keys = match_keys(base)
        return bool(keys & own) or any(shared.get(k, set()) - {pcode} for k in keys)
    return accept


def add_2015(entry: Entry, row: dict[str, str]) -> None:
    """Add the 2015 release's Latin spellings and its admin-centre level."""
    entry.add_alt(row["NAME_EN"], row["NAM_EN_REF"])
    entry.level = capital_level(row["CAPIT_LVL"])
    if entry.level is not None and entry.level <= 2:
        entry.kind = "city"
    elif entry.level == 3:
        entry.kind = "town"


def read_neighbourhoods(ocha: Path) -> tuple[list[Entry], Areas]:
    """The 414 OCHA city neighbourhoods: label points, parent city community, polygons."""
    table = ocha / "syr_city_neighbourhoods.csv"
    required = ["PCODE", "NAME_AR", "NAME_EN", "NAM_AR_REF", "NAM_EN_REF", "ADM4_PCODE", "ADM4_AR",
                "ADM3_AR", "ADM2_EN", "ADM2_AR", "ADM1_EN", "ADM1_AR", "label_lat", "label_lon"]
    polygons = read_polygons(ocha / "syr_city_neighbourhoods.geojson", "PCODE")
    entries, areas = [], {}
    for line, row in read_table(table, required):
        lat, lon = coordinate(row, "label_lat", "label_lon", f"{table}:{line}")
        key = f"ocha:{row['PCODE']}"
        entry = Entry(key, row["NAME_AR"], row["NAME_EN"], "neighbourhood", lat, lon,
                      admin1=row["ADM1_EN"], admin2=row["ADM2_EN"], country="SY",
                      parent_id=f"ocha:{row['ADM4_PCODE']}", source=OCHA, where=f"{table}:{line}")
        qualifiers = qualifier_keys([row[k] for k in ("ADM4_AR", "ADM3_AR", "ADM2_AR", "ADM1_AR")])
        entry.add_alt(*compound_parts(row["NAME_AR"], qualifiers))
        if not compound_parts(row["NAM_AR_REF"], qualifiers):
            entry.add_alt(row["NAM_AR_REF"])
        entry.add_alt(*compound_parts(row["NAM_AR_REF"], qualifiers), row["NAM_EN_REF"])
        entries.append(entry)
        if row["PCODE"] in polygons:
            areas[key] = (polygons[row["PCODE"]][1], row["NAME_EN"], "neighbourhood")
    return entries, areas


def largest_part(geom: BaseGeometry) -> Polygon:
    """The largest polygon of a (repaired) geometry: its label point lands on the mainland."""
    geom = geom if geom.is_valid else make_valid(geom)
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, (Polygon, MultiPolygon))]
    polygons = [p for g in parts for p in getattr(g, "geoms", [g])]
    return max(polygons, key=lambda p: p.area)


def country_names(hand_dir: Path) -> list[dict[str, str]]:
    """Rows of the hand-kept countries.csv (empty when the file is absent)."""
    path = hand_dir / "countries.csv"
    if not path.exists():
        return []
    rows = read_table(path, ["iso_n3", "iso_a2", "name_en", "name_ar", "alt_names"])
    return [dict(row, line=str(line), path=str(path)) for line, row in rows]


def country_lookup(rows: list[dict[str, str]], iso_n3: str | None, name: str) -> dict[str, str]:
    """The countries.csv row for a Natural Earth feature: by numeric code and name, then either."""
    number = int(iso_n3) if iso_n3 and iso_n3.isdigit() else None
    as_number = [r for r in rows if r["iso_n3"].isdigit() and int(r["iso_n3"]) == number]
    for candidates in ([r for r in as_number if r["name_en"] == name], [r for r in rows if r["name_en"] == name]):
        if candidates:
            return candidates[0]
    return as_number[0] if len(as_number) == 1 else {}


def slug(name: str) -> str:
    """A lowercase ascii id part for countries without an alpha-2 code («N. Cyprus» → n-cyprus)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def country_centres(hand_dir: Path) -> dict[str, tuple[float, float, str]]:
    """{alpha-2: (lat, lon, source)} from the hand-kept country_centres.csv (empty when absent).

    A country stands on the map at its conventional centre point, the one atlases and geocoders
    give for the country as a whole; a polygon's label point is only the fallback.
    """
    path = hand_dir / "country_centres.csv"
    if not path.exists():
        return {}
    rows = read_table(path, ["iso_a2", "lat", "lon"])
    return {row["iso_a2"]: (*coordinate(row, "lat", "lon", f"{path}:{line}"), COUNTRY_CENTRES)
            for line, row in rows}


def label_point(outline: BaseGeometry) -> tuple[float, float, str]:
    """(lat, lon, source) of a point inside the outline's largest part."""
    point = largest_part(outline).representative_point()
    return point.y, point.x, NATURAL_EARTH


def read_countries(folder: Path, hand_dir: Path) -> tuple[list[Entry], Areas]:
    """One row per Natural Earth 50m country; the outlines of Syria's region (10m) and of the rest
    of the home region (50m) become polygons."""
    names = country_names(hand_dir)
    centres = country_centres(hand_dir)
    region_path = folder / "ne_10m_admin0_syria_region.geojson"
    region = {props["name"]: (props, geom) for props, geom in read_polygons(region_path, "name").values()}
    world_path = folder / "countries-50m.topojson.json"
    entries, areas = [], {}
    for iso_n3, props, geom in topojson.features(read_json(world_path), "countries"):
        name = props.get("name", "")
        known = country_lookup(names, iso_n3, name)
        iso_a2 = known.get("iso_a2") or region.get(name, ({}, None))[0].get("iso_a2") or ""
        outline = region[name][1] if name in region else geom
        lat, lon, source = centres.get(iso_a2) or label_point(outline)
        entry = Entry(f"ne:{iso_a2 or slug(name)}", known.get("name_ar", ""), name, "country",
                      lat, lon, country=iso_a2, source=source, where=f"{world_path}: {name}")
        entry.add_alt(*known.get("alt_names", "").split("|"))
        entries.append(entry)
        if name in region or iso_a2 in HOME_REGION:
            areas[entry.id] = (outline, name, "country")
    return entries, areas


def read_airports(folder: Path) -> list[Entry]:
    """airportsdata rows: kind base when the name says AB / Air Base, else airport."""
    table = folder / "airports_syria_region.csv"
    entries = []
    for line, row in read_table(table, ["icao", "name", "subd", "country", "lat", "lon"]):
        lat, lon = coordinate(row, "lat", "lon", f"{table}:{line}")
        military = re.search(r"\bAB\b|\bair\s*base\b", row["name"], re.IGNORECASE)
        entries.append(Entry(f"air:{row['icao']}", "", row["name"], "base" if military else "airport",
                             lat, lon, admin1=row["subd"], country=row["country"], source=AIRPORTS,
                             where=f"{table}:{line}"))
    return entries


def read_geonames(sources: Path, entries: dict[str, Entry], counts: dict[str, int]
                  ) -> tuple[list[Entry], dict, dict]:
    """GeoNames cities with an Arabic name, plus every capital; Syrian duplicates of OCHA merge into it.

    Returns (rows kept, {merged gn id: the OCHA entry it joined}, {skipped gn id: entry}); the
    skipped rows (no Arabic name) are not written but their points may anchor curated hulls.
    """
    required = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
                "feature_code", "country_code", "admin1_code", "population"]
    index = community_index(entries)
    kept, merged, skipped = [], {}, {}
    seen: set[str] = set()
    words = 0  # rows abroad whose every Arabic form is a word (arabic_forms)
    for folder, name in GEONAMES_TABLES:
        table = sources / folder / name
        for line, row in read_table(table, required, tsv=True):
            if row["geonameid"] in seen:
                continue
            seen.add(row["geonameid"])
            entry = geonames_entry(row, f"{table}:{line}")
            if not entry.name_ar and row["feature_code"] != "PPLC":
                skipped[entry.id] = entry
                words += any(has_arabic(f) for f in row["alternatenames"].split(","))
                continue
            target = same_community(entry, index) if entry.country == "SY" else None
            if target is None:
                kept.append(entry)
            else:
                merge_into(target, entry)
                merged[entry.id] = target
    counts["geonames rows read"] = len(seen)
    counts["geonames Arabic only a word"] = words
    counts["geonames merged into ocha"] = len(merged)
    return kept, merged, skipped


def geonames_entry(row: dict[str, str], where: str) -> Entry:
    """One GeoNames row as an entry (name_ar empty when it has no Arabic alternate name).

    In the home region a seat of government (PPLC, PPLA, PPLA2, PPLA3) counts as one; abroad
    only a national capital does. GeoNames' lower levels are not comparable across countries
    (every French commune is a PPLA4, every US county seat a PPLA2), and a provincial seat
    abroad is no more likely to be meant in Arabic news than its population says.
    """
    forms = [f.strip() for f in row["alternatenames"].split(",") if has_arabic(f)]
    code = row["feature_code"]
    lat, lon = coordinate(row, "latitude", "longitude", where)
    try:
        population = int(row["population"] or 0) or None
    except ValueError:
        raise GazetteerError(f"{where}: bad population {row['population']!r}") from None
    home = row["country_code"] in HOME_REGION
    seat = code in ("PPLC", "PPLA", "PPLA2") if home else code == "PPLC"
    city = seat or (population or 0) >= 20_000
    level = GN_LEVELS.get(code) if home or code == "PPLC" else None
    kind = "city" if city else "town"
    forms = arabic_forms(forms, row["asciiname"], None if home or code == "PPLC" else
                         importance(kind, level, population))
    own = [f for f in forms if not f.startswith(ADMIN_WORDS)]  # «ولاية صور» is Sur's province
    entry = Entry(f"gn:{row['geonameid']}", best_arabic(own or forms), row["name"], kind,
                  lat, lon, admin1=row["admin1_code"], country=row["country_code"], population=population,
                  source=GEONAMES, level=level, where=where)
    entry.add_alt(*[f for f in forms if is_plain_arabic(f) and not f.startswith(ADMIN_WORDS)], row["asciiname"])
    return entry


def arabic_forms(forms: list[str], latin: str, abroad: float | None) -> list[str]:
    """The Arabic forms of a GeoNames row worth indexing.

    «مدينة X» is left out when the Latin name starts with Madinat (the word is part of the
    name, «مدينة الشمال», «مدينة عيسى»): the index reads مدينة as a designator and would file the
    place under «الشمال» or «عيسى». For a place abroad (`abroad` is its importance; None at home
    and for capitals) a form that Arabic text uses as a word is left out: a transliteration
    that collides with a word («إلى» Ely, «كان» Cannes, «بن» Bonn, «لبنان» Lebanon, Tennessee)
    is wrong almost every time it is read, and a place abroad of that standing is rarely news.
    """
    from ..places.nonplaces import is_common_word  # the run-time test, at build time

    if _MADINAT.match(latin):
        forms = [f for f in forms if not f.startswith("مدينة ")]
    if abroad is not None:
        forms = [f for f in forms if not is_common_word(f, abroad)]
    return forms


def community_index(entries: dict[str, Entry]) -> dict[str, list[Entry]]:
    """OCHA communities by every match key of their Arabic names (with and without ال)."""
    return name_index(e for e in entries.values() if e.id.startswith("ocha:C"))


def name_index(rows: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Rows by every match key of their Arabic names (with and without ال)."""
    index: dict[str, list[Entry]] = {}
    for entry in rows:
        for name in [entry.name_ar, *entry.alt_names]:
            for key in article_keys(name) if has_arabic(name) else ():
                index.setdefault(key, []).append(entry)
    return index


SETTLEMENTS = frozenset({"city", "town", "village"})


def merge_geonames_into(rows: list[Entry], entries: dict[str, Entry]) -> dict[str, Entry]:
    """GeoNames rows that a curated settlement already is (a shared Arabic name within 5 km)
    merge into it as they do into OCHA; returns {merged gn id: the row it joined}. The curated
    towns of Sudan and Lebanon came first, where GeoNames had none."""
    index = name_index(r for r in rows if r.kind in SETTLEMENTS)
    merged = {}
    for key in sorted(k for k in entries if k.startswith("gn:")):
        target = same_community(entries[key], index)
        if target is not None:
            merge_into(target, entries[key])
            merged[key] = target
    for key in merged:
        del entries[key]
    return merged


def same_community(entry: Entry, index: dict[str, list[Entry]]) -> Entry | None:
    """The nearest indexed row (an OCHA community) within 5 km that shares an Arabic name with
    the GeoNames row."""
    keys = set().union(*(article_keys(n) for n in [entry.name_ar, *entry.alt_names] if has_arabic(n)))
    near = {c.id: c for k in sorted(keys) for c in index.get(k, ())
            if haversine_km(entry.lat, entry.lon, c.lat, c.lon) <= DEDUP_KM}
    if not near:
        return None
    return min(near.values(), key=lambda c: (haversine_km(entry.lat, entry.lon, c.lat, c.lon), c.id))


def merge_into(target: Entry, gn: Entry) -> None:
    """OCHA (or curated) wins: it keeps its point and names, and takes GeoNames' population,
    level and names."""
    if gn.population and gn.population > (target.population or 0):
        target.population = gn.population
    if gn.level is not None and (target.level is None or gn.level < target.level):
        target.level = gn.level
    if target.level is not None and target.level <= 2 or (target.population or 0) >= 20_000:
        target.kind = "city"
    target.add_alt(gn.name_ar, *gn.alt_names, gn.name_en)
