"""The record-linkage model: which actors are one organisation, with a probability.

A Fellegi-Sunter model run by Splink on DuckDB (``pip install 'bioregion[resolve]'``).
Each actor becomes one record (:func:`prepare_records`); pairs that share a blocking
key (:data:`BLOCKING_RULES`, plus shared name keys and rare name words) are compared
field by field (:func:`comparisons`). u comes from seeded random pairs of the data
(:func:`u_sample`), m from the labelled pairs (:data:`TRAINED_M`) or by EM, the prior
from the pairs that share a registry id or a name (:data:`SURE_RULES`); registry-id
agreement and conflict have fixed weights. The method, its choices and its measured
precision and recall are in ``docs/resolution.md``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from bioregion.errors import ArgumentError, MissingExtraError
from bioregion.resolve.comparisons import (
    DEFAULT_M,
    IDENTIFIER_SCHEMES,
    M_FLOOR,
    TRAINED_M,
    WEAK_SCHEMES,
    comparisons,
    level_labels,
)
from bioregion.resolve.normalise import (
    acronym_keys,
    city_key,
    has_place_note,
    legal_form,
    name_keys,
    name_tokens,
    normalise_identifier,
    normalise_text,
    rare_tokens,
    source_of,
    website_domain,
)
from bioregion.resolve.sessions import duckdb_session, quiet_splink

if TYPE_CHECKING:
    from splink import Linker

__all__ = [
    "BLOCKING_RULES",
    "DEFAULT_M",
    "IDENTIFIER_SCHEMES",
    "SURE_RULES",
    "TRAINED_M",
    "WEAK_SCHEMES",
    "comparisons",
    "explain",
    "level_labels",
    "linker_for",
    "prepare_records",
    "quiet_splink",
    "score_pairs",
    "train_m_from_labels",
    "u_sample",
]

#: Where a web address may sit in an actor's identifiers.
WEBSITE_KEYS = ("website", "url", "homepage", "domain", "web")
#: Actor kinds too vague to compare (treated as unknown).
VAGUE_KINDS = frozenset({"", "other"})

#: Blocking rules: which pairs are compared at all (SQL on the prepared records).
BLOCKING_RULES: tuple[str, ...] = (
    "l.country = r.country and l.first_token = r.first_token",
    "l.name_norm = r.name_norm",
    "l.domain = r.domain",
    *(f"l.id_{s} = r.id_{s}" for s in (*IDENTIFIER_SCHEMES, *WEAK_SCHEMES)),
)
#: A token in more than this share of the names is not rare enough to block on.
RARE_TOKEN_SHARE = 0.02
# Blocking on shared name keys and rare name words explodes those arrays (_settings).
_EXPLODED_BLOCKS = ("all_keys", "rare_tokens")


def _website(identifiers: Mapping[str, Any], given: Any) -> str | None:
    for value in [given, *(identifiers.get(k) for k in WEBSITE_KEYS)]:
        if isinstance(value, str) and value.strip():
            return website_domain(value) or None
    return None


def prepare_records(
    actors: pd.DataFrame,
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    acronyms: Mapping[str, Sequence[str]] | None = None,
    domains: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """One Splink record per actor.

    ``actors`` is an actors frame (``store.frame("actors")``: ``id``, ``name``,
    ``kind``, ``country``, ``city``, ``identifiers``) with, optionally, ``postcode``,
    ``website``, ``aliases`` and ``acronyms`` columns (tuples of other names, e.g.
    ROR labels). ``aliases`` and ``acronyms`` add names by actor id (e.g.
    ``store.aliases()`` or a source dataset's ``aliases``), ``domains`` web domains
    by actor id (a source dataset's ``domains``); a tag ``postcode:<code>`` (as the
    CORDIS connector writes) gives the postcode. Returns a frame with ``unique_id``,
    ``source`` and the compared columns (``name_norm``, ``name_tokens``,
    ``name_sorted``, ``name_keys``, ``all_keys``, ``first_token``, ``rare_tokens``, ``legal_form``,
    ``city``, ``country``, ``postcode``, ``domain``, ``kind``, ``id_<scheme>``) and
    ``place_note`` (whether the name says in brackets where the organisation is, read
    by the rules of :mod:`bioregion.resolve.rules`, not compared by the model).
    """
    if "id" not in actors or "name" not in actors:
        raise ArgumentError("actors must have the columns 'id' and 'name'")
    aliases, acronyms, domains = aliases or {}, acronyms or {}, domains or {}
    rows = []
    for row in actors.to_dict("records"):
        aid = str(row["id"])
        others = [*_names(row.get("aliases")), *aliases.get(aid, ())]
        shorts = [*_names(row.get("acronyms")), *acronyms.get(aid, ())]
        if not _text(row.get("website")) and domains.get(aid):
            row = {**row, "website": sorted(domains[aid])[0]}
        if not _text(row.get("postcode")):
            tagged = [t for t in (row.get("tags") or ()) if str(t).startswith("postcode:")]
            row = {**row, "postcode": tagged[0].split(":", 1)[1] if tagged else ""}
        rows.append(_record(aid, row, others, shorts))
    frame = pd.DataFrame(rows, columns=_RECORD_COLUMNS)
    frame["rare_tokens"] = rare_tokens(list(frame["name_tokens"]), share=RARE_TOKEN_SHARE)
    return frame


_RECORD_COLUMNS = [
    "unique_id",
    "source",
    "name",
    "name_norm",
    "name_tokens",
    "name_sorted",
    "name_keys",
    "all_keys",
    "first_token",
    "rare_tokens",
    "legal_form",
    "place_note",
    "city",
    "country",
    "postcode",
    "domain",
    "kind",
    *(f"id_{s}" for s in (*IDENTIFIER_SCHEMES, *WEAK_SCHEMES)),
]


def _names(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [v for v in value.split("|") if v.strip()]
    return [str(v) for v in value if str(v).strip()]


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


#: Country codes of the EU's own usage (CORDIS) that differ from ISO 3166: UK, EL.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


def _country(value: Any) -> str | None:
    code = _text(value).strip().upper()
    return COUNTRY_ALIASES.get(code, code) or None


def _record(aid: str, row: Mapping[str, Any], others: list[str], shorts: list[str]) -> dict:
    name = _text(row.get("name"))
    tokens = name_tokens(name) if name.strip() else []
    keys = name_keys(name, aliases=others) if name.strip() else []
    ids = row.get("identifiers") or {}
    ids = ids if isinstance(ids, Mapping) else {}
    postcode = normalise_text(_text(row.get("postcode"))).replace(" ", "")
    kind = _text(row.get("kind"))
    record: dict[str, Any] = {
        "unique_id": aid,
        "source": source_of(aid),
        "name": name,
        "name_norm": " ".join(tokens) or None,
        "name_tokens": tokens or None,
        "name_sorted": " ".join(sorted(tokens)) or None,
        "name_keys": keys or None,
        "all_keys": list(dict.fromkeys([*keys, *acronym_keys(shorts)])) or None,
        "first_token": tokens[0] if tokens else None,
        "rare_tokens": None,
        "legal_form": legal_form(name) or None,
        "place_note": has_place_note(name),
        "city": city_key(_text(row.get("city"))) or None,
        "country": _country(row.get("country")),
        "postcode": postcode or None,
        "domain": _website(ids, row.get("website")),
        "kind": None if kind in VAGUE_KINDS else kind,
    }
    for scheme in (*IDENTIFIER_SCHEMES, *WEAK_SCHEMES):
        record[f"id_{scheme}"] = normalise_identifier(scheme, ids.get(scheme))
    return record


def _splink() -> Any:
    try:
        import splink
    except ImportError:
        raise MissingExtraError("splink", "resolve") from None
    return splink


def _settings(
    prior: float,
    m_probabilities: Mapping[str, Mapping[str, float]] | None,
    u_probabilities: Mapping[str, Mapping[str, float]] | None = None,
) -> Any:
    splink = _splink()
    chosen = comparisons()
    for comparison in chosen:
        name = comparison["output_column_name"]
        trainable = [
            lv["label_for_charts"]
            for lv in comparison["comparison_levels"]
            if not lv.get("is_null_level") and not lv.get("fix_m_probability")
        ]
        given = {**DEFAULT_M.get(name, {}), **(m_probabilities or {}).get(name, {})}
        trained = _smoothed({k: given.get(k, 0.0) for k in trainable}) if given else {}
        sampled = (u_probabilities or {}).get(name, {})
        for level in comparison["comparison_levels"]:
            label = level["label_for_charts"]
            if label in trained and not level.get("fix_m_probability"):
                level["m_probability"] = trained[label]
            if label in sampled and not level.get("fix_u_probability"):
                level["u_probability"] = sampled[label]
    return splink.SettingsCreator(
        link_type="dedupe_only",
        comparisons=chosen,
        blocking_rules_to_generate_predictions=[
            *BLOCKING_RULES,
            *(splink.block_on(c, arrays_to_explode=[c]) for c in _EXPLODED_BLOCKS),
        ],
        probability_two_random_records_match=prior,
        retain_intermediate_calculation_columns=True,
        linker_uid="bioregion",
    )


def _smoothed(m: Mapping[str, float]) -> dict[str, float]:
    """m probabilities floored at :data:`M_FLOOR` and rescaled to sum to one."""
    floored = {k: max(float(v), M_FLOOR) for k, v in m.items()}
    total = sum(floored.values())
    return {k: v / total for k, v in floored.items()} if total else {}


def linker_for(
    records: pd.DataFrame,
    *,
    m_probabilities: Mapping[str, Mapping[str, float]] | None = None,
    duplicate_share: float = 0.2,
    seed: int = 42,
    m_from: str = "labels",
    u_pairs: float = 2e6,
    estimate_u: bool = True,
    prior_recall: float | None = 0.6,
    connection: Any = None,
) -> Linker:
    """A trained Splink linker over prepared records (see the module docstring).

    ``u_pairs`` caps the record pairs sampled to estimate u (all pairs when fewer).
    ``connection`` is the DuckDB connection the linker works in (default: a new
    in-memory one); close it when done (``with duckdb.connect() as connection:``): an
    open DuckDB keeps a pool of threads, and a process with them must not fork (the
    report forks its workers).
    ``prior_recall``: the prior is estimated from the pairs that :data:`SURE_RULES`
    find, taken to be this share of all matches; ``None`` (or no such pair) keeps
    ``2 * duplicate_share / (n - 1)``.
    """
    if m_from not in {"labels", "em"}:
        raise ArgumentError(f"m_from={m_from!r}: give 'labels' or 'em'")
    if len(records) < 2:
        raise ArgumentError("resolution needs at least two actors")
    splink = _splink()
    import duckdb

    prior = min(0.5, 2 * duplicate_share / (len(records) - 1))
    trained = TRAINED_M if m_probabilities is None else m_probabilities
    sampled = _u_probabilities(records, prior, seed, u_pairs) if estimate_u else None
    db_api = splink.DuckDBAPI(connection=connection or duckdb.connect(":memory:"))
    table = db_api.register(records, table_name="bioregion_actors")
    linker = splink.Linker(table, _settings(prior, trained, sampled), log_level=None)
    if prior_recall:
        _estimate_prior(linker, prior_recall)
    if m_from == "em":
        linker.training.estimate_parameters_using_expectation_maximisation(
            "l.country = r.country and l.first_token = r.first_token",
            estimate_without_term_frequencies=True,
        )
    return linker


def u_sample(records: pd.DataFrame) -> pd.DataFrame:
    """The records u is estimated on: those of the largest source, else all.

    u is the chance that two *different* organisations agree on a level. Random pairs
    of all records include the many cross-source duplicates that resolution is run to
    find (a hand-curated actor and its ROR, CORDIS and EDGAR records), which would
    make agreement look common; pairs within one registry (CORDIS has one record per
    PIC) are nearly all pairs of two organisations. The largest source is used when
    there are several and it holds at least 100 records and a fifth of all.
    """
    counts = records["source"].value_counts()
    if len(counts) > 1 and counts.iloc[0] >= max(100, 0.2 * len(records)):
        return records[records["source"] == counts.index[0]].reset_index(drop=True)
    return records


def _u_probabilities(
    records: pd.DataFrame, prior: float, seed: int, u_pairs: float
) -> dict[str, dict[str, float]]:
    """u by comparison and level, from seeded random pairs of :func:`u_sample`.

    A level no sampled pair reaches gets ``1 / pairs sampled`` (it is rare, not
    impossible).
    """
    splink = _splink()

    sample = u_sample(records)
    pairs = min(len(sample) * (len(sample) - 1) / 2, u_pairs)
    if pairs < 1:
        return {}
    with duckdb_session() as connection:
        db_api = splink.DuckDBAPI(connection=connection)
        table = db_api.register(sample, table_name="bioregion_u_sample")
        linker = splink.Linker(table, _settings(prior, {}), log_level=None)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=pairs + 1, seed=seed, min_count_per_level=None
        )
        model = linker.misc.save_model_to_json()
        del linker, table, db_api  # freed (and their connections closed) on leaving
    out: dict[str, dict[str, float]] = {}
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level") or level.get("fix_u_probability"):
                continue
            u = level.get("u_probability")
            value = max(float(u), 1 / pairs) if u is not None else 1 / pairs
            out.setdefault(comparison["output_column_name"], {})[level["label_for_charts"]] = value
    return out


#: Rules whose pairs are taken as matches to estimate the prior (with ``prior_recall``).
SURE_RULES: tuple[str, ...] = (
    *(f"l.id_{s} = r.id_{s}" for s in IDENTIFIER_SCHEMES),
    "l.name_norm = r.name_norm and (l.country = r.country or l.country is null "
    "or r.country is null)",
)


def _estimate_prior(linker: Linker, recall: float) -> None:
    """Splink's deterministic estimate of the prior; the default stays if it cannot."""
    before = linker._settings_obj._probability_two_random_records_match
    try:
        linker.training.estimate_probability_two_random_records_match(
            list(SURE_RULES), recall=recall
        )
    except ValueError:
        return
    if not 0 < linker._settings_obj._probability_two_random_records_match < 0.5:
        linker._settings_obj._probability_two_random_records_match = before


def train_m_from_labels(records: pd.DataFrame, matches: pd.DataFrame, *, seed: int = 42) -> dict:
    """m probabilities by comparison and level label, from labelled matching pairs.

    ``matches`` has columns ``left`` and ``right`` (actor ids present in ``records``).
    Uses Splink's ``estimate_m_from_pairwise_labels``; levels never seen among the
    matches are left out (the model then keeps Splink's default for them).
    """
    labels = pd.DataFrame({"unique_id_l": matches["left"], "unique_id_r": matches["right"]})
    with quiet_splink(), duckdb_session() as connection:
        linker = linker_for(
            records, m_probabilities={}, seed=seed, estimate_u=False, connection=connection
        )
        table = linker.table_management.register_table(labels, "bioregion_labels", overwrite=True)
        linker.training.estimate_m_from_pairwise_labels(table)
        settings = linker.misc.save_model_to_json()
        del linker, table  # freed (and their connections closed) on leaving
    out: dict[str, dict[str, float]] = {}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if (
                m is not None
                and not level.get("is_null_level")
                and not level.get("fix_m_probability")
            ):
                out.setdefault(name, {})[level["label_for_charts"]] = round(float(m), 6)
    return out


def score_pairs(
    records: pd.DataFrame,
    *,
    threshold: float = 0.5,
    m_probabilities: Mapping[str, Mapping[str, float]] | None = None,
    seed: int = 42,
    m_from: str = "labels",
    also: Collection[frozenset[str]] = (),
) -> pd.DataFrame:
    """Candidate pairs at or above a match probability, best first, and the candidate
    pairs of ``also`` (id pairs, e.g. the rules' pairs) whatever their probability.

    Returns columns ``left``, ``right`` (actor ids, ``left < right``),
    ``probability``, ``match_weight`` and ``evidence`` (a dict: for each comparison
    its level label, its weight in bits and the two values compared).
    """
    if len(records) < 2:
        return pd.DataFrame(columns=["left", "right", "probability", "match_weight", "evidence"])
    with quiet_splink(), duckdb_session() as connection:
        linker = linker_for(
            records,
            m_probabilities=m_probabilities,
            seed=seed,
            m_from=m_from,
            connection=connection,
        )
        predicted = linker.inference.predict(
            threshold_match_probability=None if also else threshold
        )
        found = predicted.as_pandas_dataframe()
        del linker, predicted  # freed (and their connections closed) on leaving
    if also:
        wanted = set(also)
        pairs = zip(found["unique_id_l"], found["unique_id_r"], strict=True)
        extra = [frozenset((str(a), str(b))) in wanted for a, b in pairs]
        found = found[(found["match_probability"] >= threshold).to_numpy() | extra]
    return explain(found)


def explain(predictions: pd.DataFrame) -> pd.DataFrame:
    """Splink predictions as (left, right, probability, match_weight, evidence) rows."""
    labels = level_labels()
    shown = {"name": "name_norm"}
    rows = []
    for row in predictions.to_dict("records"):
        left, right = sorted([str(row["unique_id_l"]), str(row["unique_id_r"])])
        evidence: dict[str, Any] = {}
        for name, levels in labels.items():
            gamma = int(row.get(f"gamma_{name}", -1))
            weight = row.get(f"mw_{name}")
            column = shown.get(name, name)
            evidence[name] = {
                "level": levels.get(gamma, str(gamma)),
                "weight": round(float(weight), 2) if weight is not None else 0.0,
            }
            if f"{column}_l" in row:
                evidence[name]["values"] = [_plain(row[f"{column}_l"]), _plain(row[f"{column}_r"])]
        rows.append(
            {
                "left": left,
                "right": right,
                "probability": float(row["match_probability"]),
                "match_weight": float(row["match_weight"]),
                "evidence": evidence,
            }
        )
    frame = pd.DataFrame(rows, columns=["left", "right", "probability", "match_weight", "evidence"])
    frame = frame.drop_duplicates(["left", "right"])
    return frame.sort_values(["probability", "left", "right"], ascending=[False, True, True])


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value
