"""The one local metric frame: WGS84 ↔ an azimuthal equidistant plane centred on a point.

x, y are metres east and north along the geodesic from the centre (PROJ's ellipsoidal
``+proj=aeqd``), so distances and bearings from the centre are true wherever it lies. The PROJ
pipeline is built straight from its definition: ``Transformer.from_crs`` found the same pipeline
through a search of the CRS database that cost ~21 ms a pair, more than drawing an area; built
from the pipeline strings it costs ~0.2 ms and computes the same numbers bit for bit (the
inverse is its own pipeline: running the forward one backwards differs in the last bits).
Frames are cached by centre.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
_AEQD = "+proj=aeqd +lat_0={lat} +lon_0={lon} +x_0=0 +y_0=0 +ellps=WGS84"
TO_METRES = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step " + _AEQD
TO_DEGREES = ("+proj=pipeline +step +inv " + _AEQD
              + " +step +proj=unitconvert +xy_in=rad +xy_out=deg")


class LocalFrame:
    """A metric frame centred on (lat, lon): moves coordinates and shapely geometries between
    it and WGS84 (x = lon, y = lat). Use `local_frame` to share one per centre."""

    __slots__ = ("lat", "lon", "_fwd", "_inv")

    def __init__(self, lat: float, lon: float) -> None:
        self.lat, self.lon = float(lat), float(lon)
        self._fwd = Transformer.from_pipeline(TO_METRES.format(lat=self.lat, lon=self.lon))
        self._inv = Transformer.from_pipeline(TO_DEGREES.format(lat=self.lat, lon=self.lon))

    def forward(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Degrees (lon, lat) → metres (x east, y north) from the centre."""
        return self._fwd.transform(lon, lat)

    def inverse(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Metres (x, y) from the centre → degrees (lon, lat)."""
        return self._inv.transform(x, y)

    def to_m(self, geom: BaseGeometry) -> BaseGeometry:
        """A WGS84 geometry in this frame's metres."""
        return shapely.transform(geom, lambda xy: np.column_stack(
            self.forward(xy[:, 0], xy[:, 1])))

    def to_deg(self, geom: BaseGeometry) -> BaseGeometry:
        """A geometry in this frame's metres back in WGS84 degrees."""
        return shapely.transform(geom, lambda xy: np.column_stack(
            self.inverse(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=1024)
def local_frame(lat: float, lon: float) -> LocalFrame:
    """The frame centred on (lat, lon), built once per centre (callers round the centre)."""
    return LocalFrame(lat, lon)
