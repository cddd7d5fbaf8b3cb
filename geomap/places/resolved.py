"""The places stage's second half: resolve the mentions, report the implausible ones as
unresolved, and give the rest as the report's Place records with the span the text writes."""
from __future__ import annotations

from ..model import Place, Unresolved
from ..text.normalize import Normalized
from ..gazetteer.index import Gazetteer
from .resolution import Mention, far_from_article, resolve
from .support import unsupported


def resolve_places(mentions: list[Mention], unresolved: list[Unresolved], norm: Normalized,
                   gaz: Gazetteer) -> tuple[list[Mention], list[Place], list[Unresolved]]:
    """(mentions kept, their Places, every unresolved name in text order) once each mention has
    its entry: a place chosen only for want of another and far from the article is unresolved,
    and a common noun read as a place far from the article without a cue is a word."""
    resolve(mentions)
    words, far = unsupported(mentions, norm, gaz)
    out = words | {m.match.nstart for m, _ in far}
    far += far_from_article([m for m in mentions if m.match.nstart not in out])
    unresolved = sorted(unresolved + [Unresolved(m.surface, m.match.start, m.match.end, why)
                                      for m, why in far], key=lambda u: u.start)
    dropped = {m.match.nstart for m, _ in far} | words
    mentions = [m for m in mentions if m.match.nstart not in dropped]
    return mentions, [_place(m, norm) for m in mentions], unresolved


FACILITY_KINDS = frozenset({"crossing", "base", "airport", "road", "river", "camp"})


def _facility_span(m: Mention, norm: Normalized) -> tuple[int, int]:
    """«معبر الراموسة», «قاعدة حميميم», «نهر الفرات»: a facility's designator belongs to its
    name (the span rule), so the span starts at the designator."""
    if not m.designator or m.chosen.kind not in FACILITY_KINDS or m.chosen.kind not in m.cue_kinds:
        return m.match.start, m.match.end
    word = m.ctx.before[0]
    wstart = norm.text.rfind(word, 0, m.match.nstart)
    if wstart < 0 or norm.text[wstart + len(word):m.match.nstart].strip():
        return m.match.start, m.match.end
    start, _ = norm.span(wstart + len(word) - len(m.designator), m.match.nend)
    return start, m.match.end


def _place(m: Mention, norm: Normalized) -> Place:
    """The Place record of a resolved mention."""
    e = m.chosen
    start, end = _facility_span(m, norm)
    own = start == m.match.start and end == m.match.end  # the mention's (interned) surface
    return Place(surface=m.surface if own else norm.original[start:end], start=start, end=end,
                 id=e.id, name_ar=e.name_ar, name_en=e.name_en, kind=e.kind, lat=e.lat, lon=e.lon,
                 confidence=m.confidence, country=e.country, admin1=e.admin1, source=e.source,
                 reason=m.reason)
