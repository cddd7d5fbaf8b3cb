"""What a misbehaving geocoding service costs a run: wall time and peak memory per scenario.

    python benchmarks/geocode_limits.py [--deadline SECONDS] [--geopy-adapter]

A local server on 127.0.0.1 plays three services: one that sends its headers and then one byte
a second (`trickle`), one that never answers six names in a row (`hanging`), and one whose
answer is a 1 MiB gzip body that inflates to 1 GiB (`gzip-bomb`). Each scenario runs
GeocoderFallback.fill in a fresh Python process, so its peak RSS (ru_maxrss) is its own.
--geopy-adapter swaps in geopy's RequestsAdapter (geomap's adapter before the deadline and the
size cap) to show the difference; expect it to take minutes and gigabytes.

Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = (b'[{"place_id": 1, "osm_type": "node", "osm_id": 1, "lat": "36.17", "lon": "37.04", '
          b'"class": "place", "type": "village", "display_name": "Khan al-Asal, Syria"}]')
NAMES = ("زعفرانة", "خربة السلوقي", "تل سنبلة", "عين حنيذ", "دير الرمان", "تل شغيب")


def gzip_bomb(mib_out: int = 1024) -> bytes:
    """A gzip body of about 1 MiB that inflates to `mib_out` MiB of zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(2**20)
    return b"".join(packer.compress(zeros) for _ in range(mib_out)) + packer.flush()


def serve(scenario: str, stop: threading.Event) -> ThreadingHTTPServer:
    """The misbehaving service of one scenario, on an ephemeral port."""
    bomb = gzip_bomb() if scenario == "gzip-bomb" else b""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            try:
                if scenario == "hanging":
                    stop.wait(600)
                    return
                body = bomb or ANSWER
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if bomb:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                if scenario == "trickle":
                    for i in range(len(body)):
                        self.wfile.write(body[i:i + 1])
                        if stop.wait(1.0):
                            return
                else:
                    self.wfile.write(body)
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def child(url: str, deadline: float, geopy_adapter: bool, names: int) -> None:
    """Run one fill() against the service and print seconds, peak RSS and the reasons."""
    from geopy.adapters import RequestsAdapter

    from geomap.geocode import from_name
    from geomap.model import Place, Report, Unresolved

    with tempfile.TemporaryDirectory() as cache:
        fallback = from_name("nominatim", url=url, cache_dir=cache, timeout=deadline)
        if geopy_adapter:
            fallback.geocoder.adapter = RequestsAdapter(proxies={}, ssl_context=None,
                                                        max_retries=0)
        text = "نزحت العائلات من حلب إلى " + " ثم إلى ".join(NAMES[:names]) + "."
        aleppo = Place("حلب", text.index("حلب"), text.index("حلب") + 3, id="gaz:aleppo",
                       name_ar="حلب", name_en="Aleppo", kind="city", lat=36.2, lon=37.15,
                       confidence=0.95, country="SY", source="gazetteer")
        unresolved = [Unresolved(n, text.index(n), text.index(n) + len(n)) for n in NAMES[:names]]
        started = time.monotonic()
        after = fallback.fill(Report(text=text, places=[aleppo], unresolved=unresolved))
        seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_rss_mb": round(peak),
                      "reasons": sorted({u.reason for u in after.unresolved})},
                     ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=10.0)
    parser.add_argument("--geopy-adapter", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("URL", "DEADLINE", "NAMES"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, deadline, names = args.child
        child(url, float(deadline), args.geopy_adapter, int(names))
        return
    adapter = "geopy RequestsAdapter" if args.geopy_adapter else "geomap BoundedAdapter"
    print(f"{adapter}, deadline {args.deadline:g} s")
    for scenario, names in (("trickle", 1), ("hanging", 6), ("gzip-bomb", 1)):
        stop = threading.Event()
        httpd = serve(scenario, stop)
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        cmd = [sys.executable, __file__, "--child", url, str(args.deadline), str(names)]
        out = subprocess.run(cmd + (["--geopy-adapter"] if args.geopy_adapter else []),
                             capture_output=True, text=True)
        stop.set()
        httpd.shutdown()
        result = out.stdout.strip() or out.stderr.strip().splitlines()[-1]
        print(f"{scenario:<10} {names} name(s): {result}")


if __name__ == "__main__":
    main()
