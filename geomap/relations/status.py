"""A movement's status from the words before its trigger: done, planned, blocked or negated."""
from __future__ import annotations

from .. import lexicon
from ..text.words import Words
from .triggers import forms

FUTURE_CUES = lexicon.words("movement_status", "planned")
BLOCK_CUES = lexicon.words("movement_status", "blocked")
NEGATIONS = lexicon.words("movement_status", "negated")
_BLOCK_FORMS, _FUTURE_FORMS = forms(BLOCK_CUES), forms(FUTURE_CUES)


def status(words: Words, tstart: int, prefix: str) -> str:
    """negated right after a negation, blocked after a refusal, planned after a future cue
    (or the future «س» on the trigger), else done."""
    before = words.between(max(0, tstart - 60), tstart)[-6:]
    if before and before[-1] in NEGATIONS:
        return "negated"
    if not _BLOCK_FORMS.isdisjoint(before[-4:]):
        return "blocked"
    if prefix.endswith("س") or not _FUTURE_FORMS.isdisjoint(before):
        return "planned"
    return "done"
