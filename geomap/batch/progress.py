"""Progress of a batch on stderr: shards done, articles/s and an ETA; a bar redrawn in place on
a terminal, a plain line every PLAIN_EVERY seconds (and at the end) otherwise."""
from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

PLAIN_EVERY = 10.0
BAR = 24


class Progress:
    """Counts finished shards of a run and shows how far it is and how long it has to go."""

    def __init__(self, shards: int, units: int, stream: TextIO | None = None,
                 enabled: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and shards > 0
        self.tty = self.enabled and _isatty(self.stream)
        self.shards, self.units = shards, units  # units: lines or files planned
        self.done = self.done_units = self.articles = 0
        self.t0 = self.last = time.monotonic()

    def update(self, articles: int, units: int) -> None:
        """One shard finished: `articles` read from `units` planned lines or files."""
        self.done += 1
        self.articles += articles
        self.done_units += units
        now = time.monotonic()
        if not self.enabled:
            return
        if self.tty:
            self._write("\r" + self._fit(self._bar() + " " + self.line(now)))
        elif now - self.last >= PLAIN_EVERY or self.done == self.shards:
            self._write(f"geomap: {self.line(now)}\n")
            self.last = now

    def line(self, now: float | None = None) -> str:
        """shards n/N · articles · articles/s · ETA."""
        elapsed = max((now or time.monotonic()) - self.t0, 1e-9)
        rate = self.articles / elapsed
        left = self.units - self.done_units
        eta = left * elapsed / self.done_units if self.done_units and left > 0 else 0.0
        return (f"shards {self.done}/{self.shards} · {self.articles:,} articles · "
                f"{rate:,.1f} articles/s · ETA {_clock(eta)}")

    def close(self) -> None:
        """End the bar's line."""
        if self.tty and self.done:
            self._write("\n")

    def _bar(self) -> str:
        filled = round(BAR * self.done_units / self.units) if self.units else BAR
        return "[" + "#" * filled + "." * (BAR - filled) + "]"

    def _fit(self, text: str) -> str:
        width = shutil.get_terminal_size((100, 20)).columns - 1
        return text[:width].ljust(width)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # stderr closed: the run goes on without progress
            self.enabled = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    """h:mm:ss."""
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
