"""The words around a mention: designators (حي، بلدة، محافظة…), media heads, titles, locators.

The words are data (geomap/lexicon: designators, name_heads, cues, directions), normalized at
load, so they compare directly with normalized text.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

from .. import lexicon
from ..text.normalize import ARTICLE, CLITIC_PREFIXES
from ..text.words import Words


def _designators() -> tuple[dict[str, frozenset[str]], frozenset[str], frozenset[str]]:
    """({designator: the kinds it asks for}, those that open a list, those of an area) from
    lexicon/designators.csv."""
    kinds, lists, areas = {}, set(), set()
    for row in lexicon.records("designators"):
        word, asks, _form, use = (row + ("",) * 4)[:4]
        kinds[word] = frozenset(asks.split())
        if "list" in use.split():
            lists.add(word)
        if "area" in use.split():
            areas.add(word)
    return kinds, frozenset(lists), frozenset(areas)


# A designator before a name says what kind of place it is (and that it is a place at all);
# a plural or dual one names several places at once: its kind carries over a list
# («بلدتي كفريا والفوعة»); an area one names the area around a place («ريف دمشق»).
DESIGNATORS, PLURAL_DESIGNATORS, AREA_DESIGNATORS = _designators()
# Nouns that begin place names («تل رفعت», «عين العرب», «كفر نبل», «دير الزور», «بيت لحم»).
TOPONYM_HEADS = lexicon.words("name_heads", "toponym")
# Head nouns of geographic names («قطاع غزة», «خليج عدن», «بادية الشام»): a name of two or more
# words that starts with one says it is a place, like a designator does, whatever its words
# mean alone.
NAME_HEADS = frozenset(DESIGNATORS) | TOPONYM_HEADS | lexicon.words("name_heads", "geographic")
MEDIA_HEADS = lexicon.words("cues", "media")
ORG_HEADS = lexicon.words("cues", "organisation")
REPORTING_VERBS = lexicon.words("cues", "reporting")
PERSON_TITLES = lexicon.words("cues", "title")
EVENT_HEADS = lexicon.words("cues", "event")
OUTLET_TAILS = lexicon.words("cues", "outlet")
OUTLET_TIME_TAILS = lexicon.words("cues", "outlet time")
PUBLISHING_VERBS = lexicon.words("cues", "publishing")
SPEECH_VERBS = lexicon.words("cues", "speech")
PLACE_PREPOSITIONS = lexicon.words("cues", "place preposition")
PERSON_NOUNS = lexicon.words("cues", "person noun")
# Words that locate a name by another place: compass words and «قرب», «أطراف», «ريف»…
DIRECTIONS = (frozenset(lexicon.table("directions", "noun", "bare adjective", "adverb"))
              | lexicon.words("cues", "locator"))
# Direction adjectives with the article: after a noun they are its adjective («ريف حمص الشمالي»).
DIRECTION_ADJECTIVES = frozenset(lexicon.table("directions", "adjective"))
# «المدينة», «القرية», «المعبر»: a designator with the article points back to a place, is no name.
CUE_WORDS = (frozenset(DESIGNATORS) | frozenset(ARTICLE + d for d in DESIGNATORS)
             | DIRECTIONS | MEDIA_HEADS | ORG_HEADS | REPORTING_VERBS | PERSON_TITLES
             | EVENT_HEADS | OUTLET_TAILS | OUTLET_TIME_TAILS | PUBLISHING_VERBS | SPEECH_VERBS
             | PLACE_PREPOSITIONS)
WINDOW = 60  # characters on each side of a mention that its context words come from
_PREFIXES_LONGEST_FIRST = sorted(CLITIC_PREFIXES, key=len, reverse=True)


class Context(NamedTuple):
    """Normalized words right before and after a mention (clitics kept: see strip_clitic);
    a named tuple, as Match is: one is made per name match."""

    before: tuple[str, ...]  # nearest first
    after: tuple[str, ...]   # nearest first
    gap_before: str          # the raw text between the previous word and the mention


def context_of(words: Words, nstart: int, nend: int, prefix: str, n: int = 3) -> Context:
    """Up to `n` whole words on each side of the mention at [nstart, nend) of the normalized
    text, within WINDOW characters of it, read from the text's word index."""
    left_end, starts, ends = nstart - len(prefix), words.starts, words.ends
    i = bisect_right(ends, left_end)  # the words that end before the mention (and its clitic)
    lo = max(0, i - n)
    while lo < i and starts[lo] < left_end - WINDOW:
        lo += 1
    j = bisect_left(starts, nend)
    hi = min(len(starts), j + n)
    while hi > j and ends[hi - 1] > nend + WINDOW:
        hi -= 1
    gap = words.text[ends[i - 1] if i else max(0, left_end - WINDOW):left_end]
    return Context(tuple(reversed(words.words[lo:i])), tuple(words.words[j:hi]), gap)


