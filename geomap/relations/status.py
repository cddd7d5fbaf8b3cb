"""A movement's status from the words before its trigger (dev-corpus README): done, planned,
expected, ordered, attempted, blocked or negated (a negation right before it, or a denial
earlier in its sentence)."""
from __future__ import annotations

from .. import lexicon
from ..text.words import Words
from .triggers import forms

_CUES = {s: forms(lexicon.words("movement_status", s))
         for s in ("planned", "expected", "ordered", "attempted", "blocked", "denied")}
# the verbs of ordering, trying, blocking and denying in the 3rd person perfect too: «رفضت»,
# «منعوا» (a cue listed as «رفض» or «منع»)
for _s in ("ordered", "attempted", "blocked", "denied"):
    _CUES[_s] = _CUES[_s] | forms(w + e for w in lexicon.words("movement_status", _s)
                                  for e in ("ت", "وا"))
_DENIALS = lexicon.words("movement_status", "denied")  # in each form of _CUES["denied"]
# «لم», «ولم», «فلا»: a negation, bare or after a conjunction
NEGATIONS = frozenset(c + w for w in lexicon.words("movement_status", "negated")
                      for c in ("", "و", "ف"))
DENIAL_CHARS = 200  # a denial governs the journey words of its sentence up to this far after it
# (status, how many words before the trigger its cue is read in), strongest first
_READ = (("blocked", 6), ("attempted", 3), ("ordered", 6), ("planned", 6), ("expected", 8))


def status(words: Words, tstart: int, prefix: str, sentence_start: int = 0) -> str:
    """negated right after a negation or after a denial in the sentence; else the first
    status of _READ whose cue is among the words before; planned for the future «س» on the
    trigger; else done."""
    tstart -= len(prefix)  # «والتوجه»: the words before its «و»
    before = [_without_object(w) if w.endswith(_OBJECT_PRONOUNS) else w
              for w in words.between(max(sentence_start, tstart - 80), tstart)[-8:]]
    if before and before[-1] in NEGATIONS:
        return "negated"
    denial_reach = max(sentence_start, tstart - DENIAL_CHARS)
    window = words.text[denial_reach:tstart]  # every denial cue holds a denial word
    if any(w in window for w in _DENIALS) and \
            not _CUES["denied"].isdisjoint(words.between(denial_reach, tstart)):
        return "negated"  # «نفى … صحة الشائعات عن … خروج المدنيين»
    for told, reach in _READ:
        if not _CUES[told].isdisjoint(before[-reach:]):
            return told
    return "planned" if prefix.endswith("س") else "done"


_OBJECT_PRONOUNS = ("هم", "ها", "هن")


def _without_object(word: str) -> str:
    """A verb without its object pronoun («دعاهم» → «دعا», «أمرتهم» → «أمرت»)."""
    for p in _OBJECT_PRONOUNS:
        if word.endswith(p) and len(word) - len(p) >= 3:
            return word[:-len(p)]
    return word
