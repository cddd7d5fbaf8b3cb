"""The geocoder fallback against a real local HTTP server speaking Nominatim's /search API.

No test reaches the internet and nothing in geopy is mocked: geopy's own Nominatim class talks
to a stdlib http.server on 127.0.0.1 that replays answers from tests/fixtures/nominatim/, and
misbehaves on request (hangs, trickles bytes, sends gzip bombs).
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import queue
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from contextlib import closing
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.geocoders import Nominatim

from geomap.errors import GeocoderError
from geomap.geocode import (GeocodeCache, GeocoderFallback, add_arguments, bias_for,
                            default_cache_path, from_args, from_name, kind_from,
                            single_try_adapter)
from geomap.model import Endpoint, Movement, Place, Report, Unresolved

FIXTURES = Path(__file__).parent / "fixtures" / "nominatim"
TEXT = "خرجت القافلة من حلب باتجاه خان العسل ثم إلى المنصورة وبعدها إلى تل الضمان."
ALEPPO = (36.206013, 37.152420)
VILLAGE, FAR, OTHER = "خان العسل", "المنصورة", "تل الضمان"


# --- the local Nominatim ----------------------------------------------------------------------

@dataclass
class Route:
    """How the fake service answers one query: status, body, extra headers, and how it misbehaves:
    `hang` sends nothing until the test ends, `trickle` sends the headers (or, with
    `trickle_headers`, the status line and headers too) then one byte every `trickle` seconds."""

    status: int = 200
    body: bytes = b"[]"
    delay: float = 0.0
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    trickle: float = 0.0
    trickle_headers: bool = False
    declare_length: bool = True


def fixture(name: str, status: int = 200, delay: float = 0.0) -> Route:
    """A Route replaying a recorded answer file."""
    kind = "text/html" if name.endswith(".html") else "application/json; charset=utf-8"
    return Route(status, (FIXTURES / name).read_bytes(), delay, kind)


@dataclass
class FakeNominatim:
    """The server's state: routes by query text (else `default`), every request it received, and
    how many bytes each trickled answer got out before the client hung up."""

    routes: dict[str, Route] = field(default_factory=dict)
    default: Route = field(default_factory=Route)
    requests: list[dict] = field(default_factory=list)
    url: str = ""
    trickled: queue.Queue = field(default_factory=queue.Queue)
    release: threading.Event = field(default_factory=threading.Event)  # set when the test ends

    def queries(self) -> list[str]:
        return [r["params"].get("q", [""])[0] for r in self.requests]


def _handler(state: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one FakeNominatim."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            params = parse_qs(parts.query)
            state.requests.append({"path": parts.path, "params": params,
                                   "user_agent": self.headers.get("User-Agent", ""),
                                   "accept_encoding": self.headers.get("Accept-Encoding", "")})
            route = state.routes.get(params.get("q", [""])[0], state.default)
            if route.hang:
                state.release.wait(60)
                return
            time.sleep(route.delay)
            try:
                self.answer(route)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests)

        def answer(self, route: Route) -> None:
            length = f"Content-Length: {len(route.body)}\r\n" if route.declare_length else ""
            head = (f"HTTP/1.1 {route.status} X\r\nContent-Type: {route.content_type}\r\n"
                    + length + "".join(f"{k}: {v}\r\n" for k, v in route.headers.items()) + "\r\n")
            if route.trickle_headers:
                self.trickle(head.encode() + route.body, route.trickle)
            elif route.trickle:
                self.wfile.write(head.encode())
                self.trickle(route.body, route.trickle)
            else:
                self.wfile.write(head.encode() + route.body)

        def trickle(self, data: bytes, pause: float) -> None:
            """One byte at a time; the count sent is queued when the client hangs up."""
            sent = 0
            try:
                while sent < len(data) and not state.release.is_set():
                    self.wfile.write(data[sent:sent + 1])
                    sent += 1
                    state.release.wait(pause)
            finally:
                state.trickled.put(sent)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server():
    """A FakeNominatim listening on an ephemeral port of 127.0.0.1 for one test."""
    state = FakeNominatim(routes={VILLAGE: fixture("khan-al-asal.json"),
                                  FAR: fixture("al-mansoura-egypt.json"),
                                  OTHER: fixture("empty.json")})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


def make_fallback(server: FakeNominatim, cache_path: Path | None, **kwargs) -> GeocoderFallback:
    """geopy's real Nominatim pointed at the local server, with no delay and a short deadline."""
    geocoder = Nominatim(domain=server.url.removeprefix("http://"), scheme="http",
                         user_agent="geomap-tests", adapter_factory=single_try_adapter)
    cache = GeocodeCache(cache_path) if cache_path is not None else None
    kwargs.setdefault("timeout", 1.0)
    return GeocoderFallback(geocoder, name="nominatim", cache=cache, min_delay_seconds=0,
                            **kwargs)


