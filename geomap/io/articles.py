"""Articles as a batch reads them: JSONL records (optionally gzipped) of {"id", "text", "date",
"url", "source", "title", …}, or .txt files, one article each; inputs given as files or folders.

A folder is walked in name order (hidden files and folders left out): every JSONL file
(.jsonl, .ndjson, .jsonlines, each optionally .gz) and every .txt file is read. JSONL is read
a line at a time (a file may be far larger than memory), its records parsed as `geomap extract`
parses them (io.inputs) with their metadata (io.metadata). An article without an id is named by
where it is: "<file>:<line>", or a .txt file's path without ".txt". What cannot be read is a
BadArticle in its place (id when known, file, line, why), never an exception.
"""
from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import InputError, unreadable
from .inputs import BOM, JSONL_SUFFIXES, MAX_INPUT_BYTES, _decode, line_text, parse_line

MAX_LINE_BYTES = MAX_INPUT_BYTES  # one JSONL record: as much as one input of `geomap extract`


@dataclass(frozen=True)
class Article:
    """One article: its id, text and metadata, and where it was read (line None for .txt)."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int | None = None


@dataclass(frozen=True)
class BadArticle:
    """A record that could not be read as an article: its id if it had one, where, and why."""

    id: str | None
    file: str
    line: int | None
    error: str


@dataclass(frozen=True)
class Source:
    """One input file: its path, its name in the tables (relative to the folder given), and
    whether it is JSONL (else one .txt article)."""

    path: str
    name: str
    jsonl: bool


def is_jsonl_name(name: str) -> bool:
    """Whether a file name says JSONL: .jsonl, .ndjson, .jsonlines, optionally gzipped."""
    lower = name.lower()
    return lower.removesuffix(".gz").endswith(JSONL_SUFFIXES)


def find_sources(inputs: list[str]) -> tuple[list[Source], list[str]]:
    """The input files of files and folders, in order, and the files of the folders that are
    neither JSONL nor .txt (left out, said by the caller). InputError for a missing input."""
    sources: list[Source] = []
    others: list[str] = []
    for given in inputs:
        p = Path(given)
        if p.is_dir():
            for f in _walk(p):
                rel = f.relative_to(p).as_posix()
                if is_jsonl_name(f.name) or f.name.lower().endswith(".txt"):
                    sources.append(Source(str(f), rel, is_jsonl_name(f.name)))
                else:
                    others.append(str(f))
        elif p.is_file():
            sources.append(Source(str(p), p.name, not p.name.lower().endswith(".txt")))
        else:
            raise InputError(f"{given}: no such file or folder")
    return sources, others


def _walk(folder: Path) -> Iterator[Path]:
    """The files under a folder in name order, hidden files and folders left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def open_binary(path: str) -> IO[bytes]:
    """A file's bytes, gunzipped when its name ends in .gz."""
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


def read_jsonl(source: Source, first_line: int = 1, lines: int | None = None,
               offset: int | None = None) -> Iterator[Article | BadArticle]:
    """The articles of `lines` lines of a JSONL file from line `first_line` (1-based), which
    starts at byte `offset` when it is known (plain files), else is read up to. A blank line
    is no article; a file that cannot be read is one BadArticle for its first line."""
    n, stop = first_line, None if lines is None else first_line + lines
    try:
        with open_binary(source.path) as f:
            if offset is not None:
                f.seek(offset)
            else:
                for _ in range(first_line - 1):
                    _skip_line(f)
            while stop is None or n < stop:
                line = f.readline(MAX_LINE_BYTES + 1)
                if not line:
                    break
                yield from _article(f, line, source.name, n)
                n += 1
    except (OSError, EOFError, zlib.error) as exc:  # gone, unreadable, a broken .gz
        why = unreadable(exc) if isinstance(exc, OSError) else f"cannot read ({exc})"
        yield BadArticle(None, source.name, n, f"this line and the rest of the file: {why}")


def _skip_line(f: IO[bytes]) -> None:
    """Read past one line, however long, without holding it."""
    while True:
        chunk = f.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _article(f: IO[bytes], line: bytes, name: str, n: int) -> Iterator[Article | BadArticle]:
    """The article of one line read (nothing for a blank line)."""
    if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
        _skip_line(f)
        yield BadArticle(None, name, n, f"line longer than {MAX_LINE_BYTES // 2**20} MB; "
                         "split the article")
        return
    if n == 1:
        line = line.removeprefix(BOM)
    where = f"{name}:{n}"
    try:
        text = line_text(line, where)
    except InputError as exc:
        yield BadArticle(_record_id(line), name, n, _without_where(str(exc), where))
        return
    if text is not None:
        yield Article(text.id if text.id is not None else where, text.text, text.meta, name, n)


def _record_id(line: bytes) -> str | None:
    """The id of a record that is an object with one, else None (for an error row)."""
    try:
        record = parse_line(line, "")
    except InputError:
        return None
    if isinstance(record, dict) and isinstance(record.get("id"), (str, int)):
        rid = str(record["id"])
        return rid if rid.isprintable() and len(rid) < 1000 else None
    return None


def _without_where(message: str, where: str) -> str:
    """An InputError's message without its "file:line: " (an error row says where apart)."""
    return message[len(where) + 2:] if message.startswith(where + ": ") else message


def read_txt(source: Source) -> Article | BadArticle:
    """A .txt file as one article, named by its path without ".txt"."""
    name = source.name[:-4] if source.name.lower().endswith(".txt") else source.name
    try:
        with open(source.path, "rb") as f:
            data = f.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(f"{source.name}: larger than {MAX_INPUT_BYTES // 2**20} MB; split it")
        return Article(name, _decode(data, source.name), {}, source.name, None)
    except OSError as exc:
        return BadArticle(name, source.name, None, unreadable(exc))
    except InputError as exc:
        return BadArticle(name, source.name, None, _without_where(str(exc), source.name))
