"""Journeys: the tellings of one text (a movement read at each trigger) folded into one record
per group journey.

A news text tells one journey many times: a headline, a first full sentence, a coarser
summary («غادرت الغوطة الشرقية باتجاه شمال البلاد» for Douma → Jarablus), a leg of it («وصلت
إلى الراموسة»), a planned version before the done one. A telling folds into a journey told
before when it is of the same group and their ends agree: each end absent in one, the same
place, one inside the other (a town in a countryside, a neighbourhood in a city), or the
telling's end a stop of the journey. A telling that shares no end folds in only when its
actor refers back to the journey's group («300 مقاتل» … «المقاتلين»). Coordinated ends
(«من كفريا والفوعة») stay one journey each, and a telling that fits several of them adds to
each. The folded journey keeps the finer of two ends, every via in route order, every count,
every span of evidence (the fullest telling first) and the strongest status.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from shapely.geometry import Point

from .. import lexicon
from ..geometry.distance import haversine_km
from ..text.normalize import normalize_name
from ..gazetteer.index import Entry, Gazetteer
from ..model import Area, Endpoint, Movement
from .merge import (MAX_VIAS, RESTATEMENT_WINDOW, WIDE_ENDPOINT_KINDS, Shapes, _near,
                    _organisations, _same_actor, _stems, near_box)

# done is the strongest: a journey told as planned and then as done happened
STATUS_RANK = {"done": 6, "attempted": 5, "blocked": 4, "ordered": 3, "planned": 2,
               "expected": 1, "negated": 0}
# How fine an endpoint kind is: a telling's finer end replaces a coarser one of its journey
GRAIN = {"country": 0, "territory": 0, "interior": 0, "region": 1, "border": 1,
         "governorate": 1, "countryside": 2, "strip": 2,
         "district": 2, "besieged": 3, "city": 3, "neighbourhoods": 4, "unresolved": 4,
         "town": 5, "village": 5, "neighbourhood": 5, "crossing": 5, "camp": 5,
         "landmark": 5, "road": 5, "base": 5}
_SURE = {"text": 3, "actor": 2, "reference": 2, "setting": 1}  # how an end was found
# the gazetteer says what is in these («الداخل اليمني», an area, is of its country's land)
_UNITS = ("country", "territory", "interior", "governorate", "district")
# coarse area ends: a retelling names them for a place in or beside them
COARSE = frozenset({"region", "border", "territory", "interior", "strip"})
BESIDE_KM, KM_PER_DEGREE = 50.0, 111.0  # (a degree of longitude is less: a generous bound)
_BESIDE_DEGREES = BESIDE_KM / KM_PER_DEGREE + 1e-6  # a point farther from the box is not
MAX_COUNTS = 12  # counts one journey keeps (a garbled text may tell hundreds)
EN_ROUTE = 1.25  # a stop at most this much longer than the straight way is on the way
_ENDS = ("origin", "destination")
_PASSING = ("road", "crossing")


@dataclass
class Journey:
    """A journey as it is being folded: its current record, the tellings' spans and where
    its first telling's trigger was (coordinated ends of one trigger are siblings)."""

    move: Movement
    spans: list[tuple[int, int]]
    best: int  # the index in `spans` of the fullest telling
    trigger: int
    tellings: list[Movement] = field(default_factory=list)
    triggers: set[int] = field(default_factory=set)  # the triggers of the tellings folded in


