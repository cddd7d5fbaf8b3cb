"""Geometry for the map: movement corridors, area polygons and directional sectors.

Metric work (buffers, sectors, nearest points, set operations) happens in a local azimuthal
equidistant projection centred on the geometry at hand, so bearings and distances from that centre
are true whether it lies in Aleppo, Gaza, Tripoli or Sanaa. Everything returned is a WGS84
shapely geometry (x = lon, y = lat); polygons are valid and rounded to 5 decimals.
"""
from __future__ import annotations

import math
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import shapely
import shapely.affinity
from pyproj.enums import GeodIntermediateFlag
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union

from ..gazetteer.index import DATA_DIR, Entry, Gazetteer
from ..gazetteer.outlines import read_outlines
from ..model import Area, Endpoint, Movement
from .projection import GEOD, LocalFrame, local_frame
from .rounding import rounded_pairs

AREAS_PATH = DATA_DIR / "areas.geojson"

DIRECTIONS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
              "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0}
CENTRE = "centre"  # an area's direction that is the middle of its anchor («وسط سوريا»)
CENTRE_SCALE = 0.6  # the centre of a shape: the shape shrunk to 0.6 of its size about its middle
HALF_ANGLE = 67.5  # a side of a city: bearing within ±67.5° of the direction
DIAGONAL_REGION_HALF_ANGLE = 45.0  # «شمال غرب سوريا» is a quadrant, not most of the north

ADMIN_KINDS = frozenset({"country", "governorate", "district", "region"})
KIND_RADIUS_KM = {"city": 3.0, "town": 1.5, "village": 1.5, "camp": 1.0, "neighbourhood": 0.7}
DEFAULT_RADIUS_KM = 1.5
PEOPLE_PER_KM2 = 8000.0  # built-up density that turns a population into a radius
MAX_RADIUS_KM = 12.0
CITY_SECTOR_KM = 4.0  # a side of a city that has no neighbourhood polygons
COUNTRYSIDE_KM = 40.0  # countryside of a place without a governorate polygon
REGION_SECTOR_KM = {"country": 250.0, "governorate": 100.0, "region": 60.0, "district": 40.0,
                    "town": 15.0, "village": 10.0, "neighbourhood": 2.0}
CITY_REGION_KM = 30.0  # «شرق دير الزور» as a region; also anything not listed above
NEIGHBOURHOOD_GAP_M = 300.0  # closes slivers between neighbourhood polygons of one city
BORDER_KM = {"country": 10.0}  # the land on each side of a border that «الحدود» names
ADMIN_BORDER_KM = 5.0  # … of an administrative boundary («الحدود الإدارية بين محافظتي …»)
STRIP_MIN_KM = 2.0  # half the width of the strip between two places, at least…
STRIP_WIDTH_RATIO = 0.2  # … or this share of their distance
INTERIOR_RATIO = 0.25  # «الداخل اليمني»: a country less a band this share of its radius wide
SIMPLIFY_M = 300.0  # outlines are simplified this much before a border band is buffered
SEAM_DEG = 0.2  # two outlines grown by this much (degrees) overlap along their shared border
DENSIFY_OVER_KM = 300.0
DENSIFY_STEP_KM = 25.0
STUB_KM = 15.0  # a partial journey's stub when the story is small (the stage scales it up)
LEAVING_BEARING = 30.0  # a stub with no via to point it leaves north-north-east…
ARRIVING_FROM = 210.0  # …and arrives from south-south-west: the two never overlap
FAN_STEP, FAN_SLOTS = 35.0, 5  # stubs sharing a stop turn by 35°, five apart, then repeat
PRECISION = 1e-5


# --- small public helpers -------------------------------------------------------------------

def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial geodesic bearing from point 1 to point 2, degrees clockwise from north, [0, 360)."""
    az, _, _ = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(az) % 360.0


def direction_bearing(direction: str) -> float:
    """The bearing of a direction word (north, north-east, North West…); ValueError if unknown."""
    key = direction.lower().replace("-", "").replace("_", "").replace(" ", "")
    try:
        return DIRECTIONS[key]
    except KeyError:
        raise ValueError(f"unknown direction {direction!r}; expected one of "
                         f"{', '.join(DIRECTIONS)}") from None


def angle_diff(a: float, b: float) -> float:
    """Smallest absolute difference between two bearings, degrees in [0, 180]."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