def span(name: str) -> tuple[int, int]:
    start = TEXT.index(name)
    return start, start + len(name)


def report(*names: str, with_aleppo: bool = True) -> Report:
    """The test article: «حلب» resolved to Aleppo (SY) and the given names unresolved."""
    places = []
    if with_aleppo:
        places.append(Place("حلب", *span("حلب"), id="gaz:aleppo", name_ar="حلب", name_en="Aleppo",
                            kind="city", lat=ALEPPO[0], lon=ALEPPO[1], confidence=0.95,
                            country="SY", source="gazetteer"))
    unresolved = [Unresolved(n, *span(n)) for n in names]
    return Report(text=TEXT, id="t1", places=places, unresolved=unresolved)


# --- hits, misses, failures -------------------------------------------------------------------

def test_a_hit_becomes_a_geocoded_place(server, tmp_path):
    before = report(VILLAGE)
    after = make_fallback(server, tmp_path / "c.sqlite").fill(before)
    assert after.unresolved == []
    village = next(p for p in after.places if p.surface == VILLAGE)
    assert (village.start, village.end) == span(VILLAGE)
    assert TEXT[village.start:village.end] == VILLAGE
    assert village.id == "geocoder:nominatim:node/268372174"
    assert village.source == "geocoder:nominatim"
    assert (village.name_ar, village.name_en, village.kind) == (VILLAGE, "Khan al-Asal", "village")
    assert village.lat == pytest.approx(36.1719) and village.lon == pytest.approx(37.0367)
    assert (village.country, village.admin1) == ("SY", "Aleppo Governorate")
    assert village.confidence < before.places[0].confidence
    assert f"«{VILLAGE}»" in village.reason and "km from the article" in village.reason
    assert [p.surface for p in after.places] == ["حلب", VILLAGE]  # text order kept
    assert before.unresolved == [Unresolved(VILLAGE, *span(VILLAGE))]  # input left alone


def test_a_movement_end_named_by_a_geocoded_name_gets_its_point(server, tmp_path):
    aleppo = Endpoint("حلب", "Aleppo", "city", *ALEPPO, *span("حلب"), "gaz:aleppo")
    village = Endpoint(VILLAGE, "", "unresolved", None, None, *span(VILLAGE))
    move = Movement(actor="القافلة", trigger="خرجت", origin=aleppo, via=(), destination=village,
                    count=None, status="done", start=0, end=span(VILLAGE)[1])
    before = replace(report(VILLAGE), movements=[move])
    [after] = make_fallback(server, tmp_path / "c.sqlite").fill(before).movements
    assert after.origin == aleppo
    dest = after.destination
    assert (dest.name_ar, dest.name_en, dest.kind) == (VILLAGE, "Khan al-Asal", "village")
    assert (dest.lat, dest.lon) == (pytest.approx(36.1719), pytest.approx(37.0367))
    assert (dest.start, dest.end, dest.ref) == (*span(VILLAGE), "geocoder:nominatim:node/268372174")


def test_bias_parameters_reach_the_server(server, tmp_path):
    make_fallback(server, tmp_path / "c.sqlite").fill(report(VILLAGE))
    (request,) = server.requests
    params = {k: v[0] for k, v in request["params"].items()}
    assert request["path"] == "/search"
    assert params["q"] == VILLAGE and params["format"] == "json"
    assert params["countrycodes"] == "sy"
    west, south, east, north = map(float, params["viewbox"].split(","))
    assert south < ALEPPO[0] < north and west < ALEPPO[1] < east
    assert north - south <= 3 and east - west <= 3  # the article's area, not the world
    assert params["accept-language"] == "en" and params["addressdetails"] == "1"
    assert request["user_agent"] == "geomap-tests"


def test_no_bias_when_no_place_is_resolved(server, tmp_path):
    after = make_fallback(server, tmp_path / "c.sqlite").fill(report(FAR, with_aleppo=False))
    params = server.requests[0]["params"]
    assert "countrycodes" not in params and "viewbox" not in params
    assert [p.name_en for p in after.places] == ["Mansoura"]  # nothing to be far from


def test_a_miss_stays_unresolved_with_a_reason(server, tmp_path):
    after = make_fallback(server, tmp_path / "c.sqlite").fill(report(OTHER))
    assert after.unresolved == [Unresolved(OTHER, *span(OTHER), reason="not found")]
    assert len(after.places) == 1


