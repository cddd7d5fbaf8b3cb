"""A place name that belongs to a news outlet's name, a byline or a dateline is no place.

Outlets are named after places («نيويورك تايمز», «بغداد اليوم», «عدن الغد»), reports credit them
(«قال مصدر لـ"عدن الغد"») and datelines open a report with where it was filed («دمشق: …»,
«غزة – خاص»): the name there says who reports or from where, not where anything happens. The
words are data (lexicon/cues.csv: outlet, outlet time, publishing, speech, reporting).
"""
from __future__ import annotations

import re

from .context import (OUTLET_TAILS, OUTLET_TIME_TAILS, PUBLISHING_VERBS, REPORTING_VERBS,
                      SPEECH_VERBS, Context, strip_clitic)

# A time word closing an outlet's name reads as the outlet when a source follows («… عن
# مصادر», «نقلا عن …»).
_SOURCE_WORDS = frozenset({"عن", "نقلا"})
# Words of a byline before «لـ»: a verb of saying, or a statement or an exclusive given to it.
_STATEMENT_WORDS = SPEECH_VERBS | REPORTING_VERBS | frozenset(
    {"تصريح", "تصريحات", "حديث", "خاص", "خاصه", "مصدر", "مصادر"})
BYLINE_WORDS = 6  # how far back a verb or noun of saying makes a «لـ» a byline's
_TATWEEL = "\u0640"
# After a name at the start of a line: a colon, «– خاص», or an agency in brackets and a dash
# («دمشق – خاص», «غزة:», «بيروت (رويترز) -»), maybe after a comma and a date.
_DATELINE_TAIL = re.compile(
    r"[ \t]*(?:،[^\n:()]{0,30})?[ \t]*(?::|[-–—][ \t]*خاص|\([^()\n]{1,30}\)[ \t]*[-–—:])")
_LINE_LEAD_CHARS = frozenset(" \t*#-–—\"'«»“”()")


def outlet_reason(text: str, original: str, start: int, nstart: int, nend: int, ctx: Context,
                  prefix: str) -> str | None:
    """Why the name at text[nstart:nend] (original[start:] as written) names an outlet or a
    dateline rather than a place, or None."""
    after = ctx.after[0] if ctx.after else ""
    if after in OUTLET_TAILS:
        return f"part of an outlet's name («… {after}»)"
    if nend < len(text) and text[nend].isdigit():
        return "part of an outlet's name (glued to digits)"
    if after in OUTLET_TIME_TAILS and _reports(ctx, prefix):
        return f"an outlet reporting («… {after}»)"
    if _byline(text, original, start, nstart, ctx, prefix):
        return "an outlet credited in a byline («لـ …»)"
    if not prefix and _dateline(text, nstart, nend):
        return "a dateline (where the report was filed)"
    return None


def _reports(ctx: Context, prefix: str) -> bool:
    """The name and its time word are the subject of a verb only media do («نقلت بغداد اليوم»),
    or a source follows them («… اليوم عن مصادر»)."""
    if prefix:
        return False
    before = strip_clitic(ctx.before[0]) if ctx.before else ""
    return before in PUBLISHING_VERBS or len(ctx.after) > 1 and ctx.after[1] in _SOURCE_WORDS


def _byline(text: str, original: str, start: int, nstart: int, ctx: Context,
            prefix: str) -> bool:
    """The name after a «لـ» written apart (or with a tatweel) in a statement: «قال مصدر
    لـ"عدن الغد"», «خاص لـ …». An attached «ل» is a preposition («الطريق لحلب»)."""
    apart = not prefix and ctx.before and ctx.before[0] == "ل"
    drawn = prefix == "ل" and start > 0 and original[start - 1] == _TATWEEL
    if not (apart or drawn):
        return False
    lam = nstart - len(prefix) - (0 if drawn else len(ctx.gap_before) + 1)
    words = text[max(0, lam - 80):lam].split()[-BYLINE_WORDS:]
    return any(strip_clitic(w) in _STATEMENT_WORDS for w in words)


def _dateline(text: str, nstart: int, nend: int) -> bool:
    """The name opens a line and a colon, «– خاص» or «(agency) -» closes it: a dateline."""
    k = nstart - 1  # back over the line's lead: a line break (or the text's start) must end it
    while k >= 0 and text[k] in _LINE_LEAD_CHARS:
        k -= 1
    if k >= 0 and text[k] != "\n":
        return False
    return _DATELINE_TAIL.match(text, nend) is not None
