"""Extraction from eight threads gives what it gives from one, also with a freshly loaded
gazetteer whose lazy index (children) and per-gazetteer caches are built while threads run."""
import csv
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import geomap
from geomap.gazetteer.index import DEFAULT_PATH, Gazetteer, read_entries
from tests.conftest import DEV

THREADS = 8
ALEPPO = "ocha:C1007"


@pytest.fixture(scope="module")
def texts(seed_text):
    """The seed eight times first (the threads start on it together), then the dev texts."""
    dev = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()
           if line.strip()] if DEV.exists() else []
    return [seed_text] * THREADS + dev


@pytest.fixture(scope="module")
def sequential(texts):
    return [geomap.extract(t).to_dict() for t in texts]


def fresh_gazetteer() -> Gazetteer:
    """The default gazetteer read anew: not the cached object, no index built on use yet."""
    gaz = Gazetteer(read_entries(DEFAULT_PATH), DEFAULT_PATH)
    assert gaz is not Gazetteer.load() and gaz._children is None
    return gaz


def in_threads(fn, n_tasks: int) -> list:
    """fn(i) for every task on THREADS threads; the first THREADS tasks start at one moment."""
    barrier = threading.Barrier(THREADS)

    def task(i):
        if i < THREADS:
            barrier.wait(timeout=120)
        return fn(i)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads swap often: a race has many chances to show
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            return list(pool.map(task, range(n_tasks)))
    finally:
        sys.setswitchinterval(interval)


def test_the_seed_gives_movements_and_neighbourhood_areas(sequential):
    seed = sequential[0]
    assert len(seed["movements"]) >= 10 and seed["areas"]


def test_threads_match_sequential_with_the_cached_gazetteer(texts, sequential):
    assert in_threads(lambda i: geomap.extract(texts[i]).to_dict(), len(texts)) == sequential


def test_threads_match_sequential_with_a_fresh_gazetteer(texts, sequential):
    gaz = fresh_gazetteer()
    got = in_threads(lambda i: geomap.extract(texts[i], gazetteer=gaz).to_dict(), len(texts))
    assert got == sequential


def test_children_index_built_from_threads_is_whole():
    with open(DEFAULT_PATH, encoding="utf-8", newline="") as f:
        expected = sorted(r["id"] for r in csv.DictReader(f) if r["parent_id"] == ALEPPO)
    assert len(expected) > 100  # Aleppo's neighbourhoods, read straight from the CSV
    gaz = fresh_gazetteer()
    got = in_threads(lambda i: sorted(e.id for e in gaz.children(ALEPPO)), THREADS)
    assert got == [expected] * THREADS


def test_threads_loading_one_file_at_once_share_one_gazetteer(tmp_path):
    path = tmp_path / "small.csv"
    with open(DEFAULT_PATH, encoding="utf-8", newline="") as src:
        path.write_text("".join(line for _, line in zip(range(2000), src)), encoding="utf-8")
    loaded = in_threads(lambda i: Gazetteer.load(path), THREADS)
    assert len(loaded[0]) == 1999 and all(g is loaded[0] for g in loaded)