@pytest.mark.parametrize("route, reason", [
    (Route(hang=True), "timeout: no complete answer within 1 s"),
    (fixture("error-500.html", status=500), "HTTP 500"),
    (fixture("error-429.html", status=429), "rate limited (429)"),
    (fixture("truncated.json"), "malformed answer"),
    (Route(body=b'[{"lat": "north", "lon": 37}]'), "malformed answer"),
    (Route(body=b'["not", "a", "place"]'), "malformed answer"),
    (Route(body=b"[" * 100_000 + b"]" * 100_000), "malformed answer"),
    (Route(body=gzip.compress(b"[]" * 500)[:-20], headers={"Content-Encoding": "gzip"}),
     "malformed answer"),
    (Route(body=b"[]", headers={"Content-Encoding": "br"}),
     "service error: unsupported content encoding 'br'"),
], ids=["timeout", "http500", "http429", "truncated", "bad-lat", "not-objects", "deep",
        "cut-gzip", "brotli"])
def test_a_service_failure_keeps_the_name_and_the_run_goes_on(server, tmp_path, route, reason):
    server.routes[OTHER] = route
    after = make_fallback(server, tmp_path / "c.sqlite").fill(report(OTHER, VILLAGE))
    assert after.unresolved == [Unresolved(OTHER, *span(OTHER), reason=reason)]
    assert [p.surface for p in after.places] == ["حلب", VILLAGE]
    assert server.queries() == [OTHER, VILLAGE]  # one try each: no silent retries


def test_a_far_result_is_rejected(server, tmp_path):
    after = make_fallback(server, tmp_path / "c.sqlite").fill(report(FAR, VILLAGE))
    (far,) = after.unresolved
    match = re.fullmatch(r"too far from the article's other places \((\d+) km\)", far.reason)
    assert match and 700 < int(match.group(1)) < 850  # Aleppo to Mansoura, Egypt
    assert [p.surface for p in after.places] == ["حلب", VILLAGE]


def test_max_distance_is_configurable(server, tmp_path):
    after = make_fallback(server, None, max_distance_km=5).fill(report(VILLAGE))
    assert after.unresolved[0].reason.startswith("too far from the article's other places (")


def test_a_name_after_a_clitic_is_tried_without_it(server, tmp_path):
    text = "وصلت الحافلات إلى حلب وخان العسل"
    start = text.index("وخان")
    aleppo = report().places[0]
    rep = Report(text=text, places=[aleppo], unresolved=[Unresolved("وخان العسل", start, len(text))])
    after = make_fallback(server, None).fill(rep)
    assert server.queries() == ["وخان العسل", VILLAGE]
    (village,) = [p for p in after.places if p.source.startswith("geocoder:")]
    assert (village.start, village.end, village.surface) == (start, len(text), "وخان العسل")
    assert f"«{VILLAGE}»" in village.reason


def test_a_name_mentioned_twice_is_asked_once(server):
    rep = report(VILLAGE)
    rep.unresolved.append(Unresolved(VILLAGE, 0, len(VILLAGE)))
    after = make_fallback(server, None).fill(rep)
    assert len(server.requests) == 1
    assert [p.start for p in after.places if p.surface == VILLAGE] == [0, span(VILLAGE)[0]]


def test_a_report_without_unresolved_names_sends_nothing(server):
    rep = report()
    assert make_fallback(server, None).fill(rep) is rep
    assert server.requests == []


# --- a deadline for each lookup, a cap on each answer, a budget for the run -------------------

KHAN = (FIXTURES / "khan-al-asal.json").read_bytes()


def reasons(rep: Report) -> list[str]:
    return [u.reason for u in rep.unresolved]


@pytest.mark.parametrize("route", [Route(body=KHAN, trickle=0.5),
                                   Route(body=KHAN, trickle=0.5, trickle_headers=True)],
                         ids=["body", "headers"])
def test_a_trickling_answer_ends_at_the_deadline(server, route):
    server.routes[OTHER] = route  # the whole answer (a hit) would take more than ten minutes
    started = time.monotonic()
    after = make_fallback(server, None, timeout=1.5).fill(report(OTHER, VILLAGE))
    elapsed = time.monotonic() - started
    assert after.unresolved == [Unresolved(OTHER, *span(OTHER),
                                           reason="timeout: no complete answer within 1.5 s")]
    assert [p.surface for p in after.places] == ["حلب", VILLAGE]  # the run went on
    assert elapsed < 1.5 + 2.5  # a bound on the limit (generous), not a benchmark
    assert server.trickled.get(timeout=10) <= 10  # it hung up after about three bytes


