"""Where geomap's data files are: the copy packaged with an installed geomap, else `data/`.

A wheel (or an sdist, or `pip install .`) carries the repository's top-level `data/` folder
inside the package as `geomap/_data/` (setup.py copies it at build time); an editable install
of a checkout reads the checkout's `data/` itself. Every reader of gazetteer.csv,
areas.geojson and the hand-kept files asks `data_dir()`, so none depends on where it is run.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGED = Path(__file__).resolve().parents[1] / "_data"  # geomap/_data in an installed wheel
CHECKOUT = Path(__file__).resolve().parents[2] / "data"  # data/ beside geomap/ in a checkout


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The folder of the data files geomap reads at run time (gazetteer.csv, areas.geojson).

    The packaged copy when there is one (an installed geomap), else the checkout's data/.
    """
    return PACKAGED if (PACKAGED / "gazetteer.csv").is_file() else CHECKOUT


def is_packaged_data(folder: str | Path) -> bool:
    """Whether `folder` is the data folder geomap reads (so writing there changes every run)."""
    try:
        return Path(folder).resolve().samefile(data_dir())
    except OSError:  # no such folder yet, or the data folder is missing: not the same
        return False
