"""The controlled vocabularies of the data model and the direction conventions.

Each vocabulary is a :class:`enum.StrEnum`, so a value reads and writes as its plain
string (``"biotech_firm"``) in files, the store and the API.
"""

from __future__ import annotations

from enum import StrEnum


class ActorKind(StrEnum):
    """What kind of organisation an actor is."""

    BIOTECH_FIRM = "biotech_firm"
    PHARMA = "pharma"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    HOSPITAL = "hospital"
    GOVERNMENT = "government"
    CLUSTER_ORGANISATION = "cluster_organisation"
    INVESTOR = "investor"
    SERVICE_PROVIDER = "service_provider"
    OTHER = "other"


class TieKind(StrEnum):
    """What a tie between two actors is. See :data:`TIE_DIRECTION` for who is source."""

    RD_COLLABORATION = "rd_collaboration"
    CO_DEVELOPMENT = "co_development"
    CO_COMMERCIALISATION = "co_commercialisation"
    JOINT_VENTURE = "joint_venture"
    LICENCE = "licence"
    OPTION = "option"
    EQUITY_INVESTMENT = "equity_investment"
    FUNDING = "funding"
    GRANT = "grant"
    LOAN = "loan"
    ACQUISITION = "acquisition"
    MERGER = "merger"
    SPIN_OFF = "spin_off"
    SUBSIDIARY = "subsidiary"
    SERVICE = "service"
    SUPPLY = "supply"
    MEMBERSHIP = "membership"
    CO_PUBLICATION = "co_publication"
    PROJECT_PARTNERSHIP = "project_partnership"
    OTHER = "other"


#: Who is the source and who the target of a tie of each kind. Symmetric kinds have
#: no direction: their source and target are interchangeable (the store keeps them
#: as given, a network treats them as undirected).
TIE_DIRECTION: dict[TieKind, str] = {
    TieKind.RD_COLLABORATION: "symmetric",
    TieKind.CO_DEVELOPMENT: "symmetric",
    TieKind.CO_COMMERCIALISATION: "symmetric",
    TieKind.JOINT_VENTURE: "symmetric",
    TieKind.MERGER: "symmetric",
    TieKind.CO_PUBLICATION: "symmetric",
    TieKind.PROJECT_PARTNERSHIP: "symmetric",
    TieKind.OTHER: "symmetric",
    TieKind.LICENCE: "licensor -> licensee",
    TieKind.OPTION: "grantor of the option -> holder of the option",
    TieKind.EQUITY_INVESTMENT: "investor -> investee",
    TieKind.FUNDING: "funder -> recipient",
    TieKind.GRANT: "funder -> recipient",
    TieKind.LOAN: "lender -> borrower",
    TieKind.ACQUISITION: "acquirer -> target",
    TieKind.SPIN_OFF: "parent organisation -> new firm",
    TieKind.SUBSIDIARY: "parent company -> subsidiary",
    TieKind.SERVICE: "service provider -> client",
    TieKind.SUPPLY: "supplier -> customer",
    TieKind.MEMBERSHIP: "member -> organisation joined",
}

SYMMETRIC_TIE_KINDS: frozenset[TieKind] = frozenset(
    kind for kind, rule in TIE_DIRECTION.items() if rule == "symmetric"
)


def is_symmetric(kind: str | TieKind) -> bool:
    """True when ties of this kind have no direction (e.g. an R&D collaboration)."""
    return TieKind(kind) in SYMMETRIC_TIE_KINDS


class Stage(StrEnum):
    """Development stage of the asset at signing, in pipeline order."""

    DISCOVERY = "discovery"
    PRECLINICAL = "preclinical"
    PHASE1 = "phase1"
    PHASE2 = "phase2"
    PHASE3 = "phase3"
    REGISTRATION = "registration"
    MARKETED = "marketed"


#: The stages in pipeline order.
STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

# -- named kind sets used by the indicators -------------------------------------------
# Each set has one meaning; where two indicators mean different things they use two sets.

