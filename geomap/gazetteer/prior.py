"""The prior of a gazetteer entry: how likely a bare mention of its name means it (importance)."""
from __future__ import annotations

import math

_KIND_BASE = {
    "country": 1.0, "governorate": 0.8, "district": 0.7, "region": 0.6, "city": 0.4,
    "river": 0.4, "base": 0.35, "crossing": 0.35, "camp": 0.35, "town": 0.3, "airport": 0.3,
    "neighbourhood": 0.3, "landmark": 0.3, "village": 0.25, "road": 0.25,
}
_LEVEL_SCORE = {0: 0.95, 1: 0.85, 2: 0.6, 3: 0.45}


def importance(kind: str, level: int | None, population: int | None) -> float:
    """Prior (0..1) that a bare mention of the name means this entry; monotone in every input.

    importance = max(kind base, admin-centre score, population score), where
    - kind base: country 1.0, governorate 0.8, district 0.7, region 0.6, city/river 0.4,
      base/crossing/camp 0.35, town/airport/neighbourhood/landmark 0.3, village/road 0.25
      (other kinds 0.25);
    - admin-centre level (OCHA CAPIT_LVL, GeoNames PPLC/PPLA/PPLA2/PPLA3): national capital 0.95,
      governorate/province centre 0.85, district centre 0.6, sub-district centre 0.45;
    - population p: (log10 p − 2) / 6 capped at 0.9 (1,000 → 0.17, 100,000 → 0.5, 10 M → 0.83).
    """
    score = _KIND_BASE.get(kind, 0.25)
    if level is not None:
        score = max(score, _LEVEL_SCORE.get(level, 0.0))
    if population and population > 0:
        score = max(score, min(0.9, (math.log10(population) - 2) / 6))
    return round(min(1.0, max(0.0, score)), 3)
