"""Trigger and role words: the words that open a movement and the words that give a place its
role in it, found in text with or without their clitics.

Trigger words (خروج، إجلاء، نزوح، نقل، دخول، وصول، انسحاب، عودة، فرار، حافلات…) open a
movement; role words give the place after them its role (من = origin; عبر، مروراً ب، عن طريق =
via; إلى، باتجاه، نحو، صوب، حتى = destination).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress, count
from typing import Iterable, NamedTuple

from .. import lexicon
from ..text.normalize import CLITIC_PREFIXES
from ..text.words import Words
from .verb_forms import trigger_table

# Every inflected form of the verbs and nouns of movement_triggers.csv → the kind of journey
# it tells; and the participles, which name the people who moved («نازح», «المهجرين»).
TRIGGERS, PEOPLE_WORDS = trigger_table(lexicon.records("movement_triggers"))
# Every form of the verbs whose object is the place left: «غادرت القافلة المدينة»
_LEAVES = lexicon.words("clause_words", "leaves place")
LEAVING_FORMS = frozenset(trigger_table(r for r in lexicon.records("movement_triggers")
                                        if r[0] in _LEAVES)[0])
_ROLES = ("origin", "via", "destination")
ROLE_WORDS = {word: role for word, role in lexicon.table("movement_roles").items()
              if role in _ROLES}
ORIGIN_WORDS = frozenset(word for word, role in ROLE_WORDS.items() if role == "origin")
# «على» names where people were spread to after a distribution word, and nothing else.
DISTRIBUTION_ROLES = lexicon.words("movement_roles", "distribution")
# «أكثر من», «نحو 16 ألف»: quantity words that make من / نحو no role word (so does a number
# before من: «19 من الشهر», «300 من المدنيين»)
QUANTITY_WORDS = lexicon.words("clause_words", "quantity")
_QUANTITY = re.compile(r"\W{0,3}\d")  # a number right after a word

FUTURE = "س"  # the future prefix of a verb («سيخرج»), alone or after و / ف
# Clitics, the future prefix, and «لل» (ل before the article, whose alef it drops)
_PREFIXES = tuple(sorted(CLITIC_PREFIXES + tuple(c + FUTURE for c in ("", "و", "ف")) + ("لل",),
                         key=len, reverse=True))
_ROLE_OR_TRIGGER = {**TRIGGERS, **ROLE_WORDS}
_TABLES = {"trigger": TRIGGERS, "role_or_trigger": _ROLE_OR_TRIGGER}


class Trigger(NamedTuple):
    """A trigger word in normalized text: where it is (without its clitics), its kind, and
    the clitics written before it."""

    nstart: int
    nend: int
    kind: str
    prefix: str


def forms(words: Iterable[str]) -> frozenset[str]:
    """Every written form of the words, bare or with a clitic: a word of text is one exactly
    when strip_prefix finds the word in it."""
    return frozenset(p + w for w in words for p in ("",) + _PREFIXES)


TRIGGER_FORMS, ROLE_FORMS = forms(TRIGGERS), forms(ROLE_WORDS)


@lru_cache(maxsize=200_000)
def strip_prefix(word: str, table: str) -> tuple[str, str]:
    """(prefix, word) with a leading clitic (و ف ب ل ك, future س) removed when that finds the
    word in the named table (trigger, role_or_trigger)."""
    words = _TABLES[table]
    if word in words:
        return "", word
    for p in _PREFIXES:
        if word.startswith(p) and word[len(p):] in words:
            return p, word[len(p):]
    return "", word


def bare_words(words: Iterable[str]) -> dict[str, str]:
    """Each written form of the words (see `forms`) → the word strip_prefix finds in it, built
    from the words up: strip_prefix on each of ~15,000 forms cost a tenth of a second of every
    start. strip_prefix takes the bare word, else the first prefix of _PREFIXES that leaves a
    word: so the forms are written from the last prefix to the first (the first one's stay),
    then the bare words over them (tests check it against strip_prefix form by form)."""
    words = tuple(words)
    out: dict[str, str] = {}
    for p in reversed(_PREFIXES):
        out.update((p + w, w) for w in words)
    out.update((w, w) for w in words)
    return out


# The role or trigger word in each of their written forms (read for every word of a gap)
ROLE_OR_TRIGGER_WORD = bare_words(_ROLE_OR_TRIGGER)


# «عبر» is the preposition «via» and the verb «crossed»: the verb where it opens a sentence
# («عبر أكثر من 300 ألف شخص من لبنان إلى سوريا»: the main verb of a journey), the
# preposition elsewhere
_CROSSED = {"عبر": "", "وعبر": "و", "فعبر": "ف"}
_SENTENCE_END = ".!?؟؛\n:"
_TRIGGER_OR_CROSSED = TRIGGER_FORMS | frozenset(_CROSSED)


def find_triggers(words: Words) -> list[Trigger]:
    """Each trigger word of a text, in text order (the words that may be one picked out by
    a set lookup mapped over all words, not a Python loop over each)."""
    out = []
    ws = words.words
    for k in compress(count(), map(_TRIGGER_OR_CROSSED.__contains__, ws)):
        form = ws[k]
        if form in TRIGGER_FORMS:
            prefix, word = strip_prefix(form, "trigger")
            out.append(Trigger(words.starts[k] + len(prefix), words.ends[k], TRIGGERS[word],
                               prefix))
        elif form in _CROSSED and _opens_sentence(words.text, words.starts[k]):
            p = _CROSSED[form]
            out.append(Trigger(words.starts[k] + len(p), words.ends[k], "travel", p))
    return out


def _opens_sentence(text: str, pos: int) -> bool:
    """Nothing but spaces between `pos` and the start of the text or a sentence's end."""
    k = pos - 1
    while k >= 0 and text[k] in " \t\u00a0\"«“":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


def quantity_follows(text: str, pos: int) -> bool:
    """«نحو 16 ألف نازح»: a number after نحو / من makes it part of a count, not a role."""
    return bool(_QUANTITY.match(text, pos, pos + 4))
