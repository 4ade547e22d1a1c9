"""Business model of each NBF of a region, derived by documented rules from its ties and tags.

The classes follow the biotech business-model literature (Pisano 2006 *Science Business*;
Fisken & Rutherford 2002 *J. Commercial Biotechnology* 8:191-199; Mangematin et al. 2003
*Research Policy* 32:621-638): a *product* firm develops its own drugs or devices to late
stage or market; a *platform* (technology) firm licenses a technology to many partners; a
*hybrid* does both; an *R&D-service* firm sells research, manufacturing or supply services.

Scope: the NBFs of :func:`~bioregion.system.firms.region_nbfs` (``nbf_rule``, the period,
``membership``) and their ties that count (no failed bids) announced in the period. Unit:
the decision is per firm; the counts behind it are *deals* by default (``unit="deal"``:
the rows of one deal, :func:`~bioregion.system._deals.deal_keys`, count once) or rows
(``unit="tie"``); ``evidence`` lists the tie ids.

Rules, over the firm's ties announced in the period:

- **platform evidence**: (P1) outbound licences or options (the firm is licensor or
  grantor) of the same technology (a ``;``-separated token of the tie's ``technology``) to at
  least two distinct partners (corporate groups, :func:`~bioregion.system._families.family_of`:
  a parent and its subsidiary are one partner); or (P2) any licence, option, R&D collaboration or
  co-development of a technology whose name contains ``platform``, unless the firm is the
  licensee/holder.
- **product evidence**: (D1) ties on an asset at ``phase2``, ``phase3``, ``registration`` or
  ``marketed`` stage where the firm keeps rights: a co-development, co-commercialisation or
  joint venture, an inbound licence or option (the firm in-licenses the asset), an option it
  grants (rights stay until exercised), a licence or supply it makes of a ``marketed``
  product, or a licence it grants on an asset it took itself to ``phase3`` or later; or
  (D2) the actor tag ``diagnostics`` (a firm selling diagnostic products).
- **R&D-service evidence**: service or supply ties where the firm is the provider or
  supplier (not on a marketed product); the firm is ``rd_service`` when these deals are
  more than half of its business deals (deals with a tie of
  :data:`~bioregion.model.vocab.BUSINESS_TIE_KINDS`: alliances plus service and supply,
  equity excluded; rows with ``unit="tie"``), or when it is tagged ``cro`` or ``cdmo`` and
  has no platform or product evidence.

Decision: ``rd_service`` when its rule holds; else ``hybrid`` with platform and product
evidence; ``platform`` or ``product`` with one of them; else ``unknown``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bioregion.model.vocab import (
    BUSINESS_TIE_KINDS,
    COUPLED_OI_KINDS,
    LICENSING_KINDS,
    SERVICE_KINDS,
    Stage,
    TieKind,
)
from bioregion.system._deals import check_unit, period_deal_keys
from bioregion.system._families import family_of
from bioregion.system._scope import Period, as_network, check_period, focal_ties, period_ties
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, region_nbfs

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = ["MODELS", "business_models"]

#: The business models, in the order of the rules.
MODELS = ("product", "platform", "hybrid", "rd_service", "unknown")
#: Stages at which an asset is late (phase 2 or later), and pivotal (phase 3 or later).
LATE_STAGES = frozenset({Stage.PHASE2, Stage.PHASE3, Stage.REGISTRATION, Stage.MARKETED})
PIVOTAL_STAGES = LATE_STAGES - {Stage.PHASE2}
#: Joint development or commercialisation in which the firm keeps rights to the asset.
SYMMETRIC_ALLIANCES = COUPLED_OI_KINDS - {TieKind.RD_COLLABORATION}
#: Ties that can show a platform: licensing, R&D collaboration, co-development.
PLATFORM_KINDS = LICENSING_KINDS | {TieKind.RD_COLLABORATION, TieKind.CO_DEVELOPMENT}
#: Tags that mark a contract research or manufacturing (service) firm.
SERVICE_TAGS = frozenset({"cro", "cdmo"})


def _tokens(technology: str) -> list[str]:
    return [t.strip().lower() for t in str(technology or "").split(";") if t.strip()]


def _distinct(rows: pd.DataFrame, mask: pd.Series) -> dict[str, int]:
    """Per firm, how many deals (or rows) the rows of ``mask`` are: the distinct values
    of their ``count_key``."""
    return rows[mask.to_numpy(bool)].groupby("firm")["count_key"].nunique().to_dict()


def _ids(rows: pd.DataFrame, mask: pd.Series, *, unique: bool) -> dict[str, list[str]]:
    """Per firm, the sorted tie ids of the rows of ``mask`` (each once with ``unique``)."""
    chosen = rows[mask.to_numpy(bool)]
    found: dict[str, list[str]] = {}
    for firm, tie in zip(chosen["firm"], chosen["id"], strict=True):
        found.setdefault(firm, []).append(tie)
    return {firm: sorted(set(ties) if unique else ties) for firm, ties in found.items()}


def _licensed_technologies(rows: pd.DataFrame) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Per firm, per technology token of its outbound licences and options, the
    (tie id, partner group) pairs (rule P1)."""
    outbound = rows[(rows["kind"].isin(LICENSING_KINDS) & rows["firm_is_source"]).to_numpy(bool)]
    found: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for firm, tie, partner, technology in zip(
        outbound["firm"],
        outbound["id"],
        outbound["partner_group"],
        outbound["technology"],
        strict=True,
    ):
        for token in _tokens(technology):
            found.setdefault(firm, {}).setdefault(token, []).append((tie, partner))
    return found


