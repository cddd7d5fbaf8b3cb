"""Build data/gazetteer.csv and data/areas.geojson from the public sources and the hand-kept files.

    >>> from geomap.gazetteer.build import build, DEFAULT_SOURCES
    >>> build(DEFAULT_SOURCES, Path("data"))

Sources (../shared/data, each with a SOURCE.md): OCHA COD Syria (communities, neighbourhoods,
governorates, districts), the 2015 OCHA communities (spellings, admin-centre levels), GeoNames
cities500 (two extracts: Syria's region, Russia and capitals; the Arab world, its neighbours and
every place with an Arabic name), Natural Earth countries and admin-1 outlines, airportsdata.
Hand-kept (data/, each optional): countries.csv, country_centres.csv, curated.csv,
curated_aliases.csv, admin1_terms.csv. The output is byte-identical for identical inputs.
"""
from __future__ import annotations

import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from ..errors import GazetteerError
from . import admin1
from .prior import importance
from .paths import data_dir
from .tables import geojson_text, write_csv
from .curated import apply_aliases, read_curated
from .sources import (
    Entry, merge_geonames_into, read_airports, read_countries, read_geonames,
    read_neighbourhoods, read_ocha_admin, read_ocha_communities,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES = REPO_ROOT.parent / "shared" / "data"
DATA_DIR = data_dir()  # the hand-kept files (see paths)
COLUMNS = ["id", "name_ar", "name_en", "alt_names", "kind", "lat", "lon", "admin1", "admin2",
           "country", "population", "importance", "parent_id", "source"]
MAX_AREAS_BYTES = 4_000_000
SIMPLIFY_DEGREES = 0.0005
SIMPLIFY_SHARE = 200


@dataclass
class BuildSummary:
    """What a build wrote: row counts per source, file paths and sizes, seconds taken."""

    counts: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    areas: int = 0
    gazetteer_path: Path | None = None
    areas_path: Path | None = None
    gazetteer_bytes: int = 0
    areas_bytes: int = 0
    simplified: bool = False
    seconds: float = 0.0
    unnamed: list[str] = field(default_factory=list)  # admin-1 outlines without an Arabic name

    def __str__(self) -> str:
        """One line per count, then the files written."""
        lines = [f"{key:<28}{value:>7}" for key, value in self.counts.items()]
        lines.append(f"wrote {self.gazetteer_path} ({self.rows} rows, {self.gazetteer_bytes:,} bytes)")
        lines.append(f"wrote {self.areas_path} ({self.areas} polygons, {self.areas_bytes:,} bytes)")
        if self.unnamed:
            lines.append(f"admin-1 outlines no row names in Arabic ({len(self.unnamed)}; "
                         "add a curated governorate row to name one):")
            lines += textwrap.wrap(", ".join(self.unnamed), 96, initial_indent="  ",
                                   subsequent_indent="  ")
        return "\n".join(lines + [f"in {self.seconds:.1f} s"])


def build(sources: Path = DEFAULT_SOURCES, out_dir: Path = DATA_DIR,
          hand_dir: Path | None = None) -> BuildSummary:
    """Read every source and hand-kept file, write gazetteer.csv and areas.geojson into out_dir."""
    started = time.perf_counter()
    sources, out_dir = Path(sources), Path(out_dir)
    hand_dir = DATA_DIR if hand_dir is None else Path(hand_dir)
    if not sources.is_dir():
        raise GazetteerError(f"{sources}: sources directory not found")
    summary = BuildSummary()
    entries, areas, summary.unnamed = collect(sources, hand_dir, summary.counts)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary.gazetteer_path = out_dir / "gazetteer.csv"
    write_csv(summary.gazetteer_path, COLUMNS, [csv_row(e) for e in sorted(entries.values(), key=lambda e: e.id)])
    summary.areas_path = out_dir / "areas.geojson"
    summary.simplified = write_areas(summary.areas_path, areas)
    summary.rows, summary.areas = len(entries), len(areas)
    summary.gazetteer_bytes = summary.gazetteer_path.stat().st_size
    summary.areas_bytes = summary.areas_path.stat().st_size
    summary.seconds = time.perf_counter() - started
    return summary


def collect(sources: Path, hand_dir: Path, counts: dict[str, int]
            ) -> tuple[dict[str, Entry], dict, list[str]]:
    """All entries by id, all area polygons by id and the admin-1 outlines left without an
    Arabic name, counting what each source gave."""
    entries: dict[str, Entry] = {}
    areas: dict = {}
    ocha = sources / "ocha-cod-syria"
    for label, (found, polygons) in (
        ("ocha governorates", read_ocha_admin(ocha / "syr_admin1", "governorate")),
        ("ocha districts", read_ocha_admin(ocha / "syr_admin2", "district")),
        ("ocha communities", read_ocha_communities(ocha, sources / "ocha-cod-syria-2015", counts)),
        ("ocha neighbourhoods", read_neighbourhoods(ocha)),
        ("natural earth countries", read_countries(sources / "natural-earth-world-atlas", hand_dir)),
        ("airportsdata", (read_airports(sources / "airportsdata"), {})),
    ):
        add_entries(entries, found, label, counts)
        areas.update(polygons)
    gn, merged, skipped = read_geonames(sources, entries, counts)
    add_entries(entries, gn, "geonames", counts)
    units = admin1.clip_to_countries(admin1.read_units(sources / admin1.FOLDER), areas)
    curated, curated_areas = read_curated(hand_dir / "curated.csv", entries,
                                          {**admin1.unit_areas(units), **areas},
                                          points={**skipped, **entries, **merged})
    add_entries(entries, curated, "curated", counts)
    areas.update(curated_areas)
    into_curated = merge_geonames_into(curated, entries)
    counts["geonames merged into curated"] = len(into_curated)
    merged.update(into_curated)
    counts["curated aliases"] = apply_aliases(hand_dir / "curated_aliases.csv", entries, merged,
                                              skipped)
    for entry in entries.values():
        if entry.parent_id in merged:
            entry.parent_id = merged[entry.parent_id].id
    unnamed = add_admin1(units, hand_dir, entries, areas, counts)
    return entries, areas, unnamed


def add_admin1(units: list[admin1.Unit], hand_dir: Path, entries: dict[str, Entry],
               areas: dict, counts: dict[str, int]) -> list[str]:
    """Join the admin-1 outlines to the rows naming them (new rows for the rest), then give each
    GeoNames row the governorate its point lies in. Returns the outlines left without Arabic."""
    approximate = {e.id for e in entries.values() if e.recipe.startswith(("hull:", "buffer:"))}
    joined = admin1.join(units, entries, areas, admin1.read_terms(hand_dir), approximate)
    add_entries(entries, joined.entries, "admin-1 outlines of their own", counts)
    areas.update(joined.areas)
    counts["admin-1 outlines read"] = len(units)
    counts["admin-1 joined to a row"] = joined.by_row
    counts["admin-1 named after seat"] = joined.by_seat
    counts["admin-1 without Arabic"] = len(joined.unnamed)
    counts["geonames rows in a province"] = admin1.assign_parents(entries, areas)
    return joined.unnamed


def add_entries(entries: dict[str, Entry], found: list[Entry], label: str, counts: dict[str, int]) -> None:
    """Add a source's entries, refusing an id that another row already has."""
    for entry in found:
        if entry.id in entries:
            raise GazetteerError(f"{entry.where}: duplicate id {entry.id}")
        entries[entry.id] = entry
    counts[label] = len(found)


def csv_row(entry: Entry) -> list[str]:
    """The entry as gazetteer.csv cells, with fixed float formatting."""
    return [
        entry.id, entry.name_ar, entry.name_en, "|".join(entry.alternates()), entry.kind,
        f"{entry.lat:.6f}", f"{entry.lon:.6f}", entry.admin1, entry.admin2, entry.country,
        "" if entry.population is None else str(entry.population),
        f"{importance(entry.kind, entry.level, entry.population):.3f}", entry.parent_id, entry.source,
    ]


def write_areas(path: Path, areas: dict) -> bool:
    """Write areas.geojson sorted by id; simplify (topology kept) when it would exceed ~4 MB.

    Each outline is simplified by at most 1/SIMPLIFY_SHARE of its extent and never more than
    SIMPLIFY_DEGREES (~50 m): a governorate loses survey detail no map shows, a 2 km circle
    or a city block keeps its shape.
    """
    features = [(key, {"id": key, "name_en": name, "kind": kind}, geom)
                for key, (geom, name, kind) in sorted(areas.items())]
    text = geojson_text(features)
    simplified = len(text.encode("utf-8")) > MAX_AREAS_BYTES
    if simplified:
        text = geojson_text([(key, props, simplify(geom)) for key, props, geom in features])
    path.write_bytes(text.encode("utf-8"))
    return simplified


def simplify(geom: BaseGeometry) -> BaseGeometry:
    """The outline simplified in proportion to its size (see write_areas)."""
    x0, y0, x1, y1 = geom.bounds
    tolerance = min(SIMPLIFY_DEGREES, max(x1 - x0, y1 - y0) / SIMPLIFY_SHARE)
    return geom.simplify(tolerance, preserve_topology=True)
