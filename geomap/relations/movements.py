"""Movements: who moved, from where, through where, to where, how many, and how sure.

Each trigger word (triggers.py) tells a movement; its endpoints and their roles (roles.py),
pronoun and nisba ends (references.py), its actor (actors.py), status (status.py) and counts
(told_counts.py) are read around it: a telling per origin and destination pair. Tellings of
neighbouring triggers join into legs (legs.py) and fold into one record per journey
(journeys.py).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from .. import lexicon
from ..gazetteer.index import Gazetteer
from ..model import Area, Movement
from ..places.context import MEDIA_HEADS, strip_clitic
from ..text.normalize import Normalized
from .actors import NO_MOVER, PEOPLE_TYPES, ActorReader, actor_type
from .clauses import DETAIL_KINDS, Scopes
from .endpoints import Item, Items
from .journeys import Places, fold_journeys
from .legs import Group, Legs
from .references import References
from .merge import MAX_VIAS, Shapes
from .roles import RoleReader, Roles
from .status import status
from .told_counts import ToldCounts
from .triggers import PEOPLE_WORDS, ROLE_WORDS, Trigger, find_triggers

PASSING = "cross"  # a crossing word alone in its clause tells a journey through a place
IMPLICIT_ORIGIN_CHARS = 350  # about this sentence and the one before: where the text is now
_SOURCE_WORDS = lexicon.words("clause_words", "source")  # «عن» of «نقل عن مسؤول»
MAX_PAIRS = 16  # more origin × destination pairs than this are paired in text order


class Told(NamedTuple):
    """What the words around a trigger tell of its movement besides its ends."""

    actor: str | None
    actor_type: str
    status: str


@dataclass
class Telling:
    """Where the telling is as the triggers are read in text order: the place the last
    movement went from (or to), and where that trigger's scope ends."""

    last_place: Item | None = None
    told_until: int = 0

    def recent_origin(self, pos: int) -> bool:
        """A place a movement just went from or to, a sentence or so back (news writes a
        sentence per line, so a line break is no bar): where a bare evacuation («سيتم إخراج
        الجرحى») starts."""
        o = self.last_place
        return o is not None and 0 < pos - o.nend <= IMPLICIT_ORIGIN_CHARS