def _evidence(rows: pd.DataFrame) -> dict[str, dict]:
    """What the rules read, per firm, computed over the rows of every firm at once."""
    kind, source, stage = rows["kind"], rows["firm_is_source"], rows["stage"]
    named = (
        kind.isin(PLATFORM_KINDS)
        & (rows["symmetric"] | source)
        & rows["technology"].map(lambda t: any("platform" in x for x in _tokens(t))).astype(bool)
    )
    keeps = (
        kind.isin(SYMMETRIC_ALLIANCES)
        | (kind.isin(LICENSING_KINDS) & ~source)
        | ((kind == TieKind.OPTION) & source)
        | (kind.isin({TieKind.LICENCE, TieKind.SUPPLY}) & source & (stage == Stage.MARKETED))
        | ((kind == TieKind.LICENCE) & source & stage.isin(PIVOTAL_STAGES))
    )
    product = stage.isin(LATE_STAGES) & keeps
    service = kind.isin(SERVICE_KINDS) & source & (stage != Stage.MARKETED)
    return {
        "tokens": _licensed_technologies(rows),
        "named": _ids(rows, named, unique=True),
        "named_count": _distinct(rows, named),
        "product": _ids(rows, product, unique=True),
        "product_count": _distinct(rows, product),
        "services": _ids(rows, service, unique=False),
        "services_count": _distinct(rows, service),
        "business_count": _distinct(rows, kind.isin(BUSINESS_TIE_KINDS)),
    }


def _platform(found: dict[str, dict], firm: str, noun: str) -> tuple[list[str], list[str]]:
    """Platform evidence (tie ids) and its reasons."""
    evidence: set[str] = set()
    reasons = []
    for token, deals in sorted(found["tokens"].get(firm, {}).items()):
        partners = {p for _, p in deals}
        if len(partners) >= 2:
            evidence.update(t for t, _ in deals)
            reasons.append(f"{token} licensed out to {len(partners)} partners")
    if firm in found["named"]:
        evidence.update(found["named"][firm])
        reasons.append(f"{found['named_count'][firm]} platform {noun}(s)")
    return sorted(evidence), reasons


def _product(
    found: dict[str, dict], firm: str, tags: tuple[str, ...], noun: str
) -> tuple[list[str], list[str]]:
    """Product evidence (tie ids) and its reasons."""
    chosen = found["product"].get(firm, [])
    reasons = [f"{found['product_count'][firm]} late-stage asset {noun}(s)"] if chosen else []
    if "diagnostics" in tags:
        reasons.append("tagged diagnostics")
    return chosen, reasons