class Places:
    """Same-place and containment tests between endpoints, with the text's area shapes and
    the places each area was built around."""

    def __init__(self, shapes: Shapes | None = None, areas: list[Area] | None = None,
                 gaz: Gazetteer | None = None):
        self.shapes = shapes or {}
        self.anchors = {f"area:{i}": set(a.anchor_ids) for i, a in enumerate(areas or [])}
        self.gaz = gaz

    def identical(self, a: Endpoint | None, b: Endpoint | None) -> bool:
        """Two ends that name one place: the same entry, the same name, or points a km apart
        (two spellings of one town); east and southeast Aleppo."""
        if a is None or b is None:
            return False
        if a.ref and a.ref == b.ref or _same_name(a, b):
            return True
        if a.lat is None or b.lat is None:
            return False
        if a.kind == b.kind == "neighbourhoods":
            return _compass_agree(a.name_en, b.name_en)
        return a.kind == b.kind and haversine_km(a.lat, a.lon, b.lat, b.lon) <= 1.0

    def same(self, a: Endpoint | None, b: Endpoint | None) -> bool:
        """Two ends that name one place, or one inside the other."""
        if a is None or b is None:
            return False
        if a.ref and a.ref == b.ref:
            return True
        if a.lat is None or b.lat is None:
            return _same_name(a, b)
        if a.kind == b.kind == "neighbourhoods":
            return _compass_agree(a.name_en, b.name_en)
        return _near(a, b, self.shapes) or self.inside(a, b) or self.inside(b, a)

    def beside(self, a: Endpoint | None, b: Endpoint | None) -> bool:
        """One end a coarse area (a part of a country, a border, a territory) and the other's
        point in it or within BESIDE_KM of its drawn shape: «إلى الشمال» for a town that the
        drawn north stops short of, «من الحدود» for the barrens beside the border."""
        if a is None or b is None:
            return False
        for area, other in ((a, b), (b, a)):
            shape = self.shapes.get(area.ref) if area.kind in COARSE else None
            if shape is not None and other.lat is not None and \
                    near_box(shape, other.lon, other.lat, _BESIDE_DEGREES) and \
                    shape.distance(Point(other.lon, other.lat)) * KM_PER_DEGREE <= BESIDE_KM:
                return True
        return False

    def covers(self, a: Endpoint | None, b: Endpoint | None) -> bool:
        """One place, one inside the other, or a place beside a coarse area: one end told
        twice."""
        return self.same(a, b) or self.beside(a, b)

    def inside(self, small: Endpoint, big: Endpoint) -> bool:
        """`small` lies in the area `big`: one of the places it was built around, or (a city
        for its own neighbourhoods) the place it is a part of."""
        anchors = self.anchors.get(big.ref, ())
        if small.ref in anchors:
            return True
        if big.kind == "city" and self._in_city(small, big.ref):
            return True
        return big.kind in _UNITS and self._in_unit(small, big)

    def _in_city(self, small: Endpoint, city: str) -> bool:
        """A neighbourhood of the city, or an area built around it or its neighbourhoods
        (the gazetteer's parent of a neighbourhood is its city)."""
        refs = self.anchors.get(small.ref) or {small.ref}
        if city in refs:
            return True
        entries = [self._entry(r) for r in sorted(refs)[:MAX_VIAS]] if self.gaz else []
        return any(e is not None and e.parent_id == city for e in entries)

    def _in_unit(self, small: Endpoint, big: Endpoint) -> bool:
        """`small` lies in the country, governorate or district `big` by the gazetteer
        («البو كمال التابعة لمحافظة دير الزور», Idlib in Syria's territory)."""
        a, b = self._entry(small.ref), self._entry(big.ref)
        if a is None or b is None or a.country != b.country:
            return False
        if big.kind in ("country", "territory", "interior"):
            return True
        if big.kind == "governorate":
            return bool(a.admin1) and a.admin1 == b.admin1
        return bool(a.admin2) and a.admin2 == b.admin2

    def _entry(self, ref: str) -> Entry | None:
        """The gazetteer entry of an end (an area's: its first anchor's), or None."""
        if self.gaz is None or not ref:
            return None
        if ref in self.anchors:
            ref = next(iter(sorted(self.anchors[ref])), "")
        try:
            return self.gaz.get(ref) if ref else None
        except KeyError:
            return None


def _same_name(a: Endpoint, b: Endpoint) -> bool:
    """Ends without a point: the same name as written."""
    return bool(a.name_ar) and a.name_ar == b.name_ar


def _compass_agree(a: str, b: str) -> bool:
    """«East Aleppo» and «Southeast Aleppo» may be one stretch; «East» and «West» are not."""
    a, b = a.lower(), b.lower()
    return a == b or a.endswith(b) or b.endswith(a)


def finer(a: Endpoint | None, b: Endpoint | None) -> Endpoint | None:
    """Of two ends of one journey, the one told more surely (named in the text before one
    read from the actor or a reference, before the place the text is at), then the finer."""
    if a is None or b is None:
        return a or b
    sa, sb = _SURE.get(a.found_by, 0), _SURE.get(b.found_by, 0)
    if sa != sb:
        return a if sa > sb else b
    ga, gb = GRAIN.get(a.kind, 4), GRAIN.get(b.kind, 4)
    if ga == gb:  # a governorate named is finer than a part of a country drawn
        return b if a.kind in COARSE and b.kind not in COARSE else a
    return b if gb > ga else a


