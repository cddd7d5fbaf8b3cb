"""A batch run: inputs planned into shards, finished shards skipped, the rest run on an engine,
progress shown, a summary returned."""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..errors import OutputError
from ..io.articles import find_sources
from ..io.tables import TABLES
from .plan import DEFAULT_SHARD_SIZE, Shard, check_manifest, plan
from .progress import Progress
from .shard import ShardResult, clean, finished
from .store import need_pyarrow, totals

LOCK = "_batch.lock"


@dataclass
class Summary:
    """What a run did (`run`) and what the output folder holds now (`totals`)."""

    out: str
    shards: int
    skipped: list[int] = field(default_factory=list)  # finished by an earlier run
    done: list[int] = field(default_factory=list)  # finished by this run
    failed: list[tuple[int, str]] = field(default_factory=list)  # (shard, why): run again
    articles: int = 0  # articles read by this run, error rows included
    seconds: float = 0.0
    shard_seconds: float = 0.0  # the shards' own time, added up (extraction and writing)
    totals: dict[str, int] = field(default_factory=dict)  # rows per table, and "errors"

    def __str__(self) -> str:
        t = self.totals
        done = self.shards - len(self.failed)
        return (f"{self.out}: {t.get('articles', 0):,} articles (error rows: "
                f"{t.get('errors', 0):,}) in {done} of {self.shards} shards "
                f"({len(self.skipped)} done before); {t.get('places', 0):,} places, "
                f"{t.get('movements', 0):,} movements, {t.get('areas', 0):,} areas, "
                f"{t.get('unresolved', 0):,} unresolved")


def run(inputs: "str | os.PathLike | Sequence[str | os.PathLike]", out: "str | os.PathLike", *,
        workers: int | None = None, engine: str = "local", scheduler: str | None = None,
        shard_size: int = DEFAULT_SHARD_SIZE, gazetteer: str | None = None,
        progress: bool = False, log: Callable[[str], None] | None = None) -> Summary:
    """Turn articles (JSONL(.gz) files, .txt files, folders of them) into the tables under
    `out`, one task per shard on `workers` processes (default: one per core) of the local
    pool or of Dask; finished shards are skipped. `log` receives one-line notes."""
    if engine not in ("local", "dask"):
        raise ValueError(f'engine must be "local" or "dask", not {engine!r}')
    need_pyarrow()
    workers = workers or os.cpu_count() or 1
    say = log or (lambda line: None)
    given = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    sources, others = find_sources([os.fspath(p) for p in given])
    if others:
        say(f"left out {len(others)} files that are neither JSONL nor .txt, e.g. {others[0]}")
    shards = plan(sources, shard_size)
    out_path = Path(out).absolute()
    with _locked(out_path):
        check_manifest(out_path, shards, shard_size)
        summary = _run_shards(shards, out_path, workers, engine, scheduler, gazetteer,
                              progress, say)
        summary.totals = totals(out_path)
    return summary


def _run_shards(shards: list[Shard], out: Path, workers: int, engine: str,
                scheduler: str | None, gazetteer: str | None, progress: bool,
                say: Callable[[str], None]) -> Summary:
    temps, parts = clean(out)
    if temps or parts:
        say(f"removed {temps} temporary files and {parts} parts of shards a killed run "
            "left unfinished")
    done = finished(out)
    todo = [s for s in shards if s.number not in done]
    summary = Summary(str(out), len(shards), skipped=sorted(done & {s.number for s in shards}))
    if summary.skipped:
        say(f"{len(summary.skipped)} of {len(shards)} shards done before: skipped")
    bar = Progress(len(todo), sum(s.size for s in todo), enabled=progress)
    sizes = {s.number: s.size for s in todo}
    t0 = time.perf_counter()
    try:
        for result in _engine(todo, str(out), workers, engine, scheduler, gazetteer):
            _record(summary, result, say)
            bar.update(result.articles, sizes[result.number])
    finally:
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _engine(todo: list[Shard], out: str, workers: int, engine: str, scheduler: str | None,
            gazetteer: str | None) -> Iterator[ShardResult]:
    """The results of the shards to do, from the engine asked for (imported only then)."""
    from .engines import run_dask, run_local, run_serial

    if not todo:
        return iter(())
    if engine == "dask":
        return run_dask(todo, out, gazetteer, workers, scheduler)
    if workers == 1 or len(todo) == 1:
        return run_serial(todo, out, gazetteer)
    return run_local(todo, out, gazetteer, min(workers, len(todo)))


def _record(summary: Summary, result: ShardResult, say: Callable[[str], None]) -> None:
    if result.failed:
        summary.failed.append((result.number, result.failed))
        say(f"shard {result.number} failed: {result.failed}")
    else:
        summary.done.append(result.number)
        summary.articles += result.articles
        summary.shard_seconds += result.seconds


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """The output folder (made if missing), for this run alone: a second run on the same
    folder is refused while this one holds the lock; the lock dies with its process."""
    try:
        for table in TABLES:
            (out / table).mkdir(parents=True, exist_ok=True)
        f = open(out / LOCK, "a")
    except OSError as exc:
        raise OutputError(f"{exc.filename or out}: cannot write ({exc.strerror or exc})"
                          ) from None
    with f:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on Windows: no lock
            yield
            return
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(f"{out}: another geomap batch is writing here") from None
        yield