def bomb(wbits: int) -> bytes:
    """128 MiB of zeros, deflated (wbits 31: gzip, 15: zlib) into about 128 KB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(2**20)
    return b"".join(packer.compress(zeros) for _ in range(128)) + packer.flush()


@pytest.mark.parametrize("route", [
    Route(body=bomb(31), headers={"Content-Encoding": "gzip"}),
    Route(body=bomb(15), headers={"Content-Encoding": "deflate"}),
    Route(body=b"[" + b" " * 3 * 2**20 + b"]"),
], ids=["gzip-bomb", "deflate-bomb", "3-MiB"])
def test_an_answer_over_the_size_cap_is_refused_without_reading_it_all(server, route):
    assert len(route.body) < 200_000 or route.body.startswith(b"[ ")
    server.routes[OTHER] = route
    tracemalloc.start()
    try:
        after = make_fallback(server, None).fill(report(OTHER, VILLAGE))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert after.unresolved == [Unresolved(OTHER, *span(OTHER),
                                           reason="refused: answer larger than 2 MiB")]
    assert [p.surface for p in after.places] == ["حلب", VILLAGE]
    assert peak < 16 * 2**20  # never inflated past the cap: a bomb holds 128 MiB


def test_an_oversize_answer_of_no_declared_length_is_refused(server):
    server.routes[OTHER] = Route(body=b"[" + b" " * 3 * 2**20 + b"]", declare_length=False)
    after = make_fallback(server, None).fill(report(OTHER))
    assert after.unresolved[0].reason == "refused: answer larger than 2 MiB"
    server.routes[OTHER] = Route(body=KHAN, declare_length=False)  # the body ends at the close
    assert make_fallback(server, None).fill(report(OTHER)).unresolved == []


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize("encoding, body", [
    ("gzip", gzip.compress(KHAN)),
    ("gzip", gzip.compress(KHAN[:500]) + gzip.compress(KHAN[500:])),
    ("deflate", zlib.compress(KHAN)),
    ("deflate", _raw_deflate(KHAN)),
], ids=["gzip", "gzip-two-members", "deflate-zlib", "deflate-raw"])
def test_a_compressed_answer_is_read(server, encoding, body):
    server.routes[VILLAGE] = Route(body=body, headers={"Content-Encoding": encoding})
    after = make_fallback(server, None).fill(report(VILLAGE))
    assert after.unresolved == []
    assert after.places[-1].id == "geocoder:nominatim:node/268372174"
    assert server.requests[0]["accept_encoding"] == "gzip, deflate"


@pytest.fixture
def tls_server(server, tmp_path):
    """The same service behind TLS with a fresh self-signed certificate, and a client context
    that trusts it; plus a port that accepts connections and never starts the handshake."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    silent = socket.create_server(("127.0.0.1", 0))
    yield (httpd.server_address[1], silent.getsockname()[1],
           ssl.create_default_context(cafile=str(cert)))
    silent.close()
    httpd.shutdown()
    httpd.server_close()


def test_https_answers_and_its_stalls_end_at_the_deadline(server, tls_server):
    port, silent_port, trusting = tls_server
    server.routes[OTHER] = Route(body=KHAN, trickle=0.5)

    def fallback(port: int, context: ssl.SSLContext | None) -> GeocoderFallback:
        geocoder = Nominatim(domain=f"127.0.0.1:{port}", scheme="https", ssl_context=context,
                             user_agent="geomap-tests", adapter_factory=single_try_adapter)
        return GeocoderFallback(geocoder, name="nominatim", cache=None, min_delay_seconds=0,
                                timeout=1.0)

    after = fallback(port, trusting).fill(report(VILLAGE, OTHER))
    assert after.places[-1].name_en == "Khan al-Asal"
    assert reasons(after) == ["timeout: no complete answer within 1 s"]  # trickled over TLS
    stalled = fallback(silent_port, trusting).fill(report(VILLAGE))  # no TLS handshake ever
    assert reasons(stalled) == ["timeout: no complete answer within 1 s"]
    untrusted = fallback(port, None).fill(report(VILLAGE))
    assert reasons(untrusted)[0].startswith("service error: TLS certificate not trusted (")


NAMES = ("زعفرانة", "حيان", "خربة السلوقي", "عين حنيذ", "دير الرمان", "تل شغيب")


def names_report(*names: str) -> Report:
    """An article from Aleppo (resolved) to the given names (unresolved), in that order."""
    text = "نزحت العائلات من حلب إلى " + " ثم إلى ".join(names) + "."
    aleppo = replace(report().places[0], start=text.index("حلب"), end=text.index("حلب") + 3)
    starts = [text.index(n) for n in names]
    return Report(text=text, id="t2", places=[aleppo],
                  unresolved=[Unresolved(n, s, s + len(n)) for n, s in zip(names, starts)])


