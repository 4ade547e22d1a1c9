"""Derive the CSV fixtures of this folder from the real CORDIS JSON records.

Run from the repository root: ``python tests/data/cordis/derive_csv_fixtures.py``.
It reads ``/work/shared/data/cordis/cordis_json_semicond_ev_{project,organization}.json``
(see SOURCE.md) and writes, with the values of the real records:

- ``h2020_3ccar_project_cp1252.csv`` and ``h2020_3ccar_organization_cp1252.csv``: the
  H2020 project 3Ccar (662192) and 12 of its 47 participants in the current official CSV
  layout (``;``-separated, windows-1252, amounts with a decimal comma, the objective
  with its real line breaks in a quoted cell; the bytes 0x80 (euro sign) and 0x92 (right
  quote) make it invalid UTF-8);
- ``fp7_esee_project_old_layout.csv`` and ``fp7_esee_organizations_old_layout.csv``: the
  FP7 project ESEE (324284) and all its 27 participants in the pre-2021 layout
  (UTF-8, ``;``, the organisation's PIC in column ``id``, decimal commas).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

SHARED = Path("/work/shared/data/cordis")
HERE = Path(__file__).resolve().parent


def columns(names: str) -> list[str]:
    return names.split(";")


PROJECT_HEADER = columns(
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;legalBasis;topics;ecSignatureDate;frameworkProgramme;masterCall;subCall;fundingScheme;nature;objective;contentUpdateDate;rcn;grantDoi"
)
ORGANIZATION_HEADER = columns(
    "projectID;projectAcronym;organisationID;vatNumber;name;shortName;SME;activityType;street;postCode;city;country;nutsCode;geolocation;organizationURL;contactForm;contentUpdateDate;rcn;order;role;ecContribution;netEcContribution;totalCost;endOfParticipation;active"
)
OLD_PROJECT_HEADER = columns(
    "rcn;id;acronym;status;programme;topics;frameworkProgramme;title;startDate;endDate;projectUrl;objective;totalCost;ecMaxContribution;call;fundingScheme;coordinator;coordinatorCountry;participants;participantCountries;subjects"
)
OLD_ORGANIZATION_HEADER = columns(
    "projectRcn;projectID;projectAcronym;role;id;name;shortName;activityType;endOfParticipation;ecContribution;country;street;city;postCode;organizationUrl;vatNumber"
)
MONEY = {"totalCost", "ecMaxContribution", "ecContribution", "netEcContribution"}


def cell(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if key in MONEY and isinstance(value, int | float):
        return str(value).replace(".", ",")
    return "" if value is None else str(value)


def write(path: Path, header: list[str], rows: list[dict], encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(k, row.get(k, "")) for k in header])
    path.write_bytes(buffer.getvalue().encode(encoding))


def main() -> None:
    projects = json.loads((SHARED / "cordis_json_semicond_ev_project.json").read_text("utf-8"))
    orgs = json.loads((SHARED / "cordis_json_semicond_ev_organization.json").read_text("utf-8"))
    by_id = {p["id"]: p for p in projects}
    ccar = sorted((o for o in orgs if o["projectID"] == 662192), key=lambda o: o["order"])[:12]
    write(HERE / "h2020_3ccar_project_cp1252.csv", PROJECT_HEADER, [by_id[662192]], "cp1252")
    write(HERE / "h2020_3ccar_organization_cp1252.csv", ORGANIZATION_HEADER, ccar, "cp1252")
    esee = by_id[324284]
    old_project = {
        **esee,
        "programme": esee["legalBasis"],
        "call": esee["subCall"],
        "projectUrl": "",
    }
    write(HERE / "fp7_esee_project_old_layout.csv", OLD_PROJECT_HEADER, [old_project], "utf-8")
    old_orgs = [
        {
            **o,
            "projectRcn": esee["rcn"],
            "id": o["organisationID"],
            "organizationUrl": o["organizationURL"],
        }
        for o in sorted((o for o in orgs if o["projectID"] == 324284), key=lambda o: o["order"])
    ]
    write(
        HERE / "fp7_esee_organizations_old_layout.csv", OLD_ORGANIZATION_HEADER, old_orgs, "utf-8"
    )


if __name__ == "__main__":
    main()
