"""An article's metadata from its JSONL record: date, url, source, title, and any other field.

- `date`: an ISO 8601 day or finer ("2016-12-15", "2016-12-15T09:30:00+02:00", "20161215").
  The article's day is the day written: an offset is not applied, as a reader of the article
  would not. A value that is no such day ("15/12/2016", "2016-12", a number) does not cost the
  article: the value is kept, as text, under "date_invalid", and "date" is left out.
- `url`, `source`, `title`: text; a number or another JSON value is kept as its JSON text;
  null is the same as missing (left out).
- any other field (bar "id" and "text", which are the article) is carried along as it is.
A saved report (`geomap extract` output) carries its metadata under "meta", read the same way.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from ..errors import InputError

KNOWN = ("date", "url", "source", "title")
NOT_META = frozenset(("id", "text"))
SAVED_REPORT_KEYS = frozenset(("places", "unresolved", "movements", "areas", "meta"))
_SURROGATE = re.compile("[\ud800-\udfff]")


def metadata(record: dict[str, Any], where: str, saved: bool = False) -> dict[str, Any]:
    """The metadata of a record (of a saved report's "meta" when `saved`); InputError when a
    value holds a lone surrogate, which no file or page can be written with."""
    source = record.get("meta") if saved else record
    if not isinstance(source, dict):
        return {}
    skip = NOT_META if not saved else frozenset()
    meta: dict[str, Any] = {}
    for key, value in source.items():
        if key in skip or value is None:
            continue
        if key == "date":
            meta.update(_date(value))
        elif key in KNOWN:
            meta[key] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        else:
            meta[key] = value
    bad = _SURROGATE.search(json.dumps(meta, ensure_ascii=False)) if meta else None
    if bad:
        raise InputError(f"{where}: the metadata holds a lone surrogate "
                         f"\\u{ord(bad.group()):04x}, which is not Unicode text")
    return meta


def _date(value: Any) -> dict[str, str]:
    """{"date": value} for an ISO 8601 day or finer, else {"date_invalid": its text}."""
    if isinstance(value, str) and parse_day(value) is not None:
        return {"date": value.strip()}
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return {"date_invalid": text}


def parse_day(value: Any) -> date | None:
    """The day an ISO 8601 date or date-time names (as written), or None when it names none
    (a month or a year alone is not a day)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) < 8:  # "2016-12", "2016": no day
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def date_warning(meta: dict[str, Any], where: str) -> str | None:
    """The one-line warning for a date that is not one, or None."""
    if "date_invalid" not in meta:
        return None
    return (f"{where}: date {meta['date_invalid']!r} is not an ISO 8601 day "
            "(YYYY-MM-DD or finer); kept as date_invalid, the article read without a date")