class MovementFinder:
    """The movements of one text: each trigger read with its roles, actor, status and counts."""

    def __init__(self, norm: Normalized, items: list[Item], shapes: Shapes | None = None,
                 areas: list[Area] | None = None, gaz: Gazetteer | None = None,
                 triggers: list[Trigger] | None = None):
        """`triggers`: the text's find_triggers, when the caller has them already."""
        self.norm, self.text, self.words = norm, norm.text, norm.words
        self.places = Places(shapes, areas, gaz)
        self.items = Items(items)
        self.triggers = find_triggers(self.words) if triggers is None else triggers
        self.scopes = Scopes(self.text, self.words, self.triggers)
        self.roles = RoleReader(self.text, self.words, self.scopes, self.items)
        self.actors = ActorReader(norm, self.scopes, self.items)
        self.counts = ToldCounts(self.text, self.words, self.scopes)
        self.legs = Legs(self.text, self.words, self.scopes, self.places)
        self.refs = References(norm, self.items, gaz)

    def find(self) -> list[Movement]:
        """Every journey: the tellings at each trigger, joined into legs (legs.py) and folded
        into one record per journey (journeys.py)."""
        telling = Telling()
        groups = [Group(trig, ms) for trig in self.triggers
                  if (ms := self._movements(trig, telling))]
        return fold_journeys(self.legs.link(groups), self.places)

    def _movements(self, trig: Trigger, telling: Telling) -> list[Movement]:
        """The movements one trigger tells (none when the word tells no journey here); a
        trigger with no endpoint starts where the telling is."""
        if self._tells_nothing(trig, telling):
            return []
        roles = self.roles.roles(trig)
        to = {d.endpoint.ref for d in roles["destination"]}
        origins = [o for o in roles["origin"] if not o.endpoint.ref or o.endpoint.ref not in to]
        told_items = [it for r in roles.values() for it in r]
        if not origins:
            origins = [o for o in [self.refs.pronoun_origin(trig, told_items)] if o]
        if not roles["destination"]:
            roles["destination"] = [d for d in [self.refs.pronoun_destination(trig, told_items)]
                                    if d]
        no_ends = not origins and not roles["destination"]
        if no_ends and trig.kind == PASSING and roles["via"]:
            no_ends = False  # «مرور رتل عسكري في قضاء بيجي»: a journey through a place
        elif no_ends and (trig.kind != "exit" or not telling.recent_origin(trig.nstart)):
            return []
        actor, actor_norm = self.actors.actor(trig.nstart, trig.nend, trig.kind)
        kind_of_actor = actor_type(actor_norm + " " + self.text[trig.nstart:trig.nend])
        if trig.kind == "distribution" and kind_of_actor not in PEOPLE_TYPES:
            return []  # «توزيع المساعدات على …»: aid handed out, nobody moved
        if kind_of_actor == NO_MOVER:
            return []  # «عاد الهدوء إلى المدينة»
        told = status(self.words, trig.nstart, trig.prefix, self.scopes.clause(trig.nstart)[0])
        if no_ends:
            if not actor or told not in ("done", "planned"):
                return []
            # «إخراج الجرحى والمرضى أولاً»: from where the text is
            origins = [_as_setting(telling.last_place)]
        if not origins:
            origins = [o for o in [self.refs.nisba_origin(trig, actor_norm, kind_of_actor,
                                                          roles["destination"])] if o]
        telling.last_place = (origins or roles["destination"] or roles["via"])[0]
        telling.told_until = self.scopes.scope_end(trig.nend)
        return self._told(trig, roles, origins, Told(actor, kind_of_actor, told))

    def _tells_nothing(self, trig: Trigger, telling: Telling) -> bool:
        """A detail word beside a journey's own trigger, the people of a journey already told,
        or «نقل» as the verb of reporting."""
        tstart, tend, kind, _ = trig
        if kind in DETAIL_KINDS and self.scopes.has_main_trigger(tstart) and (
                kind != PASSING or self.scopes.main_trigger_before(tstart)):
            return True
        if tstart < telling.told_until and self.text[tstart:tend] in PEOPLE_WORDS:
            return True  # «تستضيفان 16 ألف نازح من عفرين»: the people of a journey already told
        return kind == "transfer" and self._reports(tend)

    def _told(self, trig: Trigger, roles: Roles, origins: list[Item | None],
              told: Told) -> list[Movement]:
        """One movement per origin and destination pair, each with `told`'s actor and status,
        the trigger's counts, its vias and the span from the trigger over every endpoint."""
        counts = self.counts.counts(trig.nstart)
        count, unit = counts[0] if counts else (None, None)
        placed = [(it.nstart, it.nend) for r in roles.values() for it in r]
        placed += [s for s in [self.counts.span(trig.nstart)] if s]  # «في 20 حافلة»
        start, end = self.norm.span(min([trig.nstart] + [s for s, _ in placed]),
                                    max([trig.nend] + [e for _, e in placed]))
        trigger_text = self.norm.original[slice(*self.norm.span(trig.nstart, trig.nend))]
        via = tuple(v.endpoint for v in _distinct(roles["via"])[:MAX_VIAS])
        return [Movement(actor=told.actor, trigger=trigger_text, origin=o.endpoint if o else None,
                         via=via, destination=d.endpoint if d else None, count=count,
                         status=told.status, start=start, end=end, count_unit=unit,
                         counts=counts, actor_type=told.actor_type)
                for o, d in _pairs(_finest(_distinct(origins)),
                                   _finest(_distinct(roles["destination"])))
                if not (o and d and o.endpoint.ref and o.endpoint.ref == d.endpoint.ref)]

    def _reports(self, tend: int) -> bool:
        """«نقلت صحيفة … عن مصادر», «نقل عن مسؤول»: نقل as the verb of reporting, whose
        subject is a medium or whose source follows «عن» («عن طريق» is the way taken)."""
        after = self.words.between(tend, tend + 60)[:4]
        if after and strip_clitic(after[0]) in MEDIA_HEADS:
            return True
        k = next((k for k, w in enumerate(after) if w in _SOURCE_WORDS), -1)
        return k >= 0 and ROLE_WORDS.get(after[k + 1] if k + 1 < len(after) else "") != "via"


def _as_setting(it: Item) -> Item:
    """A place the text is at, as the end of a journey that names none."""
    return replace(it, endpoint=replace(it.endpoint, found_by="setting", confidence=0.5))


def _distinct(items: list[Item | None]) -> list[Item | None]:
    """The items without a later naming of a place already in the list (a text that repeats
    itself names one place many times: one journey from it, not one per naming)."""
    seen: set[str] = set()
    out = []
    for it in items:
        ref = it.endpoint.ref if it.endpoint.lat is not None else ""
        if not ref or ref not in seen:
            out.append(it)
            seen.add(ref)
    return out


_WHOLE_COUNTRY = ("country", "territory", "interior")  # areas of a country's land too


def _finest(items: list[Item | None]) -> list[Item | None]:
    """The ends without a country or territory that other ends of the list lie in: «إلى
    الداخل اليمني باتجاه صنعاء وتعز» goes to Sanaa and Taiz; a country told twice once."""
    inner = {it.country for it in items if it and it.endpoint.kind not in _WHOLE_COUNTRY}
    out, whole = [], set()
    for it in items:
        if it and it.endpoint.kind in _WHOLE_COUNTRY and it.country:
            if it.country in inner or it.country in whole:
                continue  # «إلى سوريا … إلى الداخل السوري»: one end told twice
            whole.add(it.country)
        out.append(it)
    return out


def _pairs(origins: list[Item | None], dests: list[Item | None]
           ) -> list[tuple[Item | None, Item | None]]:
    """Each origin with each destination («من كفريا والفوعة إلى حلب وإدلب»); past MAX_PAIRS
    the lists are journeys told one after another, paired in text order."""
    origins, dests = origins or [None], dests or [None]
    if len(origins) * len(dests) <= MAX_PAIRS:
        return [(o, d) for o in origins for d in dests]
    n = max(len(origins), len(dests))
    return [(origins[min(k, len(origins) - 1)], dests[min(k, len(dests) - 1)]) for k in range(n)]
