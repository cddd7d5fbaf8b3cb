"""An archive's tables read back: the finished shards' parts of each table, as one frame.

Only finished shards are read (their articles part is in place), so a run still going or one
that was killed shows whole articles or none. The geo tables come back as GeoDataFrames in
EPSG:4326, articles and unresolved as DataFrames; dates as datetime64 (NaT when unknown).
area_shapes holds each area_key once (every shard keeps its own copy of the same polygon).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GeomapError, InputError
from ..io.tables import GEO_TABLES, TABLES, schema
from .shard import finished, part_name

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import pandas


@dataclass
class Tables:
    """The tables of an archive (see io.tables for their columns)."""

    articles: "pandas.DataFrame"
    places: "geopandas.GeoDataFrame"
    movements: "geopandas.GeoDataFrame"
    areas: "geopandas.GeoDataFrame"
    unresolved: "pandas.DataFrame"
    area_shapes: "geopandas.GeoDataFrame"


def parts(out: Path, table: str) -> list[Path]:
    """The part files of a table's finished shards, in shard order."""
    return [out / table / part_name(n) for n in sorted(finished(out))]


def open_tables(out: "str | Path", lazy: bool = False) -> Tables | dict[str, Any]:
    """The tables under `out` (what `geomap batch` wrote). With lazy=True, Dask
    (dask-geopandas) frames over the same parts, for archives larger than memory."""
    need_pyarrow()
    out = Path(out)
    if not (out / "articles").is_dir():
        raise InputError(f"{out}: not the output of geomap batch (no articles folder)")
    if lazy:
        return _lazy(out)
    return Tables(**{t: read_table(out, t) for t in TABLES})


def tables_from_rows(rows: dict[str, list[dict[str, Any]]],
                     geoms: dict[str, list[Any]]) -> Tables:
    """Rows in memory (io.tables' columns, a geo table's shapes in `geoms`) as the frames
    open_tables reads from the parts; a table without rows is empty."""
    from ..io.tables import to_arrow

    frames = {}
    for t in TABLES:
        frame = to_pandas(to_arrow(t, rows.get(t, []), geoms.get(t)))
        frames[t] = _geo(frame) if t in GEO_TABLES else frame
    return Tables(**frames)


def read_table(out: Path, table: str) -> Any:
    """One table of the finished shards as a (Geo)DataFrame."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = parts(out, table)
    arrow = (pa.concat_tables([pq.read_table(f, schema=schema(table)) for f in files])
             if files else schema(table).empty_table())
    df = to_pandas(arrow)
    if table == "area_shapes":
        df = df.drop_duplicates("area_key").reset_index(drop=True)
    return _geo(df) if table in GEO_TABLES else df


def to_pandas(table: Any) -> Any:
    """An Arrow table as a DataFrame: dates as datetime64 (NaT when unknown), whole numbers
    as nullable integers (an unknown count stays <NA>, not a float NaN)."""
    import pandas as pd
    import pyarrow as pa

    ints = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}
    return table.to_pandas(date_as_object=False, types_mapper=ints.get)


def _geo(df: Any) -> Any:
    """A frame whose WKB geometry column becomes shapes, in EPSG:4326."""
    import geopandas

    geometry = geopandas.GeoSeries.from_wkb(df.pop("geometry"), crs="EPSG:4326")
    return geopandas.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")


def _lazy(out: Path) -> dict[str, Any]:
    """Dask frames of every table (GeoParquet ones through dask-geopandas)."""
    try:
        import dask.dataframe as dd
        import dask_geopandas
    except ImportError:
        raise InputError("lazy tables need Dask: pip install 'geomap[dask]'") from None
    frames = {}
    for table in TABLES:
        files = [str(p) for p in parts(out, table)]
        if not files:
            raise InputError(f"{out}: no finished shard to read")
        reader = dask_geopandas.read_parquet if table in GEO_TABLES else dd.read_parquet
        frames[table] = reader(files)
    return frames


def error_rows(out: Path, limit: int) -> list[tuple[str, str]]:
    """(article_id, why) of the first `limit` error rows, in shard order."""
    import pyarrow.parquet as pq

    found: list[tuple[str, str]] = []
    for p in parts(out, "articles"):
        t = pq.read_table(p, columns=["article_id", "error"]).to_pylist()
        found += [(r["article_id"], r["error"]) for r in t if r["error"] is not None]
        if len(found) >= limit:
            break
    return found[:limit]


def need_pyarrow() -> None:
    """GeomapError unless pyarrow, which reads and writes the tables, is installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise GeomapError("archives need pyarrow: pip install 'geomap[batch]'") from None


def totals(out: Path) -> dict[str, int]:
    """Rows of each table over the finished shards; "errors": the error rows; "bad_dates":
    articles whose date was not one (kept in date_invalid)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    counts = {t: sum(pq.read_metadata(p).num_rows for p in parts(out, t)) for t in TABLES}
    counts["errors"] = counts["bad_dates"] = 0
    for p in parts(out, "articles"):
        t = pq.read_table(p, columns=["error", "date_invalid"])
        counts["errors"] += pc.sum(pc.is_valid(t["error"])).as_py() or 0
        counts["bad_dates"] += pc.sum(pc.is_valid(t["date_invalid"])).as_py() or 0
    return counts
