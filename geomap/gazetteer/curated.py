"""Hand-kept additions: curated.csv rows (with polygon recipes) and curated_aliases.csv names."""
from __future__ import annotations

from pathlib import Path

from pyproj import Transformer
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry
import shapely
from shapely.ops import unary_union

from ..errors import GazetteerError
from .tables import coordinate, read_table
from .names import has_arabic
from .sources import Areas, Entry

KINDS = {"city", "town", "village", "neighbourhood", "camp", "crossing", "base", "airport", "road",
         "landmark", "river", "region", "district", "governorate", "country"}
CURATED_COLUMNS = ["id", "name_ar", "name_en", "alt_names", "kind", "lat", "lon", "admin1", "admin2",
                   "country", "population", "parent_id", "coord_source", "geometry"]
METRIC_CRS = "EPSG:32637"  # UTM 37N: metres across Syria and its neighbours
HULL_BUFFER_KM = 3.0
_TO_METRIC = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


def metric_buffer(geom: BaseGeometry, kilometres: float) -> BaseGeometry:
    """Buffer a WGS84 geometry by a distance in kilometres, measured in UTM 37N."""
    metric = shapely.transform(geom, _TO_METRIC.transform, interleaved=False).buffer(kilometres * 1000.0)
    return shapely.transform(metric, _TO_WGS84.transform, interleaved=False)


def recipe_geometry(recipe: str, point: Point | None, entries: dict[str, Entry], areas: Areas,
                    where: str) -> BaseGeometry:
    """The polygon a curated `geometry` recipe describes: union:, hull: or buffer:KM."""
    method, _, argument = recipe.partition(":")
    ids = [i.strip() for i in argument.split("+") if i.strip()]
    if method == "union":
        missing = [i for i in ids if i not in areas]
        if missing or not ids:
            raise GazetteerError(f"{where}: union of ids without a polygon: {', '.join(missing) or '(none)'}")
        return unary_union([areas[i][0] for i in ids])
    if method == "hull":
        missing = [i for i in ids if i not in entries]
        if missing or not ids:
            raise GazetteerError(f"{where}: hull of unknown ids: {', '.join(missing) or '(none)'}")
        hull = MultiPoint([(entries[i].lon, entries[i].lat) for i in ids]).convex_hull
        return metric_buffer(hull, HULL_BUFFER_KM)
    if method == "buffer":
        try:
            kilometres = float(argument)
        except ValueError:
            raise GazetteerError(f"{where}: bad buffer distance {argument!r}") from None
        if point is None or not kilometres > 0:
            raise GazetteerError(f"{where}: buffer needs a point and a positive distance")
        return metric_buffer(point, kilometres)
    raise GazetteerError(f"{where}: unknown geometry recipe {recipe!r} (union:, hull:, buffer:KM)")


def read_curated(path: Path, entries: dict[str, Entry], areas: Areas,
                 points: dict[str, Entry] | None = None) -> tuple[list[Entry], Areas]:
    """Curated rows (cur:*) and the polygons of their recipes; absent file → nothing.

    `points` (default: entries) is what hull: ids may name: it also holds GeoNames rows that were
    merged into OCHA or skipped for lack of an Arabic name, so their ids still anchor a hull.
    """
    points = entries if points is None else points
    if not path.exists():
        return [], {}
    found: list[Entry] = []
    new_areas: Areas = {}
    for line, row in read_table(path, CURATED_COLUMNS):
        where = f"{path}:{line}"
        entry = curated_entry(row, where)
        if entry.id in entries or any(e.id == entry.id for e in found):
            raise GazetteerError(f"{where}: duplicate id {entry.id}")
        if row["geometry"]:
            known = {**points, **{e.id: e for e in found}, entry.id: entry}
            point = Point(entry.lon, entry.lat) if row["lat"] else None
            geom = recipe_geometry(row["geometry"], point, known, {**areas, **new_areas}, where)
            new_areas[entry.id] = (geom, entry.name_en, entry.kind)
            entry.recipe = row["geometry"]
            if not row["lat"]:
                label = geom.representative_point()
                entry.lat, entry.lon = label.y, label.x
        found.append(entry)
    return found, new_areas


def curated_entry(row: dict[str, str], where: str) -> Entry:
    """One curated.csv row as an entry (point may be filled in later from its polygon)."""
    if not row["id"].startswith("cur:") or len(row["id"]) < 5:
        raise GazetteerError(f"{where}: curated id must start with 'cur:' ({row['id']!r})")
    if row["kind"] not in KINDS:
        raise GazetteerError(f"{where}: unknown kind {row['kind']!r}")
    if not row["coord_source"]:
        raise GazetteerError(f"{where}: empty coord_source (say where the point comes from)")
    lat = lon = 0.0
    if row["lat"] or row["lon"] or not row["geometry"]:
        lat, lon = coordinate(row, "lat", "lon", where)
    try:
        population = int(row["population"]) if row["population"] else None
    except ValueError:
        raise GazetteerError(f"{where}: bad population {row['population']!r}") from None
    entry = Entry(row["id"], row["name_ar"], row["name_en"], row["kind"], lat, lon,
                  admin1=row["admin1"], admin2=row["admin2"], country=row["country"],
                  population=population, parent_id=row["parent_id"],
                  source=f"curated: {row['coord_source']}", where=where)
    entry.add_alt(*row["alt_names"].split("|"))
    return entry


def apply_aliases(path: Path, entries: dict[str, Entry], merged: dict[str, Entry] | None = None,
                  skipped: dict[str, Entry] | None = None) -> int:
    """Append curated_aliases.csv names to existing rows; the first Arabic one fills an empty name_ar.

    An alias for a GeoNames row merged into an OCHA one goes to that row; one for a GeoNames row
    skipped for want of an Arabic name brings the row back, now that it has one.
    """
    if not path.exists():
        return 0
    rows = read_table(path, ["id", "alt_names"])
    for line, row in rows:
        entry = entries.get(row["id"]) or (merged or {}).get(row["id"])
        if entry is None and row["id"] in (skipped or {}):
            entry = entries[row["id"]] = skipped[row["id"]]
        if entry is None:
            raise GazetteerError(f"{path}:{line}: unknown id {row['id']!r}")
        names = [n.strip() for n in row["alt_names"].split("|") if n.strip()]
        if not entry.name_ar:
            arabic = [n for n in names if has_arabic(n)]
            if arabic:
                entry.name_ar = arabic[0]
                names.remove(arabic[0])
        entry.add_alt(*names)
    return len(rows)