def direction_wedge(lat: float, lon: float, direction: str, radius_km: float,
                    half_angle: float = HALF_ANGLE) -> Polygon:
    """A circular sector from (lat, lon) towards `direction`, radius_km long, ±half_angle wide."""
    frame = _frame(lat, lon)
    apex = frame.to_m(Point(lon, lat))
    sector = _sector_m(apex, direction_bearing(direction), half_angle, radius_km * 1000.0)
    return _finish(frame.to_deg(sector))


def extent_km(entry: Entry) -> float:
    """Radius of a settlement's built-up area: by kind, larger when its population says so."""
    radius = KIND_RADIUS_KM.get(entry.kind, DEFAULT_RADIUS_KM)
    if entry.population:
        radius = max(radius, math.sqrt(entry.population / (math.pi * PEOPLE_PER_KM2)))
    return min(radius, MAX_RADIUS_KM)


# --- polygons -------------------------------------------------------------------------------

def load_polygons(path: str | Path | None = None) -> dict[str, BaseGeometry]:
    """Polygons of data/areas.geojson by gazetteer id (read once, cached; a copy of the index)."""
    return dict(_read_polygons(Path(path or AREAS_PATH).resolve()))


@lru_cache(maxsize=4)
def _read_polygons(path: Path) -> Mapping[str, BaseGeometry]:
    """A FeatureCollection as {properties.id: valid geometry} (parsed once into the cache, see
    gazetteer.outlines); {} with a warning if absent."""
    try:
        return read_outlines(path)
    except FileNotFoundError:
        warnings.warn(f"{path}: no area polygons; areas are drawn as circles and sectors",
                      stacklevel=3)
        return {}


def _polygon(id: str) -> BaseGeometry | None:
    """The default polygon index's geometry for a gazetteer id, if it has one."""
    return _read_polygons(AREAS_PATH).get(id)  # DATA_DIR is already absolute


# --- projection -----------------------------------------------------------------------------

def _frame(lat: float, lon: float) -> LocalFrame:
    """The local metric frame of a geometry near (lat, lon): the centre rounded to 4 decimals
    (~10 m), so nearby geometries share one cached frame."""
    return local_frame(round(lat, 4), round(lon, 4))


def _sector_m(apex: Point, bearing: float, half_angle: float, radius_m: float) -> Polygon:
    """A sector in a metric frame (bearing clockwise from +y = north); ≥180° gives a disc."""
    if half_angle >= 180.0:
        return _circle_m(apex, radius_m)
    steps = max(8, int(math.ceil(half_angle)))  # one arc vertex per 2°
    angles = np.radians(np.linspace(bearing - half_angle, bearing + half_angle, steps + 1))
    ring = np.empty((steps + 2, 2))  # the apex, the arc; shapely closes the ring
    ring[0] = apex.x, apex.y
    ring[1:, 0] = apex.x + radius_m * np.sin(angles)
    ring[1:, 1] = apex.y + radius_m * np.cos(angles)
    return shapely.polygons(ring)  # from the array: Polygon() of tuples cost 0.1 ms a sector


def _disc(lat: float, lon: float, radius_km: float) -> BaseGeometry:
    """A circle of radius_km around (lat, lon), WGS84."""
    frame = _frame(lat, lon)
    return frame.to_deg(_circle_m(frame.to_m(Point(lon, lat)), radius_km * 1000.0))


def _circle_m(centre: Point, radius_m: float) -> Polygon:
    """What centre.buffer(radius_m, quad_segs=32) gives, bit for bit, without GEOS's buffer
    builder (0.3 ms a disc): GEOS puts vertex i at centre + radius·(cos, sin) of its angle,
    and the unit circle's vertices are those cosines and sines, in the order the builder
    leaves them."""
    ring = _UNIT_CIRCLE * radius_m
    ring += (centre.x, centre.y)
    return shapely.polygons(ring)


_UNIT_CIRCLE = shapely.get_coordinates(Point(0.0, 0.0).buffer(1.0, quad_segs=32))


def _cut(land: BaseGeometry, lat: float, lon: float, direction: str | None,
         half_angle: float = HALF_ANGLE) -> BaseGeometry:
    """The part of `land` on `direction`'s side of (lat, lon): land ∩ a wedge that covers it."""
    if direction is None or land.is_empty:  # nothing left (a city that fills its province)
        return land
    frame = _frame(lat, lon)
    land_m, apex = _valid(frame.to_m(land)), frame.to_m(Point(lon, lat))
    if direction == CENTRE:
        middle = shapely.affinity.scale(land_m, CENTRE_SCALE, CENTRE_SCALE, origin=apex)
        return frame.to_deg(land_m.intersection(middle))
    x0, y0, x1, y1 = land_m.bounds
    reach = max(math.hypot(x - apex.x, y - apex.y) for x in (x0, x1) for y in (y0, y1)) * 1.1
    wedge = _sector_m(apex, direction_bearing(direction), half_angle, max(reach, 1000.0))
    return frame.to_deg(land_m.intersection(wedge))


