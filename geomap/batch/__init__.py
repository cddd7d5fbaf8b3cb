"""Archives: thousands of articles on all cores or a Dask cluster, into GeoParquet tables.

    >>> from geomap import batch
    >>> batch.run("articles.jsonl.gz", "out", workers=4)   # OUT/{articles,places,…}/part-*.parquet
    >>> t = batch.open("out")                  # .articles .places .movements .areas …
    >>> batch.aggregate("out")                 # flows across articles → OUT/flows.parquet

Writing the tables needs pyarrow (`pip install 'geomap[batch]'`); the dask engine and lazy
tables need `geomap[dask]`. See README, "Archives", for the tables' columns. Importing this
package loads no pandas, pyarrow or Dask: each is imported where it is used.
"""
from __future__ import annotations

from .flows import WINDOW_DAYS, aggregate, flows
from .plan import DEFAULT_SHARD_SIZE, Shard, plan
from .run import Summary, run
from .shard import ShardResult, run_shard
from .store import Tables, open_tables as open

__all__ = ["run", "open", "aggregate", "flows", "plan", "run_shard", "Shard", "ShardResult",
           "Summary", "Tables", "DEFAULT_SHARD_SIZE", "WINDOW_DAYS"]