def en_route(origin: Endpoint | None, stop: Endpoint, dest: Endpoint) -> bool:
    """Whether `stop` lies on the way from `origin` to `dest` (both ends located, the stop
    nearer the origin than the destination is, the detour small)."""
    pts = [origin, stop, dest]
    if any(p is None or p.lat is None for p in pts):
        return False
    d = lambda p, q: haversine_km(p.lat, p.lon, q.lat, q.lon)  # noqa: E731
    whole = d(origin, dest)
    return whole > 0 and 0 < d(origin, stop) < whole and \
        d(origin, stop) + d(stop, dest) <= EN_ROUTE * whole


def _richness(m: Movement) -> tuple[int, int, int]:
    """How fully a telling tells its journey: ends named, stops, counts."""
    ends = sum(e is not None and e.found_by == "text" for e in (m.origin, m.destination))
    return ends + (m.origin is not None) + (m.destination is not None), len(m.via), len(m.counts)


def fold_journeys(tellings: Iterable[Movement], places: Places) -> list[Movement]:
    """One movement per journey: each telling, in text order, folded into the journeys told
    before it that it fits (the best fit and its siblings), or a journey of its own."""
    journeys: list[Journey] = []
    inherited: dict[int, Journey] = {}  # a trigger → the journey its first telling completed
    shared: list[Journey] = []  # journeys with no end told only by their shares
    for t in sorted(tellings, key=lambda m: m.start):
        tid = _trigger_at(t)
        share = t.origin is None and _a_share(t.actor)
        fits = [] if t.status == "negated" or share else _fits(journeys, t, places)
        if not fits:
            if tid in inherited:  # «فر هؤلاء إلى صنعاء وتعز»: each of the list from there
                t = _inherit(t, inherited[tid].tellings[0]
                             if inherited[tid].tellings[0].origin else inherited[tid].move)
            elif share and journeys:  # «… فيما توجه الباقون إلى الحسكة»
                group = _group_of(journeys, inherited)
                inherited[tid] = group
                t = _inherit(t, group.move)
                if group.move.destination is None and group not in shared:
                    shared.append(group)  # «فر 150 ألفاً من ود مدني … توجه معظمهم إلى …»
            journeys.append(Journey(t, [(t.start, t.end)], 0, tid, [t], {tid}))
            continue
        top = max(score for score, _ in fits)
        best = next(j for score, j in fits if score == top)
        if top < 1:
            inherited.setdefault(tid, best)
        for _, j in fits:
            if j is best or j.trigger == best.trigger and _untold_difference(best, j, t):
                _fold(j, t, places)
    for group in shared:  # its shares tell it: their evidence, not a journey of its own
        heir = next(j for j in journeys if j is not group and j.spans[0][0] > group.spans[0][0])
        heir.spans += group.spans
    return _distinct_journeys([_finished(j) for j in journeys if j not in shared], places)


def _group_of(journeys: list[Journey], inherited: dict[int, Journey]) -> Journey:
    """The journey a share is of: the one its fellow shares are of, else the latest."""
    last = journeys[-1]
    return inherited.get(last.trigger, last)


def _untold_difference(best: Journey, sibling: Journey, t: Movement) -> bool:
    """A telling that fits one of a list's journeys adds to another of the list only where
    it is silent on what tells them apart («وصلت إلى جبرين» after «من كفريا والفوعة»)."""
    return all(getattr(t, r) is None for r in _ENDS
               if not Places().identical(getattr(best.move, r), getattr(sibling.move, r)))


def _inherit(t: Movement, source: Movement) -> Movement:
    """A telling of a list whose first item completed a journey told before: the ends it
    lacks from that journey, as references back."""
    fill = {r: replace(getattr(source, r), found_by="reference", confidence=0.6)
            for r in _ENDS if getattr(t, r) is None and getattr(source, r) is not None
            and (r == "origin" or t.origin is None)}
    return replace(t, **fill)


def _distinct_journeys(moves: list[Movement], places: Places) -> list[Movement]:
    """Journeys that came out the same (two tellings of a list each folded) as one: the
    same status and ends (looked for among the journeys with the same places' names)."""
    out: list[Movement] = []
    seen: dict[tuple, list[int]] = {}
    for m in moves:
        key = (m.status, *(_name(getattr(m, r)) for r in _ENDS))
        twin = next((k for k in seen.get(key, ()) if all(
            places.identical(getattr(out[k], r), getattr(m, r))
            or getattr(out[k], r) is getattr(m, r) for r in _ENDS)
            and len(out[k].via) >= len(m.via)), None)
        if twin is None:
            seen.setdefault(key, []).append(len(out))
            out.append(m)
            continue
        o = out[twin]
        told = set(o.evidence)
        out[twin] = replace(o, evidence=o.evidence + tuple(e for e in m.evidence
                                                           if e not in told))
    return out