def test_a_hanging_service_is_given_up_after_one_and_a_half_deadlines(server, caplog):
    server.default = Route(hang=True)
    fallback = make_fallback(server, None)
    with caplog.at_level(logging.WARNING, logger="geomap.geocode"):
        after = fallback.fill(names_report(*NAMES))
    assert server.queries() == list(NAMES[:2])  # a whole deadline, then what is left of 1.5
    skipped = "geocoder unreachable: skipped after 2 timeouts"
    assert reasons(after) == ["timeout: no complete answer within 1 s",
                              "timeout: no complete answer within 0.5 s"] + [skipped] * 4
    [record] = caplog.records
    assert record.name == "geomap.geocode" and record.levelno == logging.WARNING
    assert record.getMessage() == ("geocoder nominatim unreachable: skipped after 2 timeouts; "
                                   "not asked again this run")
    again = fallback.fill(names_report(*NAMES[:2]))  # the next article of the same run
    assert reasons(again) == [skipped] * 2 and len(server.requests) == 2


def test_a_failing_service_is_given_up_after_three_failures_in_a_row(server):
    server.default = fixture("error-500.html", status=503)
    after = make_fallback(server, None).fill(names_report(*NAMES))
    assert server.queries() == list(NAMES[:3])
    last = "geocoder unreachable: skipped after 3 failures in a row (last: HTTP 503)"
    assert reasons(after) == ["HTTP 503"] * 3 + [last] * 3


def test_an_answer_between_failures_keeps_the_service_in_use(server):
    server.default = fixture("error-500.html", status=500)
    server.routes.update({NAMES[2]: fixture("empty.json"), NAMES[5]: fixture("empty.json")})
    after = make_fallback(server, None).fill(names_report(*NAMES))
    assert server.queries() == list(NAMES)
    assert reasons(after) == ["HTTP 500", "HTTP 500", "not found"] * 2


def test_cached_answers_still_count_once_the_service_is_given_up(server, tmp_path):
    make_fallback(server, tmp_path / "c.sqlite").fill(names_report(VILLAGE))
    server.default = server.routes[VILLAGE] = Route(hang=True)
    after = make_fallback(server, tmp_path / "c.sqlite").fill(names_report(*NAMES[:3], VILLAGE))
    assert server.queries() == [VILLAGE, *NAMES[:2]]
    assert reasons(after)[2] == "geocoder unreachable: skipped after 2 timeouts"
    assert [p.name_en for p in after.places] == ["Aleppo", "Khan al-Asal"]


# --- the cache --------------------------------------------------------------------------------

def test_a_second_run_on_the_same_cache_sends_no_request(server, tmp_path):
    first = make_fallback(server, tmp_path / "c.sqlite").fill(report(VILLAGE, OTHER))
    assert len(server.requests) == 2
    second = make_fallback(server, tmp_path / "c.sqlite").fill(report(VILLAGE, OTHER))
    assert len(server.requests) == 2  # hit and miss both came from the cache
    assert second.places == first.places and second.unresolved == first.unresolved
    assert second.unresolved[0].reason == "not found"


@pytest.mark.parametrize("route", [Route(hang=True), fixture("error-500.html", status=500),
                                   fixture("error-429.html", status=429)],
                         ids=["timeout", "http500", "http429"])
def test_transient_failures_are_not_cached(server, tmp_path, route):
    server.routes[VILLAGE] = route
    make_fallback(server, tmp_path / "c.sqlite").fill(report(VILLAGE))
    server.routes[VILLAGE] = fixture("khan-al-asal.json")
    after = make_fallback(server, tmp_path / "c.sqlite").fill(report(VILLAGE))
    assert len(server.requests) == 2
    assert after.unresolved == []


def test_cache_keys_include_the_bias(server, tmp_path):
    make_fallback(server, tmp_path / "c.sqlite").fill(report(VILLAGE))
    make_fallback(server, tmp_path / "c.sqlite").fill(report(VILLAGE, with_aleppo=False))
    assert len(server.requests) == 2


def test_cache_stores_hits_and_misses_across_instances(tmp_path):
    path = tmp_path / "deep" / "geocode.sqlite"
    GeocodeCache(path).put("nominatim", "تل  الضمان", "{}", [])
    cache = GeocodeCache(path)
    assert cache.get("nominatim", "تل الضمان", "{}") == []  # normalized query, stored miss
    assert cache.get("nominatim", "تل الضمان", '{"country_codes": ["sy"]}') is None
    assert cache.get("photon", "تل الضمان", "{}") is None
    assert len(cache) == 1


def test_default_cache_path_respects_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "geomap" / "geocode.sqlite"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_path() == tmp_path / "home" / ".cache" / "geomap" / "geocode.sqlite"


def test_an_unusable_cache_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(GeocoderError, match="cannot use geocode cache"):
        GeocodeCache(blocker / "geocode.sqlite")