def _sector(lat: float, lon: float, direction: str | None, radius_km: float,
            half_angle: float = HALF_ANGLE) -> BaseGeometry:
    """A sector towards `direction`, or the whole disc when there is no direction."""
    if direction is None:
        return _disc(lat, lon, radius_km)
    if direction == CENTRE:
        return _disc(lat, lon, radius_km * CENTRE_SCALE)
    return direction_wedge(lat, lon, direction, radius_km, half_angle)


def _valid(geom: BaseGeometry) -> BaseGeometry:
    """A geometry made valid if a projection or an overlay left it invalid."""
    return geom if geom.is_valid else shapely.make_valid(geom)


def _finish(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Valid, polygonal, rounded to 5 decimals; None when nothing is left."""
    if geom is None or geom.is_empty:
        return None
    geom = geom if geom.is_valid else shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    geom = shapely.set_precision(unary_union(parts), PRECISION)
    geom = geom if geom.is_valid else shapely.make_valid(geom)
    return None if geom.is_empty else geom


# --- gazetteer context ----------------------------------------------------------------------

class _AdminIndex:
    """What drawing an area asks of the whole gazetteer, indexed once: governorates by (country,
    admin1) and by (country, English name), cities by (country, a name or admin name). Each
    list keeps the gazetteer's order, so a lookup gives what a scan of `entries` gave. A
    country's city tables are made when first asked for: all of them cost ~50 ms of start-up
    (9,000 cities, three keys each) where an article asks for a country or two."""

    CITY_FIELDS = ("name_en", "admin1", "admin2")

    def __init__(self, gaz: Gazetteer) -> None:
        self.governorates: dict[tuple[str, str], list[Entry]] = {}
        self.governorate_names: dict[tuple[str, str], list[Entry]] = {}
        self._cities_of: dict[str, list[tuple[int, Entry]]] = {}  # country → (position, city)
        self._cities: dict[str, dict[tuple[str, str], list[tuple[int, Entry]]]] = {}
        for i, e in enumerate(gaz.entries):
            if e.kind == "governorate":
                self.governorates.setdefault((e.country, e.admin1), []).append(e)
                self.governorate_names.setdefault((e.country, e.name_en), []).append(e)
            elif e.kind == "city":
                self._cities_of.setdefault(e.country, []).append((i, e))

    def cities_where(self, country: str, **fields: str) -> list[Entry]:
        """Cities of a country matching any one of the given field values, in gazetteer order."""
        table = self._cities.get(country)
        if table is None:
            table = self._cities[country] = {}
            for i, e in self._cities_of.get(country, ()):
                for field in self.CITY_FIELDS:
                    table.setdefault((field, getattr(e, field)), []).append((i, e))
        found = {i: e for f, v in fields.items() for i, e in table.get((f, v), ())}
        return [found[i] for i in sorted(found)]

    def cities_of(self, country: str) -> list[Entry]:
        """Every city of a country, in gazetteer order."""
        return [e for _, e in self._cities_of.get(country, ())]


@lru_cache(maxsize=4)
def _admin_index(gaz: Gazetteer) -> _AdminIndex:
    return _AdminIndex(gaz)


def _governorate(entry: Entry, gaz: Gazetteer) -> Entry | None:
    """The governorate holding an entry: itself, up its parent chain, or by admin1 name."""
    seen, e = set(), entry
    while e is not None and e.id not in seen:
        if e.kind == "governorate":
            return e
        seen.add(e.id)
        e = gaz.get(e.parent_id) if e.parent_id in gaz else None
    if not entry.admin1:
        return None
    return next(iter(_admin_index(gaz).governorates.get((entry.country, entry.admin1), ())), None)


def _capital(entry: Entry, gaz: Gazetteer) -> Entry | None:
    """The main city of a governorate or district: its namesake (Rural Damascus → Damascus),
    else the most populous city inside it."""
    if entry.kind not in ("governorate", "district") or not entry.admin1:
        return None
    name = entry.name_en.removeprefix("Rural ")
    field = "admin1" if entry.kind == "governorate" else "admin2"
    cities = _admin_index(gaz).cities_where(entry.country, name_en=name, **{field: entry.name_en})
    if not cities:
        return None
    return max(cities, key=lambda e: (e.name_en == name, e.population or 0, e.importance))


@lru_cache(maxsize=512)
def _admin_land(gov: Entry | None, gaz: Gazetteer) -> BaseGeometry | None:
    """A governorate's polygon, joined with its «Rural X» sibling (Damascus → Rural Damascus);
    cached, as every countryside of a governorate's cities starts from it."""
    if gov is None or _polygon(gov.id) is None:
        return None
    siblings = _admin_index(gaz).governorate_names.get((gov.country, f"Rural {gov.name_en}"), ())
    rural = [_polygon(e.id) for e in siblings]
    return unary_union([_polygon(gov.id), *[r for r in rural if r is not None]])


def _neighbourhood_polygons(city: Entry, gaz: Gazetteer) -> list[tuple[Entry, BaseGeometry]]:
    """A city's OCHA neighbourhoods that have polygons, with their entries (label points)."""
    return [(e, p) for e in gaz.children(city.id)
            if e.kind == "neighbourhood" and (p := _polygon(e.id)) is not None]


@lru_cache(maxsize=64)
def _hoods_union(city: Entry, gaz: Gazetteer) -> BaseGeometry | None:
    """The union of a city's neighbourhood polygons (None when it has none): made once per
    city, as its extent, its sides and its countryside all start from it."""
    hoods = _neighbourhood_polygons(city, gaz)
    return unary_union([p for _, p in hoods]) if hoods else None


@lru_cache(maxsize=512)
def _town(entry: Entry, gaz: Gazetteer) -> BaseGeometry:
    """A settlement's extent: its own polygon, its neighbourhoods' union, or a disc from its size."""
    own = _polygon(entry.id)
    if own is not None:
        return own
    union = _hoods_union(entry, gaz)
    if union is not None:
        frame = _frame(entry.lat, entry.lon)
        return frame.to_deg(frame.to_m(union).buffer(NEIGHBOURHOOD_GAP_M))
    return _disc(entry.lat, entry.lon, extent_km(entry))


def _within_country(geom: BaseGeometry, entry: Entry, gaz: Gazetteer) -> BaseGeometry:
    """A drawn shape (disc, sector, band) clipped to the land of the entry's country, when
    there is an outline and it overlaps (no shape spills into the sea or over a border)."""
    return _within_countries(geom, [entry], gaz)


def _within_countries(geom: BaseGeometry, anchors: Sequence[Entry], gaz: Gazetteer
                      ) -> BaseGeometry:
    """A drawn shape clipped to the land of its anchors' countries, where there is one."""
    lands = [land for cc in dict.fromkeys(a.country for a in anchors if a.country)
             if (land := _country_land(cc, gaz)) is not None]
    if not lands:
        return geom
    land = lands[0] if len(lands) == 1 else unary_union(lands)
    if land.contains(geom):  # most shapes lie inland: no overlay with a whole country
        return _finish(geom)  # what the overlay gave, its rings perhaps started elsewhere
    clipped = _finish(geom.intersection(land))
    return geom if clipped is None else clipped


@lru_cache(maxsize=256)  # one per country (248 in the gazetteer): 64 made cold text thrash
def _country_land(country: str, gaz: Gazetteer) -> BaseGeometry | None:
    """A country's land: its outline joined with its governorates' polygons, whose coasts are
    finer where the data has them (the country outline alone cuts Latakia's shore)."""
    outline = _polygon(f"ne:{country}")
    if outline is None:
        return None
    govs = [p for (cc, _), entries in _admin_index(gaz).governorates.items() if cc == country
            for e in entries if (p := _polygon(e.id)) is not None]
    land = unary_union([outline, *govs]) if govs else shapely.transform(outline, lambda xy: xy)
    shapely.prepare(land)  # a copy of its own, prepared once: `contains` asks it every area
    return land


# --- area kinds -----------------------------------------------------------------------------

def _neighbourhoods(anchor: Entry, direction: str | None, gaz: Gazetteer) -> BaseGeometry | None:
    """The neighbourhoods of a city on one side of it (all of them without a direction)."""
    if anchor.kind == "neighbourhood":
        own = _polygon(anchor.id)
        return own if own is not None else _disc(anchor.lat, anchor.lon, extent_km(anchor))
    city = _capital(anchor, gaz) if anchor.kind in ADMIN_KINDS else anchor
    if city is None:  # «أحياء سوريا» names no city: nothing honest to draw
        return None
    hoods = _neighbourhood_polygons(city, gaz)
    if not hoods:
        return _sector(city.lat, city.lon, direction, max(CITY_SECTOR_KM, extent_km(city)))
    if direction is None:
        return _hoods_union(city, gaz)
    centre = _hoods_union(city, gaz).centroid
    if direction == CENTRE:
        return unary_union(_central(hoods, centre))
    target = direction_bearing(direction)
    keep = [p for e, p in hoods
            if angle_diff(bearing_deg(centre.y, centre.x, e.lat, e.lon), target) <= HALF_ANGLE]
    return unary_union(keep) if keep else None


def _central(hoods: list[tuple[Entry, BaseGeometry]], centre: Point) -> list[BaseGeometry]:
    """The neighbourhoods whose label point is nearer the city's middle than CENTRE_SCALE of
    the farthest one's distance («وسط المدينة»)."""
    lons, lats = [e.lon for e, _ in hoods], [e.lat for e, _ in hoods]
    _, _, dist = GEOD.inv([centre.x] * len(hoods), [centre.y] * len(hoods), lons, lats)
    reach = CENTRE_SCALE * max(dist)
    return [p for (_, p), d in zip(hoods, dist) if d <= reach]


def _countryside(anchor: Entry, direction: str | None, gaz: Gazetteer) -> BaseGeometry | None:
    """A governorate (or a 40 km disc) around a city, minus the city, on one side of it."""
    city = _capital(anchor, gaz) if anchor.kind in ADMIN_KINDS else anchor
    land = _admin_land(_governorate(anchor, gaz), gaz)
    centre = city or anchor
    if land is None:
        if anchor.kind in ADMIN_KINDS and city is None:
            return None
        land = _within_country(_disc(centre.lat, centre.lon, COUNTRYSIDE_KM), centre, gaz)
    if city is not None:
        land = land.difference(_town(city, gaz))
    return _cut(land, centre.lat, centre.lon, direction)


def _region(anchor: Entry, direction: str | None, gaz: Gazetteer) -> BaseGeometry | None:
    """A named region's polygon, or the direction's part of a country, governorate or city."""
    poly = _polygon(anchor.id)
    half = HALF_ANGLE
    if direction not in (None, CENTRE) and direction_bearing(direction) % 90:
        half = DIAGONAL_REGION_HALF_ANGLE
    if poly is not None and (anchor.kind in ADMIN_KINDS or direction is None):
        if direction is None:
            return poly
        centre = _settled_centre(anchor, poly, gaz) if direction == CENTRE else poly.centroid
        return _cut(poly, centre.y, centre.x, direction, half)
    if direction is None:
        return _town(anchor, gaz) if anchor.kind not in ADMIN_KINDS else None
    radius = REGION_SECTOR_KM.get(anchor.kind, CITY_REGION_KM)
    sector = _sector(anchor.lat, anchor.lon, direction, radius, half)
    return _within_country(sector, anchor, gaz)


def _settled_centre(anchor: Entry, poly: BaseGeometry, gaz: Gazetteer) -> Point:
    """The middle of a country as its people live in it («وسط سوريا» is Homs and Hama, not the
    desert at the outline's centroid): the mean of its cities' points weighted by population,
    when that lies inside its outline; else the outline's centroid."""
    if anchor.kind != "country":
        return poly.centroid
    lat, lon = _population_centre(anchor.country, gaz)
    point = Point(lon, lat)
    return point if lat == lat and poly.contains(point) else poly.centroid


@lru_cache(maxsize=256)
def _population_centre(country: str, gaz: Gazetteer) -> tuple[float, float]:
    """(lat, lon) of a country's cities weighted by population; NaNs when none has one."""
    cities = [e for e in _admin_index(gaz).cities_of(country) if e.population]
    total = sum(e.population for e in cities)
    if not total:
        return float("nan"), float("nan")
    return (sum(e.lat * e.population for e in cities) / total,
            sum(e.lon * e.population for e in cities) / total)


def _besieged(anchor: Entry, direction: str | None, gaz: Gazetteer) -> BaseGeometry | None:
    """A besieged place's extent (its polygon, or a disc of 1.5 km for a town, 3 for a city)."""
    poly = _polygon(anchor.id)
    return poly if poly is not None else _disc(anchor.lat, anchor.lon, extent_km(anchor))


def _territory(anchor: Entry, direction: str | None, gaz: Gazetteer) -> BaseGeometry | None:
    """A country's land («الأراضي السورية»): its outline (a part of it with a direction)."""
    return _region(anchor, direction, gaz) if anchor.kind in ADMIN_KINDS else None


def _interior(anchor: Entry, direction: str | None, gaz: Gazetteer) -> BaseGeometry | None:
    """A country's inland («الداخل اليمني»): its outline less a band along its coast and
    borders, INTERIOR_RATIO of its equivalent radius wide (the whole outline if that leaves
    nothing)."""
    land = _polygon(anchor.id) if anchor.kind in ADMIN_KINDS else None
    if land is None:
        return None
    centre = land.representative_point()
    frame = _frame(centre.y, centre.x)
    land_m = frame.to_m(land)
    inset = INTERIOR_RATIO * math.sqrt(land_m.area / math.pi)
    inner = land_m.simplify(SIMPLIFY_M).buffer(-inset)
    return _cut(land if inner.is_empty else frame.to_deg(inner), centre.y, centre.x, direction)


def _border(anchors: Sequence[Entry], direction: str | None, gaz: Gazetteer
            ) -> BaseGeometry | None:
    """The land on both sides of the border of two countries or governorates, BORDER_KM wide
    on each side («الحدود السورية اللبنانية»); of one country, along all its land borders
    («الحدود السورية»). None when an outline is missing or the two do not meet."""
    if not anchors or any(a.kind not in ADMIN_KINDS or _polygon(a.id) is None
                          for a in anchors[:2]):
        return None
    sides = [(_polygon(a.id), _seam_zone(a.id)) for a in anchors[:2]]
    if len(sides) == 1:
        sides.append(_neighbour_land(anchors[0]))
        if sides[1] is None:
            return None
    meet = sides[0][1].intersection(sides[1][1])  # degrees: a rough seam
    if meet.is_empty:
        return None
    centre = meet.centroid
    frame = _frame(centre.y, centre.x)
    a, b = (frame.to_m(land).simplify(SIMPLIFY_M) for land, _ in sides)
    width = BORDER_KM.get(anchors[0].kind, ADMIN_BORDER_KM) * 1000.0
    band = a.intersection(b.buffer(width)).union(b.intersection(a.buffer(width)))
    return None if band.is_empty else _cut(frame.to_deg(band), centre.y, centre.x, direction)


@lru_cache(maxsize=256)
def _seam_zone(id: str) -> BaseGeometry:
    """An outline grown by SEAM_DEG: where two outlines' zones meet is their rough seam.
    Buffering a country costs tens of ms; every border it has starts from it."""
    return _polygon(id).buffer(SEAM_DEG)


@lru_cache(maxsize=256)
def _neighbour_land(entry: Entry) -> tuple[BaseGeometry, BaseGeometry] | None:
    """The outlines of the countries that touch a country's outline, as one shape, and its
    seam zone; None when none touches it."""
    near = _seam_zone(entry.id)
    others = [p for id, p in _read_polygons(AREAS_PATH).items()
              if id.startswith("ne:") and id != entry.id and p.intersects(near)]
    if not others:
        return None
    land = unary_union(others)
    return land, land.buffer(SEAM_DEG)


def _strip(anchors: Sequence[Entry], direction: str | None, gaz: Gazetteer
           ) -> BaseGeometry | None:
    """The land between two places («المنطقة الممتدة بين مارع وأعزاز»): the band along the
    line from one to the other, STRIP_WIDTH_RATIO of its length wide on each side (at least
    STRIP_MIN_KM), with the two places' own extent."""
    if len(anchors) < 2:
        return None
    mid_lat = sum(a.lat for a in anchors) / len(anchors)
    mid_lon = sum(a.lon for a in anchors) / len(anchors)
    frame = _frame(mid_lat, mid_lon)
    line = frame.to_m(LineString([(a.lon, a.lat) for a in anchors]))
    half = max(STRIP_MIN_KM * 1000.0, STRIP_WIDTH_RATIO * line.length)
    band = frame.to_deg(line.buffer(half, cap_style="flat"))
    ends = [_town(a, gaz) if a.kind not in ADMIN_KINDS else _polygon(a.id) for a in anchors]
    shape = unary_union([band, *[e for e in ends if e is not None]])
    return _cut(shape, mid_lat, mid_lon, direction)


AREA_BUILDERS: dict[str, Callable[[Entry, str | None, Gazetteer], BaseGeometry | None]] = {
    "neighbourhoods": _neighbourhoods, "countryside": _countryside,
    "region": _region, "besieged": _besieged, "territory": _territory, "interior": _interior,
}
# kinds drawn from all their anchors at once: a border of two lands, a strip between places
JOINT_BUILDERS: dict[str, Callable[[Sequence[Entry], str | None, Gazetteer],
                                   BaseGeometry | None]] = {"border": _border, "strip": _strip}
AREA_KINDS = (*AREA_BUILDERS, *JOINT_BUILDERS)


def area_shape(kind: str, anchors: Sequence[Entry], direction: str | None = None,
               gazetteer: Gazetteer | None = None) -> BaseGeometry | None:
    """The polygon of an area of `kind` anchored on gazetteer entries, or None if none can be drawn.

    kind: neighbourhoods | countryside | region | besieged | territory | interior (drawn for
    each anchor) | border | strip (drawn from all anchors at once: the border of two lands, the
    strip between two places); direction: north … southwest, centre, or None.
    """
    if kind not in AREA_KINDS:
        raise ValueError(f"unknown area kind {kind!r}; expected one of "
                         f"{', '.join(AREA_KINDS)}") from None
    if direction is not None and direction != CENTRE:
        direction_bearing(direction)  # a clear ValueError before any work
    if not anchors:
        return None
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    if kind in JOINT_BUILDERS:
        geom = JOINT_BUILDERS[kind](anchors, direction, gaz)
    else:
        build = AREA_BUILDERS[kind]
        parts = [_valid(g) for a in anchors
                 if (g := build(a, direction, gaz)) is not None and not g.is_empty]
        geom = unary_union(parts) if parts else None
    if geom is None or geom.is_empty:
        return None
    return _finish(_within_countries(_valid(geom), anchors, gaz))  # on land: no sea


# --- movements ------------------------------------------------------------------------------

def missing_end(movement: Movement, areas: Sequence[Area]) -> str | None:
    """Which end of a journey has no located point: "origin", "destination", "both" (at most
    its via stops are located), or None when both are; a partial journey is drawn as a stub."""
    located = [e is not None and _endpoint_point(e, _endpoint_area(e, areas)) is not None
               for e in (movement.origin, movement.destination)]
    if all(located):
        return None
    return "destination" if located[0] else "origin" if located[1] else "both"


def movement_geometry(movement: Movement, areas: Sequence[Area], fan: int = 0,
                      stub_km: float = STUB_KM) -> BaseGeometry | None:
    """The journey origin → via… → destination as a WGS84 LineString; None when no stop is
    located; a Point when every located stop is one point (a journey within a place).

    An area endpoint (ref "area:<i>") starts or ends at the point of that area's polygon nearest
    to the next (or previous) route point; lines over 300 km follow the great circle. A partial
    journey (see `missing_end`) runs through what is located and gets a `stub_km` stub for each
    missing end: leaving its last located stop, arriving at its first, on the bearing its via
    stops give, else on a fixed bearing turned by `fan` slots (stubs that share a stop fan out).
    """
    stops = [(role, e) for role, e in (("origin", movement.origin),
                                       *(("via", v) for v in movement.via),
                                       ("destination", movement.destination)) if e is not None]
    polys = [_endpoint_area(e, areas) for _, e in stops]
    raw = [_endpoint_point(e, poly) for (_, e), poly in zip(stops, polys)]
    points = list(raw)
    for i, ((role, _), poly) in enumerate(zip(stops, polys)):
        if poly is None or points[i] is None or role == "via":
            continue
        others = points[i + 1:] if role == "origin" else points[:i][::-1]
        neighbour = next((p for p in others if p is not None), None)
        if neighbour is not None:
            points[i] = _nearest_on(poly, neighbour)
    route = _distinct([p for p in points if p is not None])
    if not route:
        return None
    missing = missing_end(movement, areas)
    if missing is None:
        return LineString(np.array(_densify(route))) if len(route) > 1 else Point(route[0])
    located = [(p, poly) for p, poly in zip(raw, polys) if p is not None]
    return _with_stubs(_densify(route), located, missing, fan, stub_km)


def _with_stubs(route: list[tuple[float, float]],
                located: list[tuple[tuple[float, float], BaseGeometry | None]],
                missing: str, fan: int, km: float) -> LineString:
    """The route with a stub leaving its last point (destination missing) and/or arriving at its
    first (origin missing). A lone area stop's stub starts at the area's edge, not inside it."""
    lone = located[0][1] if len(located) == 1 else None  # the only stop, an area
    legs = _distinct([p for p, _ in located])
    slot = (fan % FAN_SLOTS) * FAN_STEP
    head: list[tuple[float, float]] = []
    tail: list[tuple[float, float]] = []
    if missing in ("destination", "both"):
        bearing = (bearing_deg(legs[-2][1], legs[-2][0], legs[-1][1], legs[-1][0])
                   if len(legs) > 1 else LEAVING_BEARING + slot)
        end = _exit(lone, legs[-1], bearing) if lone is not None else route[-1]
        tail = [end, _step(end, bearing, km)]
    if missing in ("origin", "both"):
        back = (bearing_deg(legs[1][1], legs[1][0], legs[0][1], legs[0][0])
                if len(legs) > 1 else ARRIVING_FROM + slot)
        start = _exit(lone, legs[0], back) if lone is not None else route[0]
        head = [_step(start, back, km), start]
    body = [] if lone is not None else route  # an area's inside point is no part of the line
    return LineString(np.array(_distinct(head + body + tail)))


def _step(start: tuple[float, float], bearing: float, km: float) -> tuple[float, float]:
    """(lon, lat) `km` along the geodesic from `start` on `bearing`."""
    lon, lat, _ = GEOD.fwd(start[0], start[1], bearing, km * 1000.0)
    return (round(float(lon), 6), round(float(lat), 6))


def _exit(poly: BaseGeometry, centre: tuple[float, float], bearing: float) -> tuple[float, float]:
    """Where a ray from `centre` (a point inside `poly`) on `bearing` leaves the polygon last."""
    frame = _frame(centre[1], centre[0])
    poly_m = frame.to_m(poly)
    x0, y0, x1, y1 = poly_m.bounds
    reach = max(math.hypot(x, y) for x in (x0, x1) for y in (y0, y1)) * 1.1 + 1000.0
    t = math.radians(bearing)
    ray = LineString([(0.0, 0.0), (reach * math.sin(t), reach * math.cos(t))])
    inside = shapely.get_coordinates(poly_m.intersection(ray))
    if not len(inside):
        return centre
    far = inside[np.argmax(np.hypot(inside[:, 0], inside[:, 1]))]
    lon, lat = frame.inverse(np.array([far[0]]), np.array([far[1]]))
    return (round(float(lon[0]), 6), round(float(lat[0]), 6))


def _endpoint_area(endpoint: Endpoint, areas: Sequence[Area]) -> BaseGeometry | None:
    """The polygon of the report area an endpoint refers to ("area:<i>"), if it has one."""
    ref = endpoint.ref or ""
    if not ref.startswith("area:"):
        return None
    try:
        geom = areas[int(ref[5:])].geometry
    except (ValueError, IndexError):
        return None
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    return geom


def _endpoint_point(endpoint: Endpoint, poly: BaseGeometry | None) -> tuple[float, float] | None:
    """(lon, lat) of an endpoint: its own point, else its area's representative point."""
    if endpoint.lat is not None and endpoint.lon is not None:
        return (float(endpoint.lon), float(endpoint.lat))
    if poly is not None:
        p = poly.representative_point()
        return (round(p.x, 6), round(p.y, 6))
    return None


def _nearest_on(poly: BaseGeometry, to: tuple[float, float]) -> tuple[float, float]:
    """The point of `poly` nearest to `to` (metres, not degrees); `to` itself if inside."""
    frame = _frame(to[1], to[0])
    poly_m, target = frame.to_m(poly), frame.to_m(Point(to))
    if poly_m.covers(target):
        return to
    near = frame.to_deg(nearest_points(poly_m, target)[0])
    return (round(near.x, 6), round(near.y, 6))


def _distinct(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop consecutive repeats (within ~1 m)."""
    out: list[tuple[float, float]] = []
    for p in points:
        if not out or max(abs(p[0] - out[-1][0]), abs(p[1] - out[-1][1])) > 1e-5:
            out.append(p)
    return out


def _densify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Great-circle vertices every ~25 km when the route is longer than 300 km; ends kept exact."""
    legs = [GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0 for a, b in zip(points, points[1:])]
    if sum(legs) <= DENSIFY_OVER_KM:
        return points
    out = [points[0]]
    for (a, b), km in zip(zip(points, points[1:]), legs):
        n = int(math.ceil(km / DENSIFY_STEP_KM)) - 1
        if n > 0:
            res = GEOD.inv_intermediate(a[0], a[1], b[0], b[1], npts=n, return_back_azimuth=False,
                                        flags=GeodIntermediateFlag.AZIS_DISCARD)  # GEOD.npts
            out += rounded_pairs(np.column_stack([res.lons, res.lats]), 6)
        out.append(b)
    return out
