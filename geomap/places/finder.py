"""The places stage's first half: the name matches that a text uses as places, each with its
context and cues, and the designated names that the gazetteer lacks."""
from __future__ import annotations

import bisect
from functools import lru_cache
from sys import intern

from ..gazetteer.index import Entry, Gazetteer, entry_keys
from ..model import Unresolved
from ..text.normalize import ARTICLE, Normalized
from .context import DESIGNATORS, Context, context_of, designator_before, strip_clitic
from .cues import carry_list_cues, cued_keys, echo_cues, needs_cue
from .lists import designated_lists
from .nonplaces import NonPlaceJudge
from .readings import spoken_by
from .resolution import Mention
from .spotting import Match, Spotter
from .states import state_cues
from .unresolved import DESIGNATOR_WORDS, covered_by, unresolved_names


@lru_cache(maxsize=4)
def _spotter(gazetteer: Gazetteer) -> Spotter:
    return Spotter(gazetteer)


def find_places(norm: Normalized, gaz: Gazetteer) -> tuple[list[Mention], list[Unresolved]]:
    """Name matches that the text uses as places, and designated names the gazetteer lacks."""
    matches = _spotter(gaz).spot(norm)
    judge = NonPlaceJudge(norm.text, _nisba_like(gaz), norm.original)
    words, original, why, mentions = norm.words, norm.original, judge.judge, []
    for match in matches:  # judged on its context first: a mention is made for places only
        key, nstart, nend, start, end, prefix = match
        ctx = context_of(words, nstart, nend, prefix)
        surface = intern(original[start:end])  # a long text repeats them
        if why(key, nstart, nend, ctx, surface, prefix, start):
            continue
        candidates = spoken_by(ctx, prefix, gaz.candidates(key))
        if candidates:
            mentions.append(_mention(match, ctx, surface, candidates, gaz))
    covered = covered_by(matches, len(norm.text))
    designators = DESIGNATOR_WORDS.find_words(norm.words)
    items = designated_lists(norm, covered, designators)
    carry_list_cues(mentions, items)
    needs = [needs_cue(m.match.key, m.surface, gaz) for m in mentions]
    cued = cued_keys(mentions, needs, norm.text)
    # one sense per text: a common-word name shown to be a place once is a place throughout
    mentions = [m for m, need in zip(mentions, needs) if m.match.key in cued or not need]
    echo_cues(mentions)
    state_cues(mentions, norm.text)
    unresolved = unresolved_names(norm, covered, items, designators)
    return _outside(mentions, unresolved), unresolved


def _outside(mentions: list[Mention], unresolved: list[Unresolved]) -> list[Mention]:
    """The mentions not inside an unresolved name: «قرية عين شمروخة» is one name the gazetteer
    lacks, and «عين» in it is none of the places called «عين»."""
    if not unresolved:
        return mentions
    starts = [u.start for u in unresolved]  # sorted, and the names do not overlap
    out = []
    for m in mentions:
        k = bisect.bisect_right(starts, m.match.start) - 1
        if k < 0 or unresolved[k].end < m.match.end:
            out.append(m)
    return out


@lru_cache(maxsize=4)
def _nisba_like(gaz: Gazetteer) -> frozenset[str]:
    """Country names spelled like a feminine adjective («سورية» Syria / Syrian, «السعودية»)."""
    return frozenset(k for e in gaz.entries if e.kind == "country" for k in entry_keys(e)
                     if k.endswith("يه") and " " not in k)  # the 250 countries, not 85,000 keys


_NO_KINDS: frozenset[str] = frozenset()


def _mention(match: Match, ctx: Context, surface: str, candidates: list[Entry],
             gaz: Gazetteer) -> Mention:
    """The mention of a match taken as a place, with the cues of its context."""
    nisba, country = _country_adjective(ctx, gaz)
    if nisba and ctx.before and ctx.before[0] == nisba:  # «العاصمة الأردنية عمان»
        designator = designator_before(ctx._replace(before=ctx.before[1:]), match.prefix)
    else:
        designator = designator_before(ctx, match.prefix)
    return Mention(match=match, surface=surface, ctx=ctx, candidates=candidates,
                   designator=designator,
                   cue_kinds=DESIGNATORS.get(designator, _NO_KINDS) if designator else _NO_KINDS,
                   nisba=nisba, country_cue=country)


def _country_adjective(ctx: Context, gaz: Gazetteer) -> tuple[str, str]:
    """(adjective, ISO code) of a country nisba on the name: right after it («طرابلس
    اللبنانية») or between a designator and it («العاصمة الأردنية عمان»); ("", "") for none."""
    for word in ctx.after[:1]:
        if word.startswith(ARTICLE) and (country := gaz.nisba(word)) is not None:
            return word, country.country
    if len(ctx.before) > 1 and ctx.before[0].startswith(ARTICLE) \
            and strip_clitic(ctx.before[1]).removeprefix(ARTICLE) in DESIGNATORS:
        country = gaz.nisba(ctx.before[0])
        if country is not None:
            return ctx.before[0], country.country
    return "", ""
