"""Headless Chromium for geomap maps: open a map file with the network blocked, take a PNG.

Used by write_image and by the browser tests. Needs the `playwright` Python package (the
`image` extra) and a Chromium binary: $GEOMAP_CHROMIUM, /usr/bin/chromium, or Playwright's own.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import OutputError

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """A Chromium executable on this machine, or None."""
    for candidate in (os.environ.get("GEOMAP_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def missing_tools() -> str | None:
    """What drawing a PNG needs and this machine lacks, with how to get it; None if nothing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install 'geomap[image]'"
    if chromium_path() is None:
        return "no Chromium found: install chromium or set GEOMAP_CHROMIUM"
    return None


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium (Playwright Browser), closed on exit."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise OutputError("no Chromium found: install chromium or set GEOMAP_CHROMIUM")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def block_network(page: Any, allowed: str) -> list[str]:
    """Abort every request except `allowed` (a file URL); returns the list of blocked URLs."""
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url == allowed or r.request.url.startswith("data:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked


def open_map(page: Any, path: Path, timeout_ms: int = 15000) -> list[str]:
    """Load a map file offline and wait until geomap has drawn it; returns blocked URLs."""
    url = Path(path).resolve().as_uri()
    blocked = block_network(page, url)
    page.goto(url)
    page.wait_for_function("window.geomapReady === true", timeout=timeout_ms)
    return blocked


def screenshot(html_path: Path, png_path: Path, *, width: int = 1400, height: int = 900) -> None:
    """A PNG of the map in html_path as it prints, network blocked (embedded base layer only).

    Runs in its own thread: Playwright's sync API refuses to start inside a running asyncio
    loop (Jupyter, or another Playwright session), and a fresh thread has none.
    """
    from concurrent.futures import ThreadPoolExecutor

    from playwright.sync_api import Error as PlaywrightError

    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(_screenshot, html_path, png_path, width, height).result()
        except PlaywrightError as exc:  # a browser that would not start, a map that never drew
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise OutputError(f"Chromium could not draw the map ({first})") from None


def _screenshot(html_path: Path, png_path: Path, width: int, height: int) -> None:
    """screenshot(), in the calling thread."""
    with browser() as b:
        page = b.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        page.emulate_media(media="print")  # the print styles: no switches, no zoom buttons
        open_map(page, html_path)
        page.wait_for_timeout(300)
        page.screenshot(path=str(png_path))