def _classify(
    found: dict[str, dict], firm: str, tags: tuple[str, ...], noun: str
) -> tuple[str, list[str], list[str]]:
    """The model of one firm from its ties: (model, reasons, evidence tie ids)."""
    platform, platform_why = _platform(found, firm, noun)
    product, product_why = _product(found, firm, tags, noun)
    services = found["services_count"].get(firm, 0)
    deals = found["business_count"].get(firm, 0)
    dominant = services > deals / 2
    tagged = bool(SERVICE_TAGS & set(tags))
    if dominant or (tagged and not (platform_why or product_why)):
        why = [f"{services} of {deals} business {noun}s are services it provides"]
        if tagged:
            why.append("tagged cro/cdmo")
        return "rd_service", why, found["services"].get(firm, [])
    if platform_why and product_why:
        return "hybrid", platform_why + product_why, sorted({*platform, *product})
    if platform_why:
        return "platform", platform_why, platform
    if product_why:
        return "product", product_why, product
    return "unknown", ["no platform, product or service evidence"], []


def business_models(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    unit: str = "deal",
    membership: str = "system",
) -> pd.DataFrame:
    """The business model of each NBF of the region, with the rule and the evidence ties.

    The scope, unit and rules are in the module docstring (platform P1/P2, product D1/D2,
    R&D service, then the decision); ``unit`` (``"deal"`` or ``"tie"``) says what the counts
    of the rules and of ``rule`` count.

    Returns
    -------
    pandas.DataFrame
        ``firm, name, model`` (one of :data:`MODELS`), ``rule`` (the reasons, in words) and
        ``evidence`` (a tuple of the tie ids supporting the model), one row per NBF, by id.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "b", "c", "d", "p", "q"],
    ...     "kind": ["biotech_firm"] * 4 + ["pharma"] * 2,
    ...     "nuts": ["BE211"] * 4 + ["", ""], "tags": ["nbf"] * 4 + ["", ""]})
    >>> ties = pd.DataFrame({"id": ["t1", "t2", "t3", "t4", "t5", "t6"],
    ...     "kind": ["licence", "option", "co_development", "service", "service", "licence"],
    ...     "source": ["a", "a", "b", "c", "c", "a"], "target": ["p", "q", "p", "p", "q", "q"],
    ...     "start": ["2001", "2002", "2003", "2004", "2005", "2006"],
    ...     "stage": ["", "", "phase2", "", "", "phase1"],
    ...     "technology": ["nanobody", "nanobody", "", "", "", ""]})
    >>> table = business_models(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
    >>> table[["firm", "model", "evidence"]]
      firm       model  evidence
    0    a    platform  (t1, t2)
    1    b     product     (t3,)
    2    c  rd_service  (t4, t5)
    3    d     unknown        ()
    """
    net = as_network(data)
    unit, period = check_unit(unit), check_period(period)
    firms = region_nbfs(net, region, period, nbf_rule, membership=membership)
    ties = period_ties(net, period)
    counted = period_deal_keys(net, period) if unit == "deal" else ties["id"]
    keys = dict(zip(ties["id"], counted, strict=True))
    rows = focal_ties(net, ties, firms["id"])
    rows["count_key"] = rows["id"].map(keys)
    rows["partner_group"] = rows["partner"].map(family_of(net)).fillna(rows["partner"])
    rows["stage"] = rows["stage"].fillna("").astype(str)
    rows["technology"] = rows["technology"].fillna("").astype(str)
    found = _evidence(rows)
    records = []
    for firm, name, tags in zip(firms["id"], firms["name"], firms["tags"], strict=True):
        model, why, evidence = _classify(found, firm, tuple(tags), unit)
        records.append(
            {
                "firm": firm,
                "name": str(name or ""),
                "model": model,
                "rule": f"{model}: " + "; ".join(why),
                "evidence": tuple(evidence),
            }
        )
    return pd.DataFrame(records, columns=["firm", "name", "model", "rule", "evidence"])
