"""geomap: Arabic news reports in; the places, movements and areas they report out, as data and maps.

    >>> import geomap
    >>> report = geomap.extract(text)          # a Report: .places .unresolved .movements .areas
    >>> nlp = geomap.load()                    # nlp(text); nlp.pipe(texts, n_process=2)
    >>> geomap.render(report)                  # a folium.Map (shows inline in Jupyter)
    >>> geomap.write_map(report, "map.html")   # one standalone HTML file
    >>> report.to_geodataframe()               # one GeoDataFrame with a `type` column
    >>> report = geomap.add_geometry(report)   # corridors, stubs, discs, outlines as shapely

The functions are imported on first use (PEP 562), so `import geomap` stays light and the
command line loads only what a command needs.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from .errors import GazetteerError, GeomapError, InputError
from .model import Area, Endpoint, Movement, Place, Report, Unresolved

__version__ = "0.1.0"

# public name → module that defines it
_LAZY = {
    "extract": "geomap.pipeline",
    "add_geometry": "geomap.geometry.stage",
    "load": "geomap.pipeline",
    "load_gazetteer": "geomap.gazetteer",
    "render": "geomap.maps.draw",
    "to_html": "geomap.maps.draw",
    "write_map": "geomap.maps.draw",
    "write_image": "geomap.maps.draw",
}
__all__ = [*_LAZY, "Report", "Place", "Unresolved", "Movement", "Endpoint", "Area",
           "GeomapError", "GazetteerError", "InputError", "__version__"]


def __getattr__(name: str) -> Any:
    """The public functions, imported from their stage on first use."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
