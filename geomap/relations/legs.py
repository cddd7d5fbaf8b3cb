"""Legs: how the tellings of neighbouring triggers join before they fold into journeys.

- A chain: a group reaches a place, then goes on («وصلت … إلى الراموسة قبل أن تتوجه إلى
  جبرين», «… استعداداً لنقلهم إلى ريف حلب الشمالي», «ويجري نقل الجميع إلى …» after a
  crossing): the place reached is a stop (via) of one journey to the place after.
- A purpose: vehicles arrive somewhere «لنقل / لإخراج» people: those people's journey starts
  where the vehicles arrived («دخل عدد من الحافلات إلى الأحياء الشرقية … لنقل ما تبقى من
  إرهابيين … باتجاه ريف حلب الجنوبي الغربي»).
- A backstory: a pluperfect clause on the movers of a journey just told («وصل ألفا مواطن إلى
  عفرين، كانوا نزحوا من المدينة»): no journey of its own; where they had fled from is the
  journey's origin unless it is where they arrived (a return).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .. import lexicon
from ..model import Endpoint, Movement
from ..text.words import Words
from .clauses import Scopes, subject_clause
from .journeys import Places
from .triggers import Trigger, forms

ONWARD = forms(lexicon.words("clause_words", "onward", "then"))  # «قبل أن», «تمهيداً ل», «ثم»
_BEFORE, _THAT = "قبل", "ان"  # «قبل أن تتوجه» goes on; «قبل وصولها» only dates
PLUPERFECT = forms(lexicon.words("clause_words", "pluperfect"))  # «كانوا», «قد»
CHAIN_CHARS = 300  # a leg on is told within a sentence or so of the leg before
_PRONOUNS = ("هم", "ها", "هن", "ه")
_GOING_KINDS = ("arrival", "travel", "vehicle")
_TAKING_KINDS = ("exit", "transfer")


@dataclass
class Group:
    """The tellings of one trigger (one per pair of its coordinated ends)."""

    trig: Trigger
    moves: list[Movement]

    def destinations(self) -> list[Endpoint]:
        return [m.destination for m in self.moves if m.destination is not None]


class Legs:
    """Joins the tellings of one text across triggers (chains, purposes, backstories)."""

    def __init__(self, text: str, words: Words, scopes: Scopes, places: Places):
        self.text, self.words, self.scopes, self.places = text, words, scopes, places

    def link(self, groups: list[Group]) -> list[Movement]:
        """The tellings after joining: chained legs as one telling, purposes given their
        origin, backstories folded into the journey they tell of."""
        out: list[Group] = []
        last = -1  # where in `out` the latest group with a destination is
        for g in groups:
            if out and self._on_subject(out[-1], g):
                g = _from_subject(out[-1], g)
            prev = out[last] if last >= 0 else None
            if prev and self._backstory(prev, g):
                self._fill_origin(prev, g)
                continue
            if prev and self._onward(prev, g):
                if _status(prev) == _status(g):
                    out[last] = _chained(prev, g)
                    continue
                g = _from_there(prev, g)  # «… وسط أنباء عن نيته بعدها التوجه إلى الطبقة»
            elif prev and self._purpose(prev, g):
                g = _from_there(prev, g)
            out.append(g)
            if g.destinations():
                last = len(out) - 1
        return [m for g in out for m in g.moves]

    def _on_subject(self, prev: Group, g: Group) -> bool:
        """`prev`'s trigger is in a relative clause on `g`'s subject («القافلة التي غادرت
        الرستن فجراً ستصل إلى …»): where it left from is where `g` goes from."""
        if prev.destinations() or any(m.origin is None for m in prev.moves) or \
                any(m.origin is not None for m in g.moves):
            return False  # the ends say no before the words are read
        at = subject_clause(self.words, self.scopes.clause(g.trig.nstart)[0], g.trig.nstart)
        return at is not None and at < prev.trig.nstart

    def _near_after(self, prev: Group, g: Group) -> bool:
        end = self.scopes.scope_end(prev.trig.nend)
        return 0 <= g.trig.nstart - end <= CHAIN_CHARS or prev.trig.nstart < g.trig.nstart < end

    def _onward(self, prev: Group, g: Group) -> bool:
        """`g` goes on from where `prev` arrived: no origin of its own (or that place), an
        onward word before it, its trigger a «لنقلهم» on the same people, or a crossing
        reached before."""
        if not self._near_after(prev, g) or not all(m.destination for m in g.moves):
            return False
        return self._goes_on(prev, g)

    def _goes_on(self, prev: Group, g: Group) -> bool:
        """The words that make `g` a leg on from where `prev` arrived."""
        here = prev.destinations()
        if any(m.origin is not None and m.origin.found_by != "setting" and
               not any(self.places.identical(m.origin, d) for d in here) for m in g.moves):
            return False
        before = self.words.between(max(0, g.trig.nstart - 40),
                                    g.trig.nstart - len(g.trig.prefix))[-3:]
        if before[-1:] != [_THAT] and _BEFORE in before:
            before.remove(_BEFORE)
        word = self.text[g.trig.nstart:g.trig.nend]
        pronoun_purpose = g.trig.prefix.endswith("ل") and word.endswith(_PRONOUNS)
        crossing = all(d.kind == "crossing" for d in here)
        return crossing or pronoun_purpose or not ONWARD.isdisjoint(before)

    def _purpose(self, prev: Group, g: Group) -> bool:
        """«دخل عدد من الحافلات إلى X لنقل …»: vehicles going somewhere to take people."""
        return (g.trig.prefix.endswith("ل") and g.trig.kind in _TAKING_KINDS
                and prev.trig.kind in _GOING_KINDS and self._near_after(prev, g)
                and self.scopes.clause(prev.trig.nstart) == self.scopes.clause(g.trig.nstart)
                and all(m.origin is None for m in g.moves))

    def _backstory(self, prev: Group, g: Group) -> bool:
        """A pluperfect («كانوا نزحوا») in the sentence of a journey told before it."""
        before = self.words.between(max(0, g.trig.nstart - 30), g.trig.nstart)[-2:]
        return not PLUPERFECT.isdisjoint(before) and \
            self.scopes.clause(prev.trig.nstart) == self.scopes.clause(g.trig.nstart)

    def _fill_origin(self, prev: Group, g: Group) -> None:
        """Where the movers had come from, as the origin of the journey told before."""
        origins = [m.origin for m in g.moves if m.origin is not None]
        if not origins:
            return
        prev.moves[:] = [m if m.origin is not None or m.destination is None or
                         self.places.identical(origins[0], m.destination)
                         else replace(m, origin=origins[0]) for m in prev.moves]


def _status(g: Group) -> str:
    return g.moves[0].status


def _from_there(prev: Group, g: Group) -> Group:
    """`g`'s tellings starting where `prev` arrived (one per place it arrived at)."""
    moves = []
    for m in g.moves:
        moves += [m] if m.origin is not None else [
            replace(m, origin=replace(d, found_by="reference", confidence=0.7))
            for d in prev.destinations()]
    return Group(g.trig, moves)


def _from_subject(prev: Group, g: Group) -> Group:
    """`g`'s tellings from each origin of the relative clause on its subject."""
    return Group(g.trig, [replace(m, origin=p.origin, start=min(m.start, p.start))
                          for m in g.moves for p in prev.moves])


def _chained(prev: Group, g: Group) -> Group:
    """Each telling of `prev` going on to each destination of `g`, its own a stop."""
    moves = []
    for p in prev.moves:
        if p.destination is None:
            moves.append(p)
            continue
        for h in g.moves:
            counts = p.counts + tuple(c for c in h.counts if c not in p.counts)
            moves.append(replace(p, via=p.via + (p.destination,) + h.via,
                                 destination=h.destination, end=max(p.end, h.end),
                                 counts=counts))
    return Group(prev.trig, moves)
