"""From match probabilities to merges: automatic above a threshold, queued in a band below.

:func:`resolve` scores the store's actors (:mod:`bioregion.resolve.match`), plans the
merges (:func:`plan_merges`) and hands each to the store's curation API
(``store.merge_actors``): ``decision="auto"`` at or above ``threshold`` (applied now,
reversibly, with the probability and the evidence of every comparison),
``decision="pending"`` from ``review_from`` up to the threshold (the review queue,
``bioregion merges``). Rules around the model:

- a pair a person rejected (or a merge undone) is never proposed again, nor is a pair
  already merged or queued: running :func:`resolve` twice changes nothing the second
  time;
- two actors the data says are distinct are never proposed: tied to each other by a
  ``subsidiary``, ``spin_off``, ``acquisition``, ``merger`` or ``joint_venture`` tie,
  or related by a source (ROR parent/child/related/successor, given as
  ``relations``); a corporate family rolls up through
  :mod:`bioregion.resolve.families` instead;
- two actors from one registry (both hand-curated, both ROR, both CORDIS PICs, both
  EDGAR CIKs), with different ids of one registry scheme, or whose names are only
  similar (not the same normalised name or name variant, and no shared registry id)
  are at most queued, never merged automatically (:func:`held_back`): each registry
  already has one record per organisation, and *First* / *Third Affiliated Hospital*
  are two hospitals;
- a pair below ``threshold`` that a rule of :mod:`bioregion.resolve.rules` picks
  (:func:`~bioregion.resolve.rules.sure_pairs`: the same specific name, nothing known
  against it, no rival record of that name; or a bare name and the one cluster of
  its name that fits it and that sources agree on) and whose comparisons in the model
  favour a match (:func:`~bioregion.resolve.rules.rule_supported`) is merged
  automatically all the same:
  two records that carry nothing but a name cannot reach the threshold on the model's
  weights alone;
- merges chain: when A absorbs B and then B matches C, C merges into A. The actor
  kept is the one from the most curated source (hand-curated, then ROR, CORDIS,
  OpenAlex, EDGAR, ClinicalTrials.gov), then the smaller id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from bioregion.errors import ArgumentError, ValidationError
from bioregion.resolve.match import prepare_records, score_pairs
from bioregion.resolve.normalise import source_of
from bioregion.resolve.rules import REGISTRIES, SAME_NAME_RULE, rule_supported, sure_pairs

if TYPE_CHECKING:
    from bioregion.store import Store

__all__ = [
    "DISTINCT_TIE_KINDS",
    "REGISTRIES",
    "SOURCE_PRIORITY",
    "SURE_NAME_LEVELS",
    "Proposal",
    "ResolutionReport",
    "decide",
    "distinct_pairs",
    "held_back",
    "plan_merges",
    "resolve",
]

#: Tie kinds that say two actors are two organisations.
DISTINCT_TIE_KINDS = frozenset({"subsidiary", "spin_off", "acquisition", "merger", "joint_venture"})
#: Which actor is kept when two merge: the first source in this order.
SOURCE_PRIORITY: tuple[str, ...] = ("curated", "ror", "cordis", "openalex", "edgar", "ctgov")
#: Name levels that may merge a pair automatically (others only queue it).
SURE_NAME_LEVELS = frozenset(
    {"same normalised name", "same words in another order", "shared name variant"}
)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Proposal:
    """One planned merge: ``merged`` into ``kept``.

    ``decision`` is ``auto`` (merged now), ``pending`` (queued for review) or
    ``skipped``; ``reason`` says why a pair was queued or skipped; ``merge_id`` is the
    store's merge record once written.
    """

    kept: str
    merged: str
    probability: float
    decision: str
    reason: str = ""
    evidence: dict = field(default_factory=dict, compare=False, repr=False)
    merge_id: int | None = None


@dataclass
class ResolutionReport:
    """What :func:`resolve` did (or, with ``dry_run``, would do)."""

    proposals: list[Proposal]
    actors: int
    threshold: float
    review_from: float
    dry_run: bool

    @property
    def merged(self) -> list[Proposal]:
        return [p for p in self.proposals if p.decision == "auto"]

    @property
    def queued(self) -> list[Proposal]:
        return [p for p in self.proposals if p.decision == "pending"]

    @property
    def skipped(self) -> list[Proposal]:
        return [p for p in self.proposals if p.decision == "skipped"]


def _rank(actor_id: str) -> tuple[int, str]:
    source = source_of(actor_id)
    return (SOURCE_PRIORITY.index(source) if source in SOURCE_PRIORITY else 99, actor_id)


class _Clusters:
    """Union-find over the merges applied so far in one plan."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}

    def root(self, x: str) -> str:
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return x

    def group(self, x: str) -> set[str]:
        return self.members.get(self.root(x), {x})

    def join(self, kept: str, merged: str) -> None:
        self.members[kept] = self.group(kept) | self.group(merged)
        self.members.pop(merged, None)
        self.parent[merged] = kept


