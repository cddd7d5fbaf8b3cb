"""Build data/gazetteer.csv and data/areas.geojson from the public sources and the hand-kept files.

    >>> from geomap.gazetteer.build import build, DEFAULT_SOURCES
    >>> build(DEFAULT_SOURCES, Path("data"))

Sources (../shared/data, each with a SOURCE.md): OCHA COD Syria (communities, neighbourhoods,
governorates, districts), the 2015 OCHA communities (spellings, admin-centre levels), GeoNames
cities500, Natural Earth countries, airportsdata. Hand-kept (data/, each optional): countries.csv,
curated.csv, curated_aliases.csv. The output is byte-identical for identical inputs.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GazetteerError
from .paths import data_dir
from .tables import geojson_text, write_csv
from .curated import apply_aliases, read_curated
from .sources import (
    Entry, read_airports, read_countries, read_geonames,
    read_neighbourhoods, read_ocha_admin, read_ocha_communities,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES = REPO_ROOT.parent / "shared" / "data"
DATA_DIR = data_dir()  # the hand-kept files (see paths)
COLUMNS = ["id", "name_ar", "name_en", "alt_names", "kind", "lat", "lon", "admin1", "admin2",
           "country", "population", "importance", "parent_id", "source"]
MAX_AREAS_BYTES = 4_000_000
SIMPLIFY_DEGREES = 0.0005


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

    def __str__(self) -> str:
        """One line per count, then the files written."""
        lines = [f"{key:<28}{value:>7}" for key, value in self.counts.items()]
        lines.append(f"wrote {self.gazetteer_path} ({self.rows} rows, {self.gazetteer_bytes:,} bytes)")
        lines.append(f"wrote {self.areas_path} ({self.areas} polygons, {self.areas_bytes:,} bytes)")
        return "\n".join(lines + [f"in {self.seconds:.1f} s"])


_KIND_BASE = {
    "country": 1.0, "governorate": 0.8, "district": 0.7, "region": 0.6, "city": 0.4,
    "river": 0.4, "base": 0.35, "crossing": 0.35, "camp": 0.35, "town": 0.3, "airport": 0.3,
    "neighbourhood": 0.3, "landmark": 0.3, "village": 0.25, "road": 0.25,
}
_LEVEL_SCORE = {0: 0.95, 1: 0.85, 2: 0.6, 3: 0.45}


def importance(kind: str, level: int | None, population: int | None) -> float:
    """Prior (0..1) that a bare mention of the name means this entry; monotone in every input.

    importance = max(kind base, admin-centre score, population score), where
    - kind base: country 1.0, governorate 0.8, district 0.7, region 0.6, city/river 0.4,
      base/crossing/camp 0.35, town/airport/neighbourhood/landmark 0.3, village/road 0.25
      (other kinds 0.25);
    - admin-centre level (OCHA CAPIT_LVL, GeoNames PPLC/PPLA/PPLA2/PPLA3): national capital 0.95,
      governorate/province centre 0.85, district centre 0.6, sub-district centre 0.45;
    - population p: (log10 p − 2) / 6 capped at 0.9 (1,000 → 0.17, 100,000 → 0.5, 10 M → 0.83).
    """
    score = _KIND_BASE.get(kind, 0.25)
    if level is not None:
        score = max(score, _LEVEL_SCORE.get(level, 0.0))
    if population and population > 0:
        score = max(score, min(0.9, (math.log10(population) - 2) / 6))
    return round(min(1.0, max(0.0, score)), 3)


def build(sources: Path = DEFAULT_SOURCES, out_dir: Path = DATA_DIR,
          hand_dir: Path | None = None) -> BuildSummary:
    """Read every source and hand-kept file, write gazetteer.csv and areas.geojson into out_dir."""
    started = time.perf_counter()
    sources, out_dir = Path(sources), Path(out_dir)
    hand_dir = DATA_DIR if hand_dir is None else Path(hand_dir)
    if not sources.is_dir():
        raise GazetteerError(f"{sources}: sources directory not found")
    summary = BuildSummary()
    entries, areas = collect(sources, hand_dir, summary.counts)
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


def collect(sources: Path, hand_dir: Path, counts: dict[str, int]) -> tuple[dict[str, Entry], dict]:
    """All entries by id and all area polygons by id, counting what each source gave."""
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
    gn, merged, skipped = read_geonames(sources / "geonames-cities500", entries, counts)
    add_entries(entries, gn, "geonames", counts)
    curated, curated_areas = read_curated(hand_dir / "curated.csv", entries, areas,
                                          points={**skipped, **entries, **merged})
    add_entries(entries, curated, "curated", counts)
    areas.update(curated_areas)
    counts["curated aliases"] = apply_aliases(hand_dir / "curated_aliases.csv", entries, merged,
                                              skipped)
    for entry in entries.values():
        if entry.parent_id in merged:
            entry.parent_id = merged[entry.parent_id].id
    return entries, areas


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
    """Write areas.geojson sorted by id; simplify (topology kept) when it would exceed ~4 MB."""
    features = [(key, {"id": key, "name_en": name, "kind": kind}, geom)
                for key, (geom, name, kind) in sorted(areas.items())]
    text = geojson_text(features)
    simplified = len(text.encode("utf-8")) > MAX_AREAS_BYTES
    if simplified:
        text = geojson_text(features, SIMPLIFY_DEGREES)
    path.write_bytes(text.encode("utf-8"))
    return simplified
