"""Arabic word frequencies on wordfreq's zipf scale, without loading wordfreq's whole list.

Importing wordfreq and loading its Arabic list (620,000 words) takes ~0.6 s and ~95 MB, for
the few hundred words a run asks about. So the list is copied once into the user's cache folder
(see gazetteer.cache; wordfreq's data is CC BY-SA 4.0: it stays there and is never shipped) as
sorted words with their centibel buckets and a hash index of them, read in place (mmap). A word of
plain Arabic letters (words separated by single spaces) is looked up there and its zipf value
computed as wordfreq computes it from the same buckets (spaces, tabs and newlines only separate
tokens: «حلب  إدلب» and « حلب» are looked up as «حلب إدلب» and «حلب»); any other string
(marks, digits, other scripts, punctuation) goes to wordfreq itself, whose tokenizer decides.
"""
from __future__ import annotations

import importlib.util
import math
import mmap
import re
import sys
import threading
from array import array
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path
from zlib import crc32

from ..gazetteer import cache
from ..text.normalize import strip_marks

# Letters wordfreq's Arabic preprocessing (NFKC, marks and tatweel removed, casefold) and its
# tokenizer leave as they are: hamza to yeh, fa to yeh. Tatweel (U+0640) is not among them.
_PLAIN = re.compile("[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*")
_PLAIN_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")  # _PLAIN's one-word strings
_SPACES = re.compile("[ \t\n\r]+")  # a name read from a text may keep a space at an edge
_MAGIC = b"geomap wordfreq\n"  # 16 bytes, then the count (uint64), offsets, buckets, words,
# padding to 8 bytes, and the hash slots (uint32: 1 + a word's index, 0 for none)
_FORMAT = "2"  # the table's layout and what it holds: change it when either changes
_MIN_FREQ = 10 ** 0.0 / 1e9  # wordfreq.zipf_to_freq(0): zipf_frequency's default minimum
_lock = threading.Lock()
_table: "WordTable | None | bool" = False  # False: not opened yet; None: no cache, use wordfreq


class WordTable:
    """wordfreq's Arabic buckets for sorted words, read in place from a cache file. A word is
    found by its CRC-32 in a table of slots (open addressing, linear probing, at most a third
    full): a few reads of the file where a binary search of 620,000 words made twenty."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(self._map)
        if view[:16] != _MAGIC:
            raise ValueError("not a word table")
        self._n = n = int.from_bytes(view[16:24], sys.byteorder)
        self._offsets = view[24:24 + 8 * (n + 1)].cast("Q")
        start = 24 + 8 * (n + 1)
        self._buckets = view[start:start + 2 * n].cast("H")
        self._words = start + 2 * n  # where the words' UTF-8 bytes begin
        slots_at, size = _slots_at(self._words + self._offsets[n]), _slot_count(n)
        if len(self._map) != slots_at + 4 * size:
            raise ValueError("a word table of another length than it says")
        self._slots = view[slots_at:].cast("I")
        self._mask = size - 1

    def bucket(self, word: str) -> int | None:
        """wordfreq's centibel bucket of one token (its frequency is 10 ** (-bucket / 100))."""
        key, base, offsets, data, slots = word.encode(), self._words, self._offsets, \
            self._map, self._slots
        h = crc32(key) & self._mask
        while j := slots[h]:
            if data[base + offsets[j - 1]:base + offsets[j]] == key:
                return self._buckets[j - 1]
            h = (h + 1) & self._mask
        return None

    def plain_bucket(self, word: str) -> int | None:
        """bucket() by a binary search of the sorted words (for tests)."""
        key, base, offsets, data = word.encode(), self._words, self._offsets, self._map
        i = bisect_left(range(self._n), key,
                        key=lambda j: data[base + offsets[j]:base + offsets[j + 1]])
        if i < self._n and data[base + offsets[i]:base + offsets[i + 1]] == key:
            return self._buckets[i]
        return None


def _slot_count(n: int) -> int:
    """The hash slots of a table of n words: a power of two, at least 2n (a third full)."""
    return 1 << max(4, (2 * n).bit_length())


def _slots_at(end: int) -> int:
    """Where the slots begin: the end of the words, rounded up to 8 bytes."""
    return (end + 7) & ~7


def _hash_slots(encoded: list[bytes]) -> array:
    """The slots of the words (in table order), as WordTable.bucket probes them."""
    mask = _slot_count(len(encoded)) - 1
    slots = array("I", bytes(4 * (mask + 1)))
    for j, key in enumerate(encoded):
        h = crc32(key) & mask
        while slots[h]:
            h = (h + 1) & mask
        slots[h] = j + 1
    return slots


