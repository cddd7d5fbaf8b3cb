"""text → normalize → spot → judge → resolve → relate → Report. One direction, plain data."""
from __future__ import annotations

from .text.normalize import has_arabic, normalize
from .errors import InputError
from .gazetteer.index import Gazetteer
from .model import Report
from .relations import relate
from .places.finder import find_places
from .places.resolved import resolve_places

MAX_CHARS = 20_000_000  # larger inputs are refused with a clear message, not a memory blow-up


def extract(text: str, *, id: str | None = None, gazetteer: Gazetteer | None = None,
            geocoder=None) -> Report:
    """The Report for one text; empty (not an error) for empty or non-Arabic text."""
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(f"text of {len(text):,} characters is over the {MAX_CHARS:,} limit; "
                         "split it into articles")
    if not text.strip() or not has_arabic(text):
        return Report(text=text, id=id)
    gaz = gazetteer or Gazetteer.load()
    norm = normalize(text)
    mentions, unresolved = find_places(norm, gaz)
    mentions, places, unresolved = resolve_places(mentions, unresolved, norm, gaz)
    report = Report(text=text, id=id, places=places, unresolved=unresolved)
    report = relate(report, norm, mentions, gaz)
    if geocoder is not None:
        report = geocoder.fill(report)
    return report
