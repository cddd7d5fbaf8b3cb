"""Score geomap's journeys on hand-written sentences (tests/fixtures/journeys.jsonl).

Each case gives its journeys by the words of the text: an endpoint is a surface form that the
predicted endpoint's span (or Arabic name) must contain or be contained in, ``=Name`` for a
name_en the endpoint must contain (an origin the text implies, as a country from a nisba), or
null. Journeys match on origin and destination, as `geomap eval` matches them; a negated
journey is not a journey (the cases, like the dev corpus, list none). Run as a script to print
precision and recall: ``python tests/journey_cases.py``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent / "fixtures" / "journeys.jsonl"


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def endpoint_matches(text: str, pred: Any, want: str | None) -> bool:
    """Whether a predicted Endpoint (or None) is the one the case names."""
    from geomap.text.normalize import normalize_name

    if pred is None or want is None:
        return pred is None and want is None
    if want.startswith("="):
        return want[1:].lower() in (pred.name_en or "").lower()
    want_n = normalize_name(want)
    said = [normalize_name(s) for s in (pred.name_ar or "",
                                        text[pred.start:pred.end] if pred.start is not None
                                        else "") if s]
    return any(want_n in s or s in want_n for s in said)


def journeys(report: Any) -> list[Any]:
    """The journeys a report draws as told: every movement not negated."""
    return [m for m in report.movements if m.status != "negated"]


def match_case(case: dict[str, Any], report: Any) -> list[tuple[dict[str, Any], Any]]:
    """(gold, predicted) pairs matched one-to-one on origin and destination, in gold order."""
    text, used, pairs = case["text"], set(), []
    preds = journeys(report)
    for g in case["journeys"]:
        for i, m in enumerate(preds):
            if i not in used and endpoint_matches(text, m.origin, g.get("origin")) and \
                    endpoint_matches(text, m.destination, g.get("destination")):
                used.add(i)
                pairs.append((g, m))
                break
    return pairs


def score(extract: Any = None) -> dict[str, Any]:
    """Precision and recall of journeys over all cases, with via, count and status accuracy of
    the matched ones and the ids of the cases not told right."""
    if extract is None:
        from geomap import extract
    tp = pred = gold = 0
    via_ok = via_n = count_ok = count_n = status_ok = status_n = 0
    wrong = []
    for case in load_cases():
        report = extract(case["text"])
        pairs = match_case(case, report)
        n_pred, n_gold = len(journeys(report)), len(case["journeys"])
        tp, pred, gold = tp + len(pairs), pred + n_pred, gold + n_gold
        if len(pairs) != n_gold or n_pred != n_gold:
            wrong.append(case["id"])
        for g, m in pairs:
            if g.get("via"):
                via_n += 1
                via_ok += len(m.via) == len(g["via"]) and all(
                    endpoint_matches(case["text"], v, w) for v, w in zip(m.via, g["via"]))
            if g.get("counts"):
                count_n += 1
                count_ok += sorted(map(tuple, g["counts"])) == sorted(m.counts)
            status_n += 1
            status_ok += m.status == g.get("status", "done")
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "tp": tp, "predicted": pred,
            "gold": gold, "via": f"{via_ok}/{via_n}", "counts": f"{count_ok}/{count_n}",
            "status": f"{status_ok}/{status_n}", "wrong": wrong}


if __name__ == "__main__":  # pragma: no cover - a report for people
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(score(), ensure_ascii=False, indent=1))