_ROW = {"id": "node/1", "lat": 36.17, "lon": 37.04, "display_name": "X", "kind": "village",
        "country": "SY", "admin1": ""}
DAMAGED_ROWS = {
    "not-json": "{not json",
    "not-a-list": json.dumps(_ROW),
    "missing-field": json.dumps([{k: v for k, v in _ROW.items() if k != "kind"}]),
    "extra-field": json.dumps([{**_ROW, "evil": 1}]),
    "nan": json.dumps([{**_ROW, "lat": float("nan")}]),
    "off-the-globe": json.dumps([{**_ROW, "lat": 136.0}]),
    "text-lat": json.dumps([{**_ROW, "lat": "36.17"}]),
    "bool-lon": json.dumps([{**_ROW, "lon": True}]),
    "number-name": json.dumps([{**_ROW, "display_name": 7}]),
    "deep": "[" * 100_000 + "]" * 100_000,
    "bytes": b"\xff\xfe\x00",
    "number": 42,
}


@pytest.mark.parametrize("damage", DAMAGED_ROWS.values(), ids=DAMAGED_ROWS)
def test_a_damaged_cache_entry_is_skipped_and_logged(server, tmp_path, caplog, damage):
    path = tmp_path / "c.sqlite"
    make_fallback(server, path).fill(report(VILLAGE, OTHER))
    with closing(sqlite3.connect(path)) as con, con:
        changed = con.execute("UPDATE answers SET candidates=? WHERE query=?", (damage, VILLAGE))
        assert changed.rowcount == 1
    with caplog.at_level(logging.WARNING, logger="geomap.geocode"):
        after = make_fallback(server, path).fill(report(VILLAGE, OTHER))
    assert server.queries() == [VILLAGE, OTHER, VILLAGE]  # the sound entry (a miss) still served
    assert after.unresolved == [Unresolved(OTHER, *span(OTHER), reason="not found")]
    assert after.places[-1].name_en == "Khan al-Asal"
    [record] = caplog.records
    assert record.name == "geomap.geocode" and record.levelno == logging.WARNING
    assert "skipped the damaged entry" in record.getMessage() and VILLAGE in record.getMessage()
    assert "\n" not in record.getMessage()
    make_fallback(server, path).fill(report(VILLAGE))
    assert len(server.requests) == 3  # the fresh answer replaced the damaged entry


def truncated_database(path: Path) -> None:
    """A cache of 3,000 entries cut to half its size, as a full disk or a crash might leave it."""
    GeocodeCache(path)
    with closing(sqlite3.connect(path)) as con, con:
        con.executemany("INSERT INTO answers VALUES ('nominatim', ?, '{}', '[]', 0)",
                        [(f"name {i}",) for i in range(3000)])
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_cache_file_sqlite_cannot_read_is_moved_aside(server, tmp_path, caplog, damage):
    path = tmp_path / "geocode.sqlite"
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 100)
    else:
        truncated_database(path)
    original = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="geomap.geocode"):
        after = make_fallback(server, path).fill(report(VILLAGE))
    assert after.places[-1].name_en == "Khan al-Asal"
    [record] = caplog.records
    assert record.getMessage().startswith(f"geocode cache {path} was damaged (")
    assert record.getMessage().endswith("moved it to geocode.sqlite.damaged and started a new one")
    assert (tmp_path / "geocode.sqlite.damaged").read_bytes() == original
    make_fallback(server, path).fill(report(VILLAGE))
    assert len(server.requests) == 1  # the new cache works


def test_a_damaged_cache_that_cannot_be_moved_aside_is_done_without(server, tmp_path, caplog):
    path = tmp_path / "geocode.sqlite"
    path.write_bytes(b"this is not a database\n" * 100)
    (tmp_path / "geocode.sqlite.damaged").mkdir()
    (tmp_path / "geocode.sqlite.damaged" / "keep").write_text("in the way")
    with caplog.at_level(logging.WARNING, logger="geomap.geocode"):
        fallback = make_fallback(server, path)
        first, second = fallback.fill(report(VILLAGE)), fallback.fill(report(VILLAGE))
    assert first.places == second.places and second.places[-1].name_en == "Khan al-Asal"
    assert len(server.requests) == 2  # nothing was cached
    [record] = caplog.records
    assert record.getMessage().endswith("; working without a cache")
    assert path.read_bytes() == b"this is not a database\n" * 100  # left as it was


