"""`geomap map | extract | eval | gazetteer build | gazetteer search` — errors as one line, exit 2."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from .errors import GeomapError, InputError

MAX_INPUT_BYTES = 50 * 1024 * 1024


def read_inputs(source: str) -> Iterator[tuple[str | None, str]]:
    """(id, text) pairs from a .txt file, `-` (stdin), or a .jsonl file of {"id", "text"} lines."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{source}: no such file")
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"{source}: larger than {MAX_INPUT_BYTES // 2**20} MB; split it")
        data, name = path.read_bytes(), source
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MB; split it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if source.endswith(".jsonl"):
        yield from _jsonl_records(text, name)
    else:
        yield (Path(source).stem if source != "-" else None), text


def _jsonl_records(text: str, name: str) -> Iterator[tuple[str | None, str]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{n}: not a JSON object ({exc.msg})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise InputError(f'{name}:{n}: expected an object with a "text" string')
        yield (str(rec["id"]) if rec.get("id") is not None else None), rec["text"]


def _reports(args: argparse.Namespace) -> Iterator:
    from .gazetteer.index import Gazetteer
    from .pipeline import extract

    gaz = Gazetteer.load(args.gazetteer)
    geocoder = _geocoder(args)
    for source in args.input:
        for id_, text in read_inputs(source):
            yield extract(text, id=id_, gazetteer=gaz, geocoder=geocoder)


def _geocoder(args: argparse.Namespace):
    from .geocode import from_args  # imported here: geopy loads requests at import time

    return from_args(args)


def cmd_extract(args: argparse.Namespace) -> int:
    jsonl = args.format == "jsonl" or any(s.endswith(".jsonl") for s in args.input)
    for report in _reports(args):
        if args.format == "geojson":
            print(json.dumps(report.to_geojson(), ensure_ascii=False,
                             indent=None if jsonl else 2))
        else:
            print(report.to_json(indent=None if jsonl else 2))
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from .maps.draw import write_image, write_map

    reports = list(_reports(args))
    write_map(reports, args.output, cdn=args.cdn, fragment=args.fragment, title=args.title)
    print(f"wrote {args.output}: {sum(len(r.places) for r in reports)} places, "
          f"{sum(len(r.movements) for r in reports)} movements, "
          f"{sum(len(r.areas) for r in reports)} areas, "
          f"{sum(len(r.unresolved) for r in reports)} unresolved")
    if args.png:
        write_image(reports, args.png)
        print(f"wrote {args.png}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_scores
    from .gazetteer.index import Gazetteer
    from .pipeline import extract

    gaz = Gazetteer.load(args.gazetteer)
    scores = evaluate(Path(args.file), lambda text, id=None: extract(text, id=id, gazetteer=gaz))
    print(json.dumps(scores, indent=2) if args.json else format_scores(scores))
    return 0


def cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from .gazetteer.build import DEFAULT_SOURCES, build

    summary = build(Path(args.sources or DEFAULT_SOURCES), Path(args.out))
    print(summary)
    return 0


def cmd_gazetteer_search(args: argparse.Namespace) -> int:
    """Every candidate for a name as a person types it, designator and clitics included
    («معبر الراموسة», «بإدلب»): one line each, the kind the designator names first."""
    from .gazetteer.index import Gazetteer
    from .places.context import DESIGNATORS

    found = Gazetteer.load(args.gazetteer).lookup(args.name, DESIGNATORS)
    if not found:
        print(f"no entry for «{args.name}»")
        return 1
    for e in found:
        print(f"{e.id:<16} {e.name_ar} / {e.name_en}  [{e.kind}]  {e.country or '-'}  "
              f"{e.lat:.5f}, {e.lon:.5f}  {e.admin1 or '-'}  importance {e.importance:.2f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--gazetteer", metavar="FILE", default=argparse.SUPPRESS,
                        help="a gazetteer CSV of the same columns (default: data/gazetteer.csv)")
    p = argparse.ArgumentParser(prog="geomap", parents=[common],
                                description="Maps of the places, movements and areas in Arabic news.")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", parents=[common],
                        help="places, movements and areas as JSON / GeoJSON / JSONL")
    ex.add_argument("input", nargs="+", help=".txt file, - for stdin, or .jsonl of {id, text}")
    ex.add_argument("--format", choices=("json", "geojson", "jsonl"), default="json")
    ex.set_defaults(func=cmd_extract)
    mp = sub.add_parser("map", parents=[common],
                        help="an interactive HTML map of one or more articles")
    mp.add_argument("input", nargs="+", help=".txt file(s), - for stdin, or .jsonl of {id, text}")
    mp.add_argument("-o", "--output", required=True, help="the HTML file to write")
    mp.add_argument("--cdn", action="store_true", help="link scripts from CDNs (small file)")
    mp.add_argument("--fragment", action="store_true", help="an HTML fragment to embed in a page")
    mp.add_argument("--png", metavar="PATH", help="also write a static image of the map")
    mp.add_argument("--title", help="the map's title")
    mp.set_defaults(func=cmd_map)
    for sp in (ex, mp):
        _add_geocoder_args(sp)
    ev = sub.add_parser("eval", parents=[common],
                        help="precision / recall / F1 against a gold JSONL file")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.set_defaults(func=cmd_eval)
    gz = sub.add_parser("gazetteer", parents=[common],
                        help="build or search the gazetteer")
    gsub = gz.add_subparsers(dest="gazetteer_command", required=True)
    gb = gsub.add_parser("build", parents=[common],
                        help="rebuild data/gazetteer.csv from the open sources")
    gb.add_argument("--sources", metavar="DIR", help="default: ../shared/data")
    gb.add_argument("--out", metavar="DIR", default=str(Path(__file__).resolve().parent.parent / "data"))
    gb.set_defaults(func=cmd_gazetteer_build)
    gs = gsub.add_parser("search", parents=[common],
                        help="every candidate for a name as written in text")
    gs.add_argument("name")
    gs.set_defaults(func=cmd_gazetteer_search)
    return p


def _add_geocoder_args(parser: argparse.ArgumentParser) -> None:
    from .geocode import add_arguments

    add_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a GeomapError prints one line on stderr and exits 2, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.gazetteer = getattr(args, "gazetteer", None)  # given before or after the subcommand
    try:
        return args.func(args)
    except GeomapError as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"geomap: error: {exc.args[0]}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
