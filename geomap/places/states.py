"""Names that read as states by their company: a name governed by a noun that only a state has
(«وزراء خارجية روسيا وتركيا وقطر», «حكومة تونس», «سفير المجر»: lexicon/state_words.csv), and a
name listed with countries («من الأردن ومصر وقطر»): coordinated names are alike. Such a name
takes its country reading over a village or a city spelled alike that only nearness would
choose; in news a country is a political actor far more often than a village is."""
from __future__ import annotations

from .context import state_word
from .cues import list_runs
from .resolution import Mention

STATE_KINDS = frozenset({"country"})


def state_cues(mentions: list[Mention], text: str) -> None:
    """Give the country cue to each name of a coordinated run that a state word governs, or
    whose other names all read as countries; not to a name with a cue of its own (a designator,
    an echoed one, a country adjective) nor to one that can only be a country."""
    if not any(_open(m) for m in mentions):
        return  # most texts: no name could take the cue (a name only ever gains cues here)
    for run in list_runs(mentions, text):
        names = [mentions[k] for k in run]
        governor = state_word(names[0].ctx, names[0].match.prefix)
        for m in names:
            if not _open(m):
                continue
            if governor:
                m.state_cue = f"«{governor}» governs a state"
            elif len(names) > 1 and all(_reads_as_state(o) for o in names if o is not m):
                m.state_cue = "listed with " + "، ".join(
                    f"«{o.surface}»" for o in names if o is not m)
            else:
                continue
            m.cue_kinds = STATE_KINDS


def _open(m: Mention) -> bool:
    """The name has no cue of its own and can be a country or something else."""
    return not m.cue_kinds and not m.country_cue and _ambiguous_state(m)


def _ambiguous_state(m: Mention) -> bool:
    """The name can be a country, and also something else."""
    if len(m.candidates) < 2:
        return False  # most names: one entry is one reading
    kinds = {e.kind in STATE_KINDS for e in m.candidates}
    return kinds == {True, False}


def _reads_as_state(m: Mention) -> bool:
    """What a name reads as before the article's geography weighs in: the kind its cue asks
    for, else its most important candidate's."""
    if m.cue_kinds:
        return bool(m.cue_kinds & STATE_KINDS)
    return max(m.candidates, key=lambda e: e.importance).kind in STATE_KINDS