def _name(end: Endpoint | None) -> str | None:
    return None if end is None else end.name_en or end.name_ar


def _trigger_at(m: Movement) -> int:
    """An id of the trigger a telling was read at (its span's start and trigger word)."""
    return hash((m.start, m.trigger))


def _fits(journeys: list[Journey], t: Movement, places: Places) -> list[tuple[float, Journey]]:
    """(score, journey) for each journey told nearby that `t` may retell."""
    out, trigger = [], _trigger_at(t)
    for k in range(len(journeys) - 1, max(-1, len(journeys) - 51), -1):
        j = journeys[k]
        if t.start - j.spans[-1][0] > RESTATEMENT_WINDOW or j.move.status == "negated" or \
                trigger in j.triggers:
            continue  # one trigger's coordinated ends are journeys of their own
        score = fit(j.move, t, places, latest=k == len(journeys) - 1)
        if score is not None:
            out.append((score, j))
    return out[::-1]


def fit(j: Movement, t: Movement, places: Places, latest: bool = False) -> float | None:
    """How well telling `t` retells journey `j`: the number of ends they share, 0.5 for a
    telling whose actor refers back to the journey's group and adds the ends it lacks; None
    when they are not one journey (another group, or an end that contradicts).

    A telling of another status (planned, then done) must name the same places; an end that
    only lies inside the other's, or a stop on its way, is a retelling of the same status.
    An end inside the other's does not bring an end the journey lacks unless the actors share
    a word (25 buses sent to the eastern neighbourhoods are not the wounded brought to Aleppo).
    """
    if not _one_group(j, t):
        return None
    if places.identical(t.origin, j.destination) or places.identical(j.origin, t.destination):
        return None  # a leg on from where the journey ended, or the way back
    shared, loose, coarse = 0, 0, 0
    for role in _ENDS:
        a, b = getattr(j, role), getattr(t, role)
        if a is None or b is None:
            continue
        if places.identical(a, b):
            shared += 1
        elif places.covers(a, b) or \
                role == "destination" and _a_stop_of(j, t, places):
            shared, loose, coarse = shared + 1, loose + 1, coarse + (b.kind in COARSE)
        else:
            return None
    if loose and j.status != t.status and not (coarse == loose and _share_words(j, t)):
        return None  # another status names the same places (or the group a coarser end)
    if loose and _adds_end(j, t) and not _share_words(j, t):
        return None
    if shared:
        return shared
    return 0.5 if refers_back(j, t, latest) else None


def _one_group(j: Movement, t: Movement) -> bool:
    """The telling's actor may be the journey's group (merge._same_actor: no clash of kind or
    named organisation: «عناصر التنظيم» after «تنظيم داعش», not «مسلحو جبهة النصرة» after
    «مسلحي المعارضة»), or the journey's actor names no kind of people («الحافلات»)."""
    return _same_actor(j, t) or j.actor_type == "unknown" and _same_actor(t, j)


def _adds_end(j: Movement, t: Movement) -> bool:
    """`t` names an end `j` lacks."""
    return any(getattr(j, r) is None and getattr(t, r) is not None for r in _ENDS)


def _share_words(j: Movement, t: Movement) -> bool:
    """The telling's actor names the journey's group again, or a part of it («معظمهم»)."""
    return bool(_content(_stems(j.actor)) & _content(_stems(t.actor))) or _a_share(t.actor)


def _a_stop_of(j: Movement, t: Movement, places: Places) -> bool:
    """One destination is a stop of the other's route: a via of it, or on the way to it."""
    a, b = j.destination, t.destination
    if any(places.same(b, v) for v in j.via) or any(places.same(a, v) for v in t.via):
        return True
    origin = j.origin or t.origin
    if origin is not None and t.origin is not None and not places.same(j.origin or t.origin,
                                                                      t.origin):
        return False
    return en_route(origin, a, b) or en_route(origin, b, a)


def refers_back(j: Movement, t: Movement, latest: bool) -> bool:
    """`t`'s actor is `j`'s group told again: no subject of its own or a demonstrative
    («هؤلاء») right after the journey, or a definite noun repeating the group's head word
    («300 مقاتل» … «المقاتلين»)."""
    if j.origin is not None and t.origin is not None or \
            j.destination is not None and t.destination is not None:
        return False  # not complementary: it adds no end, it contradicts one
    if not t.actor or _demonstrative(t.actor):
        return latest
    definite = any(w.startswith("ال") for w in t.actor.split())
    if _organisations(j.actor or "") and not _organisations(t.actor):
        return False  # «المسلحين» after «مسلحو جبهة النصرة» may be all the armed men
    return definite and bool(_content(_stems(j.actor)) & _content(_stems(t.actor)))


