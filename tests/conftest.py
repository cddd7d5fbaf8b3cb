"""Shared fixtures: the real gazetteer, the seed article, the dev corpus when it is beside us."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "aleppo-evacuation-2016-12.txt"
DEV = ROOT.parent / "shared" / "dev-corpus" / "dev.jsonl"

# geomap's index cache (gazetteer.cache) lives in a folder of this test session, for the tests
# and every geomap they start, never in the user's ~/.cache; removed at the end.
CACHE_DIR = tempfile.mkdtemp(prefix="geomap-test-cache-")
os.environ["GEOMAP_CACHE_DIR"] = CACHE_DIR


def pytest_unconfigure(config):
    shutil.rmtree(CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def gaz():
    from geomap.gazetteer.index import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_report(seed_text):
    import geomap

    return geomap.extract(seed_text, id="seed")


@pytest.fixture(scope="session")
def dev_records() -> list[dict]:
    if not DEV.exists():
        pytest.skip(f"dev corpus not found at {DEV}")
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed():
    """The Dec 2016 Aleppo evacuation, hand-annotated (tests/reports.py), for the renderer."""
    from tests.reports import seed_report as hand_seed

    return hand_seed()


@pytest.fixture(scope="session")
def hostile():
    """A report whose text and names are HTML/JS injection attempts."""
    from tests.reports import hostile_report

    return hostile_report()