def zipf(word: str) -> float:
    """wordfreq.zipf_frequency(word, "ar"), from the cached table when the word is plain once
    its diacritics and tatweel are dropped (wordfreq drops them from Arabic too)."""
    if _PLAIN_WORD.fullmatch(word):  # one word of plain letters, as most are: as it stands
        tokens = word
        table = _opened()
    else:
        word = strip_marks(word)
        tokens = _SPACES.sub(" ", word).strip(" ")  # wordfreq splits at spaces as split() does
        table = _opened() if _PLAIN.fullmatch(tokens) else None
    if table is None:
        from wordfreq import zipf_frequency

        return zipf_frequency(word, "ar")
    if " " in tokens:
        return zipf_of_buckets([table.bucket(token) for token in tokens.split(" ")])
    bucket = table.bucket(tokens)  # one word, as most are: its value is its bucket's
    value = _ONE_WORD.get(bucket)
    if value is None:
        value = _ONE_WORD[bucket] = zipf_of_buckets([bucket])
    return value


_ONE_WORD: dict[int | None, float] = {}  # zipf_of_buckets([b]) by b: a few hundred buckets


def zipf_of_buckets(buckets: list[int | None]) -> float:
    """The zipf value wordfreq gives tokens of these buckets (None: a token it does not know),
    step for step as wordfreq._word_frequency and zipf_frequency compute it."""
    if None in buckets:
        freq = _MIN_FREQ
    else:
        one_over_result = 0.0
        for b in buckets:
            one_over_result += 1.0 / 10 ** (-b / 100)
        unrounded = max(1.0 / one_over_result, _MIN_FREQ)
        leading_zeroes = math.floor(-math.log(unrounded, 10))
        freq = round(unrounded, leading_zeroes + 3)
    return round(math.log(freq, 10) + 9, 2)


def _opened() -> WordTable | None:
    """The word table of this process (built into the cache on first use), or None."""
    global _table
    if _table is False:
        with _lock:
            if _table is False:
                _table = _open()
    return _table  # type: ignore[return-value]


def _open() -> WordTable | None:
    """Open (building if need be) the cached word table; None when the cache cannot serve.
    A table that cannot be read (damaged) is built again, once."""
    try:
        key = cache.fingerprint("words", _FORMAT, *_source_stamp(), sys.byteorder, code=False)
        for attempt in (1, 2):
            path = cache.entry("words", key, ".bin", _write_table)
            if path is None:
                return None
            try:
                return WordTable(path)
            except (OSError, ValueError) as exc:
                if attempt == 2:
                    raise
                cache.warn(str(path), f"cannot read the cache file {path} ({exc}); "
                                      "building it again")
                cache.remove(path)
    except (OSError, ValueError) as exc:
        cache.warn("words", f"cannot use the word frequency table ({exc}); asking wordfreq")
    return None


def _source_stamp() -> list[str]:
    """Size and time of wordfreq's Arabic lists: another wordfreq means another table."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("wordfreq is not installed")
    data = Path(list(spec.submodule_search_locations)[0]) / "data"
    stamps = []
    for name in ("large_ar.msgpack.gz", "small_ar.msgpack.gz"):
        try:
            st = (data / name).stat()
            stamps.append(f"{name} {st.st_size} {st.st_mtime_ns}")
        except FileNotFoundError:
            stamps.append(f"{name} none")
    return stamps


def _write_table(path: Path) -> None:
    """Write wordfreq's Arabic list ('best') as a table WordTable reads."""
    from wordfreq import get_frequency_list

    # a word listed in two buckets keeps the last, as wordfreq's get_frequency_dict does
    buckets = {word: bucket for bucket, words in enumerate(get_frequency_list("ar", "best"))
               for word in words}
    words = sorted(buckets)  # code point order, which is the order of their UTF-8 bytes
    encoded = [word.encode("utf-8", "surrogatepass") for word in words]
    offsets = array("Q", [0])
    offsets.extend(accumulate(map(len, encoded)))
    with open(path, "wb") as f:
        f.write(_MAGIC + len(words).to_bytes(8, sys.byteorder))
        f.write(offsets.tobytes())
        f.write(array("H", [buckets[word] for word in words]).tobytes())
        data = b"".join(encoded)
        f.write(data)
        end = 24 + 8 * len(offsets) + 2 * len(words) + len(data)
        f.write(bytes(_slots_at(end) - end))
        f.write(_hash_slots(encoded).tobytes())
