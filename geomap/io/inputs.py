"""What the CLI reads: a text file, stdin (`-`), JSONL of {"id", "text"} records, or reports
that `geomap extract` saved (one JSON document, or JSONL of them: see io.reports).

An input is JSONL when its name ends in .jsonl, .ndjson or .jsonlines (any case), or else when
its first non-blank line is a JSON object with a "text" string or a saved report (stdin, a file
named otherwise). Else, an input that is one JSON document holding a saved report is that
report (an indented `geomap extract` output); anything else is one text.
JSONL is split on "\\n" alone: U+2028 or U+0085 inside a string is text, not a line break.
A record that cannot be read becomes an InputError naming file:line, handed back in its place
so that the caller reports it and goes on with the other records.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from ..errors import InputError, unreadable
from .metadata import metadata
from .reports import is_saved_report

MAX_INPUT_BYTES = 50 * 1024 * 1024
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
BOM = b"\xef\xbb\xbf"  # UTF-8 byte order mark, dropped at the start of a file
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Text:
    """One text to extract: where it is ("file" or "file:line"), its id, the text; the
    saved report it comes from, if it does (`geomap map` draws it without extracting); and
    the article's metadata (date, url, source, title, other fields: see io.metadata)."""

    where: str
    id: str | None
    text: str
    report: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Input:
    """One input read whole: its name for messages, its bytes, whether it is JSONL."""

    name: str
    data: bytes
    jsonl: bool
    stem: str | None = None  # the id of a plain text file's report
    report: dict[str, Any] | None = None  # the input is this one saved report

    def texts(self) -> Iterator[Text | InputError]:
        """Every text in order; an InputError stands in for each one that cannot be read."""
        if self.jsonl:
            yield from _jsonl_texts(self.data, self.name)
            return
        try:
            if self.report is not None:
                yield record_text(self.report, self.name)
            else:
                yield Text(self.name, self.stem, _decode(self.data, self.name))
        except InputError as exc:
            yield exc


def open_input(source: str, stdin: BinaryIO | None = None) -> Input:
    """Read a file, or stdin for `-`; InputError when it cannot be read or is over 50 MB."""
    if source == "-":
        data, name, stem = _read_stdin(stdin), "<stdin>", None
    else:
        data, name, stem = _read_file(source), source, Path(source).stem
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MB; split it")
    jsonl = source != "-" and source.lower().endswith(JSONL_SUFFIXES) or looks_like_jsonl(data)
    return Input(name, data, jsonl, stem, None if jsonl else saved_report(data))


def _read_file(source: str) -> bytes:
    try:
        with open(source, "rb") as f:
            return f.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{source}: {unreadable(exc)}") from None


def _read_stdin(stdin: BinaryIO | None) -> bytes:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("<stdin>: closed")
    try:
        return stream.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"<stdin>: {unreadable(exc)}") from None


def _decode(data: bytes, name: str) -> str:
    """The bytes as UTF-8 text (a BOM dropped); the first bad byte is named with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not UTF-8 text (bad byte 0x{data[exc.start]:02x} "
                         f"at offset {exc.start})") from None


def looks_like_jsonl(data: bytes) -> bool:
    """Whether the first non-blank line is a JSON object with a "text" string, or a saved
    report."""
    head = data.removeprefix(BOM).lstrip()
    if not head.startswith(b"{"):
        return False  # most texts: no need to look further
    end = head.find(b"\n")
    try:
        record = parse_line(head if end < 0 else head[:end], "")
    except InputError:
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str) or (
        is_saved_report(record))


def saved_report(data: bytes) -> dict[str, Any] | None:
    """The saved report that the whole input is (an indented JSON document), or None."""
    head = data.removeprefix(BOM).lstrip()
    if not head.startswith(b"{"):
        return None
    try:
        record = parse_line(head, "")
    except InputError:
        return None
    return record if is_saved_report(record) else None


def _jsonl_texts(data: bytes, name: str) -> Iterator[Text | InputError]:
    """The records of JSONL bytes, line by line (a blank line is no record)."""
    for n, line in enumerate(data.split(b"\n"), 1):
        try:
            text = line_text(line.removeprefix(BOM) if n == 1 else line, f"{name}:{n}")
        except InputError as exc:
            yield exc
            continue
        if text is not None:
            yield text


def line_text(line: bytes, where: str) -> Text | None:
    """The record of one JSONL line (`where`: file:line for messages), None for a blank line;
    InputError for a line that is no record."""
    if not line.strip():
        return None
    return record_text(parse_line(line.rstrip(b"\r\n"), where), where)


def parse_line(line: bytes, where: str) -> Any:
    """One JSON value from one line; InputError for bad UTF-8, bad JSON, deep nesting or an
    integer too long for Python to read."""
    try:
        return json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (bad byte 0x{line[exc.start]:02x} "
                         f"at column {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not a JSON object ({exc.msg} at column {exc.colno})"
                         ) from None
    except RecursionError:
        raise InputError(f"{where}: not a JSON object we can read (nested too deeply)") from None
    except ValueError as exc:  # an integer over sys.get_int_max_str_digits() digits
        raise InputError(f"{where}: not a JSON object we can read ({str(exc).split(':')[0]})"
                         ) from None


def record_text(record: Any, where: str) -> Text:
    """The Text of one parsed record, which must be an object with a "text" string (a saved
    report needs one too: its spans point into it), with the record's metadata."""
    saved = is_saved_report(record)
    if saved and not isinstance(record.get("text"), str):
        raise InputError(f'{where}: a saved report without its "text" string cannot quote '
                         "its evidence; extract the article again")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f'{where}: expected an object with a "text" string')
    id_ = None if record.get("id") is None else str(record["id"])
    for field, value in (("text", record["text"]), ("id", id_)):
        bad = _SURROGATE.search(value or "")
        if bad:
            raise InputError(f"{where}: the {field} holds a lone surrogate "
                             f"\\u{ord(bad.group()):04x}, which is not Unicode text")
    return Text(where, id_, record["text"], record if saved else None,
                metadata(record, where, saved))
