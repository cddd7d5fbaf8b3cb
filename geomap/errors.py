"""Typed errors with one-line messages: the CLI prints them, never a traceback."""


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""


class InputError(GeomapError):
    """Input text that cannot be read (not UTF-8, missing file, bad JSONL line)."""


class GazetteerError(GeomapError):
    """A gazetteer file that cannot be used (missing column, bad coordinate, not UTF-8)."""


class GeocoderError(GeomapError):
    """A geocoding service that failed (timeout, HTTP error, rate limit, malformed answer)."""


class OutputError(GeomapError):
    """An output that cannot be written (no such folder, a folder, no permission, disk full)."""


def unreadable(exc: OSError) -> str:
    """Why a file could not be opened or read, in a few words for a one-line message."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "a folder, not a file"
    return f"cannot read ({exc.strerror or exc})"