def test_a_cache_of_another_shape_is_worked_around(server, tmp_path, caplog):
    path = tmp_path / "geocode.sqlite"
    with closing(sqlite3.connect(path)) as con:
        con.execute("CREATE TABLE answers (something TEXT)")
    with caplog.at_level(logging.WARNING, logger="geomap.geocode"):
        after = make_fallback(server, path).fill(report(VILLAGE, OTHER))
    assert after.places[-1].name_en == "Khan al-Asal" and reasons(after) == ["not found"]
    read, write = [r.getMessage() for r in caplog.records]  # once each, not once per name
    assert read.startswith(f"cannot read geocode cache {path} (")
    assert write.startswith(f"cannot write geocode cache {path} (")


# --- building from a name and from the command line --------------------------------------------

def test_from_name_talks_to_a_self_hosted_nominatim(server, tmp_path):
    fallback = from_name("nominatim", url=server.url, cache_dir=tmp_path)
    assert fallback.min_delay_seconds == 0  # a given URL is not the public service
    after = fallback.fill(report(VILLAGE))
    assert after.places[-1].id == "geocoder:nominatim:node/268372174"
    assert "geomap" in server.requests[0]["user_agent"]
    assert (tmp_path / "geocode.sqlite").exists()


def test_from_name_defaults_to_a_polite_delay_for_the_public_service(tmp_path):
    assert from_name("nominatim", cache_dir=tmp_path).min_delay_seconds == 1.0
    public = from_name("nominatim", url="https://nominatim.openstreetmap.org", cache_dir=tmp_path)
    assert public.min_delay_seconds == 1.0
    assert from_name("nominatim", cache_dir=tmp_path, min_delay_seconds=2).min_delay_seconds == 2


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="no-such-service"), "unknown geocoding service"),
    (dict(name="opencage"), "needs api_key"),
    (dict(name="nominatim", url="127.0.0.1:8080"), "must look like"),
    (dict(name="nominatim", api_key="k"), "takes no API key"),
    (dict(name="here", api_key="k", url="http://127.0.0.1:1"), "no configurable URL"),
])
def test_from_name_errors_are_typed_and_clear(tmp_path, kwargs, message):
    with pytest.raises(GeocoderError, match=message):
        from_name(cache_dir=tmp_path, **kwargs)


def test_from_name_passes_the_api_key(tmp_path):
    fallback = from_name("opencage", api_key="secret", cache_dir=tmp_path)
    assert fallback.geocoder.api_key == "secret" and fallback.name == "opencage"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_cli_options_build_the_fallback(tmp_path):
    args = parse("--geocoder", "nominatim", "--geocoder-url", "http://127.0.0.1:8088/nom",
                 "--user-agent", "my-newsroom", "--geocoder-cache", str(tmp_path),
                 "--geocoder-delay", "0.25")
    fallback = from_args(args)
    assert fallback.geocoder.api == "http://127.0.0.1:8088/nom/search"
    assert fallback.geocoder.headers["User-Agent"] == "my-newsroom"
    assert fallback.cache.path == tmp_path / "geocode.sqlite"
    assert fallback.min_delay_seconds == 0.25


def test_cli_geocoding_is_off_by_default():
    assert from_args(parse()) is None


def test_cli_url_alone_means_nominatim(tmp_path):
    fallback = from_args(parse("--geocoder-url", "http://127.0.0.1:8088",
                               "--geocoder-cache", str(tmp_path)))
    assert isinstance(fallback.geocoder, Nominatim) and fallback.name == "nominatim"


@pytest.mark.parametrize("delay", ["-1", "soon", "nan"])
def test_cli_rejects_a_bad_delay(delay, capsys):
    with pytest.raises(SystemExit):
        parse("--geocoder-delay", delay)
    assert "--geocoder-delay" in capsys.readouterr().err


def test_cli_rejects_a_deadline_of_zero(capsys):
    with pytest.raises(SystemExit):
        parse("--geocoder-timeout", "0")
    assert "--geocoder-timeout" in capsys.readouterr().err
    assert parse("--geocoder-timeout", "2.5").geocoder_timeout == 2.5
    assert parse().geocoder_timeout == 10


# --- small pieces -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, kind", [
    ({"class": "place", "type": "village"}, "village"),
    ({"class": "place", "type": "hamlet"}, "village"),
    ({"class": "place", "type": "city"}, "city"),
    ({"category": "place", "type": "suburb"}, "neighbourhood"),
    ({"class": "boundary", "type": "administrative"}, "region"),
    ({"class": "landuse", "type": "military"}, "base"),
    ({"class": "amenity", "type": "school"}, "place"),
    ({}, "place"),
])
def test_kind_from_the_answer_class_and_type(raw, kind):
    assert kind_from(raw) == kind


def test_bias_ignores_places_a_geocoder_found():
    rep = report()
    rep.places.append(Place("x", 0, 1, id="geocoder:nominatim:1", name_ar="x", name_en="x",
                            kind="city", lat=31.0, lon=31.3, confidence=0.4, country="EG",
                            source="geocoder:nominatim"))
    bias = bias_for(rep)
    assert bias.country_codes == ("sy",) and bias.centroid == ALEPPO


