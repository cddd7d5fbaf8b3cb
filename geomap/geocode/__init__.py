"""Optional online geocoding for names the gazetteer lacks: off by default, cached, rate limited.

Only names left in ``Report.unresolved`` are looked up, biased to the country and area of the
places the gazetteer already resolved; a service failure never stops a run, it becomes the
``reason`` of the name that stays unresolved. Each lookup has a deadline for the whole request and
a cap on the answer's size (see geocode.http); a service that keeps failing is not asked again for
the rest of the run; a damaged cache entry is logged and asked afresh.

    >>> fallback = from_name("nominatim", url="http://127.0.0.1:8080")
    >>> report = fallback.fill(report)

The command-line options are declared here without geopy (which loads requests and urllib3):
the lookup itself (`fallback`) is imported on first use, so a run without geocoding never
loads it.
"""
from __future__ import annotations

import argparse
import math
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .fallback import GeocoderFallback

__all__ = ["GeocoderFallback", "GeocodeCache", "from_name", "add_arguments", "from_args",
           "default_cache_path", "single_try_adapter", "DEFAULT_USER_AGENT", "DEFAULT_DEADLINE"]

DEFAULT_DEADLINE = 10.0  # seconds for a whole lookup, when none is given (see geocode.http)


def __getattr__(name: str) -> Any:
    """The lookup's names (GeocoderFallback, from_name, bias_for…), from `fallback` at first use."""
    if not name.startswith("__"):
        value = getattr(import_module(".fallback", __name__), name, _MISSING)
        if value is not _MISSING:
            globals()[name] = value
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_MISSING = object()


def _seconds(text: str) -> float:
    """argparse type: a non-negative number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"seconds must be 0 or more, got {text!r}")
    return value


def _deadline(text: str) -> float:
    """argparse type: a positive number of seconds."""
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("the deadline must be more than 0 seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the --geocoder* options (online lookup of names the gazetteer lacks; off by default)."""
    group = parser.add_argument_group(
        "online geocoding", "look up names the gazetteer lacks with a geopy service (off unless "
        "--geocoder or --geocoder-url is given)")
    group.add_argument("--geocoder", metavar="NAME",
                       help="geopy service name, e.g. nominatim, photon, opencage")
    group.add_argument("--geocoder-url", metavar="URL",
                       help="service URL, e.g. a self-hosted Nominatim http://127.0.0.1:8080 "
                            "(implies --geocoder nominatim when no name is given)")
    group.add_argument("--user-agent", metavar="UA", help="HTTP user agent sent to the service")
    group.add_argument("--api-key", metavar="KEY", help="API key, for services that need one")
    group.add_argument("--geocoder-cache", metavar="PATH", type=Path,
                       help="cache directory (default: $XDG_CACHE_HOME/geomap or ~/.cache/geomap)")
    group.add_argument("--geocoder-delay", metavar="SECONDS", type=_seconds,
                       help="minimum seconds between requests (default: 1 for public services, "
                            "0 for a given URL)")
    group.add_argument("--geocoder-timeout", metavar="SECONDS", type=_deadline,
                       default=DEFAULT_DEADLINE,
                       help="deadline of each lookup, connecting to the last byte of the answer "
                            f"(default: {DEFAULT_DEADLINE:g}); a service that keeps failing is not "
                            "asked again in the run")


def from_args(args: argparse.Namespace) -> "GeocoderFallback | None":
    """The GeocoderFallback the parsed options ask for, or None when geocoding is off."""
    name = getattr(args, "geocoder", None)
    url = getattr(args, "geocoder_url", None)
    if not name and not url:
        return None
    from .fallback import from_name

    return from_name(name or "nominatim", url=url, user_agent=getattr(args, "user_agent", None),
                     api_key=getattr(args, "api_key", None),
                     cache_dir=getattr(args, "geocoder_cache", None),
                     min_delay_seconds=getattr(args, "geocoder_delay", None),
                     timeout=getattr(args, "geocoder_timeout", DEFAULT_DEADLINE))
