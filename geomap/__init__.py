"""geomap: Arabic news reports in; the places, movements and areas they report out, as data and maps.

    >>> import geomap
    >>> report = geomap.extract(text)          # a Report: .places .unresolved .movements .areas
    >>> geomap.render(report)                  # a folium.Map (shows inline in Jupyter)
    >>> report.to_geodataframe()               # one GeoDataFrame with a `type` column
"""
from __future__ import annotations

from .errors import GeomapError, GazetteerError, InputError
from .model import Area, Endpoint, Movement, Place, Report, Unresolved

__all__ = [
    "extract", "render", "load_gazetteer", "Report", "Place", "Unresolved", "Movement",
    "Endpoint", "Area", "GeomapError", "GazetteerError", "InputError",
]
__version__ = "0.1.0"


def load_gazetteer(path=None):
    """The gazetteer (data/gazetteer.csv by default), loaded once and cached per path."""
    from .gazetteer.index import Gazetteer

    return Gazetteer.load(path)


def extract(text: str, *, id: str | None = None, gazetteer=None, geocoder=None) -> Report:
    """Run the whole pipeline on one text and return its Report."""
    from .pipeline import extract as _extract

    return _extract(text, id=id, gazetteer=gazetteer, geocoder=geocoder)


def render(reports, **kwargs):
    """Draw one Report or several as a folium.Map (see geomap.render.render)."""
    from .maps.draw import render as _render

    return _render(reports, **kwargs)
