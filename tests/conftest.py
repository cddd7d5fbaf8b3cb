"""Shared fixtures: hand-built Reports over the seed article, a hostile one, and a stand-in for
geomap.arabic.sentence_bounds until the real one lands on main (then the real one is used)."""
from __future__ import annotations

import importlib
import re
import sys
import types

import pytest


def _install_sentence_stand_in() -> None:
    """Provide geomap.arabic.sentence_bounds only if the real module is not there yet."""
    try:
        importlib.import_module("geomap.arabic")
    except ImportError:
        mod = types.ModuleType("geomap.arabic")

        def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
            """Stand-in: a sentence ends at . ! ? ؟ or a line break."""
            stops = [m.end() for m in re.finditer(r"[.!?؟\n]", text)]
            s = max([p for p in stops if p <= start] or [0])
            t = min([p for p in stops if p >= end] or [len(text)])
            while s < t and text[s].isspace():
                s += 1
            return s, t

        mod.sentence_bounds = sentence_bounds
        sys.modules["geomap.arabic"] = mod
        import geomap

        geomap.arabic = mod


_install_sentence_stand_in()

from tests.reports import hostile_report, seed_report  # noqa: E402


@pytest.fixture(scope="session")
def seed():
    """The Dec 2016 Aleppo evacuation, hand-annotated."""
    return seed_report()


@pytest.fixture(scope="session")
def hostile():
    """A report whose text and names are HTML/JS injection attempts."""
    return hostile_report()
