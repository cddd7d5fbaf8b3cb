"""What the CLI writes: output files and folders checked before any work, write failures
(a folder, no permission, a full disk) turned into one-line OutputErrors naming the file."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import OutputError


def check_output_file(path: str) -> None:
    """Refuse an output file that cannot be written: a folder, in a missing folder, no
    permission. Checked before the work, so a typo costs nothing; writing may still fail."""
    p = Path(path)
    try:
        if p.is_dir():
            raise OutputError(f"{path}: is a folder; give a file name")
        folder = p.parent
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "no such folder"
            raise OutputError(f"{path}: {what}: {folder}")
        _try_writing(p if p.exists() else folder)
    except OSError as exc:  # no permission, a read-only disk, a name too long…
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def check_output_folder(path: str) -> None:
    """Refuse an output folder that is a file or lies where we may not write; a missing
    folder is fine (it is made, with its parents)."""
    p = Path(path).absolute()
    try:
        existing = next(a for a in (p, *p.parents) if a.exists())
        if not existing.is_dir():
            raise OutputError(f"{path}: not a folder: {existing}")
        _try_writing(existing)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _try_writing(where: Path) -> None:
    """Open for writing: an existing file (appending nothing), or a nameless temporary file
    in a folder. OSError if we may not; unlike permission bits this also holds for root."""
    if where.is_dir():
        with tempfile.TemporaryFile(dir=where):
            pass
    else:
        with open(where, "ab"):
            pass


@contextmanager
def writing(path: str) -> Iterator[None]:
    """Turn an OSError raised while writing `path` (or a file in it) into an OutputError."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"{exc.filename or path}: cannot write ({exc.strerror or exc})"
                          ) from None


def print_line(line: str) -> None:
    """Print a line on stdout; a full disk or a closed device is an OutputError."""
    try:
        print(line)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"<stdout>: cannot write ({exc.strerror or exc})") from None


# Line breaks to str.splitlines() and to some JSON readers that JSON leaves raw in strings: a
# report holds its text, and one report per line must stay one line to every reader.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def print_json(obj: object, indent: int | None) -> None:
    """Print obj as JSON on stdout (one line when indent is None), writing indented JSON some
    chunks at a time: a million names make 300 MB of it, which as one string took GBs. A full
    disk or a closed device is an OutputError."""
    if indent is None:  # one JSONL line: the C encoder, already lean
        print_line(_escaped(json.dumps(obj, ensure_ascii=False)))
        return
    batch: list[str] = []
    try:
        for chunk in json.JSONEncoder(ensure_ascii=False, indent=indent).iterencode(obj):
            batch.append(_escaped(chunk))
            if len(batch) >= 10_000:
                sys.stdout.write("".join(batch))
                batch.clear()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"<stdout>: cannot write ({exc.strerror or exc})") from None
    print_line("".join(batch))


def _escaped(s: str) -> str:
    """JSON text with U+0085, U+2028 and U+2029 written as \\u escapes (the same JSON value)."""
    if "\u0085" in s or "\u2028" in s or "\u2029" in s:  # rare: skip the copy otherwise
        return s.translate(_LINE_BREAKS)
    return s


def flush_stdout() -> None:
    """Flush stdout now, when an error can still be reported as one line."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"<stdout>: cannot write ({exc.strerror or exc})") from None


def silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush of what could not be
    written raises nothing more (the recipe of Python's signal docs for a broken pipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
