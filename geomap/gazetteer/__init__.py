"""The gazetteer: Arabic place names → entries with points (`index`), built reproducibly from
open sources (`build`, `sources`, `curated`, `names`, `tables`, `topojson`)."""
from __future__ import annotations

from pathlib import Path

from .index import Entry, Gazetteer

__all__ = ["Entry", "Gazetteer", "load_gazetteer"]


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer (data/gazetteer.csv by default), loaded once and cached per path."""
    return Gazetteer.load(path)