def plan_merges(
    scored: pd.DataFrame,
    *,
    threshold: float = 0.95,
    review_from: float = 0.7,
    distinct: Iterable[frozenset[str]] = (),
    known: Iterable[frozenset[str]] = (),
    sure: Iterable[frozenset[str]] | Mapping[frozenset[str], str] = (),
) -> list[Proposal]:
    """Decide each scored pair (columns ``left``, ``right``, ``probability``, ``evidence``).

    ``distinct`` are pairs never to merge (rejected by a person, or distinct by the
    data); ``known`` pairs already merged or queued (skipped silently, so that a
    re-run proposes nothing new); ``sure`` pairs the rules pick, with the rule's
    name (:func:`bioregion.resolve.rules.sure_pairs`). Pairs are taken from the most
    probable down; see the module docstring for the rules.
    """
    _check_thresholds(threshold, review_from)
    never, seen = set(distinct), set(known)
    rule = dict(sure) if isinstance(sure, Mapping) else dict.fromkeys(sure, SAME_NAME_RULE)
    clusters = _Clusters()
    out: list[Proposal] = []
    ordered = scored.sort_values(["probability", "left", "right"], ascending=[False, True, True])
    for row in ordered.to_dict("records"):
        left, right, p = str(row["left"]), str(row["right"]), float(row["probability"])
        pair = frozenset((left, right))
        evidence = dict(row.get("evidence") or {})
        lifted = pair in rule and rule_supported(evidence)
        if (p < review_from and not lifted) or pair in seen:
            continue
        a, b = clusters.root(left), clusters.root(right)
        kept, merged = sorted((a, b), key=_rank)
        if a == b:
            continue
        blocked = _blocked(clusters.group(a), clusters.group(b), never)
        if blocked:
            out.append(Proposal(kept, merged, p, "skipped", blocked, evidence))
            continue
        decision, reason = decide(
            left,
            right,
            p,
            evidence,
            sure=rule.get(pair, False),
            threshold=threshold,
            kept=kept,
            merged=merged,
        )
        if decision == "auto":
            clusters.join(kept, merged)
        out.append(Proposal(kept, merged, p, decision, reason, evidence))
    return out


def decide(
    left: str,
    right: str,
    probability: float,
    evidence: Mapping,
    *,
    sure: bool | str = False,
    threshold: float = 0.95,
    kept: str = "",
    merged: str = "",
) -> tuple[str, str]:
    """``("auto", reason)`` or ``("pending", reason)`` for one scored pair.

    Held back (:func:`held_back`): pending. At or above ``threshold``: auto. Below it,
    auto when a rule picked the pair (``sure``: true, or the rule's name) and the model's
    comparisons favour it (:func:`bioregion.resolve.rules.rule_supported`), else pending.
    """
    reason = held_back(left, right, evidence, kept, merged)
    if reason:
        return "pending", reason
    if probability >= threshold:
        return "auto", ""
    if sure and rule_supported(evidence):
        return "auto", f"rule: {sure if isinstance(sure, str) else SAME_NAME_RULE}"
    return "pending", "below the automatic threshold"


def held_back(left: str, right: str, evidence: Mapping, kept: str = "", merged: str = "") -> str:
    """Why a probable pair is only queued, never merged automatically ("" if it is not).

    Two records of one registry; different ids of one registry scheme; or names that
    are only similar (a typo, or *First* / *Third Affiliated Hospital*), not the same
    name, name variant or registry id.
    """
    for a, b in ((left, right), (kept or left, merged or right)):
        if source_of(a) == source_of(b) and source_of(a) in REGISTRIES:
            return f"two records of one registry ({source_of(a)})"
    ids = (evidence.get("identifiers") or {}).get("level")
    if ids == "different registry ids":
        return "different ids of one registry scheme"
    name = (evidence.get("name") or {}).get("level")
    if ids != "same registry id" and name not in SURE_NAME_LEVELS:
        return f"names only similar ({name})"
    return ""


def _check_thresholds(threshold: float, review_from: float) -> None:
    if not 0 <= review_from <= threshold <= 1:
        raise ArgumentError(
            f"need 0 <= review_from ({review_from}) <= threshold ({threshold}) <= 1: "
            "pairs from review_from up to threshold are queued, above it merged"
        )


def _blocked(one: set[str], other: set[str], never: set[frozenset[str]]) -> str:
    for x in sorted(one):
        for y in sorted(other):
            if frozenset((x, y)) in never:
                return f"{x} and {y} are distinct (rejected, or related in the data)"
    return ""


