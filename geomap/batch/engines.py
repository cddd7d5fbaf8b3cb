"""Where the shards run: in this process, in a pool of processes, or on a Dask cluster. Each
engine calls the same `run_shard` and yields a ShardResult per shard as it finishes.

- serial (local, one worker): this process, no pool.
- local: a process pool. On Linux the workers are forked from this process after it loaded
  the gazetteer, and share its pages (see geomap.workers); elsewhere each loads its own. A
  worker that dies (killed, out of memory) fails the shards still to run, which a rerun does.
- dask: a `LocalCluster` of worker processes on 127.0.0.1 (no dashboard), or the cluster at
  `scheduler`. Each Dask worker loads the gazetteer on its first shard; `out` must be a path
  every worker can write (a shared disk, for a cluster of several machines).
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Iterator

from ..errors import GeomapError
from .shard import ShardResult, pipeline, run_shard, use_pipeline

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Shard

DASK_CONNECT_SECONDS = 20


def run_serial(shards: list["Shard"], out: str, gazetteer: str | None
               ) -> Iterator[ShardResult]:
    """Every shard in this process, in order."""
    for shard in shards:
        yield run_shard(shard, out, gazetteer)


def run_local(shards: list["Shard"], out: str, gazetteer: str | None, workers: int
              ) -> Iterator[ShardResult]:
    """The shards in a pool of `workers` processes, as they finish."""
    from ..workers import start_method

    method = start_method()
    if method == "fork":  # loaded (lazy tables too) once, here, before forking
        init, args = use_pipeline, (gazetteer, pipeline(gazetteer))
    else:
        init, args = _load, (gazetteer,)
    ctx = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=init, initargs=args) as pool:
        futures = {pool.submit(run_shard, s, out, gazetteer): s for s in shards}
        try:
            for fut in as_completed(futures):
                yield _result(fut, futures[fut])
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _load(gazetteer: str | None) -> None:
    """In a spawned worker: load the pipeline before the first shard."""
    pipeline(gazetteer)


def _result(fut, shard: "Shard") -> ShardResult:
    """A finished future's result; a worker that died fails its shard."""
    try:
        return fut.result()
    except BrokenProcessPool:
        return ShardResult(shard.number, failed=f"{shard.describe()}: a worker process died "
                           "(killed, or out of memory?); run again to do this shard")
    except Exception as exc:  # noqa: BLE001 - reported as the shard's failure
        return ShardResult(shard.number, failed=f"{shard.describe()}: {type(exc).__name__}: "
                           f"{exc}")


def run_dask(shards: list["Shard"], out: str, gazetteer: str | None, workers: int,
             scheduler: str | None = None) -> Iterator[ShardResult]:
    """The shards on a Dask cluster (a new LocalCluster of `workers` processes, or the one at
    `scheduler`), as they finish."""
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise GeomapError("--engine dask needs Dask: pip install 'geomap[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=DASK_CONNECT_SECONDS)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise GeomapError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        futures = client.map(run_shard, shards, out=out, gazetteer=gazetteer, pure=False)
        by_key = {f.key: s for f, s in zip(futures, shards)}
        for fut in dask_completed(futures):
            yield _result(fut, by_key[fut.key])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