_DEMONSTRATIVES = frozenset({"هؤلاء", "هولاء", "اولئك", "أولئك", "هم"})
_SHARES = lexicon.words("clause_words", "share")


def _a_share(actor: str | None) -> bool:
    """«الباقون», «معظمهم», «قسم من …»: a part of a group told before."""
    return bool(actor) and normalize_name(actor.split()[0]).lstrip("وف") in _SHARES


def _demonstrative(actor: str) -> bool:
    return actor.split()[0].strip("«»\"") in _DEMONSTRATIVES


def _content(stems: frozenset[str]) -> frozenset[str]:
    """The stems that name a group (not «مع», «من», numbers)."""
    return frozenset(s for s in stems if len(s) >= 3 and not s.isdigit())


def _fold(j: Journey, t: Movement, places: Places) -> None:
    """Fold telling `t` into journey `j`."""
    m = j.move
    origin = finer(m.origin, t.origin) if places.covers(m.origin, t.origin) or \
        m.origin is None or t.origin is None else m.origin
    dest, stops = _destination(m, t, places, origin)
    via = _route(origin, list(m.via) + list(t.via) + stops, dest, places,
                 told=frozenset(id(v) for v in (*m.via, *t.via)))
    counts = (m.counts + tuple(c for c in t.counts if c not in m.counts))[:MAX_COUNTS]
    status = max(m.status, t.status, key=lambda s: STATUS_RANK.get(s, 6))
    j.spans.append((t.start, t.end))
    j.tellings.append(t)
    j.triggers.add(_trigger_at(t))
    richer = _richness(t) > _richness(j.tellings[j.best])
    if richer:
        j.best = len(j.spans) - 1
    lead = t if richer else m
    who = min((lead, m, t), key=lambda x: (not x.actor, x.actor_type == "unknown"))
    j.move = replace(m, origin=origin, destination=dest, via=via, status=status,
                     counts=counts, actor=who.actor, actor_type=who.actor_type,
                     trigger=lead.trigger, start=j.spans[j.best][0], end=j.spans[j.best][1],
                     count=(lead.counts or counts or ((None, None),))[0][0],
                     count_unit=(lead.counts or counts or ((None, None),))[0][1])


def _destination(m: Movement, t: Movement, places: Places, origin: Endpoint | None
                 ) -> tuple[Endpoint | None, list[Endpoint]]:
    """The folded destination, and the stops it leaves (the nearer of two destinations on
    one route is a stop on the way to the farther)."""
    a, b = m.destination, t.destination
    if a is None or b is None or places.covers(a, b):
        return finer(a, b), []
    if any(places.same(b, v) for v in m.via) or en_route(origin, b, a):
        return a, [b]
    return b, [a]


def _route(origin: Endpoint | None, stops: list[Endpoint], dest: Endpoint | None,
           places: Places, told: frozenset[int] = frozenset()) -> tuple[Endpoint, ...]:
    """The stops once each (the finer naming kept), without the ends, in route order: by
    distance from the origin where all are located, else as told. A stop told as the way
    («عبر معبر عربين») inside an area an end names is still the way out of it."""
    out: list[Endpoint] = []
    for s in stops:
        if not _way_out(s, origin, dest, places, told) and \
                (places.same(s, origin) or places.same(s, dest)):
            continue
        k = next((i for i, o in enumerate(out) if places.same(o, s)), None)
        if k is None:
            out.append(s)
        else:
            out[k] = finer(out[k], s)
    if origin is not None and origin.lat is not None and all(s.lat is not None for s in out):
        out.sort(key=lambda s: haversine_km(origin.lat, origin.lon, s.lat, s.lon))
    return tuple(out[:MAX_VIAS])


def _way_out(s: Endpoint, origin: Endpoint | None, dest: Endpoint | None, places: Places,
             told: frozenset[int]) -> bool:
    """A stop told as the way (a crossing, a road, or a via of a telling) that is neither end
    itself nor a place in a narrow end: kept even when an end's area holds it."""
    return (s.kind in _PASSING or id(s) in told) and not any(
        places.identical(s, e) or places.same(s, e) and e.kind not in WIDE_ENDPOINT_KINDS
        for e in (origin, dest))


def _finished(j: Journey) -> Movement:
    """The journey's record with its evidence: the fullest telling's span first."""
    best = j.spans[j.best]
    rest = sorted(set(j.spans) - {best})
    return replace(j.move, evidence=(best, *rest))
