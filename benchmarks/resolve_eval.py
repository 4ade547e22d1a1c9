"""Precision and recall of entity resolution on the labelled pairs.

Reads the records (tests/data/resolve/records.csv: 3,800 organisations of the real
CORDIS, ROR, ClinicalTrials.gov, OpenAlex and EDGAR samples and the hand-curated
Belgian set) and the labelled pairs (tests/data/resolve/pairs.csv), and measures
the model of :mod:`bioregion.resolve.match` by 5-fold cross-validation over the
pairs: in each fold the m probabilities are estimated from the matching pairs of the
other four folds (Splink's ``estimate_m_from_pairwise_labels``), u by random sampling
on all records (seeded), and every record is run through blocking and prediction as
``bioregion resolve`` would; the held-out pairs are then looked up in the
predictions (a pair that blocking did not propose counts as predicted non-match).
Thresholds are fixed in advance (0.95 automatic, 0.70 review), not tuned. A pair is
merged automatically as :func:`bioregion.resolve.apply.decide` says: not held back,
and at or above 0.95, or picked by a rule of :mod:`bioregion.resolve.rules` (computed
from the records alone, never from the labels) with comparisons that favour a match.

Two runs: ``full`` (all comparisons) and ``names_only`` (identifiers, VAT and web
domains hidden: how the model does on name, place and kind alone).

    .venv/bin/python benchmarks/resolve_eval.py            # writes results/resolve.json
    .venv/bin/python benchmarks/resolve_eval.py --fit      # prints TRAINED_M for match.py
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bioregion.resolve.apply import decide
from bioregion.resolve.match import (
    explain,
    linker_for,
    prepare_records,
    quiet_splink,
    train_m_from_labels,
)
from bioregion.resolve.rules import RULE_MIN_WEIGHT, sure_pairs

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "resolve"
OUT = ROOT / "benchmarks" / "results" / "resolve.json"
AUTO, REVIEW = 0.95, 0.70


def load_actors(path: Path = DATA / "records.csv") -> pd.DataFrame:
    """The records file as an actors frame (identifiers as dicts, names as tuples)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["identifiers"] = [
        dict(kv.split(":", 1) for kv in text.split(";") if ":" in kv)
        for text in frame["identifiers"]
    ]
    for column in ("aliases", "acronyms"):
        frame[column] = [tuple(v for v in text.split("|") if v) for text in frame[column]]
    return frame


def hide_identifiers(actors: pd.DataFrame) -> pd.DataFrame:
    hidden = actors.copy()
    hidden["identifiers"] = [{} for _ in range(len(hidden))]
    hidden["website"] = ""
    return hidden


def folds(pairs: pd.DataFrame, k: int = 5, seed: int = 7) -> np.ndarray:
    """A fold number per pair, stratified by label, seeded."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(pairs), dtype=int)
    for label in ("match", "non-match"):
        where = np.flatnonzero(pairs["label"].to_numpy() == label)
        rng.shuffle(where)
        fold[where] = np.arange(len(where)) % k
    return fold


def predicted(records: pd.DataFrame, m: dict, seed: int, sure: set) -> dict[tuple[str, str], tuple]:
    """(probability, merged automatically?, reason) by sorted id pair, as
    ``bioregion resolve`` decides (:func:`bioregion.resolve.apply.decide`)."""
    with quiet_splink():
        linker = linker_for(records, m_probabilities=m, seed=seed)
        found = linker.inference.predict(threshold_match_probability=None).as_pandas_dataframe()
    scored = explain(found)
    out = {}
    for a, b, p, e in zip(
        scored["left"], scored["right"], scored["probability"], scored["evidence"], strict=True
    ):
        decision, reason = decide(
            a, b, p, e, sure=sure.get(frozenset((a, b)), False), threshold=AUTO
        )
        out[(a, b)] = (p, decision == "auto", reason)
    return out


def cross_validate(
    records: pd.DataFrame, pairs: pd.DataFrame, k: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities, and whether `bioregion resolve` would merge the pair
    automatically (:func:`bioregion.resolve.apply.decide`; the same-name rule of
    :mod:`bioregion.resolve.rules` reads the records only, never the labels)."""
    fold = folds(pairs, k)
    sure = sure_pairs(records)
    probability = np.zeros(len(pairs))
    automatic = np.zeros(len(pairs), dtype=bool)
    keys = [tuple(sorted(p)) for p in zip(pairs["left_id"], pairs["right_id"], strict=True)]
    for f in range(k):
        train = pairs[(fold != f) & (pairs["label"] == "match").to_numpy()]
        m = train_m_from_labels(
            records, train.rename(columns={"left_id": "left", "right_id": "right"}), seed=seed
        )
        scores = predicted(records, m, seed, sure)
        for i in np.flatnonzero(fold == f):
            probability[i], automatic[i], _ = scores.get(keys[i], (0.0, False, ""))
    return probability, automatic


