"""Extraction in several processes that share one loaded pipeline, results in input order.

On Linux the workers are forked from the process that loaded the gazetteer, so they read its
pages (copy-on-write) instead of loading their own; each worker then moves what it inherited
out of the cyclic collector's reach (gc.freeze, in the worker only), so that collections do not
write to, and so copy, the shared pages. Elsewhere (no fork) each worker starts afresh and loads
the gazetteer once. Texts travel to the workers in batches; at most two batches per worker are
in flight, so a long stream of texts is never read ahead whole. Unless told a size, batches
grow from FIRST_BATCH texts, doubling up to LARGEST_BATCH: each batch costs the parent a few
ms (sending, receiving, unpickling a list of reports), 7% of all CPU with batches of 32 and
about 5% with 128, while a short stream still reaches every worker.
"""
from __future__ import annotations

import gc
import sys
from collections import deque
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from .model import Report
    from .pipeline import Pipeline

# the pipeline a worker runs: inherited from the parent (fork), or loaded (spawn)
_PIPELINE: "Pipeline | None" = None
IN_FLIGHT_PER_WORKER = 2
FIRST_BATCH, LARGEST_BATCH = 4, 128
WARM_UP = "خرج المدنيون من شرق حلب إلى ريف إدلب الغربي عبر معبر الراموسة."


def start_method() -> str:
    """fork where the platform has it and it is safe (Linux); else spawn."""
    import multiprocessing  # only where processes are started: `geomap extract` never does

    methods = multiprocessing.get_all_start_methods()
    return "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"


def run_in_processes(nlp: "Pipeline", items: Iterable[tuple[str, Any]], n_process: int,
                     batch_size: int | None = None) -> Iterator["Report | InputError"]:
    """The report (or the InputError) of each (text, id), in order, from n_process workers,
    batch_size texts at a time (None: growing batches). `nlp` must have no geocoder: its
    cache and rate limit belong to one process."""
    method = start_method()
    if method == "fork":
        nlp(WARM_UP)  # lazy tables (word frequencies, outlines) loaded once, before forking
        init, args = _inherit, (nlp,)  # passed in memory: a forked worker pickles nothing
    else:
        if nlp.gazetteer.path is None:
            raise ValueError("n_process > 1 needs a gazetteer loaded from a file here "
                             f"({sys.platform} has no fork: each worker loads its own)")
        init, args = _load, (str(nlp.gazetteer.path),)
    import multiprocessing

    ctx = multiprocessing.get_context(method)
    with ctx.Pool(n_process, initializer=init, initargs=args) as pool:
        pending: deque = deque()
        for batch in _batches(items, batch_size):
            pending.append(pool.apply_async(_run, (batch,)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _batches(items: Iterable[Any], size: int | None) -> Iterator[list[Any]]:
    """Lists of `size` items (the last one shorter); with no size, of FIRST_BATCH items, then
    twice as many each time, up to LARGEST_BATCH."""
    it, grow = iter(items), size is None
    size = FIRST_BATCH if size is None else size
    while batch := list(islice(it, size)):
        yield batch
        if grow:
            size = min(2 * size, LARGEST_BATCH)


def _inherit(nlp: "Pipeline") -> None:
    """In a forked worker: run the parent's pipeline; what the worker inherited is long-lived,
    so the collector is kept off its pages."""
    global _PIPELINE
    _PIPELINE = nlp
    gc.freeze()


def _load(gazetteer_path: str) -> None:
    """In a spawned worker: load the pipeline once."""
    global _PIPELINE
    from .pipeline import load

    _PIPELINE = load_owned(lambda: load(gazetteer_path))


T = TypeVar("T")


def load_owned(load: Callable[[], T]) -> T:
    """What `load()` gives (the gazetteer, or a pipeline on it), in a process geomap owns (a
    command, a worker; never the library's host): the collector waits while it loads (~200,000
    objects, none garbage: collecting among them took a quarter of the load), and what was
    loaded is then frozen out of its reach, as it lives as long as the process."""
    gc.disable()
    try:
        value = load()
    finally:
        gc.enable()
    gc.freeze()
    return value


def _run(batch: list[tuple[str, Any]]) -> list["Report | InputError"]:
    """Extract a batch in a worker; a text that cannot be extracted is its InputError."""
    out: list[Report | InputError] = []
    for text, id in batch:
        try:
            out.append(_PIPELINE(text, id=id))  # type: ignore[misc]
        except InputError as exc:
            out.append(exc)
    return out