# --- the command line never shows a traceback ---------------------------------------------------

ARTICLE = "نزحت عشرات العائلات من قرية زعفرانة إلى قرية خربة السلوقي ثم إلى قرية تل سنبلة قرب حلب."


def test_cli_with_a_hanging_geocoder_and_a_damaged_cache_prints_the_report(server, tmp_path):
    server.default = Route(hang=True)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "geocode.sqlite").write_bytes(b"this is not a database\n" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "geomap", "extract", str(article), "--geocoder-url", server.url,
         "--geocoder-timeout", "1", "--geocoder-cache", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_PROXY": "*"})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    unresolved = json.loads(proc.stdout)["unresolved"]
    assert len(unresolved) >= 3 and len(server.requests) == 2
    assert [u["reason"] for u in unresolved[:2]] == ["timeout: no complete answer within 1 s",
                                                    "timeout: no complete answer within 0.5 s"]
    assert {u["reason"] for u in unresolved[2:]} == {
        "geocoder unreachable: skipped after 2 timeouts"}
    damaged, given_up = proc.stderr.splitlines()  # one line each
    assert "was damaged" in damaged and "moved it to geocode.sqlite.damaged" in damaged
    assert given_up == ("geocoder nominatim unreachable: skipped after 2 timeouts; "
                        "not asked again this run")


# --- a service's answer is text, never code -------------------------------------------------------

HOSTILE = "{{ 7*7 }} <script>window.pwned=1</script> {% if %}"


def hostile_answer() -> bytes:
    """Khan al-Asal's answer with template syntax and a script in its name and id."""
    [answer] = json.loads(KHAN)
    answer.update(display_name=f"{HOSTILE}, Aleppo Governorate, Syria", osm_type="{{ 6*6 }}")
    return json.dumps([answer]).encode()


def test_a_hostile_answer_stays_literal_in_the_report_and_the_map_file(server, tmp_path):
    from geomap.maps.draw import write_map

    server.routes[VILLAGE] = Route(body=hostile_answer())
    after = make_fallback(server, None).fill(report(VILLAGE))
    village = after.places[-1]
    assert village.name_en == HOSTILE and village.id == "geocoder:nominatim:{{ 6*6 }}/268372174"
    assert json.loads(after.to_json())["places"][-1]["name_en"] == HOSTILE
    html = write_map(after, tmp_path / "m.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in html and "{{ 6*6 }}" in html and "{% if %}" in html
    assert "<script>window.pwned" not in html and "36/268372174" not in html
    assert not re.search(r"49 (<|&lt;|\\u003c)script", html)  # {{ 7*7 }} was not evaluated


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module's browser test."""
    from tests.browser import require_browser

    require_browser()
    from geomap.maps.snapshot import browser as launch

    with launch() as b:
        yield b


def test_a_hostile_answer_shows_as_written_in_the_browser(server, tmp_path, browser):
    from geomap.maps.draw import write_map
    from tests.browser import open_file

    server.routes[VILLAGE] = Route(body=hostile_answer())
    after = make_fallback(server, None).fill(report(VILLAGE))
    w = open_file(browser, write_map(after, tmp_path / "m.html"))
    w.page.locator("path.geomap-kind-village").click(force=True)
    popup = w.page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert HOSTILE in text and "geocoder:nominatim:{{ 6*6 }}/268372174" in text
    assert w.page.evaluate("typeof window.pwned") == "undefined"
    assert w.errors == [] and w.dialogs == []


def test_a_corridor_drawn_before_geocoding_is_drawn_again_to_the_new_end(server, tmp_path):
    """fill() on a report that already has shapes: the corridor must reach the geocoded end."""
    from shapely.geometry import LineString

    from geomap.geometry.stage import add_geometry

    aleppo = Endpoint("حلب", "Aleppo", "city", *ALEPPO, *span("حلب"), "gaz:aleppo")
    village = Endpoint(VILLAGE, "", "unresolved", None, None, *span(VILLAGE))
    move = Movement(actor="القافلة", trigger="خرجت", origin=aleppo, via=(), destination=village,
                    count=None, status="done", start=0, end=span(VILLAGE)[1],
                    geometry=LineString([(ALEPPO[1], ALEPPO[0]), (ALEPPO[1] + 1, ALEPPO[0])]))
    before = replace(report(VILLAGE), movements=[move])
    [after] = add_geometry(make_fallback(server, tmp_path / "c.sqlite").fill(before)).movements
    assert list(after.geometry.coords)[-1] == pytest.approx((37.0367, 36.1719))