def metrics(labels: np.ndarray, probability: np.ndarray, automatic: np.ndarray) -> dict:
    truth = labels == "match"
    out = {}
    # What `bioregion resolve` does (bioregion.resolve.apply.decide).
    auto = automatic
    tp = int((auto & truth).sum())
    out["automatic_merges_as_applied"] = {
        "rule": "not held back (one registry, conflicting registry ids, names only "
        f"similar), and probability >= {AUTO} or picked by a rule "
        "of bioregion.resolve.rules (same name, or a bare name and its group) whose "
        f"comparisons weigh >= {RULE_MIN_WEIGHT} bits in all",
        "proposed": int(auto.sum()),
        "true_positives": tp,
        "precision": round(tp / auto.sum(), 4) if auto.sum() else None,
        "recall": round(tp / truth.sum(), 4),
    }
    queued = (probability >= REVIEW) & ~auto
    out["review_queue_as_applied"] = {
        "pairs": int(queued.sum()),
        "matches": int((queued & truth).sum()),
        "non_matches": int((queued & ~truth).sum()),
        "recall_of_automatic_plus_queue": round(
            int(((auto | queued) & truth).sum()) / truth.sum(), 4
        ),
    }
    for name, low in (("automatic", AUTO), ("automatic_or_review", REVIEW)):
        chosen = probability >= low
        tp = int((chosen & truth).sum())
        out[name] = {
            "threshold": low,
            "proposed": int(chosen.sum()),
            "true_positives": tp,
            "precision": round(tp / chosen.sum(), 4) if chosen.sum() else None,
            "recall": round(tp / truth.sum(), 4),
        }
    out["curve"] = []
    for low in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99):
        chosen = probability >= low
        tp = int((chosen & truth).sum())
        out["curve"].append(
            {
                "threshold": low,
                "precision": round(tp / chosen.sum(), 4) if chosen.sum() else None,
                "recall": round(tp / truth.sum(), 4),
            }
        )
    band = (probability >= REVIEW) & (probability < AUTO)
    out["review_band"] = {
        "range": [REVIEW, AUTO],
        "pairs": int(band.sum()),
        "matches": int((band & truth).sum()),
        "non_matches": int((band & ~truth).sum()),
    }
    return out


def errors(pairs: pd.DataFrame, probability: np.ndarray, automatic: np.ndarray) -> list[dict]:
    """Non-matches merged automatically, and matches neither merged nor queued."""
    wrong = (automatic & (pairs["label"] != "match").to_numpy()) | (
        (probability < REVIEW) & (pairs["label"] == "match").to_numpy()
    )
    shown = pairs[wrong].assign(probability=probability[wrong].round(4))
    return shown[
        ["left_id", "left_name", "right_id", "right_name", "label", "probability"]
    ].to_dict("records")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fit", action="store_true", help="print TRAINED_M from all pairs")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    actors = load_actors()
    pairs = pd.read_csv(DATA / "pairs.csv", dtype=str, keep_default_na=False)
    records = prepare_records(actors)
    if args.fit:
        matches = pairs[pairs["label"] == "match"]
        m = train_m_from_labels(
            records,
            matches.rename(columns={"left_id": "left", "right_id": "right"}),
            seed=args.seed,
        )
        print(json.dumps(m, indent=4))
        return 0
    result: dict = {
        "what": "precision/recall of entity resolution, 5-fold cross-validation over "
        "labelled pairs",
        "records": len(records),
        "pairs": {"total": len(pairs), **pairs["label"].value_counts().to_dict()},
        "folds": args.folds,
        "seed": args.seed,
        "python": platform.python_version(),
        "runs": {},
    }
    for run, frame in (("full", actors), ("names_only", hide_identifiers(actors))):
        started = time.perf_counter()
        probability, automatic = cross_validate(
            prepare_records(frame), pairs, args.folds, args.seed
        )
        result["runs"][run] = {
            "seconds": round(time.perf_counter() - started, 1),
            **metrics(pairs["label"].to_numpy(), probability, automatic),
            "errors": errors(pairs, probability, automatic),
        }
        print(run, json.dumps({k: v for k, v in result["runs"][run].items() if k != "errors"}))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
