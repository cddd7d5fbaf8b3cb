"""`geomap map | extract | batch | aggregate | eval | gazetteer build | gazetteer search`:
errors as one line, exit 2."""
from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import __version__
from .errors import GeomapError, InputError, OutputError
from .io.inputs import Input, Text, open_input
from .io.outputs import (check_output_file, check_output_folder, flush_stdout, print_json,
                      print_line, silence_stdout, writing)

if TYPE_CHECKING:  # pragma: no cover
    from .gazetteer.index import Gazetteer
    from .model import Report
    from .pipeline import Pipeline


class Failures:
    """Inputs and records that could not be read: each is one line on stderr as it is met,
    and the run goes on without it; any of them makes the exit status 2."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, message: object) -> None:
        """Print `geomap: error: <message>` on stderr and count it."""
        print(f"geomap: error: {message}", file=sys.stderr)
        self.count += 1

    def status(self) -> int:
        """The exit status of the run: 0, or 2 when anything failed."""
        return 2 if self.count else 0


def _reports(args: argparse.Namespace, failures: Failures, saved: bool = False
             ) -> Iterator[tuple[Input, "Report"]]:
    """(input, report) for every text of every input, in input order, extracted in
    `args.jobs` processes; with `saved`, a saved report is read back as it is instead of
    extracted again. What cannot be read goes to `failures` at its place in the order."""
    from .pipeline import load

    nlp = load(_load_for_run(args.gazetteer), _geocoder(args))
    waiting: deque[tuple[Input | None, Text | InputError]] = deque()  # read, not yet out

    def texts() -> Iterator[tuple[str, str | None]]:
        for entry in _entries(args.input):
            waiting.append(entry)
            if _to_extract(entry[1], saved):
                yield entry[1].text, entry[1].id

    for result in nlp.pipe(texts(), n_process=args.jobs, errors="return"):
        yield from _not_extracted(waiting, failures, nlp, saved)
        inp, item = waiting.popleft()  # the text of this result
        if isinstance(result, InputError):  # a text over the size limit
            failures.report(f"{item.where}: {result}")
        else:
            yield inp, _with_meta(result, item)  # type: ignore[misc]
    yield from _not_extracted(waiting, failures, nlp, saved)


def _with_meta(report: "Report", item: Text) -> "Report":
    """The report with its article's metadata (date, url, source, title…); a date that is
    not one is said on stderr, and kept as date_invalid (see io.metadata)."""
    from .io.metadata import date_warning

    warning = date_warning(item.meta, item.where)
    if warning:
        print(f"geomap: warning: {warning}", file=sys.stderr)
    report.meta = dict(item.meta)
    return report


def _entries(sources: list[str]) -> Iterator[tuple[Input | None, Text | InputError]]:
    """(input, text or the error in its place) for every record of every input, in order."""
    for source in sources:
        try:
            inp = open_input(source)
        except InputError as exc:
            yield None, exc
            continue
        for item in inp.texts():
            yield inp, item


def _to_extract(item: Text | InputError, saved: bool) -> bool:
    return isinstance(item, Text) and not (saved and item.report is not None)


def _not_extracted(waiting: deque, failures: Failures, nlp: "Pipeline", saved: bool
                   ) -> Iterator[tuple[Input, "Report"]]:
    """The entries at the head of `waiting` that need no extraction: errors are reported,
    saved reports read back."""
    from .io.reports import read_report

    while waiting and not _to_extract(waiting[0][1], saved):
        inp, item = waiting.popleft()
        if isinstance(item, InputError):
            failures.report(item)
            continue
        try:
            yield inp, read_report(item.report, item.where, nlp.gazetteer)
        except InputError as exc:
            failures.report(exc)


def _load_for_run(path: str | None) -> "Gazetteer":
    """The gazetteer of a command, frozen out of the cyclic garbage collector's reach: this
    process is geomap's own, and the gazetteer lives as long as it (the library never
    freezes, since its host may be a Jupyter kernel); see workers.load_owned."""
    from .gazetteer.index import Gazetteer
    from .workers import load_owned

    return load_owned(lambda: Gazetteer.load(path))


def _geocoder(args: argparse.Namespace):
    from .geocode import from_args  # geopy (and requests) only when geocoding is asked for

    return from_args(args)


def cmd_extract(args: argparse.Namespace) -> int:
    failures = Failures()
    for inp, report in _reports(args, failures):
        # one text: an indented document; several (JSONL, many files): one report per line
        indent = None if args.format == "jsonl" or inp.jsonl or len(args.input) > 1 else 2
        print_json(report.to_geojson() if args.format == "geojson" else report.to_dict(), indent)
    return failures.status()


def cmd_map(args: argparse.Namespace) -> int:
    check_output_file(args.output)
    if args.png:
        _check_png(args.png)
    if bool(args.archive) == bool(args.input):
        raise InputError("map: give the texts or reports to draw, or --from OUT: one of the two")
    from .maps import archive  # folium takes a while: after the checks
    from .maps.draw import write_image, write_map

    failures = Failures()
    reports = [report for _, report in _reports(args, failures, saved=True)] if args.input else []
    if failures.count and not reports:
        return 2  # nothing could be read: keep whatever map is at the output path
    # an archive (README, "Archives"): --from OUT, or several articles some of them dated
    source = args.archive or (archive.tables_from_reports(reports)
                              if archive.is_archive(reports) else None)
    what, write, image = ((reports, write_map, write_image) if source is None else
                          (source, archive.write_archive, archive.write_archive_image))
    with writing(args.output):
        write(what, args.output, cdn=args.cdn, fragment=args.fragment, title=args.title)
    print_line(f"wrote {args.output}: " + (f"the archive {args.archive}" if args.archive else
               f"{sum(len(r.places) for r in reports)} places, "
               f"{sum(len(r.movements) for r in reports)} movements, "
               f"{sum(len(r.areas) for r in reports)} areas, "
               f"{sum(len(r.unresolved) for r in reports)} unresolved"))
    if args.png:
        with writing(args.png):
            try:
                image(what, args.png, title=args.title)
            except OutputError as exc:  # Chromium failed: its message names no file
                raise OutputError(f"{args.png}: {exc}") from None
        print_line(f"wrote {args.png}")
    return failures.status()


SHOWN_ERRORS = 5  # error rows of a batch said on stderr; the rest are in the articles table


def cmd_batch(args: argparse.Namespace) -> int:
    """Articles → the archive's tables; exit 2 when a shard failed (run again to finish)."""
    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine != "dask":
        raise InputError("--scheduler is the address of a Dask scheduler: use --engine dask")
    check_output_folder(args.output)
    from .batch import run
    from .batch.store import error_rows

    summary = run(args.input, args.output, workers=args.workers, engine=engine,
                  scheduler=args.scheduler, shard_size=args.shard_size,
                  gazetteer=args.gazetteer, progress=not args.quiet, log=_note)
    errors = summary.totals.get("errors", 0)
    for article_id, why in error_rows(Path(summary.out), SHOWN_ERRORS):
        _note(f"error row: {article_id}: {why}")
    if errors > SHOWN_ERRORS:
        _note(f"… {errors - SHOWN_ERRORS:,} more error rows: the error column of "
              f"{Path(args.output) / 'articles'}")
    if summary.totals.get("bad_dates"):
        _note(f"{summary.totals['bad_dates']:,} articles have a date that is not an ISO 8601 "
              "day: kept as text in the date_invalid column, the articles read undated")
    print_line(f"wrote {summary}")
    return 2 if summary.failed else 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    """The flows of an archive: OUT/flows.parquet and a summary."""
    from .batch.flows import FLOWS_FILE, aggregate, summary_lines

    flows = aggregate(args.folder, window_days=args.window)
    for line in summary_lines(flows, args.top):
        print_line(line)
    print_line(f"wrote {Path(args.folder) / FLOWS_FILE}")
    return 0


