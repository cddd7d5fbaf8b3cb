"""The area outlines of an areas.geojson by gazetteer id, parsed once and then kept in the cache.

Parsing the 3.7 MB FeatureCollection into shapely geometries costs more than the rest of a
one-article run; an article needs a handful of them. The parsed (and made valid) geometries are
cached as WKB by the file's digest (see cache), and each is decoded when first asked for: WKB
keeps every coordinate's bits, so the shapes are those the file gives.
"""
from __future__ import annotations

import json
import marshal
from pathlib import Path
from typing import Iterator, Mapping

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from . import cache

__all__ = ["read_outlines", "parse_outlines", "Outlines"]


class Outlines(Mapping[str, BaseGeometry]):
    """Geometries by id, each decoded from its WKB on first use."""

    def __init__(self, wkb: dict[str, bytes]):
        self._wkb = wkb
        self._decoded: dict[str, BaseGeometry] = {}

    def __getitem__(self, id: str) -> BaseGeometry:
        geom = self._decoded.get(id)
        if geom is None:
            geom = self._decoded[id] = shapely.from_wkb(self._wkb[id])
        return geom

    def __iter__(self) -> Iterator[str]:
        return iter(self._wkb)

    def __len__(self) -> int:
        return len(self._wkb)


def read_outlines(path: Path) -> Mapping[str, BaseGeometry]:
    """{properties.id: valid geometry} of a FeatureCollection file, from the cache when this
    file was parsed before; FileNotFoundError when there is no such file."""
    key = cache.fingerprint("outlines", cache.file_digest(path))
    return cache.load_or_build("outlines", key, lambda: parse_outlines(path),
                               dump=_dump, load=lambda data: Outlines(marshal.loads(data)))


def parse_outlines(path: Path) -> dict[str, BaseGeometry]:
    """Parse a FeatureCollection into {properties.id: valid geometry}."""
    features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
    out: dict[str, BaseGeometry] = {}
    for f in features:
        fid = (f.get("properties") or {}).get("id")
        if fid and f.get("geometry"):
            geom = shape(f["geometry"])
            out[fid] = geom if geom.is_valid else shapely.make_valid(geom)
    return out


def _dump(outlines: Mapping[str, BaseGeometry]) -> bytes:
    return marshal.dumps({id: shapely.to_wkb(geom) for id, geom in outlines.items()})