@lru_cache(maxsize=200_000)
def strip_clitic(word: str) -> str:
    """A word without its leading clitic when the rest is a known cue word («بريف» → «ريف»)."""
    if word in CUE_WORDS:
        return word
    if word.startswith("لل") and "ا" + word[1:] in CUE_WORDS:
        return "ا" + word[1:]  # «للأحياء» → «الأحياء»
    for p in _PREFIXES_LONGEST_FIRST:
        if word.startswith(p) and word[len(p):] in CUE_WORDS:
            return word[len(p):]
    return word


def clitic_forms(words: frozenset[str]) -> set[str]:
    """Every written form that strip_clitic may bring back to one of `words` (a superset:
    test each found form with strip_clitic)."""
    out = set(words)
    for w in words:
        out.update(p + w for p in CLITIC_PREFIXES)
        if w.startswith(ARTICLE):
            out.add("ل" + w[1:])  # «للعاصمه» → «العاصمه»
    return out


def designator_before(ctx: Context, prefix: str) -> str | None:
    """The designator word directly before the mention, if any (no clitic on the name itself)."""
    if not ctx.before or prefix not in ("", ):
        return None
    word = strip_clitic(ctx.before[0])
    if word.startswith(ARTICLE) and word.removeprefix(ARTICLE) in DESIGNATORS \
            and word not in DESIGNATORS:
        return None  # «المدينة» is the city the text is about, not a designator
    return word if word in DESIGNATORS else None


def _state_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """{the word nearest the name: the phrases ending with it, their words nearest first} of
    lexicon/state_words.csv, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in lexicon.words("state_words", "state"):
        words = tuple(reversed(phrase.split(" ")))
        out.setdefault(words[0], []).append(words)
    return {near: tuple(sorted(p, key=len, reverse=True)) for near, p in out.items()}


# Nouns whose construct complement is a state («وزراء خارجية قطر», «حكومة تونس», «سفير المجر»).
STATE_PHRASES = _state_phrases()


def state_word(ctx: Context, prefix: str) -> str:
    """The noun (or phrase) right before the name that governs a state, as normalized, with a
    clitic on its first word allowed («وحكومة قطر»); "" for none. The name takes no clitic and
    nothing but spaces stands between them: a construct's two terms are written so."""
    if prefix or not ctx.before or ctx.gap_before.strip():
        return ""
    for phrase in STATE_PHRASES.get(ctx.before[0], ()) + _clitic_phrases(ctx.before[0]):
        n = len(phrase)
        if len(ctx.before) >= n and ctx.before[:n - 1] == phrase[:n - 1] \
                and _bare_is(ctx.before[n - 1], phrase[n - 1]):
            return " ".join(reversed(phrase))
    return ""


def _clitic_phrases(word: str) -> tuple[tuple[str, ...], ...]:
    """The one-word state phrases that `word` writes with a clitic («لحكومة»)."""
    for p in _PREFIXES_LONGEST_FIRST:
        if word.startswith(p) and (word[len(p):],) in STATE_PHRASES.get(word[len(p):], ()):
            return ((word[len(p):],),)
    return ()


def _bare_is(word: str, bare: str) -> bool:
    """`word` is `bare`, alone or after a clitic («وحكومة», «لسفير»)."""
    return word == bare or any(word == p + bare for p in CLITIC_PREFIXES)