def _note(line: str) -> None:
    print(f"geomap: {line}", file=sys.stderr)


def _check_png(path: str) -> None:
    """A PNG path we can write, and Playwright and Chromium to draw it, before any work."""
    from .maps.snapshot import missing_tools

    check_output_file(path)
    missing = missing_tools()
    if missing:
        raise OutputError(f"{path}: cannot draw a PNG: {missing}")


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_scores
    from .pipeline import extract

    gaz = _load_for_run(args.gazetteer)
    scores = evaluate(Path(args.file), lambda text, id=None: extract(text, id=id, gazetteer=gaz),
                      errors=args.errors)
    print_line(json.dumps(scores, indent=2) if args.json else format_scores(scores))
    return 0


def cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from .gazetteer.build import DEFAULT_SOURCES, build
    from .gazetteer.paths import is_packaged_data

    if is_packaged_data(args.out) and not args.force:
        raise OutputError(f"{args.out}: is the data every geomap run reads; "
                          "give --force to overwrite it")
    check_output_folder(args.out)
    with writing(args.out):
        summary = build(Path(args.sources or DEFAULT_SOURCES), Path(args.out))
    print_line(str(summary))
    return 0


def cmd_gazetteer_search(args: argparse.Namespace) -> int:
    """Every candidate for a name as a person types it, designator and clitics included
    («معبر الراموسة», «بإدلب»): one line each, the kind the designator names first."""
    from .gazetteer.index import Gazetteer
    from .places.context import DESIGNATORS

    found = Gazetteer.load(args.gazetteer).lookup(args.name, DESIGNATORS)
    if not found:
        print_line(f"no entry for «{args.name}»")
        return 1
    for e in found:
        print_line(f"{e.id:<16} {e.name_ar} / {e.name_en}  [{e.kind}]  {e.country or '-'}  "
                   f"{e.lat:.5f}, {e.lon:.5f}  {e.admin1 or '-'}  importance {e.importance:.2f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--gazetteer", metavar="FILE", default=argparse.SUPPRESS,
                        help="a gazetteer CSV of the same columns (default: data/gazetteer.csv)")
    p = argparse.ArgumentParser(prog="geomap", parents=[common],
                                description="Maps of the places, movements and areas in Arabic news.")
    p.add_argument("--version", action="version", version=f"geomap {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for add in (_add_extract_command, _add_map_command, _add_archive_commands,
                _add_eval_command, _add_gazetteer_commands):
        add(sub, common)
    return p


