"""`geomap eval`: score extraction against gold annotations (the dev-corpus schema).

Places: precision / recall / F1 with spans matched one-to-one by overlap, and strict exact-span
F1 beside it; resolution: share of matched places within 5 km and 20 km of gold, median error,
and judged by entity (exact gold points within 5 km; an `approx` gold point — an annotator's
estimate — by whether the chosen entity is the gold one: the point inside its outline, or
within a tolerance by kind); non-places wrongly mapped; movements (origin and destination
matched by place) and areas F1; precision and recall per movement role (origin, via,
destination: each predicted endpoint of that role matched one-to-one to a gold one), and with
errors=True each missed and each spurious movement with its sentence.
"""
from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from shapely.geometry import Point

from .errors import InputError, unreadable
from .io.inputs import parse_line
from .model import Endpoint, Report
from .geometry.distance import haversine_km

ENDPOINT_KM = 20.0
ROLES = ("origin", "via", "destination")
# Places whose single point is a convention (a country's or a province's centre): reported apart.
BROAD_KINDS = frozenset({"country", "governorate", "region"})
EXACT_KM = 5.0
# How far an `approx` gold point may lie from the chosen entity's point, by the gold kind, for
# the entity to be the gold one: a province's or a region's estimated centre is tens of km from
# any other; a town's a few. A river (subtype) is as long as a region is wide.
APPROX_KM = {"governorate": 50.0, "district": 50.0, "region": 50.0, "river": 50.0,
             "city": 20.0, "town": 20.0, "village": 20.0}
SITE_KM = 10.0  # neighbourhoods, crossings, camps, roads, landmarks, bases
AREA_KINDS = frozenset({"country", "governorate", "district", "region"})


@dataclass
class Tally:
    """True positives, predictions and gold items of one field, summed over passages."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp, self.pred, self.gold = self.tp + tp, self.pred + pred, self.gold + gold

    def prf(self) -> dict[str, float]:
        p = self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "predicted": self.pred, "gold": self.gold}


@dataclass
class Scores:
    """Everything `geomap eval` measures."""

    places: Tally = field(default_factory=Tally)
    places_strict: Tally = field(default_factory=Tally)
    movements: Tally = field(default_factory=Tally)
    areas: Tally = field(default_factory=Tally)
    errors_km: list[float] = field(default_factory=list)
    broad_errors_km: list[float] = field(default_factory=list)  # countries, governorates, regions
    exact_errors_km: list[float] = field(default_factory=list)  # gold points not marked approx
    approx_right: list[bool] = field(default_factory=list)  # approx gold: the gold entity chosen?
    traps: int = 0
    traps_mapped: int = 0
    passages: int = 0
    roles: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})
    errors: list[dict[str, Any]] = field(default_factory=list)  # missed and spurious movements


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file of the dev-corpus schema; InputError names a bad line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {unreadable(exc)}") from None
    records = []
    for n, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if line.strip():
            record = parse_line(line, f"{path}:{n}")
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(f'{path}:{n}: expected an object with a "text" string')
            records.append(record)
    return records


def overlap_pairs(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs of overlapping spans, largest overlap first."""
    cands = sorted(((min(pe, ge) - max(ps, gs), i, j) for i, (ps, pe) in enumerate(pred)
                    for j, (gs, ge) in enumerate(gold) if min(pe, ge) > max(ps, gs)), reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j), pairs.append((i, j))
    return pairs


def score_passage(rec: dict[str, Any], report: Report, s: Scores) -> None:
    """Add one passage's counts to the running scores."""
    gold_places = rec.get("places", [])
    pred = [(p.start, p.end) for p in report.places]
    gold = [(g["start"], g["end"]) for g in gold_places]
    pairs = overlap_pairs(pred, gold)
    s.places.add(len(pairs), len(pred), len(gold))
    s.places_strict.add(len(set(pred) & set(gold)), len(pred), len(gold))
    for i, j in pairs:
        p, g = report.places[i], gold_places[j]
        err = haversine_km(p.lat, p.lon, g["lat"], g["lon"])
        s.errors_km.append(err)
        if g.get("kind") in BROAD_KINDS:
            s.broad_errors_km.append(err)
        if not g.get("approx"):
            s.exact_errors_km.append(err)
        else:
            s.approx_right.append(same_entity(p, g, err))
    for trap in rec.get("non_places", []):
        s.traps += 1
        s.traps_mapped += any(min(e, trap["end"]) > max(st, trap["start"]) for st, e in pred)
    _score_areas(rec, report, s)
    _score_movements(rec, report, s)
    s.passages += 1


def same_entity(place: Any, gold: dict[str, Any], km: float) -> bool:
    """Whether the chosen entity is the one an `approx` gold point stands for: the point lies
    inside the entity's outline (data/areas.geojson) when the two kinds are comparable (a
    province's outline holds every town in it, so it says nothing of a town), or within the
    gold kind's tolerance (APPROX_KM). A country has no tolerance: inside its outline, or, for
    a country without one, the same ISO code."""
    kind = gold.get("kind", "")
    outline = _outlines().get(place.id) if place.id else None
    comparable = kind == place.kind or (kind in AREA_KINDS and place.kind in AREA_KINDS)
    if outline is not None and comparable and outline.covers(Point(gold["lon"], gold["lat"])):
        return True
    if kind == "country":
        return outline is None and bool(place.country) and place.country == gold.get("country")
    return km <= APPROX_KM.get(gold.get("subtype", ""), APPROX_KM.get(kind, SITE_KM))


