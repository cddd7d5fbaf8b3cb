"""Other readings of a place name that the words around it force: the name of an agreement or a
conference («اتفاقية أضنة»), an adjective in the accusative («لاجئا سوريا», «مدعوم تركياً»),
a man who speaks («قال بشار إن …»). The words are data (lexicon/cues.csv: event, person noun,
speech; lexicon/numbers.csv)."""
from __future__ import annotations

from functools import lru_cache

from .. import lexicon
from ..gazetteer.index import Entry
from .context import EVENT_HEADS, NAME_HEADS, PERSON_NOUNS, SPEECH_VERBS, Context, strip_clitic

_TANWIN = frozenset("\u064b\u064c\u064d")  # -an, -un, -in: an indefinite word, never a name
NUMBER_WORDS = lexicon.words("numbers")
# «سوري» (4.5), «ألماني» (3.1) are words: «سوريا», «ألمانيا» are also their accusatives.
NISBA_ZIPF = 3.0


def event_reason(key: str, ctx: Context, prefix: str, text: str, nend: int) -> str | None:
    """«اتفاقية أضنة», «مسار أستانا», «مؤتمر برلين»: a name right after the head of an
    agreement, process, conference or talks names that event. Not a name that heads itself
    («قمة جبل الشيخ» is a mountain's top), nor a route («مسار حلب – دمشق»)."""
    if prefix or not ctx.before or ctx.gap_before.strip():
        return None
    head = strip_clitic(ctx.before[0])
    if head not in EVENT_HEADS or key.split(" ")[0] in NAME_HEADS:
        return None
    if text[nend:nend + 3].strip()[:1] in ("-", "–", "—"):
        return None
    return f"names an agreement or event («{head} …»)"


def accusative_reason(key: str, surface: str, ctx: Context, prefix: str) -> str | None:
    """A name written with tanwin is an indefinite word («المدعوم تركياً» 'backed by Turkey'),
    and a country named like the accusative of its adjective («سوريا», «تركيا») after a number
    or a noun for a person is that adjective: «ثلاثين سوريا» thirty Syrians, «لاجئا سوريا»."""
    if _TANWIN.intersection(surface[-2:]):
        return f"«{surface}» has tanwin: an indefinite adjective or adverb, not a name"
    if prefix or not ctx.before or ctx.gap_before.strip() or not _accusative_nisba(key):
        return None
    before = ctx.before[0]
    if _is_count(before) or before in PERSON_NOUNS or before.endswith("ا") and \
            before[:-1] in PERSON_NOUNS:
        return f"«{surface}» after «{before}» is the adjective in the accusative (people)"
    return None


@lru_cache(maxsize=4096)
def _accusative_nisba(key: str) -> bool:
    """«سوريا» is «سوري» + the accusative alef: a name ending in «يا» whose stem is a frequent
    adjective."""
    from .nonplaces import zipf  # nonplaces judges with this module's rules

    return key.endswith("يا") and " " not in key and zipf(key[:-1]) >= NISBA_ZIPF


def _is_count(word: str) -> bool:
    """A number counting what follows: digits (not a year) or a number word."""
    if word.isdigit():
        return not (len(word) == 4 and word[:2] in ("19", "20"))
    return word in NUMBER_WORDS


def spoken_by(ctx: Context, prefix: str, candidates: list[Entry]) -> list[Entry]:
    """The candidates a name can be right after a masculine verb of saying: a town is feminine
    («قالت دمشق»), so after «قال» only a country can speak («أكد العراق»); the name of a
    town there is a man's («قال بشار إن …»)."""
    if prefix or not ctx.before or strip_clitic(ctx.before[0]) not in SPEECH_VERBS:
        return candidates
    return [e for e in candidates if e.kind == "country"]
