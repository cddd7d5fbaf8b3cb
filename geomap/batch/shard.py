"""One shard in, its rows out: the function every engine calls (in this process, in a pool
worker, on a Dask worker).

A shard's tables are written to hidden temporary names (".part-NNNNN.parquet.<pid>.tmp") and
renamed into place when all are written, its articles part last: a shard is finished exactly
when OUT/articles/part-NNNNN.parquet exists. A run killed midway leaves at most temporary
files and parts of a shard without its articles part, which the next run removes (`clean`)
before doing that shard again.
"""
from __future__ import annotations

import gc
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GeomapError, InputError
from ..io.articles import BadArticle
from ..io.tables import TABLES, Rows, to_arrow

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import Pipeline
    from .plan import Shard

_PART = re.compile(r"part-(\d+)\.parquet")
_TMP = re.compile(r"\.part-\d+\.parquet\.\d+\.tmp")
# this process's pipeline by gazetteer path (None: the packaged one): inherited or loaded once
_NLP: "dict[str | None, Pipeline]" = {}


@dataclass
class ShardResult:
    """What became of a shard: articles read (error rows included), error rows, rows per
    table, seconds; or why it failed (nothing of it was kept)."""

    number: int
    articles: int = 0
    errors: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    failed: str | None = None


def part_name(number: int) -> str:
    return f"part-{number:05d}.parquet"


def use_pipeline(gazetteer: str | None, nlp: "Pipeline") -> None:
    """In a forked pool worker: run the parent's loaded pipeline, kept out of the collector's
    reach (see geomap.workers)."""
    _NLP[gazetteer] = nlp
    gc.freeze()


def pipeline(gazetteer: str | None) -> "Pipeline":
    """This process's pipeline on a gazetteer, loaded on the first shard it runs (a Dask or
    spawned worker), its lazy tables too: the first shard costs no more than the next."""
    if gazetteer not in _NLP:
        from ..pipeline import load
        from ..workers import WARM_UP

        nlp = load(gazetteer)
        nlp(WARM_UP)
        _NLP[gazetteer] = nlp
    return _NLP[gazetteer]


def run_shard(shard: "Shard", out: str, gazetteer: str | None = None) -> ShardResult:
    """Extract every article of a shard and write its tables under `out`. An article that
    cannot be read or extracted is an error row; a shard that cannot be written (a full
    disk, a folder gone) is a failed result, with nothing of it left in place."""
    try:
        nlp = pipeline(gazetteer)
        t0 = time.perf_counter()  # the shard's own time: a worker's one load is apart
        rows = extract_rows(shard, nlp)
        write_shard(rows, Path(out))
    except (OSError, GeomapError) as exc:
        return ShardResult(shard.number, failed=f"{shard.describe()}: {exc}")
    arts = rows.rows["articles"]
    return ShardResult(shard.number, len(arts), sum(r.get("error") is not None for r in arts),
                       {t: len(rows.rows[t]) for t in TABLES}, time.perf_counter() - t0)


def extract_rows(shard: "Shard", nlp: "Pipeline") -> Rows:
    """The rows of every article of the shard, in order."""
    rows = Rows(shard.number)
    for item in shard.articles():
        if isinstance(item, BadArticle):
            rows.error(item)
            continue
        try:
            report = nlp(item.text, id=item.id)
        except InputError as exc:  # over the size limit
            rows.error(BadArticle(item.id, item.file, item.line, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one article's fault must not cost the shard
            why = f"extraction failed ({type(exc).__name__}: {exc})"
            rows.error(BadArticle(item.id, item.file, item.line, why))
            continue
        report.meta = dict(item.meta)
        rows.report(item, report)
    return rows


def write_shard(rows: Rows, out: Path) -> None:
    """Every table of the shard to a temporary file, then each renamed into place, the
    articles part last (it says the shard is done)."""
    import pyarrow.parquet as pq

    name, temps = part_name(rows.shard), {}
    try:
        for table in TABLES:
            tmp = out / table / f".{name}.{os.getpid()}.tmp"
            temps[table] = tmp
            pq.write_table(to_arrow(table, rows.rows[table], rows.geoms.get(table)), tmp,
                           compression="zstd")
            _sync(tmp)
        for table in (*(t for t in TABLES if t != "articles"), "articles"):
            os.replace(temps[table], out / table / name)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    """Flush a written file to disk, so that a renamed part is never empty after a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def finished(out: Path) -> set[int]:
    """The numbers of the shards whose tables are all in place."""
    folder = out / "articles"
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for p in folder.iterdir() if (m := _PART.fullmatch(p.name))}


def clean(out: Path) -> tuple[int, int]:
    """Remove what killed runs left: temporary files, and parts of shards that did not finish
    (their articles part missing). (temporary files, parts) removed."""
    done, temps, parts = finished(out), 0, 0
    for table in TABLES:
        folder = out / table
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if _TMP.fullmatch(p.name):
                p.unlink(missing_ok=True)
                temps += 1
            elif (m := _PART.fullmatch(p.name)) and int(m.group(1)) not in done \
                    and p.is_file():
                p.unlink(missing_ok=True)
                parts += 1
    return temps, parts