def _outlines() -> dict[str, Any]:
    """The outlines of data/areas.geojson by gazetteer id (read once)."""
    from .geometry.shapes import load_polygons

    return load_polygons()


def _score_areas(rec: dict[str, Any], report: Report, s: Scores) -> None:
    gold = [(a["start"], a["end"]) for a in rec.get("areas", [])]
    pred = [(a.start, a.end) for a in report.areas]
    s.areas.add(len(overlap_pairs(pred, gold)), len(pred), len(gold))


def _gold_names(rec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """name_en → the passage's places and areas of that name (spans, and points where known)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for item in rec.get("places", []) + rec.get("areas", []):
        out.setdefault(item["name_en"], []).append(item)
    return out


def endpoint_matches(pred: Endpoint | None, gold_name: str | None,
                     names: dict[str, list[dict[str, Any]]]) -> bool:
    """A predicted endpoint names the gold one: same span, or (no span) within 20 km of it."""
    if pred is None or gold_name is None:
        return pred is None and gold_name is None
    for item in names.get(gold_name, []):
        if pred.start is not None and min(pred.end, item["end"]) > max(pred.start, item["start"]):
            return True
        if pred.lat is not None and "lat" in item and haversine_km(
                pred.lat, pred.lon, item["lat"], item["lon"]) <= ENDPOINT_KM:
            return True
    return False


def told_journeys(report: Report) -> list[Any]:
    """The movements a report tells as journeys: all but the negated and denied ones, which
    the gold, like a map, leaves out (dev-corpus README: negated movements are not annotated)."""
    return [m for m in report.movements if m.status != "negated"]


def _score_movements(rec: dict[str, Any], report: Report, s: Scores) -> None:
    names, used, spurious = _gold_names(rec), set(), []
    gold = rec.get("movements", [])
    moves = told_journeys(report)
    for m in moves:
        for j, g in enumerate(gold):
            if j not in used and endpoint_matches(m.origin, g.get("origin"), names) and \
                    endpoint_matches(m.destination, g.get("destination"), names):
                used.add(j)
                break
        else:
            spurious.append(m)
    s.movements.add(len(used), len(moves), len(gold))
    for role in ROLES:
        s.roles[role].add(*_role_counts(role, moves, gold, names))
    s.errors += [_gold_error(rec, report, g) for j, g in enumerate(gold) if j not in used]
    s.errors += [_pred_error(rec, report, m) for m in spurious]


def _role_counts(role: str, moves: list[Any], gold: list[dict[str, Any]],
                 names: dict[str, list[dict[str, Any]]]) -> tuple[int, int, int]:
    """(tp, predicted, gold) for one role: predicted endpoints matched one-to-one to gold ones."""
    pred = [ep for m in moves
            for ep in (m.via if role == "via" else [getattr(m, role)]) if ep is not None]
    wanted = [n for g in gold for n in (g.get("via") or [] if role == "via" else [g.get(role)])
              if n is not None]
    used: set[int] = set()
    for ep in pred:
        j = next((j for j, n in enumerate(wanted)
                  if j not in used and endpoint_matches(ep, n, names)), None)
        if j is not None:
            used.add(j)
    return len(used), len(pred), len(wanted)


def _gold_error(rec: dict[str, Any], report: Report, g: dict[str, Any]) -> dict[str, Any]:
    """A gold movement no prediction matched, with the sentence of its trigger word."""
    text, trigger = rec["text"], g.get("trigger") or ""
    at = text.find(trigger) if trigger else -1
    sentence = report.sentence(at, at + len(trigger)) if at >= 0 else (0, 0)
    route = " → ".join(str(n) for n in [g.get("origin"), *(g.get("via") or []),
                                         g.get("destination")] if n) or "?"
    return {"id": rec.get("id"), "error": "missed", "route": route,
            "status": g.get("status", "done"), "trigger": trigger,
            "sentence": text[slice(*sentence)]}


def _pred_error(rec: dict[str, Any], report: Report, m: Any) -> dict[str, Any]:
    """A predicted movement that matched no gold one, with its sentence."""
    route = " → ".join(ep.name_en or ep.name_ar for ep in [m.origin, *m.via, m.destination]
                       if ep is not None) or "?"
    return {"id": rec.get("id"), "error": "spurious", "route": route, "status": m.status,
            "trigger": m.trigger, "sentence": rec["text"][slice(*report.sentence(m.start, m.end))]}


def evaluate(path: Path, extract: Callable[..., Report] | None = None, *,
             errors: bool = False) -> dict[str, Any]:
    """Run extraction on every record of `path` and return the scores as plain data (with the
    missed and spurious movements under "errors" when asked)."""
    if extract is None:
        from .pipeline import extract
    s = Scores()
    for rec in read_gold(path):
        score_passage(rec, extract(rec["text"], id=rec.get("id")), s)
    scores = summarize(s)
    if errors:
        scores["errors"] = s.errors
    return scores


def summarize(s: Scores) -> dict[str, Any]:
    """The scores as the plain dict printed by `geomap eval --json`."""
    errs = s.errors_km
    within = (lambda km, es=errs: round(sum(e <= km for e in es) / len(es), 3) if es else None)
    points = list(s.errors_km)
    for e in s.broad_errors_km:
        points.remove(e)
    exact_right = sum(e <= EXACT_KM for e in s.exact_errors_km)
    right, n = exact_right + sum(s.approx_right), len(s.exact_errors_km) + len(s.approx_right)
    return {
        "passages": s.passages,
        "places": s.places.prf(),
        "places_strict": s.places_strict.prf(),
        "resolution": {"within_5km": within(5), "within_20km": within(20),
                       "within_161km": within(161),
                       "median_error_km": round(statistics.median(errs), 2) if errs else None,
                       "n": len(errs),
                       "points_within_5km": within(5, points), "points_n": len(points),
                       "broad_within_20km": within(20, s.broad_errors_km),
                       "broad_within_161km": within(161, s.broad_errors_km),
                       "broad_n": len(s.broad_errors_km),
                       "exact_within_5km": within(5, s.exact_errors_km),
                       "exact_n": len(s.exact_errors_km),
                       "entity": {"right": right, "n": n, "rate": _rate(right, n),
                                  "exact_right": exact_right, "exact_n": len(s.exact_errors_km),
                                  "approx_right": sum(s.approx_right),
                                  "approx_n": len(s.approx_right),
                                  "approx_rate": _rate(sum(s.approx_right),
                                                       len(s.approx_right))}},
        "non_places": {"traps": s.traps, "mapped": s.traps_mapped,
                       "false_alarm_rate": round(s.traps_mapped / s.traps, 3) if s.traps else 0.0},
        "movements": s.movements.prf(),
        "movement_roles": {role: tally.prf() for role, tally in s.roles.items()},
        "areas": s.areas.prf(),
    }


def _rate(right: int, n: int) -> float | None:
    return round(right / n, 3) if n else None


def format_scores(r: dict[str, Any]) -> str:
    """The human-readable table `geomap eval` prints."""
    lines = [f"passages: {r['passages']}", f"{'field':<16}{'P':>7}{'R':>7}{'F1':>7}   tp/pred/gold"]
    for name in ("places", "places_strict", "movements", "areas"):
        v = r[name]
        lines.append(f"{name:<16}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}"
                     f"   {v['tp']}/{v['predicted']}/{v['gold']}")
    res, np_ = r["resolution"], r["non_places"]
    lines.append(f"resolution: within 5 km {res['within_5km']}, within 20 km {res['within_20km']}, "
                 f"within 161 km {res['within_161km']}, median error {res['median_error_km']} km "
                 f"(n={res['n']})")
    lines.append(f"  settlements, neighbourhoods, crossings…: within 5 km {res['points_within_5km']} "
                 f"(n={res['points_n']}); countries, governorates, regions: within 20 km "
                 f"{res['broad_within_20km']}, within 161 km {res['broad_within_161km']} "
                 f"(n={res['broad_n']})")
    lines.append(f"  gold points given exactly (not approx): within 5 km {res['exact_within_5km']} "
                 f"(n={res['exact_n']})")
    ent = res["entity"]
    lines.append(f"resolution judged by entity: {ent['right']}/{ent['n']} ({ent['rate']}): "
                 f"exact gold points within 5 km {ent['exact_right']}/{ent['exact_n']}, "
                 f"approx gold points the chosen entity {ent['approx_right']}/{ent['approx_n']} "
                 f"({ent['approx_rate']})")
    lines.append(f"non-places wrongly mapped: {np_['mapped']}/{np_['traps']} "
                 f"({np_['false_alarm_rate']:.1%})")
    return "\n".join(lines + _role_lines(r) + _error_lines(r))


def _role_lines(r: dict[str, Any]) -> list[str]:
    """Precision and recall of each movement role."""
    roles = r.get("movement_roles", {})
    return ["movement roles: " + "; ".join(
        f"{role} P {v['precision']:.3f} R {v['recall']:.3f} ({v['tp']}/{v['predicted']}/{v['gold']})"
        for role, v in roles.items())] if roles else []


def _error_lines(r: dict[str, Any]) -> list[str]:
    """Each missed and spurious movement with its sentence (when the scores carry them)."""
    out = []
    for e in r.get("errors", []):
        status = "" if e["status"] == "done" else f" [{e['status']}]"
        out.append(f"{e['id']} {e['error']}: {e['route']}{status} «{e['trigger']}»: "
                   f"{' '.join(e['sentence'].split())}")
    return (["", f"movement errors ({len(out)}):"] + out) if "errors" in r else []