#: Alliances: agreements in which two organisations exchange or share technology or
#: rights to develop it (licences, options, R&D collaborations, co-development,
#: co-commercialisation, joint ventures). The one definition of an alliance, used by the
#: preferred-partner ranking and the alliance-before-acquisition pathways alike.
ALLIANCE_KINDS: frozenset[TieKind] = frozenset(
    {
        TieKind.LICENCE,
        TieKind.OPTION,
        TieKind.RD_COLLABORATION,
        TieKind.CO_DEVELOPMENT,
        TieKind.CO_COMMERCIALISATION,
        TieKind.JOINT_VENTURE,
    }
)
#: Service and supply contracts: one organisation works or delivers for another.
SERVICE_KINDS: frozenset[TieKind] = frozenset({TieKind.SERVICE, TieKind.SUPPLY})
#: Business ties: alliances plus service and supply contracts, the ties through which
#: two firms do business with each other (not equity, funding, grants, spin-offs,
#: acquisitions). An acquirer with a prior business tie to its target was its partner
#: first; a firm's business model is read from its business ties; these are also the
#: open-innovation ties (:data:`DIRECTED_OI_KINDS` plus :data:`COUPLED_OI_KINDS`).
BUSINESS_TIE_KINDS: frozenset[TieKind] = ALLIANCE_KINDS | SERVICE_KINDS
#: Licensing: licences and options (the source grants the rights).
LICENSING_KINDS: frozenset[TieKind] = frozenset({TieKind.LICENCE, TieKind.OPTION})
#: Open-innovation ties whose direction gives the mode: the source (licensor, option
#: grantor, supplier, service provider) is outbound, the target inbound.
DIRECTED_OI_KINDS: frozenset[TieKind] = LICENSING_KINDS | SERVICE_KINDS
#: Open-innovation ties that are coupled (symmetric joint work).
COUPLED_OI_KINDS: frozenset[TieKind] = frozenset(
    {
        TieKind.RD_COLLABORATION,
        TieKind.CO_DEVELOPMENT,
        TieKind.CO_COMMERCIALISATION,
        TieKind.JOINT_VENTURE,
    }
)
#: Ties that change who owns a firm (not prior ties of an acquisition).
OWNERSHIP_CHANGE_KINDS: frozenset[TieKind] = frozenset({TieKind.ACQUISITION, TieKind.MERGER})
#: Stages at signing that make a tie exploration (March 1991): research assets.
EXPLORATION_STAGES: frozenset[Stage] = frozenset({Stage.DISCOVERY, Stage.PRECLINICAL})
#: Stages at signing that make a tie exploitation: clinical and marketed assets.
EXPLOITATION_STAGES: frozenset[Stage] = frozenset(STAGE_ORDER[2:])
#: Tie kinds that make a tie exploration, or exploitation, when its stage is unknown
#: (March 1991; Rothaermel & Deeds 2004: research collaboration explores, supply and
#: co-commercialisation exploit).
EXPLORATION_KINDS: frozenset[TieKind] = frozenset({TieKind.RD_COLLABORATION})
EXPLOITATION_KINDS: frozenset[TieKind] = frozenset({TieKind.CO_COMMERCIALISATION, TieKind.SUPPLY})
#: Actor kinds of the policy and network actors of a region: public bodies and agencies,
#: cluster organisations, and investors (public and regional funds among them).
POLICY_ACTOR_KINDS: frozenset[ActorKind] = frozenset(
    {ActorKind.GOVERNMENT, ActorKind.CLUSTER_ORGANISATION, ActorKind.INVESTOR}
)


class TieStatus(StrEnum):
    """Where a tie stands."""

    ANNOUNCED = "announced"
    ACTIVE = "active"
    COMPLETED = "completed"
    TERMINATED = "terminated"
    UNKNOWN = "unknown"


class EndReason(StrEnum):
    """Why an actor ended."""

    ACQUIRED = "acquired"
    MERGED = "merged"
    CLOSED = "closed"
    BANKRUPT = "bankrupt"
    OTHER = "other"


class Confidence(StrEnum):
    """How sure the sources make a record."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class EventKind(StrEnum):
    """Multi-party events whose participants are two-mode data."""

    EU_PROJECT = "eu_project"
    RESEARCH_PROJECT = "research_project"
    CLINICAL_TRIAL = "clinical_trial"
    FINANCING_ROUND = "financing_round"
    CONSORTIUM = "consortium"
    PUBLICATION = "publication"
    #: An initial public offering or a later listing of a firm's shares on an exchange:
    #: ``start`` is the date the offering was announced or priced, ``amount`` the money
    #: raised, the identifier ``mic`` the exchange, the firm the participant ``issuer``.
    #: Not projected to actor-actor ties.
    LISTING = "listing"
    OTHER = "other"


class Role(StrEnum):
    """The part an actor plays in an event."""

    COORDINATOR = "coordinator"
    PARTICIPANT = "participant"
    PARTNER = "partner"
    SPONSOR = "sponsor"
    COLLABORATOR = "collaborator"
    LEAD_INVESTOR = "lead_investor"
    INVESTOR = "investor"
    AUTHOR = "author"
    #: The firm whose shares are listed (in a ``listing`` event).
    ISSUER = "issuer"
    #: An EU-project partner that takes part through another one (CORDIS "thirdParty").
    THIRD_PARTY = "third_party"
    #: An EU-project partner without EU funding (CORDIS "associatedPartner").
    ASSOCIATED_PARTNER = "associated_partner"
    #: A place where a clinical trial enrols patients (a hospital, a clinic).
    SITE = "site"
    OTHER = "other"


#: Identifier schemes with a known form; other schemes are accepted as given.
IDENTIFIER_PATTERNS: dict[str, str] = {
    "ror": r"0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}",
    "wikidata": r"Q[1-9][0-9]*",
    "cik": r"[0-9]{1,10}",
    "lei": r"[A-Z0-9]{18}[0-9]{2}",
    "pic": r"[0-9]{9}",
    "openalex": r"[IWAS][0-9]+",
    "vat": r"[A-Z]{2}[0-9A-Z+*.]{2,13}",
    "kbo": r"[01][0-9]{3}\.?[0-9]{3}\.?[0-9]{3}",
    "grid": r"grid\.[0-9]+\.[0-9a-f]+",
    "isni": r"[0-9]{15}[0-9X]",
    "fundref": r"[0-9]{9,12}",
    "orgref": r"[0-9]{1,10}",
    "nct": r"NCT[0-9]{8}",
    "eudract": r"[0-9]{4}-[0-9]{6}-[0-9]{2}",
    "isin": r"[A-Z]{2}[A-Z0-9]{9}[0-9]",
    "ticker": r"[A-Z0-9.:\-]{1,20}",
    "mic": r"[A-Z0-9]{4}",
}
#: What a valid identifier of a scheme looks like, for error messages.
IDENTIFIER_FORMS: dict[str, str] = {
    "mic": (
        "an ISO 10383 market identifier code is 4 capital letters or digits, e.g. XBRU "
        "(Euronext Brussels), XAMS (Euronext Amsterdam), XNAS (Nasdaq)"
    ),
}
#: Event kinds that are not projected to actor-actor ties (one actor, or no joint work).
UNPROJECTED_EVENT_KINDS: frozenset[EventKind] = frozenset({EventKind.LISTING})
