"""Choose one gazetteer entry per place mention, by evidence, with a confidence and a reason.

Evidence: the kind a designator asks for (حي → neighbourhood, محافظة → governorate …), nearness
to the article's other places (spatial coherence), the country the article is about, and the
entry's importance as a prior. Scores are log-odds-like; confidence is the softmax of the winner.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..geometry.distance import haversine_km
from .context import Context
from .evidence import Anchors, Bag, ConfidentPlaces, Points
from ..gazetteer.index import Entry, name_keys
from .spotting import Match

# Weights of the evidence; one place to read and tune them by reasoning, not by the dev set.
W_IMPORTANCE = 2.0
W_CUE_MATCH = 2.0
W_CUE_MISMATCH = -2.0
W_NEAR = 2.0
NEAR_SCALE_KM = 60.0
W_SAME_COUNTRY = 0.8
W_COUNTRY_CUE = 2.0  # «طرابلس اللبنانية»: the text names the country, as strong as a designator
W_ORPHAN_NEIGHBOURHOOD = -2.5  # a neighbourhood with neither its city nor a place within ORPHAN_KM
ORPHAN_KM = 15.0
W_ALTERNATE_NAME = -0.5
W_ADMIN_UNIT = -0.5  # a bare name means the town more often than the unit named after it
W_NAMED_AFTER = -1.5  # a unit named after a place inside it («ولاية كسلا»): bare, it is the place
ADMIN_UNITS = frozenset({"governorate", "district"})  # matched through an alternate spelling, not the entry's own name
ANCHOR_CONFIDENCE = 0.6  # how sure of a place's whereabouts a mention must be to anchor others
LOCATED_KM = 30.0  # candidates this close to the chosen one agree on where the article is
POINTLESS_KINDS = frozenset({"country", "region", "governorate", "district", "river"})


@dataclass(slots=True)
class Mention:
    """A name match taken as a place, with what the text around it says."""

    match: Match
    surface: str
    ctx: Context
    candidates: list[Entry]
    cue_kinds: frozenset[str] = frozenset()
    designator: str | None = None
    nisba: str = ""  # a country adjective on the name («طرابلس اللبنانية»)
    country_cue: str = ""  # the ISO code of that country
    echo: str = ""  # «designator» before «name» elsewhere in the text whose kind a bare name takes
    state_cue: str = ""  # why the name reads as a state: its governing noun or its list (states.py)
    chosen: Entry | None = None
    confidence: float = 0.0
    reason: str = ""
    located: float = 0.0  # confidence of the chosen entry's whereabouts (see _choose)


def resolve(mentions: list[Mention]) -> None:
    """Fill `chosen`, `confidence` and `reason` of every mention (two passes for coherence).

    Mentions that share a name and a cue share a decision, so long texts cost one choice per
    distinct name, not per mention; the second pass re-decides a name only when the evidence
    from the other names changed. The first pass only feeds the second one's anchors, so a
    name with one candidate just takes it there; the second gives it its reason (_only).
    """
    decided: dict[tuple, tuple[Evidence, tuple]] = {}
    for first_pass in (True, False):
        if first_pass and all(len(m.candidates) == 1 for m in mentions):
            for m in mentions:  # nothing to decide: the pass's anchors would go unread
                m.chosen, m.confidence, m.located = m.candidates[0], 1.0, 1.0
            continue
        anchors = _anchors(mentions)
        evidence: dict[str, Evidence] = {}
        fresh: set[tuple] = set()  # decisions checked in this pass
        only: dict[tuple, tuple] = {}  # a one-candidate name's reason, per cue, in this pass
        for m in mentions:
            if first_pass and len(m.candidates) == 1:
                m.chosen, m.confidence, m.located = m.candidates[0], 1.0, 1.0
                continue
            key = m.match.key
            k = (key, m.cue_kinds, m.designator, m.echo, m.country_cue, m.state_cue)
            if len(m.candidates) == 1:  # its reason reads the nisba too
                k += (m.nisba, m.candidates[0].id)
                if k not in only:
                    only[k] = _only(m, _points(key, anchors, evidence))
                m.chosen, m.confidence, m.reason, m.located = only[k]
                continue
            ev = evidence.get(key) or evidence.setdefault(key, _evidence(key, anchors))
            if k not in fresh:
                fresh.add(k)
                if k not in decided or decided[k][0] != ev:
                    decided[k] = (ev, _choose(m, ev))
            m.chosen, m.confidence, m.reason, m.located = decided[k][1]


# A point of the article: latitude in radians, that latitude's cosine, longitude, and the
# surface that named it first.
Point = tuple[float, float, float, str]
# An anchor: an entry the article is at, the name keys that pointed there, and its point
# (None for countries, regions and other pointless kinds).
Anchor = tuple[Entry, set[str], Point | None]
# What the other names of the article say: their points, countries, and ids and parent ids
# (views of the pass's shared anchors, see evidence.py).
Evidence = tuple[Points, Bag, Bag]


def _anchors(mentions: list[Mention]) -> Anchors:
    """Where the article already is, by entry id: unambiguous mentions or choices sure of
    their whereabouts, with the name keys that pointed there."""
    out = Anchors()
    for m in mentions:
        e = m.chosen if m.chosen is not None and m.located >= ANCHOR_CONFIDENCE else (
            m.candidates[0] if len(m.candidates) == 1 else None)
        if e is None:
            continue
        if e.id not in out:
            out[e.id] = (e, set(), None if e.kind in POINTLESS_KINDS else (
                math.radians(e.lat), math.cos(math.radians(e.lat)), e.lon, m.surface))
        out[e.id][1].add(m.match.key)
    return out


def _evidence(key: str, anchors: Anchors) -> Evidence:
    """The anchors that a mention of `key` can lean on: those not pointed at by `key` alone
    (a view of the anchors indexed once per pass, not a copy per name)."""
    return anchors.article().evidence(key)


def _points(key: str, anchors: Anchors, evidence: dict[str, Evidence]) -> Points:
    """The points a mention of `key` leans on: of its evidence when made already, else alone
    (a one-candidate name asks nothing of the countries and ids)."""
    ev = evidence.get(key)
    if ev is not None:
        return ev[0]
    return anchors.article().points(key)


def _choose(m: Mention, evidence: Evidence) -> tuple[Entry, float, str, float]:
    """(chosen, confidence, reason, located) for one mention, from the other names' anchors.
    `located` adds to the confidence the candidates within LOCATED_KM of the chosen one:
    Daraa city or Daraa governorate is uncertain, but either way the article is at Daraa."""
    points, countries, parents = evidence
    scored = [(_score(e, m, points, countries, parents), e) for e in m.candidates]
    scored.sort(key=lambda se: (-se[0][0], se[1].id))
    (best_score, d, near), best = scored[0]
    weights = [math.exp(s[0] - best_score) for s, _ in scored]
    total = sum(weights)
    close = _close_to(best, m)
    here = sum(w for w, (_, e) in zip(weights, scored) if e.id in close)
    return best, round(1.0 / total, 3), _reason(best, m, d, near), here / total


_CLOSE: dict[tuple[str, str], tuple[list[Entry], frozenset[str]]] = {}


def _close_to(best: Entry, m: Mention) -> frozenset[str]:
    """Ids of the mention's candidates within LOCATED_KM of `best`, cached by name and entry:
    the same names come back text after text."""
    k = (m.match.key, best.id)
    cached = _CLOSE.get(k)
    if cached is None or cached[0] is not m.candidates:
        cached = _CLOSE[k] = (m.candidates, frozenset(
            e.id for e in m.candidates
            if haversine_km(best.lat, best.lon, e.lat, e.lon) <= LOCATED_KM))
    return cached[1]


def _only(m: Mention, points: Points) -> tuple[Entry, float, str, float]:
    """_choose for a mention with one candidate: no scores to weigh, only the reason to give."""
    e = m.candidates[0]
    return e, 1.0, _reason(e, m, *_nearest(e, points)), 1.0


FAR_KM = 400.0
NEIGHBOURHOOD_FAR_KM = 50.0  # a neighbourhood lies in a city: farther, and its city is not here


def far_from_article(mentions: list[Mention]) -> list[tuple[Mention, str]]:
    """Places chosen only for want of another that are implausible: in another country, far
    from every other place of the article (a Syrian village in an Iraqi story, a Damascus
    neighbourhood in a Gaza one). Major places are spared unless their kind belies the
    designator («أحياء … الجنينة» is no Sudanese city)."""
    confident: dict[str, tuple[Entry, set[str]]] = {}
    for o in mentions:
        if o.chosen and o.confidence >= 0.6:
            confident.setdefault(o.chosen.id, (o.chosen, set()))[1].add(o.match.key)
    article = ConfidentPlaces(confident)  # "all but the name's own", indexed once
    out = []
    for m in mentions:
        e = m.chosen
        if e is None or e.importance > 0.3 and not (m.cue_kinds and e.kind not in m.cue_kinds):
            continue
        others = article.others(m.match.key)
        if not others or e.country in others.countries:
            continue
        d = others.nearest_km(e.lat, e.lon)
        if d > (NEIGHBOURHOOD_FAR_KM if e.kind == "neighbourhood" else FAR_KM):
            which = "only" if len(m.candidates) == 1 else "best"
            out.append((m, f"{which} candidate {e.id} ({e.name_en}) is {d:.0f} km from the "
                           "article's places"))
    return out


def _score(e: Entry, m: Mention, points: Points, countries: Bag,
           parents: Bag) -> tuple[float, float, str]:
    """(score, km to the nearest of the article's points, that point's surface) of one
    candidate entry for one mention."""
    score = W_IMPORTANCE * e.importance
    if m.cue_kinds:
        score += W_CUE_MATCH if e.kind in m.cue_kinds else W_CUE_MISMATCH
    d, near = _nearest(e, points)
    if d < math.inf:
        score += W_NEAR * math.exp(-d / NEAR_SCALE_KM)
    if countries and e.country in countries:
        score += W_SAME_COUNTRY
    if m.country_cue:
        score += W_COUNTRY_CUE if e.country == m.country_cue else -W_COUNTRY_CUE
    if e.kind == "neighbourhood" and e.parent_id not in parents and not d <= ORPHAN_KM:
        score += W_ORPHAN_NEIGHBOURHOOD
    if not m.cue_kinds and e.kind in ADMIN_UNITS:
        score += W_ADMIN_UNIT
        if any(c.parent_id == e.id for c in m.candidates):
            score += W_NAMED_AFTER
    if m.match.key not in main_keys(e):
        score += W_ALTERNATE_NAME
    return score, d, near


def _reason(e: Entry, m: Mention, d: float, near: str) -> str:
    """Why `e` was chosen, in words: the cue it answers, the place it is near, or its rank."""
    why = []
    if m.cue_kinds and e.kind in m.cue_kinds:
        why.append(_cue_reason(e, m))
    if m.country_cue and e.country == m.country_cue:
        why.append(f"«{m.nisba}» places it in {e.country}")
    if d < NEAR_SCALE_KM:
        why.append(f"{d:.0f} km from «{near}»")
    if not m.cue_kinds:
        why += [f"the {c.kind} {c.name_en} is named after it" for c in m.candidates
                if c.id == e.parent_id and c.kind in ADMIN_UNITS]
    if len(m.candidates) > 1 and not why:
        why.append(f"most important of {len(m.candidates)} candidates")
    return "; ".join(why) or "only candidate"


def _cue_reason(e: Entry, m: Mention) -> str:
    """Which words ask for the chosen entry's kind: a designator, an echoed one, a state's."""
    if m.designator:
        return f"«{m.designator}» asks for a {e.kind}"
    return m.state_cue or f"{m.echo} elsewhere in the text asks for a {e.kind}"


def _nearest(e: Entry, points: Points) -> tuple[float, str]:
    """(km, surface) of the point nearest `e`, (inf, "") when there is none or `e`'s kind has
    no meaningful point: the haversine term least over the points, ties to the least surface,
    found by the pass's k-d tree (nearest.py) rather than a scan per candidate."""
    if e.kind in POINTLESS_KINDS or not points:
        return math.inf, ""
    p1 = math.radians(e.lat)
    a, name = points.nearest(p1, math.cos(p1), e.lon)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a))), name


_MAIN_KEYS: dict[str, tuple[Entry, frozenset[str]]] = {}  # by id: a str hashes once, an Entry each time


def main_keys(e: Entry) -> frozenset[str]:
    """The normalized forms of the entry's own Arabic and English names (cached per entry)."""
    cached = _MAIN_KEYS.get(e.id)
    if cached is None or cached[0] is not e:
        cached = _MAIN_KEYS[e.id] = (e, frozenset(name_keys(e.name_ar) | name_keys(e.name_en)))
    return cached[1]