def distinct_pairs(
    store: Store, relations: Iterable[Any] = (), kinds: Iterable[str] = DISTINCT_TIE_KINDS
) -> set[frozenset[str]]:
    """Pairs the store or a source says are two organisations (see the module docstring).

    ``relations`` are objects with ``source`` and ``target`` (e.g. the ROR connector's
    :class:`~bioregion.sources.base.Relation`) or ``(source, target)`` tuples.
    """
    ties = store.frame("ties", ["kind", "source", "target"])
    ties = ties[ties["kind"].isin(list(kinds))]
    found = {frozenset((s, t)) for s, t in zip(ties["source"], ties["target"], strict=True)}
    for rel in relations:
        s, t = (rel.source, rel.target) if hasattr(rel, "source") else tuple(rel)[:2]
        found.add(frozenset((str(s), str(t))))
    return found


def _joined(
    stored: Mapping[str, Sequence[str]], given: Mapping[str, Sequence[str]] | None
) -> dict[str, list[str]]:
    """What the store keeps by actor id, with what the caller gives added."""
    joined = {k: list(v) for k, v in stored.items()}
    for aid, values in (given or {}).items():
        joined.setdefault(aid, []).extend(values)
    return joined


def resolve(
    store: Store,
    *,
    threshold: float = 0.95,
    review_from: float = 0.7,
    dry_run: bool = False,
    aliases: Mapping[str, Sequence[str]] | None = None,
    domains: Mapping[str, Sequence[str]] | None = None,
    relations: Iterable[Any] = (),
    seed: int = 42,
    m_from: str = "labels",
    label: str = "resolve",
    progress: Progress | None = None,
) -> ResolutionReport:
    """Find the actors of ``store`` that are one organisation; merge or queue them.

    ``aliases`` and ``domains`` add other names and web domains by actor id (what a
    connector's dataset carries beside its records, e.g. ROR labels), ``relations``
    pairs a source says are two organisations; what the store keeps (the names of
    earlier merges, and the other names, web domains and relations that ingested
    sources gave: :meth:`~bioregion.store.Store.aliases`, ``domains``, ``relations``)
    is always used. ``dry_run`` plans without writing.
    Needs the ``resolve`` extra (Splink, DuckDB).
    """
    _check_thresholds(threshold, review_from)
    actors = store.frame("actors")
    if progress:
        progress("scoring pairs", 0, len(actors))
    records = prepare_records(
        actors,
        aliases=_joined(store.aliases(), aliases),
        domains=_joined(store.domains(), domains),
    )
    sure = sure_pairs(records)  # scored whatever their probability: the rules may lift them
    scored = score_pairs(records, threshold=review_from, seed=seed, m_from=m_from, also=sure)
    if progress:
        progress("scoring pairs", len(actors), len(actors))
    merges = store.merges()
    seen = {frozenset((m.kept, m.merged)) for m in merges if m.status != "rejected"}
    never = store.rejected_pairs() | distinct_pairs(store, [*store.relations(), *relations])
    plan = plan_merges(
        scored,
        threshold=threshold,
        review_from=review_from,
        distinct=never,
        known=seen,
        sure=sure,
    )
    if not dry_run:
        plan = _write(store, plan, label, progress)
    return ResolutionReport(plan, len(actors), threshold, review_from, dry_run)


def _write(store: Store, plan: list[Proposal], label: str, progress: Progress | None) -> list:
    done: list[Proposal] = []
    for i, step in enumerate(plan):
        if progress:
            progress("merging", i, len(plan))
        if step.decision == "skipped":
            done.append(step)
            continue
        evidence = {"model": "splink", "reason": step.reason, "comparisons": step.evidence}
        decision = step.decision
        try:
            merge = store.merge_actors(
                step.kept,
                step.merged,
                probability=step.probability,
                evidence=evidence,
                decision=decision,
                label=label,
            )
        except (ValidationError, ArgumentError) as exc:  # the store refuses: a person decides
            decision = "pending"
            refusal = exc.summary if isinstance(exc, ValidationError) else str(exc)
            evidence["reason"] = f"automatic merge refused: {refusal}"
            merge = store.merge_actors(
                step.kept,
                step.merged,
                probability=step.probability,
                evidence=evidence,
                decision=decision,
                label=label,
            )
        status = {"applied": "auto", "pending": "pending"}.get(merge.status, "skipped")
        reason = evidence["reason"] if status == decision else f"store says {merge.status}"
        done.append(
            Proposal(
                step.kept, step.merged, step.probability, status, reason, step.evidence, merge.id
            )
        )
    if progress:
        progress("merging", len(plan), len(plan))
    return done
