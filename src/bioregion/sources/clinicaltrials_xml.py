"""The legacy ClinicalTrials.gov XML record (``<clinical_study>``), read into the shape
of an API v2 study.

Until 2023 ClinicalTrials.gov published each study as one XML file (the
``AllPublicXML`` download and ``https://clinicaltrials.gov/ct2/show/NCT...?displayxml=true``),
following ``public.xsd``. :func:`read_legacy_xml` turns such a file into the nested
dictionary the API v2 returns for the same study (only the parts the connector uses),
with the legacy words translated into the v2 codes (``Phase 1/Phase 2`` ->
``["PHASE1", "PHASE2"]``, ``Anticipated`` -> ``ESTIMATED``, ``U.S. Fed`` -> ``FED``,
``June 1, 2023`` -> ``2023-06-01``), so that both formats go through one mapping and
give the same records.

Only the standard library's :mod:`xml.etree.ElementTree` is used; it does not fetch
external entities.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from bioregion.errors import Problem
from bioregion.sources.base import rejected

#: Legacy ``agency_class`` -> API v2 ``class``.
AGENCY_CLASSES = {
    "industry": "INDUSTRY",
    "nih": "NIH",
    "u.s. fed": "FED",
    "other u.s. federal agency": "FED",
    "other": "OTHER",
    "individual": "INDIV",
    "network": "NETWORK",
    "other_gov": "OTHER_GOV",
}
#: Legacy date ``type`` -> API v2 ``type``.
DATE_TYPES = {"anticipated": "ESTIMATED", "estimate": "ESTIMATED", "actual": "ACTUAL"}
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_DAY_DATE = re.compile(r"^([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})$")
_MONTH_DATE = re.compile(r"^([A-Za-z]+)\s+(\d{4})$")
_PROCESSED_ON = re.compile(r"processed this data on\s+(.+?)\s*$", re.IGNORECASE)


def legacy_date(text: str) -> str:
    """``June 1, 2023`` -> ``2023-06-01``, ``March 2003`` -> ``2003-03``.

    Text in another form is returned unchanged (the mapping reports it).

    >>> legacy_date("June 1, 2023"), legacy_date("March 2003"), legacy_date("2003")
    ('2023-06-01', '2003-03', '2003')
    """
    raw = " ".join(text.split())
    day = _DAY_DATE.match(raw)
    if day and day.group(1).lower() in _MONTHS:
        month = _MONTHS[day.group(1).lower()]
        return f"{day.group(3)}-{month:02d}-{int(day.group(2)):02d}"
    month_only = _MONTH_DATE.match(raw)
    if month_only and month_only.group(1).lower() in _MONTHS:
        return f"{month_only.group(2)}-{_MONTHS[month_only.group(1).lower()]:02d}"
    return raw


def legacy_code(text: str) -> str:
    """A legacy label as a v2 code: ``Active, not recruiting`` -> ``ACTIVE_NOT_RECRUITING``.

    >>> legacy_code("Active, not recruiting"), legacy_code("Diagnostic Test")
    ('ACTIVE_NOT_RECRUITING', 'DIAGNOSTIC_TEST')
    """
    words = re.sub(r"[^A-Za-z0-9]+", " ", text).split()
    return "_".join(words).upper()


def legacy_phases(text: str) -> list[str]:
    """``Phase 1/Phase 2`` -> ``["PHASE1", "PHASE2"]``; ``N/A`` -> ``["NA"]``.

    >>> legacy_phases("Phase 1/Phase 2"), legacy_phases("Early Phase 1"), legacy_phases("N/A")
    (['PHASE1', 'PHASE2'], ['EARLY_PHASE1'], ['NA'])
    """
    raw = text.strip()
    if not raw:
        return []
    if raw.upper() == "N/A":
        return ["NA"]
    out = []
    for part in raw.split("/"):
        code = legacy_code(part).replace("PHASE_", "PHASE")
        if code:
            out.append(code)
    return out


def _plain(element: ET.Element) -> str:
    return " ".join((element.text or "").split())


def _text(element: ET.Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def _date_struct(root: ET.Element, tag: str) -> dict[str, str] | None:
    found = root.find(tag)
    if found is None or not (found.text or "").strip():
        return None
    struct = {"date": legacy_date(found.text or "")}
    kind = DATE_TYPES.get(found.get("type", "").strip().lower())
    if kind:
        struct["type"] = kind
    return struct


def _agency(element: ET.Element) -> dict[str, str]:
    raw_class = _text(element, "agency_class")
    out = {"name": _text(element, "agency")}
    if raw_class:
        out["class"] = AGENCY_CLASSES.get(raw_class.lower(), legacy_code(raw_class))
    return out


def _identification(root: ET.Element) -> dict[str, Any]:
    module: dict[str, Any] = {"nctId": _text(root, "id_info/nct_id")}
    org_id = _text(root, "id_info/org_study_id")
    if org_id:
        module["orgStudyIdInfo"] = {"id": org_id}
    secondary = [_plain(e) for e in root.findall("id_info/secondary_id")]
    if any(secondary):
        module["secondaryIdInfos"] = [{"id": s} for s in secondary if s]
    for tag, key in (
        ("brief_title", "briefTitle"),
        ("official_title", "officialTitle"),
        ("acronym", "acronym"),
    ):
        if _text(root, tag):
            module[key] = _text(root, tag)
    return module


def _status(root: ET.Element) -> dict[str, Any]:
    module: dict[str, Any] = {}
    if _text(root, "overall_status"):
        module["overallStatus"] = legacy_code(_text(root, "overall_status"))
    for tag, key in (
        ("start_date", "startDateStruct"),
        ("primary_completion_date", "primaryCompletionDateStruct"),
        ("completion_date", "completionDateStruct"),
    ):
        struct = _date_struct(root, tag)
        if struct:
            module[key] = struct
    return module


def _design(root: ET.Element) -> dict[str, Any]:
    module: dict[str, Any] = {}
    study_type = _text(root, "study_type").split("[")[0].strip()
    if study_type:
        module["studyType"] = legacy_code(study_type)
    phases = legacy_phases(_text(root, "phase"))
    if phases:
        module["phases"] = phases
    enrollment = root.find("enrollment")
    if enrollment is not None and (enrollment.text or "").strip().isdigit():
        info: dict[str, Any] = {"count": int((enrollment.text or "").strip())}
        kind = DATE_TYPES.get(enrollment.get("type", "").strip().lower())
        if kind:
            info["type"] = kind
        module["enrollmentInfo"] = info
    return module


def _location(element: ET.Element) -> dict[str, str]:
    address = element.find("facility/address")
    out = {"facility": _text(element, "facility/name")}
    for tag in ("city", "state", "zip", "country"):
        if _text(address, tag):
            out[tag] = _text(address, tag)
    return out


def legacy_study(root: ET.Element) -> dict[str, Any]:
    """One ``<clinical_study>`` element as an API v2 study (the parts the connector uses)."""
    lead = root.find("sponsors/lead_sponsor")
    sponsors: dict[str, Any] = {}
    if lead is not None:
        sponsors["leadSponsor"] = _agency(lead)
    collaborators = [_agency(e) for e in root.findall("sponsors/collaborator")]
    if collaborators:
        sponsors["collaborators"] = collaborators
    interventions = [
        {"type": legacy_code(_text(e, "intervention_type")), "name": _text(e, "intervention_name")}
        for e in root.findall("intervention")
    ]
    protocol: dict[str, Any] = {
        "identificationModule": _identification(root),
        "statusModule": _status(root),
        "sponsorCollaboratorsModule": sponsors,
        "conditionsModule": {"conditions": [_plain(e) for e in root.findall("condition")]},
        "designModule": _design(root),
        "armsInterventionsModule": {"interventions": interventions},
        "contactsLocationsModule": {"locations": [_location(e) for e in root.findall("location")]},
    }
    return {"protocolSection": protocol}


def processed_on(root: ET.Element) -> dt.datetime | None:
    """The day ClinicalTrials.gov wrote the record (``required_header/download_date``)."""
    match = _PROCESSED_ON.search(_text(root, "required_header/download_date"))
    if not match:
        return None
    day = legacy_date(match.group(1))
    try:
        return dt.datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def read_legacy_xml(path: Path) -> tuple[dict[str, Any], dt.datetime | None]:
    """The study in a legacy XML file (as an API v2 study) and the day it was written.

    Raises :class:`~bioregion.errors.ImportRejectedError` naming the file (and the line
    where the XML breaks) when the file is not a ``<clinical_study>`` record.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise rejected(
            [
                Problem(
                    file=str(path),
                    row=line,
                    rule=f"is not well-formed XML ({exc}); download the record again",
                )
            ]
        ) from None
    if root.tag != "clinical_study":
        raise rejected(
            [
                Problem(
                    file=str(path),
                    value=root.tag,
                    rule="is XML but not a legacy ClinicalTrials.gov record (<clinical_study>); "
                    "give the API v2 JSON or the legacy XML of one study",
                )
            ]
        )
    return legacy_study(root), processed_on(root)
