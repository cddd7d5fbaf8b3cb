"""Name handling for the gazetteer build: match keys, compound-name parts, best Arabic form.

This is build-time folding for duplicate checks only; text normalization lives in geomap.text.normalize.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .. import lexicon
from ..text.normalize import normalize_name

DIACRITICS = _DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# Arabic letters and marks only: Persian, Urdu, Kurdish and Uyghur letters fall outside.
_PLAIN_ARABIC = re.compile("[\u0621-\u063a\u0641-\u0652\u0670\u0640\\s'\\-]+")
_HAMZA_TAA = re.compile("[أإآءؤئة]")
_SEPARATORS = re.compile(r"\s*(?:[_/\\()،,|]|\s-\s?|-\s|(?<=\S)-(?=\S))\s*")

_NEAR = frozenset(lexicon.table("directions", "noun")) | {"قرب"}
# Words that name or qualify a kind of place, not a place: never alternate names on their own.
GENERIC_PARTS = lexicon.words("generic_names") | frozenset(
    lexicon.table("directions", "adjective", "bare adjective"))


def match_keys(text: str) -> set[str]:
    """Space-free folded keys; ة is tried as ه, ت and nothing, so معرتمصرين meets معرة تمصرين."""
    base = _DIACRITICS.sub("", text).translate(_ALEFS).replace(" ", "")
    return {base.replace("ة", sub) for sub in ("ه", "ت", "")} if base else set()


def article_keys(text: str) -> set[str]:
    """match_keys plus the same keys without a leading ال (GeoNames drops or adds the article)."""
    keys = match_keys(text)
    return keys | {k[2:] for k in keys if k.startswith("ال") and len(k) > 4}


def has_arabic(text: str) -> bool:
    """True when the text contains any Arabic-script character."""
    return bool(_ARABIC_SCRIPT.search(text))


def arabic_letters(text: str) -> int:
    """Number of Arabic letters in the text (spaces, digits and marks not counted)."""
    return len(_ARABIC_LETTER.findall(_DIACRITICS.sub("", text)))


def is_plain_arabic(text: str) -> bool:
    """Text written only in Arabic letters (no Latin, no Persian/Urdu/Kurdish-only letters)."""
    return bool(_PLAIN_ARABIC.fullmatch(text)) and has_arabic(text)


def best_arabic(forms: list[str]) -> str:
    """The Arabic form to use as name_ar.

    First the name: prefer plain Arabic letters (no Persian ی ک etc.) written without vowel
    marks (القدس over قُدس), then the name whose spellings (forms folding alike, with or
    without ال) the most forms agree on, then Arabic orthography, then the shortest. Then its
    spelling: hamza and ة (القاهرة over قاهره, إب over اب), then the one Arabic text uses most
    (wordfreq: الموصل over موصل, الرياض over رياض, دبي over دبى), then the shortest. Frequency
    only chooses among spellings of one name: between names it would pick a common phrase
    (مدينة القمر, «city of the moon», over أريحا).
    """
    forms = [f for f in forms if has_arabic(f)]
    if not forms:
        return ""
    keys = {f: article_keys(f) for f in forms}
    group = {f: [g for g in forms if keys[f] & keys[g]] for f in forms}

    def written(f: str) -> tuple[bool, bool]:
        return not is_plain_arabic(f), bool(_DIACRITICS.search(f))

    name = min(forms, key=lambda f: (*written(f), -len(group[f]),
                                     -len(_HAMZA_TAA.findall(f)), len(f), f))
    return min(group[name], key=lambda f: (*written(f), -len(_HAMZA_TAA.findall(f)),
                                           -_zipf(f), len(f), f))


@lru_cache(maxsize=None)
def _zipf(text: str) -> float:
    """How often Arabic text uses a spelling (wordfreq's zipf scale, 0 when unseen); a build-time
    question, so wordfreq is imported only when a build asks it."""
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "ar")


def split_pieces(name: str) -> list[str]:
    """The pieces of a name between explicit separators (_ / - ( ) ، ,)."""
    return [p.strip() for p in _SEPARATORS.split(name) if p and p.strip()]


def _always(_base: str) -> bool:
    """Accept every qualifier strip."""
    return True


def compound_parts(name: str, qualifiers: set[str], accept: Callable[[str], bool] = _always) -> list[str]:
    """Parts of a compound name that can stand alone as names, in order.

    «معارة النعسان_معارة الحاسك» → both halves; «الراموسة/ المنطقة الصناعية» → «الراموسة»;
    a part that is only the admin unit the name was qualified with («الفيحاء - دمشق», «كفريا
    معرتمصرين» in the sub-district معرة تمصرين) is dropped, and so is a generic word. `accept`
    vetoes a strip whose remainder is not known to need the qualifier («كفر حلب» stays whole).
    """
    pieces = split_pieces(name)
    parts = []
    for piece in pieces:
        base = strip_qualifier(piece, qualifiers)
        piece = base if base == piece or accept(base) else piece
        if arabic_letters(piece) < 3 or normalize_name(piece) in GENERIC_PARTS:
            continue
        if match_keys(piece) & qualifiers and len(pieces) > 1:
            continue
        parts.append(piece)
    return parts if (len(parts) > 1 or parts != [name.strip()]) else []


def strip_qualifier(piece: str, qualifiers: set[str]) -> str:
    """Drop a trailing or leading run of words naming the admin unit («العروبة الباب» → «العروبة»)."""
    words = piece.split()
    for cut in range(1, len(words)):
        if match_keys(" ".join(words[cut:])) & qualifiers:
            kept = words[:cut]
            return " ".join(kept[:-1] if len(kept) > 1 and kept[-1] in _NEAR else kept)
        if match_keys(" ".join(words[: len(words) - cut])) & qualifiers:
            return " ".join(words[len(words) - cut:])
    return piece


def qualifier_keys(names: list[str]) -> set[str]:
    """Match keys of admin-unit names, with and without the «مركز» (centre) prefix OCHA uses."""
    keys: set[str] = set()
    for name in names:
        if name and name != "<Null>":
            keys |= match_keys(name)
            if name.startswith("مركز "):
                keys |= match_keys(name[5:])
            if name.startswith("مدينة "):
                keys |= match_keys(name[6:])
    return keys
