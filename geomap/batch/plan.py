"""The shards of a batch: what one task reads, fixed before any work so that a rerun finds the
same shards under the same numbers.

A shard is `shard_size` lines of one JSONL file (a file of fewer lines is one shard; a shard
never spans two files), or `shard_size` .txt files in name order. Its lines are counted blank
ones included, so its size is known from the bytes alone: a plain file's shard starts at a
byte offset found by one scan for newlines; a gzipped one is read up to its first line.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError, OutputError, unreadable
from ..io.articles import Article, BadArticle, Source, open_binary, read_jsonl, read_txt

DEFAULT_SHARD_SIZE = 1000
MANIFEST = "_batch.json"
_CHUNK = 1 << 23


@dataclass(frozen=True)
class Shard:
    """One task: a JSONL file's lines first_line … first_line + lines - 1 (offset: where the
    first starts, for a plain file), or a run of .txt files."""

    number: int
    sources: tuple[Source, ...]
    first_line: int = 1
    lines: int = 0
    offset: int | None = None

    @property
    def size(self) -> int:
        """Lines (JSONL, blank ones included) or files (.txt): what progress counts."""
        return self.lines if self.sources[0].jsonl else len(self.sources)

    def articles(self) -> Iterator[Article | BadArticle]:
        """Every article of the shard in order, a BadArticle for one that cannot be read."""
        if self.sources[0].jsonl:
            yield from read_jsonl(self.sources[0], self.first_line, self.lines, self.offset)
        else:
            yield from map(read_txt, self.sources)

    def describe(self) -> str:
        """The shard in a few words, for a message."""
        if self.sources[0].jsonl:
            last = self.first_line + self.lines - 1
            return f"{self.sources[0].name} lines {self.first_line}-{last}"
        return f"{len(self.sources)} .txt files from {self.sources[0].name}"


def plan(sources: list[Source], shard_size: int = DEFAULT_SHARD_SIZE) -> list[Shard]:
    """The shards of the input files, numbered from 0 in input order."""
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    shards: list[Shard] = []
    txt: list[Source] = []
    for source in sources:
        if not source.jsonl:
            txt.append(source)
            continue
        starts, lines = line_starts(source.path, shard_size)
        for k, first in enumerate(range(1, lines + 1, shard_size)):
            shards.append(Shard(len(shards), (source,), first, min(shard_size, lines - first + 1),
                                None if starts is None else starts[k]))
    for k in range(0, len(txt), shard_size):
        shards.append(Shard(len(shards), tuple(txt[k:k + shard_size])))
    return shards


def line_starts(path: str, every: int) -> tuple[list[int] | None, int]:
    """The byte offsets of lines 1, 1 + every, 1 + 2·every… of a file (None for a gzipped one,
    which cannot seek), and its number of lines; InputError when it cannot be read."""
    import numpy as np

    starts, lines, pos, last = [0], 0, 0, b"\n"
    try:
        with open_binary(path) as f:
            while chunk := f.read(_CHUNK):
                newlines = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
                # the shard after line k·every starts after that line's newline
                first = (-lines - 1) % every
                starts += [pos + int(i) + 1 for i in newlines[first::every]]
                lines, pos, last = lines + len(newlines), pos + len(chunk), chunk[-1:]
    except (OSError, EOFError, ValueError) as exc:
        why = unreadable(exc) if isinstance(exc, OSError) else f"cannot read ({exc})"
        raise InputError(f"{path}: {why}") from None
    lines += last != b"\n"  # a last line without a newline
    return (None if path.lower().endswith(".gz") else starts), lines


# --- the manifest: which inputs an output folder holds the tables of -----------------------

def manifest(shards: list[Shard], shard_size: int) -> dict[str, Any]:
    """What a rerun must find the same: the shard size and every shard's inputs and lines."""
    return {"version": 1, "shard_size": shard_size,
            "shards": [{"number": s.number, "files": [x.name for x in s.sources],
                        "first_line": s.first_line, "lines": s.lines} for s in shards]}


def check_manifest(out: Path, shards: list[Shard], shard_size: int) -> None:
    """Write the manifest of a new output folder; refuse one that holds other inputs' tables
    (its finished shards would be taken for these)."""
    path = out / MANIFEST
    mine = manifest(shards, shard_size)
    if path.exists():
        try:
            theirs = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputError(f"{path}: cannot read the batch it records ({exc})") from None
        if theirs != mine:
            raise OutputError(f"{out}: holds the tables of other inputs (or another shard "
                              "size); give another output folder")
        return
    tmp = path.with_name(f".{MANIFEST}.tmp")
    tmp.write_text(json.dumps(mine, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)