Subparsers = argparse._SubParsersAction  # what add_subparsers returns (argparse names it so)


def _add_extract_command(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """`geomap extract`: reports as JSON, GeoJSON or JSONL."""
    ex = sub.add_parser("extract", parents=[common],
                        help="places, movements and areas as JSON / GeoJSON / JSONL")
    ex.add_argument("input", nargs="+",
                    help='.txt file, - for stdin, or JSONL of {"id", "text"} (.jsonl/.ndjson); '
                         "a saved report is extracted again from its text")
    ex.add_argument("--format", choices=("json", "geojson", "jsonl"), default="json")
    ex.set_defaults(func=cmd_extract)
    _add_run_args(ex)


def _add_map_command(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """`geomap map`: an HTML map of articles, saved reports or an archive."""
    mp = sub.add_parser("map", parents=[common],
                        help="an interactive HTML map of one or more articles")
    mp.add_argument("input", nargs="*",
                    help='.txt file(s), - for stdin, JSONL of {"id", "text"} (.jsonl/.ndjson), '
                         "or reports saved by extract (JSON, or JSONL), drawn as they are; "
                         "10 articles or more, some dated, are drawn as an archive")
    mp.add_argument("--from", dest="archive", metavar="OUT",
                    help="draw the archive geomap batch wrote to OUT: flows over time")
    mp.add_argument("-o", "--output", required=True, help="the HTML file to write")
    mp.add_argument("--cdn", action="store_true", help="link scripts from CDNs (small file)")
    mp.add_argument("--fragment", action="store_true", help="an HTML fragment to embed in a page")
    mp.add_argument("--png", metavar="PATH", help="also write a static image of the map")
    mp.add_argument("--title", help="the map's title")
    mp.set_defaults(func=cmd_map)
    _add_run_args(mp)


def _add_run_args(parser: argparse.ArgumentParser) -> None:
    """The options of a command that extracts: processes and the geocoder fallback."""
    parser.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                        help="extract in N processes sharing the loaded gazetteer (default 1)")
    _add_geocoder_args(parser)


def _add_eval_command(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """`geomap eval`: scores against gold annotations."""
    ev = sub.add_parser("eval", parents=[common],
                        help="precision / recall / F1 against a gold JSONL file")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--errors", action="store_true",
                    help="also list each missed and each spurious movement with its sentence")
    ev.set_defaults(func=cmd_eval)


def _add_gazetteer_commands(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """`geomap gazetteer build | search`."""
    gz = sub.add_parser("gazetteer", parents=[common],
                        help="build or search the gazetteer")
    gsub = gz.add_subparsers(dest="gazetteer_command", required=True)
    gb = gsub.add_parser("build", parents=[common],
                         help="build gazetteer.csv and areas.geojson from the open sources")
    gb.add_argument("--sources", metavar="DIR", help="default: ../shared/data")
    gb.add_argument("--out", metavar="DIR", required=True,
                    help="the folder to write gazetteer.csv and areas.geojson into")
    gb.add_argument("--force", action="store_true",
                    help="allow --out to be the data geomap reads (its packaged data)")
    gb.set_defaults(func=cmd_gazetteer_build)
    gs = gsub.add_parser("search", parents=[common],
                         help="every candidate for a name as written in text")
    gs.add_argument("name")
    gs.set_defaults(func=cmd_gazetteer_search)


def _add_archive_commands(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """`geomap batch` and `geomap aggregate` (README, "Archives")."""
    from .batch.plan import DEFAULT_SHARD_SIZE
    from .batch.flows import WINDOW_DAYS

    bt = sub.add_parser("batch", parents=[common],
                        help="many articles → GeoParquet tables, on all cores or Dask")
    bt.add_argument("input", nargs="+",
                    help="JSONL of articles (.jsonl/.ndjson, optionally .gz), .txt files, or "
                         "folders of them")
    bt.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="the folder of the tables (a rerun skips the shards done)")
    bt.add_argument("--workers", type=_jobs, default=None, metavar="N",
                    help="processes (default: one per core)")
    bt.add_argument("--engine", choices=("local", "dask"), default=None,
                    help="local: a process pool (default); dask: a Dask cluster "
                         "(pip install 'geomap[dask]')")
    bt.add_argument("--scheduler", metavar="ADDRESS",
                    help="a running Dask scheduler (tcp://host:8786); default: a LocalCluster")
    bt.add_argument("--shard-size", type=_jobs, default=DEFAULT_SHARD_SIZE, metavar="N",
                    help=f"articles (lines or .txt files) per task (default {DEFAULT_SHARD_SIZE})")
    bt.add_argument("--quiet", action="store_true", help="no progress on stderr")
    bt.set_defaults(func=cmd_batch)
    ag = sub.add_parser("aggregate", parents=[common],
                        help="merge the journeys of a batch's articles into flows")
    ag.add_argument("folder", metavar="OUT", help="the output folder of geomap batch")
    ag.add_argument("--window", type=_whole, default=WINDOW_DAYS, metavar="DAYS",
                    help=f"days between tellings of one flow (default {WINDOW_DAYS})")
    ag.add_argument("--top", type=_whole, default=10, metavar="N",
                    help="flows listed in the summary (default 10)")
    ag.set_defaults(func=cmd_aggregate)


def _whole(value: str) -> int:
    """A whole number from 0 up (days, lines to list)."""
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 up, not {value!r}")
    return int(value)


def _jobs(value: str) -> int:
    """A number of processes: a whole number from 1 up."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes from 1 up, "
                                         f"not {value!r}")
    return n


def _add_geocoder_args(parser: argparse.ArgumentParser) -> None:
    from .geocode import add_arguments

    add_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a GeomapError prints one line on stderr and exits 2, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.gazetteer = getattr(args, "gazetteer", None)  # given before or after the subcommand
    try:
        status = args.func(args)
        flush_stdout()  # now, while a full disk can still be one line
        return status
    except GeomapError as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return _stdout_done(2)
    except KeyError as exc:
        print(f"geomap: error: {exc.args[0]}", file=sys.stderr)
        return _stdout_done(2)
    except BrokenPipeError:
        silence_stdout()  # the reader went away: nothing more to say
        return 0
    except KeyboardInterrupt:
        return 130


def _stdout_done(status: int) -> int:
    """Flush what stdout holds before exiting with `status`; if it cannot be written (the
    error just reported), drop it so that the interpreter's last flush adds no traceback."""
    try:
        sys.stdout.flush()
    except OSError:
        silence_stdout()
    return status
