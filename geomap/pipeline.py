"""text → normalize → spot → judge → resolve → relate → Report. One direction, plain data."""
from __future__ import annotations

import os
from typing import Any, Iterable, Iterator

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
    """The Report for one text; empty (not an error) for empty or non-Arabic text. Its areas
    have their polygons; movement corridors, fallback discs and province outlines (never in
    the JSON) are drawn on demand by `add_geometry(report)`, as the maps and exports do."""
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



class Pipeline:
    """geomap's stages bound to one loaded gazetteer (and an optional geocoder), as spaCy's
    `nlp`: `nlp(text)` is a Report, `nlp.pipe(texts)` streams many. Make one with `load()`."""

    def __init__(self, gazetteer: Gazetteer, geocoder=None):
        self.gazetteer = gazetteer
        self.geocoder = geocoder

    def __call__(self, text: str, id: str | None = None) -> Report:
        """The Report for one text (see `extract`)."""
        return extract(text, id=id, gazetteer=self.gazetteer, geocoder=self.geocoder)

    def pipe(self, texts: Iterable[str | tuple[str, Any]], *, n_process: int = 1,
             batch_size: int | None = None, errors: str = "raise"
             ) -> Iterator[Report | InputError]:
        """The Report of each text, in input order. An item is a text, or a (text, id) pair
        whose id the report keeps. n_process > 1 (-1: one per core) extracts in that many
        processes sharing the loaded gazetteer, `batch_size` texts at a time (by default
        batches that grow from a few texts to a hundred: a short stream is shared by every
        worker, a long one costs the parent little per text). A text that cannot be
        extracted raises its InputError, or with errors="return" is yielded in its place."""
        if errors not in ("raise", "return"):
            raise ValueError(f'errors must be "raise" or "return", not {errors!r}')
        if n_process == -1:
            n_process = os.cpu_count() or 1
        if not isinstance(n_process, int) or n_process < 1 or \
                batch_size is not None and batch_size < 1:
            raise ValueError("n_process must be -1 or at least 1, batch_size at least 1")
        return self._pipe(map(_as_item, texts), n_process, batch_size, errors == "raise")

    def _pipe(self, items: Iterator[tuple[Any, Any]], n_process: int, batch_size: int | None,
              raise_errors: bool) -> Iterator[Report | InputError]:
        if n_process == 1:
            results: Iterator[Report | InputError] = map(self._try, items)
        else:  # the workers extract; geocoding (one cache, one rate limit) stays here
            from .workers import run_in_processes

            results = run_in_processes(Pipeline(self.gazetteer), items, n_process, batch_size)
        for r in results:
            if isinstance(r, InputError):
                if raise_errors:
                    raise r
            elif n_process > 1 and self.geocoder is not None:
                r = self.geocoder.fill(r)
            yield r

    def _try(self, item: tuple[Any, Any]) -> Report | InputError:
        try:
            return self(item[0], id=item[1])
        except InputError as exc:
            return exc


def _as_item(item: Any) -> tuple[Any, Any]:
    """(text, id) of a pipe() item: a text, or a (text, id) pair; anything else is passed on
    as the text, for extract to refuse in its place."""
    if isinstance(item, tuple) and len(item) == 2:
        return item
    return item, None


def load(gazetteer: "str | os.PathLike | Gazetteer | None" = None, geocoder=None) -> Pipeline:
    """A Pipeline on a gazetteer (a CSV path or a loaded Gazetteer; default: the packaged
    one), loaded now, so that the first text costs no more than the next."""
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = Gazetteer.load(gazetteer)
    return Pipeline(gazetteer, geocoder)
