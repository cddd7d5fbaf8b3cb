"""Area polygons and movement corridors on the real gazetteer and the real OCHA / NE polygons.

Expected values are worked out by hand from the source coordinates (OCHA COD Syria, GeoNames),
not read back from the code: e.g. Hanano's label point is ~3 km north and ~4.8 km east of the
Aleppo city point, a bearing of ~57°, so it is on the east side; Salah ad-Din is south-west.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, mapping

from geomap.gazetteer.index import DATA_DIR, Gazetteer
from geomap.model import Area, Endpoint, Movement
from geomap.geometry.shapes import (angle_diff, area_shape, bearing_deg, direction_bearing,
                           direction_wedge, extent_km, load_polygons, missing_end,
                           movement_geometry)

pytestmark = pytest.mark.skipif(
    not (DATA_DIR / "gazetteer.csv").exists() or not (DATA_DIR / "areas.geojson").exists(),
    reason="built data (data/gazetteer.csv, data/areas.geojson) not present")

GEOD = Geod(ellps="WGS84")
ALEPPO, IDLIB, DAMASCUS = "ocha:C1007", "ocha:C3871", "ocha:C1001"
DEIR_EZ_ZOR, RAQQA, KAFRAYA, FOAH = "ocha:C5086", "ocha:C5710", "ocha:C3952", "ocha:C3905"
MOSUL = "gn:99072"
JUBA = "gn:373303"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def pt(lat: float, lon: float) -> Point:
    return Point(lon, lat)


def km2(geom) -> float:
    """Geodesic area in km² (independent of the module's projection)."""
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def offset(lat: float, lon: float, bearing: float, km: float) -> Point:
    """The point `km` away from (lat, lon) on `bearing`, by pyproj's geodesic."""
    lon2, lat2, _ = GEOD.fwd(lon, lat, bearing, km * 1000)
    return Point(lon2, lat2)


def assert_sane(geom) -> None:
    """Valid, non-empty, WGS84 bounds, coordinates on a 1e-5 grid."""
    assert geom is not None and not geom.is_empty and geom.is_valid
    x0, y0, x1, y1 = geom.bounds
    assert -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90
    for x, y in list(geom.exterior.coords if geom.geom_type == "Polygon"
                     else geom.geoms[0].exterior.coords)[:50]:
        assert abs(x * 1e5 - round(x * 1e5)) < 1e-4 and abs(y * 1e5 - round(y * 1e5)) < 1e-4


# --- helpers --------------------------------------------------------------------------------

def test_bearings_by_hand():
    assert bearing_deg(0, 0, 0, 1) == pytest.approx(90)
    assert bearing_deg(0, 0, 1, 0) == pytest.approx(0)
    assert bearing_deg(0, 0, -1, -1) == pytest.approx(225, abs=0.5)
    assert direction_bearing("North-West") == 315 and direction_bearing("south west") == 225
    assert angle_diff(350, 10) == 20 and angle_diff(90, 270) == 180
    with pytest.raises(ValueError, match="unknown direction"):
        direction_bearing("up")


def test_direction_wedge_east_of_aleppo():
    w = direction_wedge(36.2, 37.15, "east", 10)
    assert_sane(w)
    assert w.contains(offset(36.2, 37.15, 90, 5)) and w.contains(offset(36.2, 37.15, 150, 9))
    assert not w.contains(offset(36.2, 37.15, 270, 5)) and not w.contains(offset(36.2, 37.15, 90, 11))
    # 135° of a 10 km disc: 3/8 · π · 100 ≈ 117.8 km²
    assert km2(w) == pytest.approx(3 / 8 * math.pi * 100, rel=0.01)


def test_load_polygons_has_the_kinds_the_shapes_need():
    polys = load_polygons()
    for id in ("ocha:SY02", "ocha:SY0200", "ocha:N0214", "ne:SY"):
        assert id in polys and polys[id].is_valid
    assert load_polygons() is not load_polygons()  # a copy: callers cannot spoil the cache


def test_extent_from_kind_and_population(gaz):
    assert extent_km(gaz.get(KAFRAYA)) == 1.5  # a village without population
    assert extent_km(gaz.get(IDLIB)) == 3.0  # 128,840 people → 2.3 km < the city default
    # Aleppo, 1,602,264 people at 8,000/km²: √(1602264 / (π · 8000)) ≈ 7.98 km
    assert extent_km(gaz.get(ALEPPO)) == pytest.approx(7.98, abs=0.01)


# --- neighbourhoods -------------------------------------------------------------------------

def test_east_aleppo_neighbourhoods(gaz):
    east = area_shape("neighbourhoods", [gaz.get(ALEPPO)], "east", gaz)
    assert_sane(east)
    assert east.contains(pt(36.233722, 37.205585))  # Hanano (N0129), ~57° from the centre
    assert east.contains(pt(36.221923, 37.189726))  # al-Sakhour (N0139), ~62°
    assert not east.contains(pt(36.181119, 37.123066))  # Salah ad-Din (N0214), south-west
    assert not east.contains(pt(36.217213, 37.117541))  # ash-Shahba'a (N0144), west-north-west
    whole = area_shape("neighbourhoods", [gaz.get(ALEPPO)], None, gaz)
    assert whole.contains(pt(36.181119, 37.123066)) and whole.area > east.area


def test_neighbourhoods_of_a_city_without_polygons_is_a_sector(gaz):
    mosul = gaz.get(MOSUL)  # 1,683,000 people → radius √(1683000/(π·8000)) ≈ 8.18 km
    east = area_shape("neighbourhoods", [mosul], "east", gaz)
    assert_sane(east)
    assert east.contains(offset(mosul.lat, mosul.lon, 90, 5))
    assert not east.contains(offset(mosul.lat, mosul.lon, 270, 3))
    assert km2(east) == pytest.approx(3 / 8 * math.pi * 8.18 ** 2, rel=0.02)


# --- countryside ----------------------------------------------------------------------------

@pytest.mark.parametrize("anchor", [IDLIB, "ocha:SY07"])
def test_idlib_countryside(gaz, anchor):
    rif = area_shape("countryside", [gaz.get(anchor)], None, gaz)
    assert_sane(rif)
    assert rif.contains(pt(35.883932, 36.679888))  # Qminas, Idleb governorate, ~6 km SE
    assert rif.contains(pt(35.902063, 36.539615))  # Ein Shib, ~9 km W
    assert not rif.contains(pt(35.929008, 36.635276))  # Idlib city itself
    assert not rif.contains(pt(36.206013, 37.152420))  # Aleppo: another governorate


def test_western_aleppo_countryside(gaz):
    west = area_shape("countryside", [gaz.get(ALEPPO)], "west", gaz)
    assert_sane(west)
    assert west.contains(pt(36.159701, 36.98178))  # Kafr Naha, ~16 km W (bearing ~252°)
    assert west.contains(pt(36.264474, 37.019209))  # Yaqed al-Adas, ~13 km WNW
    assert not west.contains(pt(36.205985, 37.290543))  # Tiyara, ~12 km due E
    assert not west.contains(pt(36.206013, 37.152420))  # the city
    assert not west.contains(pt(35.929008, 36.635276))  # Idlib: another governorate


def test_damascus_countryside_is_rural_damascus(gaz):
    rif = area_shape("countryside", [gaz.get(DAMASCUS)], None, gaz)
    assert_sane(rif)
    assert rif.contains(pt(33.570572, 36.404592))  # Duma (C2338), Rural Damascus
    assert not rif.contains(pt(33.517175, 36.27671))


def test_countryside_without_governorate_polygon_is_a_ring(gaz):
    juba = gaz.get(JUBA)  # South Sudan has no admin-1 outline; 450,000 people → r ≈ 4.23 km
    west = area_shape("countryside", [juba], "west", gaz)
    assert_sane(west)
    assert west.contains(offset(juba.lat, juba.lon, 270, 20))
    assert not west.contains(offset(juba.lat, juba.lon, 90, 20))
    assert not west.contains(offset(juba.lat, juba.lon, 270, 3))  # inside the 4.23 km city
    # 3/8 of (π·40² − π·4.23²) ≈ 1864 km²
    assert km2(west) == pytest.approx(3 / 8 * math.pi * (40 ** 2 - 4.23 ** 2), rel=0.02)


def test_countryside_of_a_city_is_its_governorate_outline(gaz):
    mosul = gaz.get(MOSUL)  # in the Natural Earth outline of Nineveh (cur:iq-nineveh)
    rif = area_shape("countryside", [mosul], None, gaz)
    assert_sane(rif)
    assert rif.contains(pt(36.37913, 42.44806))  # Tal Afar (GeoNames 90393), ~60 km W
    assert rif.contains(pt(36.3209, 41.87656))  # Sinjar (GeoNames 448149), ~110 km W
    assert not rif.contains(pt(mosul.lat, mosul.lon))  # the city itself
    assert not rif.contains(pt(36.18333, 44.01193))  # Erbil (GeoNames 95446): another province


# --- regions --------------------------------------------------------------------------------

def test_northwest_syria_from_the_country_polygon(gaz):
    nw = area_shape("region", [gaz.get("ne:SY")], "northwest", gaz)
    assert_sane(nw)
    assert nw.contains(pt(35.929008, 36.635276))  # Idlib
    assert nw.contains(pt(36.206013, 37.152420))  # Aleppo
    assert not nw.contains(pt(33.517175, 36.27671))  # Damascus (south-west)
    assert not nw.contains(pt(35.331885, 40.146071))  # Deir ez-Zor (east)
    assert not nw.contains(pt(35.953075, 39.006062))  # Raqqa: north, just east of the centre
    assert load_polygons()["ne:SY"].contains(nw.buffer(-1e-4))


def test_east_syria(gaz):
    east = area_shape("region", [gaz.get("ne:SY")], "east", gaz)
    assert east.contains(pt(35.331885, 40.146071)) and east.contains(pt(36.505375, 40.742899))
    assert not east.contains(pt(35.929008, 36.635276)) and not east.contains(pt(34.729961, 36.719731))


def test_region_polygon_without_direction(gaz):
    idleb = area_shape("region", [gaz.get("ocha:SY07")], None, gaz)
    assert idleb.contains(pt(35.929008, 36.635276))
    assert idleb.symmetric_difference(load_polygons()["ocha:SY07"]).area < 1e-4


def test_east_of_a_city_as_a_region_is_a_30km_sector(gaz):
    dez = gaz.get(DEIR_EZ_ZOR)
    east = area_shape("region", [dez], "east", gaz)
    assert_sane(east)
    assert east.contains(offset(dez.lat, dez.lon, 90, 25))
    assert not east.contains(offset(dez.lat, dez.lon, 90, 35))
    assert not east.contains(offset(dez.lat, dez.lon, 270, 5))
    assert km2(east) == pytest.approx(3 / 8 * math.pi * 30 ** 2, rel=0.01)  # ≈ 1060 km²


def test_country_without_polygon_gets_a_250km_sector(gaz):
    greece = gaz.get("ne:GR")  # outside the home region: no outline
    north = area_shape("region", [greece], "north", gaz)
    assert_sane(north)
    assert north.contains(offset(greece.lat, greece.lon, 0, 200))
    assert not north.contains(offset(greece.lat, greece.lon, 180, 50))
    assert area_shape("region", [greece], None, gaz) is None  # no outline: nothing honest to draw


# --- besieged -------------------------------------------------------------------------------

def test_besieged_kafraya_and_foah(gaz):
    both = area_shape("besieged", [gaz.get(KAFRAYA), gaz.get(FOAH)], None, gaz)
    assert_sane(both)
    assert both.contains(pt(35.989886, 36.676891)) and both.contains(pt(35.982022, 36.703584))
    # two 1.5 km discs 2.56 km apart: 2·π·1.5² = 14.14 km² less a 0.47 km² lens ≈ 13.67 km²
    assert 13.2 < km2(both) < 14.1
    assert not both.contains(pt(35.929008, 36.635276))


# --- contract -------------------------------------------------------------------------------

def test_bad_kind_and_direction_and_no_anchor(gaz):
    with pytest.raises(ValueError, match="unknown area kind"):
        area_shape("crescent", [gaz.get(ALEPPO)])
    with pytest.raises(ValueError, match="unknown direction"):
        area_shape("countryside", [gaz.get(ALEPPO)], "upwards")
    assert area_shape("besieged", []) is None


@pytest.mark.parametrize("kind,anchor,direction", [
    ("neighbourhoods", ALEPPO, None), ("neighbourhoods", ALEPPO, "southwest"),
    ("neighbourhoods", "ocha:N0214", None), ("neighbourhoods", "ocha:SY02", "east"),
    ("countryside", "ocha:SY02", "north"), ("countryside", RAQQA, "east"),
    ("countryside", "gn:281133", "south"), ("region", "ne:IQ", "north"),
    ("region", "ocha:SY0200", "west"), ("region", "gn:2210247", "east"),
    ("besieged", "gn:71137", None), ("besieged", ALEPPO, "east"),
])
def test_every_shape_is_valid_wgs84(gaz, kind, anchor, direction):
    geom = area_shape(kind, [gaz.get(anchor)], direction, gaz)
    assert_sane(geom)
    e = gaz.get(anchor)
    assert geom.distance(pt(e.lat, e.lon)) < 3  # near its anchor (degrees)


# --- movements ------------------------------------------------------------------------------

def ep(name: str, lat: float | None, lon: float | None, ref: str = "", kind: str = "city"):
    return Endpoint(name, name, kind, lat, lon, None, None, ref)


def move(origin, via, destination) -> Movement:
    return Movement("civilians", "إجلاء", origin, tuple(via), destination, None, "done", 0, 1)


def test_east_aleppo_through_ramouseh_to_idlib(gaz):
    geom = area_shape("neighbourhoods", [gaz.get(ALEPPO)], "east", gaz)
    east = Area("شرق حلب", 0, 1, "east Aleppo", "neighbourhoods", 36.21, 37.19, geom)
    ramouseh = (36.155717, 37.128363)  # south-west of the city, outside the eastern districts
    m = move(ep("east Aleppo", 36.21, 37.19, "area:0", "neighbourhoods"),
             [ep("Ramouseh", *ramouseh, "ocha:N0226", "crossing")],
             ep("Idlib", 35.929008, 36.635276, IDLIB))
    line = movement_geometry(m, [east])
    assert isinstance(line, LineString) and line.is_valid and len(line.coords) == 3
    first = Point(line.coords[0])
    assert geom.boundary.distance(first) < 1e-4  # on the area's edge (~10 m)
    # and the edge point nearest Ramouseh: no point of the area is closer to it
    assert first.distance(pt(*ramouseh)) == pytest.approx(geom.distance(pt(*ramouseh)), abs=2e-4)
    assert line.coords[1] == (ramouseh[1], ramouseh[0])
    assert line.coords[-1] == (36.635276, 35.929008)


def test_destination_area_ends_at_its_nearest_edge(gaz):
    besieged = area_shape("besieged", [gaz.get(KAFRAYA), gaz.get(FOAH)], None, gaz)
    towns = Area("البلدتين", 0, 1, "the besieged towns", "besieged", 35.986, 36.69, besieged)
    m = move(ep("Idlib", 35.929008, 36.635276), [], ep("the towns", None, None, "area:0"))
    line = movement_geometry(m, [towns])
    assert line.coords[0] == (36.635276, 35.929008)
    assert besieged.boundary.distance(Point(line.coords[-1])) < 1e-4


def geodesic(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """(initial bearing °, km) from a to b, both (lon, lat), by pyproj's geodesic."""
    az, _, m = GEOD.inv(a[0], a[1], b[0], b[1])
    return az % 360.0, m / 1000.0


IDLIB_PT = (35.929008, 36.635276)
ALEPPO_PT = (36.206013, 37.15242)
KHAN_TUMAN_PT = (36.118418, 37.050872)  # ~13 km south-west of Aleppo (OCHA)


def test_a_journey_with_no_located_point_has_no_line_and_one_place_is_a_point():
    idlib = ep("Idlib", *IDLIB_PT)
    nowhere = ep("nowhere", None, None, kind="unresolved")
    assert movement_geometry(move(None, [], None), []) is None
    assert movement_geometry(move(nowhere, [nowhere], nowhere), []) is None
    assert movement_geometry(move(ep("bad ref", None, None, "area:7"), [], None), []) is None
    within = movement_geometry(move(idlib, [], idlib), [])  # from Idlib to Idlib
    assert within.geom_type == "Point" and (within.x, within.y) == (IDLIB_PT[1], IDLIB_PT[0])


@pytest.mark.parametrize("origin", [None, ep("nowhere", None, None, kind="unresolved"),
                                    ep("bad ref", None, None, "area:7")])
def test_a_journey_with_only_a_destination_arrives_on_a_stub(origin):
    """No origin, one the gazetteer lacks, or an area that is not there: a 15 km stub arrives
    at Idlib from the south-south-west (bearing 30° along it), ending on Idlib's point."""
    line = movement_geometry(move(origin, [], ep("Idlib", *IDLIB_PT)), [])
    assert isinstance(line, LineString) and len(line.coords) == 2
    assert line.coords[-1] == (IDLIB_PT[1], IDLIB_PT[0])
    bearing, km = geodesic(line.coords[0], line.coords[1])
    assert bearing == pytest.approx(30.0, abs=0.1) and km == pytest.approx(15.0, abs=0.01)
    assert missing_end(move(origin, [], ep("Idlib", *IDLIB_PT)), []) == "origin"


def test_a_journey_with_only_an_origin_leaves_it_and_stubs_fan_out():
    """From Aleppo to nowhere known: a stub leaving Aleppo north-north-east, 15 km (or as long
    as asked); the next slot of the fan turns it 35° clockwise."""
    m = move(ep("Aleppo", *ALEPPO_PT), [], None)
    assert missing_end(m, []) == "destination"
    for fan, stub_km, bearing in [(0, 15.0, 30.0), (1, 15.0, 65.0), (5, 40.0, 30.0)]:
        line = movement_geometry(m, [], fan=fan, stub_km=stub_km)
        assert line.coords[0] == (ALEPPO_PT[1], ALEPPO_PT[0])
        got, km = geodesic(line.coords[0], line.coords[1])
        assert got == pytest.approx(bearing, abs=0.1) and km == pytest.approx(stub_km, abs=0.01)


def test_a_partial_journey_runs_through_its_via_stops_and_on_in_their_direction():
    """Aleppo → Khan Tuman → (destination not found): the line passes Khan Tuman and goes on
    15 km the way the first leg went (south-west), whatever the fan slot; the mirror case
    arrives at Khan Tuman from the direction of the leg that follows it."""
    aleppo, khan = ep("Aleppo", *ALEPPO_PT), ep("Khan Tuman", *KHAN_TUMAN_PT)
    leg_bearing, _ = geodesic((ALEPPO_PT[1], ALEPPO_PT[0]), (KHAN_TUMAN_PT[1], KHAN_TUMAN_PT[0]))
    assert 215 < leg_bearing < 250  # south-west, as the map shows it
    for fan in (0, 3):
        line = movement_geometry(move(aleppo, [khan], ep("x", None, None)), [], fan=fan)
        assert line.coords[:2] == [(ALEPPO_PT[1], ALEPPO_PT[0]),
                                   (KHAN_TUMAN_PT[1], KHAN_TUMAN_PT[0])]
        bearing, km = geodesic(line.coords[1], line.coords[2])
        assert bearing == pytest.approx(leg_bearing, abs=0.2) and km == pytest.approx(15, abs=0.01)
    line = movement_geometry(move(None, [khan], aleppo), [])
    assert line.coords[1:] == [(KHAN_TUMAN_PT[1], KHAN_TUMAN_PT[0]), (ALEPPO_PT[1], ALEPPO_PT[0])]
    bearing, _ = geodesic(line.coords[0], line.coords[1])
    back, _ = geodesic((KHAN_TUMAN_PT[1], KHAN_TUMAN_PT[0]), (ALEPPO_PT[1], ALEPPO_PT[0]))
    assert bearing == pytest.approx(back, abs=0.2)
    assert missing_end(move(None, [khan], None), []) == "both"
    both = movement_geometry(move(None, [khan], None), [])  # through the one stop known
    assert both.coords[1] == (KHAN_TUMAN_PT[1], KHAN_TUMAN_PT[0]) and len(both.coords) == 3


def test_a_stub_from_an_area_starts_at_its_edge(gaz):
    """Leaving east Aleppo for nowhere known: the stub starts where a ray from the area's point
    on the stub's bearing leaves the area, not inside it."""
    geom = area_shape("neighbourhoods", [gaz.get(ALEPPO)], "east", gaz)
    inside = geom.representative_point()
    east = Area("شرق حلب", 0, 1, "east Aleppo", "neighbourhoods", inside.y, inside.x, geom)
    line = movement_geometry(move(ep("east Aleppo", inside.y, inside.x, "area:0"), [], None),
                             [east])
    start = Point(line.coords[0])
    assert geom.boundary.distance(start) < 1e-4 and not geom.buffer(-1e-4).contains(start)
    assert geodesic((inside.x, inside.y), line.coords[0])[0] == pytest.approx(30, abs=1)
    assert geodesic(line.coords[0], line.coords[1]) == pytest.approx((30, 15), abs=0.1)


def test_short_line_is_not_densified():
    m = move(ep("Aleppo", 36.206013, 37.15242), [], ep("Idlib", 35.929008, 36.635276))
    assert list(movement_geometry(m, []).coords) == [(37.15242, 36.206013),
                                                     (36.635276, 35.929008)]


def test_cairo_to_riyadh_follows_the_great_circle():
    cairo, riyadh = (30.06263, 31.24967), (24.68773, 46.72185)
    line = movement_geometry(move(ep("Cairo", *cairo), [], ep("Riyadh", *riyadh)), [])
    assert line.coords[0] == (cairo[1], cairo[0]) and line.coords[-1] == (riyadh[1], riyadh[0])
    # ~1,640 km (15.5° of longitude at ~27°N, 5.4° of latitude): dozens of vertices
    assert 40 <= len(line.coords) <= 120
    # a great circle in the northern hemisphere bulges poleward of the straight lon/lat line
    mid = min(line.coords, key=lambda c: abs(c[0] - (cairo[1] + riyadh[1]) / 2))
    straight_lat = cairo[0] + (riyadh[0] - cairo[0]) * (mid[0] - cairo[1]) / (riyadh[1] - cairo[1])
    assert mid[1] > straight_lat + 0.2
    xs = [c[0] for c in line.coords]
    assert xs == sorted(xs)  # steadily eastwards, no loops


def test_neighbourhoods_of_a_country_is_nothing(gaz):
    assert area_shape("neighbourhoods", [gaz.get("ne:SY")], "east", gaz) is None


def test_export_draws_the_corridor_through_shapes(gaz):
    from geomap.model import Report

    geom = area_shape("neighbourhoods", [gaz.get(ALEPPO)], "east", gaz)
    east = Area("شرق حلب", 0, 7, "east Aleppo", "neighbourhoods", 36.21, 37.19, geom)
    m = move(ep("east Aleppo", 36.21, 37.19, "area:0"), [], ep("Idlib", 35.929008, 36.635276))
    feats = Report("شرق حلب", movements=[m], areas=[east]).to_geojson()["features"]
    line = next(f["geometry"] for f in feats if f["properties"]["type"] == "movement")
    assert line["type"] == "LineString" and tuple(line["coordinates"][-1]) == (36.635276, 35.929008)
    assert geom.boundary.distance(Point(line["coordinates"][0])) < 1e-4


def test_western_rural_damascus_is_cut_from_damascus(gaz):
    west = area_shape("countryside", [gaz.get("ocha:SY03")], "west", gaz)
    assert_sane(west)
    assert west.contains(pt(33.7, 36.1))  # ~25 km NW of Damascus, Rural Damascus (Qalamoun side)
    assert not west.contains(pt(33.570572, 36.404592))  # Duma, ~14 km ENE of Damascus
    assert not west.contains(pt(33.517175, 36.27671))


def test_countryside_ring_stays_in_its_country(gaz):
    juba = gaz.get(JUBA)  # ~120 km from the nearest border: a 40 km ring stays in South Sudan
    rif = area_shape("countryside", [juba], None, gaz)
    assert load_polygons()["ne:SS"].buffer(1e-4).contains(rif)
    gaza = gaz.get("gn:281133")  # on the coast: the ring loses the sea
    ring = area_shape("countryside", [gaza], None, gaz)
    assert_sane(ring)
    assert not ring.contains(offset(gaza.lat, gaza.lon, 280, 20))  # 20 km out to sea
    assert ring.contains(pt(31.41834, 34.34933))  # Deir al-Balah (GeoNames), ~14 km SW
    assert ring.contains(pt(31.34018, 34.30627))  # Khan Younis, ~23 km SW


# --- borders, strips, territories, interiors, centres; all on land ---------------------------

JDEIDET_YABOUS, BAB_AL_HAWA = "cur:jdeidet-yabous-crossing", "cur:bab-al-hawa-crossing"


def at(gaz, id):
    e = gaz.get(id)
    return pt(e.lat, e.lon)


def test_a_border_is_the_land_on_both_sides_of_it(gaz):
    """Syria–Lebanon: ~375 km of border, 10 km of land on each side → some 7,500 km². The
    Jdeidet Yabous crossing is on it; Damascus (~25 km from it) and Beirut (~35 km) are not."""
    syria, lebanon = gaz.get("ne:SY"), gaz.get("ne:LB")
    band = area_shape("border", [syria, lebanon], None, gaz)
    assert_sane(band)
    assert 3000 < km2(band) < 12000
    outlines = load_polygons()
    assert km2(band.intersection(outlines["ne:SY"])) > 1000
    assert km2(band.intersection(outlines["ne:LB"])) > 1000
    assert band.contains(at(gaz, JDEIDET_YABOUS))
    assert not band.contains(at(gaz, DAMASCUS)) and not band.contains(at(gaz, "gn:276781"))
    turkey = area_shape("border", [syria, gaz.get("ne:TR")], None, gaz)
    assert turkey.contains(at(gaz, BAB_AL_HAWA)) and not turkey.contains(at(gaz, ALEPPO))
    assert not turkey.intersects(band)  # the two borders are 250 km apart


def test_the_border_of_one_country_runs_along_all_its_land_borders(gaz):
    """«الحدود السورية» alone: Syria's land along all its borders; Jdeidet Yabous (Lebanon),
    Jarablus (Turkey, ~2 km), Daraa (Jordan, ~4 km) are on it."""
    band = area_shape("border", [gaz.get("ne:SY")], None, gaz)
    for place in (JDEIDET_YABOUS, "ocha:C2227", "ocha:C5993"):
        assert band.contains(at(gaz, place))
    jarablus = gaz.get("ocha:C2227")
    assert not band.contains(offset(jarablus.lat, jarablus.lon, 0, 15))  # in Turkey
    for city in (ALEPPO, DAMASCUS, "ocha:C2528"):  # Homs: 30 km from Lebanon
        assert not band.contains(at(gaz, city))
    greece = next(e for e in gaz.candidates("اليونان") if e.kind == "country")
    assert area_shape("border", [gaz.get("ne:SY"), greece], None, gaz) is None  # no outline


def test_a_strip_runs_between_its_two_places(gaz):
    """Mare' and Azaz are ~15 km apart: the strip is 2 × 0.2 of that wide (at least 2 × 2 km),
    holds both towns and the line between them, not Aleppo 30 km south."""
    marea, azaz = gaz.get("ocha:C1643"), gaz.get("ocha:C1564")
    strip = area_shape("strip", [marea, azaz], None, gaz)
    assert_sane(strip)
    bearing, _, metres = GEOD.inv(marea.lon, marea.lat, azaz.lon, azaz.lat)
    half_km = max(2.0, 0.2 * metres / 1000)
    lon, lat, _ = GEOD.fwd(marea.lon, marea.lat, bearing, metres / 2)
    assert strip.contains(pt(lat, lon))
    assert strip.contains(offset(lat, lon, bearing + 90, half_km * 0.8))
    assert not strip.contains(offset(lat, lon, bearing + 90, half_km * 1.3))
    assert strip.contains(at(gaz, "ocha:C1643")) and strip.contains(at(gaz, "ocha:C1564"))
    assert not strip.contains(at(gaz, ALEPPO))
    assert area_shape("strip", [marea], None, gaz) is None  # a strip needs two ends


def test_territory_is_the_country_and_interior_its_inland(gaz):
    syria = area_shape("territory", [gaz.get("ne:SY")], None, gaz)
    assert km2(syria) == pytest.approx(km2(load_polygons()["ne:SY"]), rel=1e-3)
    inland = area_shape("interior", [gaz.get("ne:YE")], None, gaz)
    assert load_polygons()["ne:YE"].buffer(1e-4).contains(inland)
    assert inland.contains(at(gaz, "gn:71137"))  # Sanaa
    assert inland.contains(at(gaz, "gn:72968"))  # Marib
    assert not inland.contains(at(gaz, "gn:79415"))  # Hodeidah, on the Red Sea
    assert not inland.contains(at(gaz, "gn:415189"))  # Aden, on the Gulf of Aden


def test_the_centre_of_a_country_is_where_its_people_live(gaz):
    """«وسط سوريا» holds Homs and Palmyra, not Aleppo, Damascus, Daraa, Qamishli or Latakia;
    «وسط العراق» holds Baghdad, not Basra or Mosul."""
    centre = area_shape("region", [gaz.get("ne:SY")], "centre", gaz)
    assert_sane(centre)
    assert centre.contains(at(gaz, "ocha:C2528")) and centre.contains(at(gaz, "ocha:C2889"))
    for city in (ALEPPO, DAMASCUS, "ocha:C5993", "ocha:C4564", "ocha:C3480"):
        assert not centre.contains(at(gaz, city))
    iraq = area_shape("region", [gaz.get("ne:IQ")], "centre", gaz)
    assert iraq.contains(pt(33.3152, 44.3661))  # Baghdad (GeoNames)
    assert not iraq.contains(pt(30.5085, 47.7804)) and not iraq.contains(at(gaz, MOSUL))  # Basra


def test_the_centre_of_a_town_without_quarters_is_a_disc_in_its_middle(gaz):
    rafah = gaz.get("gn:281102")
    middle = area_shape("region", [rafah], "centre", gaz)
    assert middle.contains(pt(rafah.lat, rafah.lon))
    assert not middle.contains(offset(rafah.lat, rafah.lon, 90, 25))


GAZA_SEA, LATAKIA_SEA = (31.50, 34.36), (35.53, 35.70)
HODEIDAH_SEA, BEIRUT_SEA = (14.80, 42.85), (33.89, 35.40)


@pytest.mark.parametrize("kind, anchor, direction, sea", [
    ("neighbourhoods", "gn:281133", "west", GAZA_SEA),  # Gaza: a sector on the coast
    ("neighbourhoods", "ocha:C3480", "west", LATAKIA_SEA),  # Latakia: quarters drawn over water
    ("neighbourhoods", "gn:79415", "west", HODEIDAH_SEA),
    ("region", "gn:276781", "west", BEIRUT_SEA),
    ("besieged", "gn:281133", None, GAZA_SEA),
    ("region", "ne:LB", "west", BEIRUT_SEA),
    ("strip", ("gn:281102", "gn:281124"), None, (31.33, 34.20)),  # Rafah – Khan Younis
])
def test_no_area_spills_into_the_sea(gaz, kind, anchor, direction, sea):
    """Every shape lies in its country's land (the outline joined with its governorates'); a
    point at sea ~8-10 km off the coastal place (read off a chart) is never inside it."""
    anchors = [gaz.get(a) for a in (anchor if isinstance(anchor, tuple) else (anchor,))]
    shape = area_shape(kind, anchors, direction, gaz)
    assert_sane(shape)
    outlines = load_polygons()
    country = anchors[0].country
    land = shapely.union_all([outlines[f"ne:{country}"], *[
        p for e in gaz.entries if e.kind == "governorate" and e.country == country
        and (p := outlines.get(e.id)) is not None]])
    assert km2(shape.difference(land)) < 1e-3 * km2(shape)
    assert not land.contains(pt(*sea)) and not shape.contains(pt(*sea))


# --- the one local projection, and what drawing an area reads of the gazetteer ---------------

FRAME_CENTRES = [(36.2, 37.15), (31.5, 34.47), (15.35, 44.2), (32.9, 13.18), (33.3, 44.4)]


@pytest.mark.parametrize("lat0, lon0", FRAME_CENTRES)
def test_local_frame_computes_what_the_aeqd_crs_computes(lat0, lon0):
    """Built from its PROJ pipeline string (0.2 ms) instead of Transformer.from_crs (~21 ms),
    the frame gives the same numbers to the last bit, both ways, out to ~600 km."""
    from pyproj import Transformer

    from geomap.geometry.projection import local_frame

    aeqd = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
    fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    inv = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)
    rng = np.random.default_rng(int(lat0 * 100))
    lon, lat = lon0 + rng.uniform(-6, 6, 400), lat0 + rng.uniform(-5, 5, 400)
    frame = local_frame(lat0, lon0)
    x, y = frame.forward(lon, lat)
    assert np.array_equal(np.column_stack(fwd.transform(lon, lat)), np.column_stack([x, y]))
    assert np.array_equal(np.column_stack(inv.transform(x, y)),
                          np.column_stack(frame.inverse(x, y)))
    assert local_frame(lat0, lon0) is frame  # one per centre


def test_local_frame_keeps_geodesic_distance_and_bearing_from_its_centre():
    """What makes the frame metric, checked against pyproj's geodesic: a point 120 km away
    on a bearing of 300° lies 120 km from the origin along (sin 300°, cos 300°)."""
    from geomap.geometry.projection import local_frame

    lat0, lon0 = 35.93, 36.63  # Idlib
    frame = local_frame(lat0, lon0)
    for bearing, km in [(0, 5), (45, 40), (135, 100), (300, 120), (210, 400)]:
        far = offset(lat0, lon0, bearing, km)
        x, y = frame.forward(np.array([far.x]), np.array([far.y]))
        assert math.hypot(x[0], y[0]) == pytest.approx(km * 1000, abs=1e-3)
        assert x[0] == pytest.approx(km * 1000 * math.sin(math.radians(bearing)), abs=1e-3)
        assert y[0] == pytest.approx(km * 1000 * math.cos(math.radians(bearing)), abs=1e-3)
        lon, lat = frame.inverse(x, y)
        assert (lon[0], lat[0]) == pytest.approx((far.x, far.y), abs=1e-9)


def test_admin_index_finds_what_a_scan_of_the_gazetteer_finds(gaz):
    """Governorates by admin1, their «Rural X» siblings and capitals come from an index built
    once; each lookup gives what the plain scan of every entry gave."""
    from geomap.geometry.shapes import _admin_index, _capital

    index = _admin_index(gaz)
    govs = [e for e in gaz.entries if e.kind == "governorate"]
    for country, admin1 in {(e.country, e.admin1) for e in gaz.entries if e.admin1}:
        plain = next((g for g in govs if g.admin1 == admin1 and g.country == country), None)
        assert next(iter(index.governorates.get((country, admin1), ())), None) == plain
    for gov in govs:
        plain = [e for e in govs if e.country == gov.country
                 and e.name_en == f"Rural {gov.name_en}"]
        assert index.governorate_names.get((gov.country, f"Rural {gov.name_en}"), []) == plain
    checked = 0
    for entry in gaz.entries:
        if entry.kind not in ("governorate", "district") or not entry.admin1:
            continue
        name, field = entry.name_en.removeprefix("Rural "), (
            "admin1" if entry.kind == "governorate" else "admin2")
        cities = [e for e in gaz.entries if e.kind == "city" and e.country == entry.country
                  and (e.name_en == name or getattr(e, field) == entry.name_en)]
        plain = max(cities, key=lambda e: (e.name_en == name, e.population or 0, e.importance),
                    default=None)
        assert _capital(entry, gaz) == plain
        checked += plain is not None
    assert checked > 50  # most governorates and districts have a main city
    assert _capital(gaz.get("ocha:SY03"), gaz).name_en == "Damascus"  # Rural Damascus


# --- the geometry stage ------------------------------------------------------------------------

def _points(m: Movement) -> set[tuple[float, float]] | None:
    """The distinct points of a route whose stops are all places, or None if any is an area."""
    stops = [e for e in [m.origin, *m.via, m.destination] if e is not None]
    if any(e.ref.startswith("area:") for e in stops):
        return None
    return {(round(e.lon, 5), round(e.lat, 5)) for e in stops if e.lat is not None}


def _located(e: Endpoint | None, areas: list[Area]) -> bool:
    """Whether an end has a point: its own, or its area's (by the area's index in the report)."""
    if e is None:
        return False
    if e.ref.startswith("area:") and e.ref[5:].isdigit() and int(e.ref[5:]) < len(areas):
        return e.lat is not None or areas[int(e.ref[5:])].lat is not None
    return e.lat is not None and not e.ref.startswith("area:")


def test_the_stage_gives_every_movement_and_area_its_shape(seed_report, dev_records):
    """After add_geometry, every movement with a located point has a geometry and one without
    has none; a movement between located places passes through them; GeoJSON of the report as
    extract gave it (which draws the shapes itself) exports exactly those shapes and says which
    end is missing. Every area with a point has a polygon."""
    import geomap

    extracted = [seed_report] + [geomap.extract(r["text"], id=r["id"]) for r in dev_records]
    lines = partial = areas = 0
    for plain in extracted:
        report = geomap.add_geometry(plain)
        feats = plain.to_geojson()["features"]
        props = [f["properties"] for f in feats if f["properties"]["type"] == "movement"]
        for m, prop in zip(report.movements, props):
            ends = [_located(e, report.areas) for e in (m.origin, m.destination)]
            stops = ends + [_located(v, report.areas) for v in m.via]
            assert prop["missing_end"] == (None if all(ends) else "destination" if ends[0]
                                           else "origin" if ends[1] else "both")
            if not any(stops):
                assert m.geometry is None
                continue
            assert m.geometry is not None and m.geometry.is_valid
            points = _points(m)
            if points is not None:  # all places: the line passes each one
                assert {(round(x, 5), round(y, 5)) for x, y in m.geometry.coords} >= points
            lines += all(ends)
            partial += not all(ends)
        for a in report.areas:
            if a.lat is not None:
                assert a.geometry.geom_type in ("Polygon", "MultiPolygon") and a.geometry.is_valid
                assert a.geometry.covers(Point(a.lon, a.lat))  # its point is a point inside
                areas += 1
        exported = [f["geometry"] for f in feats if f["properties"]["type"] == "movement"]
        assert exported == [mapping(m.geometry) if m.geometry is not None else None
                            for m in report.movements]
    assert lines > 30 and partial > 10 and areas > 60


def test_extract_leaves_corridors_discs_and_outlines_to_the_stage(seed_report):
    """extract draws the area polygons relate needs and nothing else; the readers of shapes
    draw the rest themselves, so what they give is what they give of the staged report."""
    import geomap
    from geomap.io.articles import Article
    from geomap.io.tables import Rows

    assert seed_report.movements and all(m.geometry is None for m in seed_report.movements)
    assert all(p.geometry is None for p in seed_report.places)
    assert any(a.geometry is not None for a in seed_report.areas)
    staged = geomap.add_geometry(seed_report)
    assert sum(m.geometry is not None for m in staged.movements) >= 5
    assert seed_report.to_geojson() == staged.to_geojson()
    assert staged.to_dict() == seed_report.to_dict()
    plain_rows, staged_rows = Rows(0), Rows(0)
    article = Article(id="seed", text=seed_report.text, meta={}, file="seed.txt", line=None)
    plain_rows.report(article, seed_report)
    staged_rows.report(article, staged)
    assert plain_rows.rows == staged_rows.rows
    for table, geoms in staged_rows.geoms.items():
        assert [g is None for g in geoms] == [g is None for g in plain_rows.geoms[table]]
        assert all(a is None or a.equals_exact(b, 0)
                   for a, b in zip(plain_rows.geoms[table], geoms))
    assert any(g is not None for g in plain_rows.geoms["movements"])


def test_the_stage_fills_only_what_is_missing(seed):
    """A hand-built report gets corridors; passed through again it comes back as it is."""
    from geomap.geometry.stage import add_geometry, stub_km

    assert all(m.geometry is None for m in seed.movements)
    staged = add_geometry(seed)
    assert staged is not seed and add_geometry(staged) is staged
    drawn = [m for m in staged.movements if m.geometry is not None]
    km = stub_km(seed.movements, seed.areas)
    assert len(drawn) == 5 and all(
        m.geometry.equals_exact(movement_geometry(m, seed.areas, stub_km=km), 0) for m in drawn)
    assert [a.geometry for a in staged.areas] == [a.geometry for a in seed.areas]  # kept
    assert staged.to_dict() == seed.to_dict()  # the shapes are no part of the output


def test_partial_journeys_drawn_alike_fan_out_and_stubs_grow_with_the_story():
    """Three journeys leave Aleppo for nowhere known: their stubs leave at 30°, 65° and 100°
    (one fan slot each), not on one line. With Baghdad in the story (~750 km away) a stub is
    6% of the story's extent, not 15 km."""
    from geomap.geometry.stage import add_geometry
    from geomap.model import Report

    aleppo, baghdad = ep("Aleppo", *ALEPPO_PT), ep("Baghdad", 33.34058, 44.40088)
    leaving = [move(aleppo, [], None) for _ in range(3)]
    report = add_geometry(Report("حلب", movements=leaving))
    bearings = [geodesic(m.geometry.coords[0], m.geometry.coords[1]) for m in report.movements]
    assert bearings == [pytest.approx((b, 15.0), abs=0.1) for b in (30, 65, 100)]
    story = add_geometry(Report("حلب", movements=[move(aleppo, [], baghdad), leaving[0]]))
    diagonal = geodesic((ALEPPO_PT[1], 33.34058), (44.40088, ALEPPO_PT[0]))[1]  # SW to NE corner
    assert 700 < diagonal < 800
    _, km = geodesic(*story.movements[1].geometry.coords[:2])
    assert km == pytest.approx(0.06 * diagonal, rel=0.01)


def test_a_province_named_gets_its_outline_on_the_place(gaz):
    """«محافظة الأنبار» is a governorate with a Natural Earth outline: the stage puts that
    outline on the place (not in its dict); Baghdad, a city, stays a point."""
    import geomap

    report = geomap.add_geometry(geomap.extract("نزح آلاف المدنيين من محافظة الأنبار إلى بغداد"))
    anbar = next(p for p in report.places if p.id == "cur:iq-anbar")
    assert anbar.kind == "governorate" and anbar.geometry.equals(load_polygons()["cur:iq-anbar"])
    assert anbar.geometry.contains(Point(40.0, 33.0))  # the western desert, near Rutba
    assert "geometry" not in anbar.to_dict()
    assert all(p.geometry is None for p in report.places if p.id != "cur:iq-anbar")


def test_an_area_the_data_cannot_outline_is_a_two_km_disc():
    """Its point is all the report knows: the stage draws a 2 km disc round it (measured on the
    geodesic here, not in the module's projection)."""
    from geomap.geometry.stage import FALLBACK_RADIUS_KM, add_geometry
    from geomap.model import Report

    lat, lon = 15.35, 44.2  # Sanaa
    bare = Area("شمال صنعاء", 0, 10, "North Sanaa", "region", lat, lon)
    nowhere = Area("منطقة ما", 11, 19, "somewhere", "region", None, None)
    disc = add_geometry(Report("شمال صنعاء منطقة ما", areas=[bare, nowhere])).areas
    assert disc[1].geometry is None
    assert_sane(disc[0].geometry)
    for x, y in disc[0].geometry.exterior.coords:
        assert GEOD.inv(lon, lat, x, y)[2] == pytest.approx(FALLBACK_RADIUS_KM * 1000, abs=2.0)


def test_a_province_named_with_a_direction_is_drawn_as_the_province(gaz):
    """«شمال دارفور» is North Darfur State, not a sector north of Darfur: its outline holds El
    Fasher (13.63 N 25.35 E), the state capital, south of Darfur's centre point, and not El
    Geneina (13.45 N 22.44 E, West Darfur) or Nyala (12.05 N 24.88 E, South Darfur)."""
    import geomap

    [area] = geomap.extract("نزح الآلاف إلى شمال دارفور").areas
    assert area.anchor_ids == ("cur:sd-north-darfur",)
    shape = area_shape(area.kind, [gaz.get(area.anchor_ids[0])], None, gaz)
    assert_sane(shape)
    assert shape.contains(pt(13.6279, 25.3494))
    assert not shape.contains(pt(13.4528, 22.4472)) and not shape.contains(pt(12.0489, 24.8807))


def test_countryside_whose_outline_pieces_geos_cannot_union_is_still_drawn():
    """«ريف العين السخنة الشرقي» (Ain Sukhna, on the Gulf of Suez): its countryside, cut to the
    land, came out as an invalid multipolygon and GEOS refused to union it (a traceback from
    extract). It is made valid first: a valid shape, on Egypt's land."""
    import geomap
    from geomap.geometry.shapes import load_polygons

    report = geomap.extract("انهيار جسر بريف العين السخنة الشرقي والمحاذية تماماً.")
    [area] = report.areas
    assert area.kind == "countryside" and area.geometry.is_valid and not area.geometry.is_empty
    assert area.geometry.difference(load_polygons()["ne:EG"]).area < 1e-4 * area.geometry.area


def test_a_sector_built_from_an_array_is_the_one_built_from_tuples():
    """_sector_m builds its polygon from one array (fast path): its coordinates are those of
    Polygon() over the apex and the arc's points as tuples, bit for bit, for random sectors."""
    import math

    import numpy as np
    import shapely
    from shapely.geometry import Polygon

    from geomap.geometry.shapes import _sector_m

    rng = np.random.default_rng(7)
    for _ in range(300):
        apex = Point(rng.uniform(-1e5, 1e5), rng.uniform(-1e5, 1e5))
        bearing, half, r = rng.uniform(0, 360), rng.uniform(1, 179), rng.uniform(10, 3e5)
        angles = np.radians(np.linspace(bearing - half, bearing + half,
                                        max(8, math.ceil(half)) + 1))
        plain = Polygon([(apex.x, apex.y),
                         *zip(apex.x + r * np.sin(angles), apex.y + r * np.cos(angles))])
        fast = _sector_m(apex, bearing, half, r)
        assert fast.geom_type == "Polygon" and fast.is_valid
        assert shapely.get_coordinates(fast).tobytes() == shapely.get_coordinates(plain).tobytes()


def test_a_circle_built_from_the_unit_circle_is_the_buffer_of_its_centre():
    """_circle_m scales and moves GEOS's unit circle (fast path): its coordinates are those of
    Point.buffer(r, quad_segs=32), bit for bit, for random centres and radii (near a frame's
    origin, where discs are drawn, and far from it); a disc and a 180° sector are such circles."""
    from geomap.geometry.shapes import _circle_m, _disc, _frame, _sector_m

    rng = np.random.default_rng(11)
    for spread in (10.0, 1e5):
        for _ in range(500):
            centre = Point(rng.uniform(-spread, spread), rng.uniform(-spread, spread))
            r = rng.uniform(50, 3e5)
            plain = centre.buffer(r, quad_segs=32)
            for fast in (_circle_m(centre, r), _sector_m(centre, 0.0, 180.0, r)):
                assert fast.geom_type == "Polygon" and fast.is_valid
                assert (shapely.get_coordinates(fast).tobytes()
                        == shapely.get_coordinates(plain).tobytes())
    lat, lon = 36.20123, 37.16342  # Aleppo, 3 km
    frame = _frame(lat, lon)
    plain = frame.to_deg(frame.to_m(Point(lon, lat)).buffer(3000.0, quad_segs=32))
    assert shapely.get_coordinates(_disc(lat, lon, 3.0)).tobytes() == \
        shapely.get_coordinates(plain).tobytes()


PLAIN_CASES = [("neighbourhoods", (ALEPPO,), "east"), ("countryside", (ALEPPO,), "west"),
               ("countryside", (DAMASCUS,), None), ("countryside", (DEIR_EZ_ZOR,), "east"),
               ("region", ("ne:SY",), "northwest"), ("region", (DEIR_EZ_ZOR,), "east"),
               ("region", ("ne:SY",), "centre"), ("besieged", (KAFRAYA, FOAH), None),
               ("territory", ("ne:SY",), "south"), ("interior", ("ne:YE",), None),
               ("border", ("ne:SY", "ne:LB"), None), ("strip", (IDLIB, ALEPPO), None),
               ("region", (IDLIB,), "south"), ("countryside", (RAQQA,), "north")]


@pytest.mark.parametrize("kind, ids, direction", PLAIN_CASES)
def test_a_shape_inland_is_not_overlaid_with_its_whole_country(gaz, kind, ids, direction,
                                                               monkeypatch):
    """_within_countries skips the overlay with a country's land when the land contains the
    shape (fast path). Against the plain clip (always the overlay, written here), every kind
    of area gives the same polygon (the same rings, perhaps started elsewhere: equal once
    normalised, Hausdorff 0) and the same point, which is what the JSON reports."""
    from shapely.ops import unary_union

    from geomap.geometry import shapes

    def plain(geom, anchors, gaz):
        lands = [land for cc in dict.fromkeys(a.country for a in anchors if a.country)
                 if (land := shapes._country_land(cc, gaz)) is not None]
        if not lands:
            return geom
        clipped = shapes._finish(geom.intersection(unary_union(lands)))
        return geom if clipped is None else clipped

    anchors = [gaz.get(i) for i in ids]
    fast = area_shape(kind, anchors, direction, gaz)
    monkeypatch.setattr(shapes, "_within_countries", plain)
    reference = area_shape(kind, anchors, direction, gaz)
    assert_sane(fast)
    assert shapely.normalize(fast).wkb == shapely.normalize(reference).wkb
    assert fast.hausdorff_distance(reference) == 0.0
    assert fast.representative_point().wkb == reference.representative_point().wkb


def test_shapes_drawn_from_warm_caches_are_those_drawn_cold(gaz):
    """A country's seam zone and neighbours, a city's neighbourhood union and extent are cached
    per process: a shape drawn after others filled those caches is the one drawn with them
    empty, bit for bit (its WKB)."""
    from geomap.geometry import shapes

    caches = (shapes._seam_zone, shapes._neighbour_land, shapes._hoods_union, shapes._town)
    asks = [("border", ["ne:SY", "ne:TR"], None), ("border", ["ne:SY"], "north"),
            ("neighbourhoods", [ALEPPO], "east"), ("countryside", [ALEPPO], "west")]
    cold = []
    for kind, ids, direction in asks:
        for cached in caches:
            cached.cache_clear()
        cold.append(area_shape(kind, [gaz.get(i) for i in ids], direction, gaz).wkb)
    area_shape("border", [gaz.get("ne:SY"), gaz.get("ne:LB")], None, gaz)  # fills the caches
    area_shape("neighbourhoods", [gaz.get(ALEPPO)], None, gaz)
    warm = [area_shape(k, [gaz.get(i) for i in ids], d, gaz).wkb for k, ids, d in asks]
    assert warm == cold


def test_the_countryside_of_a_city_that_fills_its_province_is_nothing_and_warns_nothing(gaz):
    """Beirut's governorate is the city itself: less the city, no land is left, so «ريف بيروت
    الشرقي» has no shape of its own (the stage draws a disc). Cutting the empty land by a
    direction once built a wedge of NaNs, and numpy warned on the user's terminal."""
    import warnings

    beirut = gaz.get("gn:276781")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert area_shape("countryside", [beirut], "east", gaz) is None
        assert area_shape("countryside", [beirut], None, gaz) is None
