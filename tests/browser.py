"""Browser-test helpers: a headless Chromium with the network blocked, console watched.

Without a Chromium (or the playwright package) the tests skip with the reason; when the `CI`
environment variable is set they fail instead, so CI never passes by skipping.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from geomap.maps.snapshot import block_network, chromium_path

TILE_HOSTS = ("tile.openstreetmap.org",)


def require_browser() -> None:
    """Skip (or fail under CI) when no browser can run."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install '.[test]')"
    if reason is None and chromium_path() is None:
        reason = "no Chromium found (apt-get install chromium, or set GEOMAP_CHROMIUM)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)


@dataclass
class Watched:
    """A page plus what it said: console errors (tile failures aside), page errors, dialogs."""

    page: Any
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def watch(page: Any) -> Watched:
    """Record console errors, uncaught exceptions and dialogs of a page."""
    w = Watched(page)

    def console(msg: Any) -> None:
        url = (msg.location or {}).get("url", "")
        if msg.type == "error" and not any(h in url for h in TILE_HOSTS):
            w.errors.append(f"{msg.text} @ {url}")

    page.on("console", console)
    page.on("pageerror", lambda exc: w.errors.append(f"pageerror: {exc}"))
    page.on("dialog", lambda d: (w.dialogs.append(d.message), d.dismiss()))
    return w


def open_file(browser: Any, path: Path, *, width: int = 1400, height: int = 900,
              ready: bool = True) -> Watched:
    """Open a local file offline (only the file itself loads) and wait for the map if asked."""
    page = browser.new_page(viewport={"width": width, "height": height})
    w = watch(page)
    url = Path(path).resolve().as_uri()
    w.blocked = block_network(page, url)
    page.goto(url)
    if ready:
        page.wait_for_function("window.geomapReady === true", timeout=15000)
    return w
