"""Prebuilt indexes in the user's cache folder, so that a run starts without rebuilding them.

The folder is $GEOMAP_CACHE_DIR, else $XDG_CACHE_HOME/geomap, else ~/.cache/geomap;
GEOMAP_CACHE_DIR=off turns the cache off. An entry is one file named for what it holds and a
fingerprint of what it was built from (the source file's bytes, geomap's version and code,
the Python version): a changed gazetteer or another geomap asks for another file, built on
first use, and the older files of that kind are removed. Files are written whole (a temporary
file renamed into place), so processes that build at once never read half a file. A folder
that cannot be written or read costs the speed only: one warning (logging), never an error.
Nothing else is written anywhere, and nothing is fetched.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from .. import __version__

__all__ = ["folder", "fingerprint", "file_digest", "entry", "load_or_build", "remove", "warn"]

log = logging.getLogger(__name__)
T = TypeVar("T")
KEEP = 3  # files of one kind kept: a few gazetteers in use side by side do not evict each other
_PACKAGE = Path(__file__).resolve().parents[1]
_warned: set[str] = set()


def folder() -> Path | None:
    """The cache folder (not created here), or None when GEOMAP_CACHE_DIR=off."""
    chosen = os.environ.get("GEOMAP_CACHE_DIR")
    if chosen:
        return None if chosen.strip().lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of geomap's own code and lexicons: an edited checkout rebuilds its indexes."""
    h = hashlib.blake2b(f"{__version__} {sys.version} {sys.platform}".encode(), digest_size=16)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".csv") and "_data" not in path.parts:
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """A digest of a file's bytes (OSError when it cannot be read)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def fingerprint(*parts: str, code: bool = True) -> str:
    """The key of an index built from `parts` (digests, options) by this geomap's code, or by
    any geomap when not `code` (a copy of another library's data, in a format of its own)."""
    h = hashlib.blake2b(_code_digest().encode() if code else b"", digest_size=12)
    for part in parts:
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def entry(kind: str, key: str, suffix: str, write: Callable[[Path], None]) -> Path | None:
    """The cache file `kind`-`key``suffix`, written by `write(path)` when it is not there yet;
    None when the cache is off or cannot be written (one warning for the folder)."""
    base = folder()
    if base is None:
        return None
    path = base / f"{kind}-{key}{suffix}"
    if _is_file(path):
        return path
    import tempfile  # only to write, which most runs do not

    try:
        base.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=base)
        os.close(fd)
        try:
            write(Path(tmp))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        warn(str(base), f"cannot write the index cache in {base} ({exc}); geomap builds its "
                        "indexes in each run (set GEOMAP_CACHE_DIR to a folder it may write)")
        return None
    _prune(base, kind, suffix, path)
    return path


def load_or_build(kind: str, key: str, build: Callable[[], T], dump: Callable[[T], bytes],
                  load: Callable[[bytes], T]) -> T:
    """The object cached as `kind`-`key`, or `build()` (then cached) when there is none, or
    when the file cannot be read back (damaged, written by another library version)."""
    base = folder()
    path = None if base is None else base / f"{kind}-{key}.bin"
    if path is not None and _is_file(path):
        try:
            return load(path.read_bytes())
        except FileNotFoundError:  # pruned by another process meanwhile: build it
            pass
        except Exception as exc:  # noqa: BLE001 - any damage means: build it again
            warn(str(path), f"cannot read the cache file {path} ({type(exc).__name__}: "
                            f"{exc}); building it again")
            remove(path)
    value = build()
    if path is not None:
        data = dump(value)
        entry(kind, key, ".bin", lambda tmp: tmp.write_bytes(data))
    return value


def warn(about: str, message: str) -> None:
    """Log `message` as a warning, once per process for each folder or file it is `about`."""
    if about not in _warned:
        _warned.add(about)
        log.warning(message)


def _prune(base: Path, kind: str, suffix: str, keep: Path) -> None:
    """Remove all but the KEEP newest files of `kind` (older gazetteers, older geomaps)."""
    try:
        found = sorted(base.glob(f"{kind}-*{suffix}"), key=lambda p: p.stat().st_mtime,
                       reverse=True)
    except OSError:
        return
    for old in found[KEEP:]:
        if old != keep:
            remove(old)


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; False too when its folder cannot be searched."""
    try:
        return path.is_file()
    except OSError:
        return False


def remove(path: Path) -> None:
    """Delete a cache file, if it can be."""
    try:
        path.unlink()
    except OSError:
        pass
