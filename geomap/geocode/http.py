"""A geopy adapter whose requests end by a wall-clock deadline and whose answers have a size cap.

geopy's own adapters hand ``timeout`` to the socket, which bounds each read, not the request: a
server trickling a byte a second holds a lookup for as long as it likes, and nothing bounds what a
gzip answer inflates to. Here every socket a request opens is shut when the deadline passes,
whatever the request is doing (connecting, TLS, headers, body), and an answer is refused once it
passes ``max_bytes`` on the wire or inflated. Only the standard library is used (urllib, zlib).
"""
from __future__ import annotations

import json
import socket
import ssl
import threading
import time
import urllib.request
import zlib
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from typing import Any
from urllib.error import HTTPError, URLError

from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import (GeocoderParseError, GeocoderServiceError, GeocoderTimedOut,
                       GeocoderUnavailable, GeopyError)

from . import DEFAULT_DEADLINE  # seconds, when geopy passes no timeout

__all__ = ["BoundedAdapter", "AnswerTooLarge", "DeadlinePassed", "MAX_ANSWER_BYTES",
           "DEFAULT_DEADLINE"]

MAX_ANSWER_BYTES = 2 * 1024 * 1024  # a Nominatim answer of 5 candidates is a few KB
CHUNK = 64 * 1024
_ERROR_BODY_BYTES = 64 * 1024  # enough of an error page to log; the rest is not read
_GZIP, _ZLIB_OR_GZIP, _RAW_DEFLATE = 16 + zlib.MAX_WBITS, 32 + zlib.MAX_WBITS, -zlib.MAX_WBITS


class DeadlinePassed(GeocoderTimedOut):
    """No complete answer within the request's deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete answer within {round(seconds, 1):g} s")
        self.seconds = seconds


class AnswerTooLarge(GeocoderServiceError):
    """An answer over the size cap, as sent or once inflated; it is not read further."""

    def __init__(self, limit: int) -> None:
        size = f"{limit / 2**20:g} MiB" if limit >= 2**20 else f"{limit / 1024:g} KiB"
        super().__init__(f"answer larger than {size}")
        self.limit = limit


# --- the deadline -----------------------------------------------------------------------------

class _Watch:
    """Shuts every socket opened under it once its deadline passes, so no read outlives it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def add(self, sock: socket.socket) -> None:
        """Watch one more socket (shut at once when the deadline has already passed)."""
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> "_Watch":
        _current.watch = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._sockets.clear()
        _current.watch = None


