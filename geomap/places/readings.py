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
TIME_WORDS = lexicon.words("clause_words", "time")
# A phrase standing alone between these (or a line's ends): a title, a slogan, a headline.
_PHRASE_EDGES = frozenset(".…:؛!?،,«»\"“”()-–—\n")
# A construct's second term is a common noun this frequent («الأرض» 4.7, «الوطن» 5.2).
NOUN_ZIPF = 4.0
# A definite word with one of these endings may agree with a place name as its adjective:
# feminine «ـة» (normalized «ـه»), elatives and colours «ـى», «ـاء», nisbas «ـي».
_ADJECTIVE_ENDINGS = ("ه", "ي", "اء")
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


def construct_reason(text: str, nstart: int, nend: int, ctx: Context, prefix: str
                     ) -> str | None:
    """A phrase of two words standing alone, a name and a definite common noun («حماة الأرض»
    'protectors of the land'), is a construct: a proper name heads none, so the first word is
    the common noun spelled like the place. Not where the second word may be the place's
    adjective («حلب الشهباء», «القدس الشرقية») or a day («حلب الخميس»)."""
    if prefix or len(ctx.after) < 1 or not _edge_before(text, nstart):
        return None
    noun = ctx.after[0]
    end = nend + 1 + len(noun)
    if text[nend:nend + 1] != " " or text[nend + 1:end] != noun or not _edge_after(text, end):
        return None
    if not noun.startswith("ال") or noun.endswith(_ADJECTIVE_ENDINGS) or noun in TIME_WORDS \
            or _zipf(noun) < NOUN_ZIPF:
        return None
    return f"heads a construct with «{noun}», as no place name does"


def _edge_before(text: str, nstart: int) -> bool:
    """Nothing but spaces between the phrase's start (or the text's) and `nstart`."""
    k = nstart - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _PHRASE_EDGES


def _edge_after(text: str, end: int) -> bool:
    """Nothing but spaces between `end` and the phrase's end (or the text's)."""
    k = end
    while k < len(text) and text[k] in " \t":
        k += 1
    return k == len(text) or text[k] in _PHRASE_EDGES


def _zipf(word: str) -> float:
    from .nonplaces import zipf  # nonplaces judges with this module's rules

    return zipf(word)


def accusative_reason(key: str, surface: str, ctx: Context, prefix: str) -> str | None:
    """A name written with tanwin is an indefinite word («المدعوم تركياً» 'backed by Turkey'),
    and a country named like the accusative of its adjective («سوريا», «تركيا») after a number
    or a noun for a person is that adjective: «ثلاثين سوريا» thirty Syrians, «لاجئا سوريا»."""
    if surface[-1:] in _TANWIN or surface[-2:-1] in _TANWIN:
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
    return key.endswith("يا") and " " not in key and _zipf(key[:-1]) >= NISBA_ZIPF


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