def _shut(sock: socket.socket) -> None:
    """Unblock any read on a socket (the plain-socket shutdown, also under TLS)."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed, or never connected


_current = threading.local()  # the _Watch of the request this thread is making


class _Watched:
    """Mixin for http.client connections: each socket they set is handed to the current watch."""

    @property
    def sock(self) -> Any:
        return self.__dict__.get("_watched_sock")

    @sock.setter
    def sock(self, value: Any) -> None:
        self.__dict__["_watched_sock"] = value
        watch = getattr(_current, "watch", None)
        if value is not None and watch is not None:
            watch.add(value)


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_WatchedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, context: Any) -> None:
        super().__init__(context=context)
        self._ssl = context

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_WatchedHTTPSConnection, req, context=self._ssl)


# --- the body ---------------------------------------------------------------------------------

class _Inflater:
    """A Content-Encoding (identity, gzip, deflate) undone into at most `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        coding = encoding.strip().lower()
        if coding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise GeocoderServiceError(f"unsupported content encoding {encoding!r}")
        self.limit = limit
        self.out = bytearray()
        self._wbits = None if coding in ("", "identity") else \
            _GZIP if "gzip" in coding else _ZLIB_OR_GZIP
        self._z = zlib.decompressobj(self._wbits) if self._wbits else None
        self._fed = False

    def feed(self, data: bytes) -> None:
        """Inflate one piece; AnswerTooLarge as soon as the output passes the limit."""
        if self._z is None:
            self.out += data
        while data and self._z is not None:
            piece = self._inflate(data)
            self.out += piece
            if len(self.out) > self.limit:
                raise AnswerTooLarge(self.limit)
            data = self._z.unused_data if self._z.eof else self._z.unconsumed_tail
            if self._z.eof and data:  # a second gzip member follows
                self._z = zlib.decompressobj(self._wbits)
        if len(self.out) > self.limit:
            raise AnswerTooLarge(self.limit)

    def _inflate(self, data: bytes) -> bytes:
        """At most one byte past the limit; "deflate" sent raw (no zlib header) is accepted."""
        room = self.limit - len(self.out) + 1
        try:
            return self._z.decompress(data, room)
        except zlib.error:
            if self._fed or self._wbits != _ZLIB_OR_GZIP:
                raise GeocoderParseError("corrupt compressed answer") from None
            self._wbits = _RAW_DEFLATE
            self._z = zlib.decompressobj(_RAW_DEFLATE)
            return self._inflate(data)
        finally:
            self._fed = True

    def finish(self) -> bytes:
        """All of the answer; GeocoderParseError when the compressed stream stopped short."""
        if self._z is not None and not self._z.eof:
            raise GeocoderParseError("truncated compressed answer")
        return bytes(self.out)


def _read_body(resp: Any, limit: int) -> bytes:
    """The decoded body of a response, refused (AnswerTooLarge) past `limit` bytes either way."""
    declared = resp.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > limit:
        raise AnswerTooLarge(limit)
    inflater = _Inflater(resp.headers.get("Content-Encoding", ""), limit)
    wire = 0
    while chunk := resp.read1(CHUNK):
        wire += len(chunk)
        if wire > limit:
            raise AnswerTooLarge(limit)
        inflater.feed(chunk)
    return inflater.finish()


def _text(body: bytes, resp: Any) -> str:
    """The body as text in the charset the response names (UTF-8 when it names none)."""
    charset = resp.headers.get_content_charset() or "utf-8"
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        raise GeocoderParseError(f"answer is not valid {charset} text") from None


# --- the adapter ------------------------------------------------------------------------------

def _proxies(proxies: Any) -> dict[str, str]:
    """geopy's proxy setting as urllib's: None means the system's, a bare host gets http://."""
    if proxies is None:
        proxies = urllib.request.getproxies()
    return {scheme: url if not url or "://" in url else f"http://{url}"
            for scheme, url in (proxies or {}).items()}


class BoundedAdapter(BaseSyncAdapter):
    """geopy adapter: one try, `timeout` as a deadline for the whole request, answers capped."""

    def __init__(self, *, proxies: Any, ssl_context: Any,
                 max_bytes: int = MAX_ANSWER_BYTES) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.max_bytes = max_bytes
        opener = urllib.request.build_opener(urllib.request.ProxyHandler(_proxies(proxies)),
                                             _HTTPHandler(), _HTTPSHandler(ssl_context))
        self._open = opener.open

    def get_json(self, url: str, *, timeout: Any, headers: dict[str, str]) -> Any:
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise GeocoderParseError("answer is not JSON") from None

    def get_text(self, url: str, *, timeout: Any, headers: dict[str, str]) -> str:
        seconds = float(timeout) if isinstance(timeout, (int, float)) else DEFAULT_DEADLINE
        if not seconds > 0:
            raise DeadlinePassed(0.0)
        request = urllib.request.Request(url, headers={**headers,
                                                       "Accept-Encoding": "gzip, deflate"})
        with _Watch(seconds) as watch:
            try:
                return self._fetch(request, watch)
            except (GeopyError, AdapterHTTPError):
                raise  # already what geopy expects (some of them are OSErrors too)
            except (OSError, HTTPException, ValueError) as exc:
                raise _failure(exc, watch) from exc

    def _fetch(self, request: urllib.request.Request, watch: _Watch) -> str:
        """The answer's text; AdapterHTTPError for a status of 400 and more."""
        try:
            resp = self._open(request, timeout=watch.seconds)
        except HTTPError as error:
            raise _http_error(error, watch) from None
        with resp:
            body = _read_body(resp, self.max_bytes)
        if watch.fired:  # the shut socket ended a body of no declared length early
            raise DeadlinePassed(watch.seconds)
        return _text(body, resp)


def _http_error(error: HTTPError, watch: _Watch) -> Exception:
    """The AdapterHTTPError for a non-success status, with (the start of) its page."""
    text = None
    if error.fp is not None and not watch.fired:
        try:
            text = _text(_read_body(error, _ERROR_BODY_BYTES), error)
        except (OSError, HTTPException, GeocoderServiceError, GeocoderParseError):
            text = None  # the status says enough
        finally:
            error.close()
    headers = {name.lower(): value for name, value in (error.headers or {}).items()}
    return AdapterHTTPError(f"Non-successful status code {error.code}", status_code=error.code,
                            headers=headers, text=text)


def _failure(exc: BaseException, watch: _Watch) -> Exception:
    """The geopy error for a failed request: a timeout whenever the deadline was involved."""
    reason = exc.reason if isinstance(exc, URLError) else exc
    if watch.fired or isinstance(reason, TimeoutError) or watch.remaining() <= 0:
        return DeadlinePassed(watch.seconds)
    if isinstance(reason, ssl.SSLCertVerificationError):
        return GeocoderServiceError(f"TLS certificate not trusted ({reason.verify_message})")
    if isinstance(reason, (ConnectionError, socket.gaierror)) or \
            (isinstance(reason, OSError) and isinstance(exc, URLError)):
        return GeocoderUnavailable(f"service not reachable: {reason}")
    return GeocoderServiceError(f"{type(exc).__name__}: {exc}")
