#!/usr/bin/env python3
"""The authorization matrix of issue 5: every role × every tenant route × demo-factory's (org 2's)
data, on a real `carbonledger serve` over a fresh demo database (tests/api/README.md lists its ids).

The expectations (EXPECT) are written here from the role descriptions of issue 5 (the header of
src/server/auth/authorize.hpp), not read from the code:

  factory (org 2)     everything on its own organization's data, except that it only reads and
                      answers findings, and reads, freezes and shares versions; reads colleagues
  consultant (org 4)  assigned to org 2: reads the organization; reads, creates and updates its
                      facilities, sources, activity, evidence, inventories (and own factors); no
                      delete, freeze or share; reads versions and findings
  verifier (org 5)    only version 1 of inventory 1 (shared with it) and findings on it (read,
                      create, close/reopen); nothing else of org 2
  supplier (org 6)    nothing of org 2, except the supply requests org 2 addressed to it (after
                      it joined with the invitation code): it reads them, and shares into them
                      only its own footprint (issue 7); it never decides or reminds
  administrator       everything
  other (factory of org 3)  nothing of org 2: 404 everywhere, answered exactly like an unused id

ROUTES maps every route of `serve --routes` that touches tenant data to its kind and action, a
path with org 2's ids and a valid body; OPEN lists the routes that are not tenant-scoped. The test
fails when `serve --routes` lists a route in neither (a new route must be added here).

Phases keep the state usable: reads, then creates/updates, then deletes (each delete target made
fresh by admin@demo.test first). Checks: an allowed call answers 2xx; a denied one answers 403 or
404 with a body of only code/message/where; when the role may not even read the resource the
answer is 404 and its body equals that of the same route with an unused id (999999). List routes
without an id (GET /users, /orgs, /shared-versions) must not show org 2's rows to outsiders, and
what a denied create sent must not be stored. The last line is "N passed, M failed".
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_api import REPO, Client, route_table, start_server  # noqa: E402

ROLES = {
    "factory": "factory@demo.test",
    "consultant": "consultant@demo.test",
    "verifier": "verifier@demo.test",
    "supplier": "supplier@demo.test",
    "admin": "admin@demo.test",
    "other": "other@demo.test",
}
ALL = {"read", "create", "update", "remove", "share", "answer", "close", "manage"}

# kind -> role -> allowed actions on org 2's data. "answer" (POST /findings/{id}/answers) and
# "close" (PATCH /findings/{id}) are the two updates of a finding; "manage" is an administrator's
# change of another user's rights (memberships). Missing = nothing.
EXPECT = {
    "organization": {"factory": {"read", "update"}, "consultant": {"read"}},
    "facility": {"factory": {"read", "create", "update", "remove"},
                 "consultant": {"read", "create", "update"}},
    "source": {"factory": {"read", "create", "update", "remove"},
               "consultant": {"read", "create", "update"}},
    "activity": {"factory": {"read", "create", "update", "remove"},
                 "consultant": {"read", "create", "update"}},
    "evidence": {"factory": {"read", "create", "update", "remove"},
                 "consultant": {"read", "create", "update"}},
    "inventory": {"factory": {"read", "create", "update", "remove"},
                  "consultant": {"read", "create", "update"}},
    "inventory_version": {"factory": {"read", "create", "share"}, "consultant": {"read"},
                          "verifier": {"read"}},  # verifier: version 1, the shared one
    "finding": {"factory": {"read", "answer"}, "consultant": {"read"},
                "verifier": {"read", "create", "close"}},
    "user": {"factory": {"read"}},  # a colleague's record
    # Moving offset credits (transfer, use, retire) disposes of the factory's asset: the factory
    # decides, not its consultant. Offset projects themselves are rights of the facility kind.
    "offset_credit": {"factory": {"update"}},
    # Supply requests org 2 sends (data_request): the factory invites, reminds and decides; the
    # consultant reads. "supplied_request": one org 6 joined and shared into, which org 6 reads.
    "data_request": {"factory": {"read", "create", "update"}, "consultant": {"read"}},
    "supplied_request": {"factory": {"read", "update"}, "consultant": {"read"},
                         "supplier": {"read"}},
    # Footprint studies and published PACT footprints: the factory all of it (share = an API client that reads them);
    # the assigned consultant prepares (read, publish) but does not share.
    "footprint": {"factory": {"read", "create", "update", "remove", "share"},
                  "consultant": {"read", "create", "update"}},
    # Program-wide (no tenant id in the path): a refusal is 403, there is nothing to hide.
    "audit_log": {},
    "program_user": {},
    "program_org": {},
    "assignment": {},
    # Funding programs (issue 8). An application is its organization's: the factory and its
    # consultant read it; an approved case's duties are recorded by the factory and its
    # consultant. Applying is a factory's (for its own organization: "other" applies too); the
    # intake, requests, approvals and review meetings are the office's alone (program-wide, 403).
    "program_application": {"factory": {"read"}, "consultant": {"read"}},
    "program_case": {"factory": {"read", "create"}, "consultant": {"read", "create"}},
    "program_apply": {"factory": {"create"}, "other": {"create"}},
    "program_office": {},
}
PROGRAM_WIDE = {"audit_log", "program_user", "program_org", "assignment", "program_apply",
                "program_office"}
for table in EXPECT.values():
    table["admin"] = set(ALL)
# Sharing a footprint into org 2's request is the joined supplier's alone (none of the matrix's
# roles for a request nobody joined; the administrator acts for no organization).
EXPECT["supply_share"] = {}


def allowed(kind, role, action):
    return action in EXPECT[kind].get(role, set())


# Routes of `serve --routes` that are open or stateless (no tenant's stored data).
OPEN = {
    ("GET", "/api/v1/health"), ("GET", "/api/openapi.yaml"), ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"), ("GET", "/api/v1/auth/me"), ("POST", "/api/v1/auth/tokens"),
    ("GET", "/api/v1/factors"), ("GET", "/api/v1/factors/{id}"),
    ("POST", "/api/v1/inventory/validate"),
    ("POST", "/api/v1/inventory/compute"), ("POST", "/api/v1/inventory/register"),
    ("POST", "/api/v1/lca/solve"), ("POST", "/api/v1/lca/all-products"),
    ("GET", "/api/v1/offset-methods"),  # the catalogue in data/, no tenant's data
    ("GET", "/api/v1/programs"), ("GET", "/api/v1/programs/{program}"),
    # The PACT API: no session; a PACT client's token decides (tests/api/cases/pact).
    ("POST", "/auth/token"), ("GET", "/3/footprints"), ("GET", "/3/footprints/{id}"),
    ("POST", "/3/events"),
}
# Lists without an id: everyone may call them; they must not show org 2's rows to outsiders.
LISTS = {("GET", "/api/v1/users"), ("GET", "/api/v1/orgs"), ("GET", "/api/v1/shared-versions"),
         ("GET", "/api/v1/supply-requests"),
         ("GET", "/api/v1/programs/{program}/applications"),
         ("GET", "/api/v1/programs/{program}/cases"),
         ("GET", "/api/v1/programs/{program}/follow-ups")}
# Joining a supply request takes its invitation code, not an id (role supplier; API cases).
OPEN.add(("POST", "/api/v1/supply-invitations/join"))

SOURCE_DEFINITION = {"type": "stationary_combustion", "factor": "tw.moenv2024.stationary.diesel"}


def factor_definition(code):
    return {"id": code, "name_zh": "矩陣測試係數", "per": "t", "gases": {"CO2e": 1},
            "type": "manufacturer", "source": {"document": "authz matrix", "year": 2024}}


CHAIN = REPO / "data/examples/footprint/chain"
CENTRAL_STUDY = json.loads((CHAIN / "central-m8.json").read_text(encoding="utf-8"))
SUPPLIER_STUDY = json.loads((CHAIN / "s1-wire-rod.json").read_text(encoding="utf-8"))
NEW_STUDY = dict(json.loads((CHAIN / "s2-plating.json").read_text(encoding="utf-8")), id="MX-{r}")

# The smallest CBAM communication of inventory 1 (docs/formats/cbam.md, without `inventory`).
CBAM_BODY = {
    "carbonledger": "cbam-communication/1",
    "installation": {"name": "mx plant", "address": "1 Road", "city": "Kaohsiung",
                     "country": "TW", "unlocode": "TWKHH", "latitude": 22.79,
                     "longitude": 120.3},
    "period": {"start": "2024-01-01", "end": "2024-12-31"},
    "processes": [{"id": "P1", "goods": [{"cn": "7318 15 88", "tonnes": 100}],
                   "attribution": [{"source": "S02", "share": 0.5}]}],
}

P23 = "/api/v1/programs/2023-sme-low-carbon"
P14 = "/api/v1/programs/2014-cfp-demonstration"
# A complete 附表1 for inventory guidance (tests/api/cases/program/10-submit.test).
APP23 = {"services": ["inventory_guidance"],
         "factory": {"name": "mx-{r} 工廠", "ubn": "22099131", "factory_registration": "99612345",
                     "address": "彰化縣和美鎮", "manufacturer": True, "mid_sized": False},
         "form": {"industry_code": "25", "capital_10k": 5000, "responsible_person": "王",
                  "responsible_title": "董事長", "contact": "李", "contact_title": "經理",
                  "phone": "04-7000000", "email": "mx@example.com.tw", "employees": 85,
                  "domestic_share": 60, "export_share": 40, "products": ["螺絲"]},
         "consents": {"personal_data": True}}
# A single-factory 2014 application of org 2 (tests/api/cases/program/40-unit-app-1.test).
APP14 = {"mode": "single_factory",
         "factory": {"name": "mx 示範工廠", "ubn": "22099104", "manufacturer": True},
         "guidance_unit": {"name": "mx 顧問", "ubn": "27934855", "registrations": ["SD1-ghg"],
                           "certified_staff": 4},
         "product": {"name": "螺栓", "boundary": "cradle_to_gate", "standard": "ISO/TS 14067:2013"},
         "documents": {"checklist": "a.pdf", "registry_printout": "b.pdf", "plan": "c.pdf",
                       "basic_data": "d.xlsx", "unit_registration": "e.pdf",
                       "staff_certificates": "f.pdf"},
         "consents": {"willingness": True}}
# The plan's cost items of a single-factory case: 231,000 + 210,000 = 441,000 (004 貳.五.2).
COST14 = [{"id": "personnel", "name": "人事費", "budget": 300000},
          {"id": "travel", "name": "差旅費", "budget": 141000}]
SCORE14 = {"plan_completeness": 3, "objectives": 6, "understanding": 4, "budget": 3, "staffing": 2,
           "unit_experience": 9, "importance": 7, "feasibility": 13, "schedule": 6, "sme": 5,
           "representativeness": 4, "cooperation": 5, "supplier_emissions": 11, "single_reason": 12}
# A PACT ProductFootprint (shared/reference/pact-v3.md) with an id of its own per role.
PACT_BODY = {
    "id": "00000000-0000-4000-8000-00000000000{n}", "specVersion": "3.0.0",
    "created": "2025-03-01T00:00:00Z", "status": "Active", "companyName": "mx-{r}",
    "companyIds": ["urn:pact:company:customcode:buyer-assigned:mx"],
    "productDescription": "mx-{r}", "productIds": ["urn:pact:product:customcode:vendor-assigned:mx"],
    "productNameCompany": "mx-{r}",
    "pcf": {"declaredUnit": "kilogram", "unitaryProductAmount": "1", "pCfExcludingBiogenic": "1",
            "fossilGhgEmissions": "1", "fossilCarbonContent": "0", "biogenicCarbonContent": "0",
            "ipccCharacterizationFactorsSources": ["AR6"], "crossSectoralStandards": ["ISO14067"],
            "referencePeriodStart": "2024-01-01T00:00:00Z",
            "referencePeriodEnd": "2025-01-01T00:00:00Z", "geographyCountry": "TW",
            "exemptedEmissionsPercent": "0", "packagingEmissionsIncluded": False},
}

# (method, pattern, kind, action, path, body or None[, read_as]). read_as: the kind whose read
# right decides between 404 and 403 when it is not `kind` itself. Paths and bodies are
# str.format()ed with {r} (the role's key), {n} (its number), and the ids of State (ids made in
# set-up or, for deletes, made fresh by make_target). The unused-id twin replaces the first
# org-2 id of the path with 999999 (MISSING).
ROUTES = [
    # reads
    ("GET", "/api/v1/orgs/{org}", "organization", "read", "/api/v1/orgs/2", None),
    ("GET", "/api/v1/orgs/{org}/facilities", "facility", "read", "/api/v1/orgs/2/facilities", None),
    ("GET", "/api/v1/facilities/{id}", "facility", "read", "/api/v1/facilities/1", None),
    ("GET", "/api/v1/orgs/{org}/factors", "inventory", "read", "/api/v1/orgs/2/factors", None),
    ("GET", "/api/v1/orgs/{org}/inventories", "inventory", "read", "/api/v1/orgs/2/inventories",
     None),
    ("GET", "/api/v1/inventories/{id}", "inventory", "read", "/api/v1/inventories/1", None),
    ("GET", "/api/v1/inventories/{id}/sources", "source", "read", "/api/v1/inventories/1/sources",
     None),
    ("GET", "/api/v1/sources/{id}", "source", "read", "/api/v1/sources/1", None),
    ("GET", "/api/v1/inventories/{id}/result", "inventory", "read", "/api/v1/inventories/1/result",
     None),
    ("GET", "/api/v1/inventories/{id}/document", "inventory", "read",
     "/api/v1/inventories/1/document", None),
    ("GET", "/api/v1/inventories/{id}/register", "inventory", "read",
     "/api/v1/inventories/1/register?format=json", None),
    ("GET", "/api/v1/inventories/{id}/activity", "activity", "read",
     "/api/v1/inventories/1/activity", None),
    ("GET", "/api/v1/inventories/{id}/activity/template", "inventory", "read",
     "/api/v1/inventories/1/activity/template", None),
    ("GET", "/api/v1/inventories/{id}/report", "inventory", "read",
     "/api/v1/inventories/1/report?format=html", None),
    ("GET", "/api/v1/inventories/{id}/procedure", "inventory", "read",
     "/api/v1/inventories/1/procedure?format=html&lang=en", None),
    ("GET", "/api/v1/inventories/{id}/activity/export", "activity", "read",
     "/api/v1/inventories/1/activity/export?format=json", None),
    ("GET", "/api/v1/activity/{id}", "activity", "read", "/api/v1/activity/1", None),
    ("GET", "/api/v1/orgs/{org}/evidence", "evidence", "read", "/api/v1/orgs/2/evidence", None),
    ("GET", "/api/v1/evidence/{id}", "evidence", "read", "/api/v1/evidence/{evidence}", None),
    ("GET", "/api/v1/evidence/{id}/content", "evidence", "read",
     "/api/v1/evidence/{evidence}/content", None),
    ("GET", "/api/v1/inventories/{id}/versions", "inventory_version", "read",
     "/api/v1/inventories/1/versions", None),
    ("GET", "/api/v1/inventories/{id}/versions/{version}", "inventory_version", "read",
     "/api/v1/inventories/1/versions/1", None),
    ("GET", "/api/v1/inventories/{id}/diff", "inventory_version", "read",
     "/api/v1/inventories/1/diff?from=1&to=1", None),
    ("GET", "/api/v1/inventories/{id}/versions/{version}/findings", "finding", "read",
     "/api/v1/inventories/1/versions/1/findings", None),
    ("GET", "/api/v1/users/{id}", "user", "read", "/api/v1/users/{colleague}", None),
    ("GET", "/api/v1/inventories/{id}/stages", "inventory", "read",
     "/api/v1/inventories/1/stages", None),
    ("GET", "/api/v1/activity/{id}/comments", "activity", "read", "/api/v1/activity/1/comments",
     None),
    ("GET", "/api/v1/orgs/{org}/site-visits", "organization", "read",
     "/api/v1/orgs/2/site-visits", None),
    ("GET", "/api/v1/inventories/{id}/reductions", "inventory", "read",
     "/api/v1/inventories/1/reductions", None),
    ("GET", "/api/v1/inventories/{id}/reductions/report", "inventory", "read",
     "/api/v1/inventories/1/reductions/report?format=html", None),
    ("GET", "/api/v1/inventories/{id}/carbonfee", "inventory", "read",
     "/api/v1/inventories/1/carbonfee?year=2025&with_reductions=true", None),
    # A POST that only reads: the CBAM communication computed from the stored inventory.
    ("POST", "/api/v1/inventories/{id}/cbam", "inventory", "read",
     "/api/v1/inventories/1/cbam?format=json", CBAM_BODY),
    ("GET", "/api/v1/orgs/{org}/footprint-studies", "footprint", "read",
     "/api/v1/orgs/2/footprint-studies", None),
    ("GET", "/api/v1/footprint-studies/{id}", "footprint", "read", "/api/v1/footprint-studies/{study}",
     None),
    ("GET", "/api/v1/footprint-studies/{id}/result", "footprint", "read",
     "/api/v1/footprint-studies/{study}/result", None),
    ("GET", "/api/v1/footprint-studies/{id}/pact", "footprint", "read",
     "/api/v1/footprint-studies/{study}/pact", None),
    ("GET", "/api/v1/footprint-studies/{id}/montecarlo", "footprint", "read",
     "/api/v1/footprint-studies/{study}/montecarlo?n=200&seed=3", None),
    ("GET", "/api/v1/footprint-studies/{id}/compare", "footprint", "read",
     "/api/v1/footprint-studies/{study}/compare?with={study}", None),
    ("GET", "/api/v1/footprint-studies/{id}/report", "footprint", "read",
     "/api/v1/footprint-studies/{study}/report?format=html&lang=en", None),
    ("GET", "/api/v1/footprint-studies/{id}/versions", "footprint", "read",
     "/api/v1/footprint-studies/{study}/versions", None),
    ("GET", "/api/v1/footprint-studies/{id}/versions/{n}", "footprint", "read",
     "/api/v1/footprint-studies/{study}/versions/1", None),
    ("GET", "/api/v1/footprint-studies/{id}/versions/{n}/compare", "footprint", "read",
     "/api/v1/footprint-studies/{study}/versions/1/compare", None),
    ("GET", "/api/v1/footprint-studies/{id}/chain", "data_request", "read",
     "/api/v1/footprint-studies/{study}/chain", None, "footprint"),
    ("GET", "/api/v1/supply-requests/{id}", "data_request", "read",
     "/api/v1/supply-requests/{request}", None),
    ("GET", "/api/v1/orgs/{org}/footprints", "footprint", "read", "/api/v1/orgs/2/footprints",
     None),
    ("GET", "/api/v1/orgs/{org}/pact-events", "footprint", "read", "/api/v1/orgs/2/pact-events",
     None),
    ("GET", "/api/v1/orgs/{org}/pact-partners", "footprint", "read",
     "/api/v1/orgs/2/pact-partners", None),
    ("GET", "/api/v1/audit", "audit_log", "read", "/api/v1/audit?limit=5", None),
    ("GET", "/api/v1/audit/verify", "audit_log", "read", "/api/v1/audit/verify", None),
    ("GET", "/api/v1/programs/{program}/applications/{id}/form.xlsx", "program_application",
     "read", P23 + "/applications/{application}/form.xlsx", None),
    ("GET", "/api/v1/programs/{program}/applications/{id}/duties", "program_case", "read",
     P14 + "/applications/{case}/duties", None),
    ("GET", "/api/v1/programs/{program}/applications/{id}/form.pdf", "program_application",
     "read", P23 + "/applications/{application}/form.pdf?format=html", None),
    ("GET", "/api/v1/programs/{program}/applications/{id}/follow-up", "program_case", "read",
     P14 + "/applications/{case}/follow-up", None),
    ("GET", "/api/v1/programs/{program}/follow-up/report", "program_office", "read",
     P14 + "/follow-up/report", None),
    ("GET", "/api/v1/programs/{program}/intake", "program_office", "read", P23 + "/intake", None),
    ("GET", "/api/v1/programs/{program}/funding", "program_office", "read", P14 + "/funding", None),
    ("GET", "/api/v1/programs/{program}/applications/{id}/funding", "program_case", "read",
     P14 + "/applications/{case}/funding", None),
    ("GET", "/api/v1/programs/{program}/applications/{id}/changes", "program_case", "read",
     P14 + "/applications/{case}/changes", None),
    ("GET", "/api/v1/programs/{program}/meetings", "program_office", "read", P14 + "/meetings",
     None),
    ("GET", "/api/v1/programs/{program}/meetings/{id}", "program_office", "read",
     P14 + "/meetings/{meeting}", None),
    ("GET", "/api/v1/programs/{program}/meetings/{id}/ranking", "program_office", "read",
     P14 + "/meetings/{meeting}/ranking", None),
    # creates and updates
    ("PATCH", "/api/v1/orgs/{org}", "organization", "update", "/api/v1/orgs/2",
     {"details": {"contact": "mx-{r}"}}),
    ("POST", "/api/v1/orgs/{org}/facilities", "facility", "create", "/api/v1/orgs/2/facilities",
     {"code": "MX{n}", "name": "mx-{r} plant", "reason": "authz matrix"}),
    ("PATCH", "/api/v1/facilities/{id}", "facility", "update", "/api/v1/facilities/1",
     {"details": {"address": "mx-{r}"}}),
    ("POST", "/api/v1/orgs/{org}/factors", "inventory", "create", "/api/v1/orgs/2/factors",
     {"definition": factor_definition("own.mx-{r}"), "reason": "authz matrix"}),
    ("POST", "/api/v1/orgs/{org}/inventories", "inventory", "create", "/api/v1/orgs/2/inventories",
     {"year": "{year}", "reason": "mx-{r}"}),
    ("PATCH", "/api/v1/inventories/{id}", "inventory", "update", "/api/v1/inventories/1",
     {"boundary": "operational_control", "reason": "mx-{r}"}),
    ("POST", "/api/v1/inventories/{id}/compute", "inventory", "update",
     "/api/v1/inventories/1/compute", None),
    ("POST", "/api/v1/inventories/{id}/sources", "source", "create",
     "/api/v1/inventories/1/sources",
     {"facility_id": 1, "code": "MX{n}", "name": "mx-{r} source", "definition": SOURCE_DEFINITION}),
    ("PATCH", "/api/v1/sources/{id}", "source", "update", "/api/v1/sources/1",
     {"reason": "mx-{r}"}),
    ("POST", "/api/v1/inventories/{id}/activity", "activity", "create",
     "/api/v1/inventories/1/activity",
     {"source_id": 1, "period": "2024-11", "amount": 1, "unit": "L", "note": "mx-{r}"}),
    ("POST", "/api/v1/inventories/{id}/activity/import", "activity", "create",
     "/api/v1/inventories/1/activity/import?format=csv&dry_run=true",
     "source,period,amount,unit,evidence,note\nS01,2025-01,1,L,,mx-{r}\n"),
    ("PATCH", "/api/v1/activity/{id}", "activity", "update", "/api/v1/activity/1",
     {"note": "mx-{r}", "reason": "authz matrix"}),
    ("POST", "/api/v1/orgs/{org}/evidence", "evidence", "create",
     "/api/v1/orgs/2/evidence?name=mx-{r}.txt", "evidence of mx-{r}\n"),
    # Guidance (issue 6): stages change with the inventory; comments are written by who may
    # write activity; site visits are the organization's own data, recorded by who may create
    # its facilities (factory, assigned consultant), read as the organization.
    ("PATCH", "/api/v1/inventories/{id}/stages/{stage}", "inventory", "update",
     "/api/v1/inventories/1/stages/1", {"status": "in_progress", "note": "mx-{r}"}),
    ("POST", "/api/v1/activity/{id}/comments", "activity", "create", "/api/v1/activity/1/comments",
     {"text": "mx-{r}"}),
    ("POST", "/api/v1/orgs/{org}/site-visits", "facility", "create", "/api/v1/orgs/2/site-visits",
     {"date": "2024-06-12", "visitor": "mx-{r}", "purpose": "survey"}, "organization"),
    # Reduction proposals: written (created, changed, removed) by who may update the inventory.
    ("POST", "/api/v1/inventories/{id}/reductions", "inventory", "update",
     "/api/v1/inventories/1/reductions",
     {"equipment": "motor", "measure": "mx-{r}", "energy_saving": 1000, "energy_unit": "kWh"}),
    ("PATCH", "/api/v1/reductions/{id}", "inventory", "update", "/api/v1/reductions/{reduction}",
     {"note": "mx-{r}"}),
    # Footprint studies and their supply chain (issue 7).
    ("POST", "/api/v1/orgs/{org}/footprint-studies", "footprint", "create",
     "/api/v1/orgs/2/footprint-studies", NEW_STUDY),
    ("PUT", "/api/v1/footprint-studies/{id}", "footprint", "update",
     "/api/v1/footprint-studies/{study}", CENTRAL_STUDY),
    ("POST", "/api/v1/footprint-studies/{id}/chain", "data_request", "create",
     "/api/v1/footprint-studies/{study}/chain",
     {"supplier_key": "MX{n}", "supplier_name": "mx-{r}", "part": "mx part"}, "footprint"),
    ("POST", "/api/v1/supply-requests/{id}/remind", "data_request", "update",
     "/api/v1/supply-requests/{request}/remind", None),
    ("POST", "/api/v1/supply-requests/{id}/share", "supply_share", "share",
     "/api/v1/supply-requests/{request}/share", {"study_id": "{supplier_study}"}, "data_request"),
    ("POST", "/api/v1/supply-requests/{id}/accept", "supplied_request", "update",
     "/api/v1/supply-requests/{target}/accept", None),
    ("POST", "/api/v1/supply-requests/{id}/needs-correction", "supplied_request", "update",
     "/api/v1/supply-requests/{target}/needs-correction", {"note": "mx-{r}"}),
    # PACT: publishing a footprint is create; an API client that reads them all is share.
    ("POST", "/api/v1/orgs/{org}/footprints", "footprint", "create", "/api/v1/orgs/2/footprints",
     PACT_BODY),
    ("POST", "/api/v1/orgs/{org}/pact-clients", "footprint", "share",
     "/api/v1/orgs/2/pact-clients", {"name": "mx-{r}"}),
    # A partner host that request answers are delivered to: it sends footprints out, so share.
    ("POST", "/api/v1/orgs/{org}/pact-partners", "footprint", "share",
     "/api/v1/orgs/2/pact-partners",
     {"name": "mx-{r}", "base_url": "https://mx-{r}-{n}.example", "client_id": "mx-{r}",
      "client_secret": "mx-secret"}),
    # A freeze makes a new version of the inventory, which the verifier cannot read: 404 for it.
    ("POST", "/api/v1/inventories/{id}/versions", "inventory_version", "create",
     "/api/v1/inventories/1/versions", {"reason": "mx-{r}"}, "inventory"),
    ("POST", "/api/v1/inventories/{id}/versions/{version}/shares", "inventory_version", "share",
     "/api/v1/inventories/1/versions/1/shares", {"organization_id": "{verifier_org}",
                                                 "reason": "mx-{r}"}),
    ("POST", "/api/v1/inventories/{id}/versions/{version}/findings", "finding", "create",
     "/api/v1/inventories/1/versions/1/findings", {"severity": "observation", "text": "mx-{r}"}),
    ("POST", "/api/v1/findings/{id}/answers", "finding", "answer",
     "/api/v1/findings/{finding}/answers", {"text": "mx-{r}"}),
    ("PATCH", "/api/v1/findings/{id}", "finding", "close", "/api/v1/findings/{finding}",
     {"status": "closed", "reason": "mx-{r}"}),
    ("POST", "/api/v1/users/{id}/memberships", "user", "manage",
     "/api/v1/users/{colleague}/memberships", {"organization_id": 6, "role": "supplier"}),
    ("POST", "/api/v1/users", "program_user", "create", "/api/v1/users",
     {"email": "mx-{r}@demo.test", "name": "mx-{r}", "password": "a long enough passphrase",
      "role": "factory", "organization_id": 2}),
    ("POST", "/api/v1/orgs", "program_org", "create", "/api/v1/orgs",
     {"kind": "supplier", "name": "mx-{r} supplier"}),
    ("POST", "/api/v1/assignments", "assignment", "create", "/api/v1/assignments",
     {"consultancy_id": "{consultancy}", "factory_id": 2}),
    ("POST", "/api/v1/programs/{program}/applications", "program_apply", "create",
     P23 + "/applications", {"application": APP23}),
    ("POST", "/api/v1/programs/{program}/intake/accept", "program_office", "update",
     P23 + "/intake/accept", {}),
    ("POST", "/api/v1/programs/{program}/applications/{id}/requests", "program_office", "create",
     P23 + "/applications/{application}/requests", {"document": "mx-{r}"}),
    ("POST", "/api/v1/programs/{program}/requests/{id}/received", "program_office", "update",
     P23 + "/requests/{request}/received", {}),
    ("POST", "/api/v1/programs/{program}/applications/{id}/approve", "program_office", "update",
     P14 + "/applications/{approvable}/approve", {"date": "2014-03-20"}),
    ("POST", "/api/v1/programs/{program}/meetings", "program_office", "create", P14 + "/meetings",
     {"date": "2014-03-11", "committee": 1, "reviewers": ["admin@demo.test"],
      "applications": ["{case}"]}),
    ("PUT", "/api/v1/programs/{program}/meetings/{id}/scores/{application}", "program_office",
     "update", P14 + "/meetings/{meeting}/scores/{case}", {"rank": 1, "items": SCORE14}),
    ("PUT", "/api/v1/programs/{program}/meetings/{id}/lots", "program_office", "update",
     P14 + "/meetings/{meeting}/lots", {"lots": []}),
    ("POST", "/api/v1/programs/{program}/applications/{id}/duties/{duty}/records", "program_case",
     "create", P14 + "/applications/{case}/duties/kickoff/records",
     {"kind": "evidence", "date": "2014-04-10", "note": "mx-{r}"}),
    ("POST", "/api/v1/programs/{program}/applications/{id}/funding", "program_office", "create",
     P14 + "/applications/{fundable}/funding", {"cost_items": COST14}),
    ("POST", "/api/v1/programs/{program}/applications/{id}/expenses", "program_case", "create",
     P14 + "/applications/{case}/expenses",
     {"date": "2014-04-10", "cost_item": "personnel", "amount": 1000, "description": "mx-{r}"}),
    # A principal who left is replaced beyond the one major change per case (004 陸.三.1), so
    # each allowed role's request is stored.
    ("POST", "/api/v1/programs/{program}/applications/{id}/changes", "program_case", "create",
     P14 + "/applications/{case}/changes",
     {"kind": "major_change", "reason": "mx-{r}", "date": "2014-05-01",
      "details": {"subject": "principal", "departed": True}}),
    ("POST", "/api/v1/programs/{program}/changes/{id}/decision", "program_office", "update",
     P14 + "/changes/{change}/decision", {"decision": "approved", "date": "2014-05-02"}),
    ("POST", "/api/v1/programs/{program}/applications/{id}/follow-up", "program_case", "create",
     P14 + "/applications/{case}/follow-up",
     {"year": 1, "reported_on": "2015-12-01", "emissions_t": 10, "reduction_t": 1,
      "note": "mx-{r}", "replace": True}),
    ("POST", "/api/v1/programs/{program}/applications/{id}/follow-up/reminders", "program_office",
     "create", P14 + "/applications/{case}/follow-up/reminders", {"year": 1, "note": "mx-{r}"}),
    # deletes (the target made fresh by admin@demo.test just before)
    ("DELETE", "/api/v1/facilities/{id}", "facility", "remove", "/api/v1/facilities/{target}",
     None),
    ("DELETE", "/api/v1/orgs/{org}/factors/{factor}", "inventory", "remove",
     "/api/v1/orgs/2/factors/{target}", None),
    ("DELETE", "/api/v1/sources/{id}", "source", "remove", "/api/v1/sources/{target}", None),
    ("DELETE", "/api/v1/activity/{id}", "activity", "remove", "/api/v1/activity/{target}", None),
    ("DELETE", "/api/v1/reductions/{id}", "inventory", "update", "/api/v1/reductions/{target}",
     None),
    ("DELETE", "/api/v1/footprint-studies/{id}", "footprint", "remove",
     "/api/v1/footprint-studies/{target}", None),
]
MISSING = "999999"

# A planned lighting project (docs/formats/offset-project.md) the engine accepts; its "id" is
# filled per use.
OFFSET_PROJECT = {
    "name": "mx lighting", "type": "planned", "scale": "micro", "proponent": "mx proponent",
    "method": "AMS-II.C/lighting",
    "crediting_period": {"start": "2024-01-01", "end": "2033-12-31", "number": 1},
    "additionality": {"tests": ["regulatory"], "evidence": "memo"},
    "applicability": [{"condition": c, "met": True, "evidence": "e"} for c in ("L1", "L2", "L3")],
    "grid_factor": {"basis": "national", "value": 0.494, "unit": "t CO2/MWh",
                    "source": {"document": "MOEA 2023", "table": "t", "version": "v",
                               "year": 2024, "verification": "secondary"}},
    "equipment": [{"id": "E1", "type": "LED", "count": 500, "scrapped": 500}],
}
OFFSET_PERIOD = {"period": "2024", "from": "2024-01-01", "to": "2024-12-31",
                 "parameters": {"n_units": 500, "baseline_power_w": 40, "project_power_w": 18,
                                "operating_hours": 3600}}
OFFSET_STAGES = [("feasibility", "2023-03-01"), ("plan", "2023-05-15"),
                 ("validation", "2023-07-10"), ("registration", "2023-09-01"),
                 ("monitoring_report", "2025-01-20"), ("verification", "2025-03-05"),
                 ("credit_application", "2025-03-20"), ("issued", "2025-05-02")]
ROUTES += [
    # Offset projects (issue 9): the organization's own data with the rights of its facilities
    # (factory, assigned consultant), read as the organization. {offset} is a project of the
    # role's own (set-up), so each allowed role can record its first stage.
    ("GET", "/api/v1/orgs/{org}/offset-projects", "organization", "read",
     "/api/v1/orgs/2/offset-projects", None),
    ("GET", "/api/v1/offset-projects/{id}", "organization", "read",
     "/api/v1/offset-projects/{offset}", None),
    ("GET", "/api/v1/offset-projects/{id}/document", "organization", "read",
     "/api/v1/offset-projects/{offset}/document?kind=plan&format=html", None),
    ("GET", "/api/v1/orgs/{org}/offset-ledger", "organization", "read",
     "/api/v1/orgs/2/offset-ledger", None),
    ("POST", "/api/v1/orgs/{org}/offset-projects", "facility", "create",
     "/api/v1/orgs/2/offset-projects", dict(OFFSET_PROJECT, id="MXN-{r}"), "organization"),
    ("PUT", "/api/v1/offset-projects/{id}", "facility", "update",
     "/api/v1/offset-projects/{offset}", dict(OFFSET_PROJECT, id="MX-{r}", name="mx-{r} put"),
     "organization"),
    ("POST", "/api/v1/offset-projects/{id}/stages", "facility", "update",
     "/api/v1/offset-projects/{offset}/stages",
     {"stage": "feasibility", "date": "2023-03-01", "responsible": "mx-{r}"}, "organization"),
    ("POST", "/api/v1/offset-projects/{id}/periods", "facility", "update",
     "/api/v1/offset-projects/{offset}/periods", OFFSET_PERIOD, "organization"),
    ("POST", "/api/v1/orgs/{org}/offset-ledger", "offset_credit", "update",
     "/api/v1/orgs/2/offset-ledger",
     {"action": "retire", "from": "mx proponent", "quantity": 1, "reference": "mx-{r}"},
     "organization"),
    ("DELETE", "/api/v1/offset-projects/{id}/periods/{period}", "facility", "update",
     "/api/v1/offset-projects/{target}/periods/2024", None, "organization"),
    # The onsite-support service (annex 6): the same rights as site visits.
    ("GET", "/api/v1/orgs/{org}/support-requests", "organization", "read",
     "/api/v1/orgs/2/support-requests", None),
    ("GET", "/api/v1/support-requests/{id}", "organization", "read",
     "/api/v1/support-requests/{support}", None),
    ("POST", "/api/v1/orgs/{org}/support-requests", "facility", "create",
     "/api/v1/orgs/2/support-requests",
     {"stage": "plan", "requested_on": "2025-01-05", "note": "mx-{r}"}, "organization"),
    ("PATCH", "/api/v1/support-requests/{id}", "facility", "create",
     "/api/v1/support-requests/{support}", {"note": "mx-{r}"}, "organization"),
    ("POST", "/api/v1/support-requests/{id}/visits", "facility", "create",
     "/api/v1/support-requests/{support}/visits",
     {"date": "2025-01-15", "hours": 4, "visitor": "mx-{r}", "summary": "s"}, "organization"),
    ("POST", "/api/v1/support-requests/{id}/issues", "facility", "create",
     "/api/v1/support-requests/{support}/issues",
     {"raised_on": "2025-01-15", "description": "mx-{r}"}, "organization"),
    ("PATCH", "/api/v1/support-issues/{id}", "facility", "create",
     "/api/v1/support-issues/{issue}", {"resolution": "mx-{r}", "solved_on": "2025-01-20"},
     "organization"),
]


class Matrix:
    def __init__(self, client):
        self.client = client
        self.passed = 0
        self.failures = []
        self.ids = {}

    def call(self, login, method, path, body=None):
        cookie, csrf = self.client.login(login)
        headers = [("Cookie", cookie), ("X-CSRF-Token", csrf)]
        data = None
        if isinstance(body, (dict, list)):
            headers.append(("Content-Type", "application/json"))
            data = json.dumps(body, ensure_ascii=False).encode()
        elif isinstance(body, str):
            headers.append(("Content-Type", "text/csv" if "," in body else "text/plain"))
            data = body.encode()
        status, _, raw = self.client.send(method, path, headers, data)
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return status, parsed, raw

    def admin(self, method, path, body=None, want=(200, 201)):
        status, parsed, raw = self.call(ROLES["admin"], method, path, body)
        if status not in want:
            raise RuntimeError(f"set-up {method} {path}: {status} {raw[:300]!r}")
        return parsed

    def fail(self, text):
        self.failures.append(text)
        print("FAIL " + text)

    def ok(self):
        self.passed += 1


def fill(value, subs):
    if isinstance(value, str):
        whole = value[1:-1] if value.startswith("{") and value.endswith("}") else None
        if whole in subs and isinstance(subs[whole], int):
            return subs[whole]  # "{year}" → a JSON number
        for key, sub in subs.items():
            value = value.replace("{" + key + "}", str(sub))
        return value
    if isinstance(value, dict):
        return {key: fill(item, subs) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, subs) for item in value]
    return value


def missing_twin(path):
    """The same route with the first org-2 id of the path replaced by an unused one."""
    parts = path.split("?")[0].split("/")
    for index, part in enumerate(parts):
        if part.isdigit():
            parts[index] = MISSING
            rest = "?" + path.split("?", 1)[1] if "?" in path else ""
            return "/".join(parts) + rest
    return None


def set_up(matrix):
    ids = matrix.ids
    matrix.admin("POST", "/api/v1/inventories/1/compute")
    evidence = matrix.admin("POST", "/api/v1/orgs/2/evidence?name=matrix.txt", "matrix evidence\n")
    ids["evidence"] = evidence["id"]
    colleague = matrix.admin("POST", "/api/v1/users", {
        "email": "mx.colleague@demo.test", "name": "mx colleague",
        "password": "a long enough passphrase", "role": "factory", "organization_id": 2})
    ids["colleague"] = colleague["id"]
    status, finding, raw = matrix.call(ROLES["verifier"], "POST",
                                       "/api/v1/inventories/1/versions/1/findings",
                                       {"severity": "clarification", "text": "matrix set-up"})
    if status != 201:
        raise RuntimeError(f"set-up finding: {status} {raw[:300]!r}")
    ids["finding"] = finding["id"]
    reduction = matrix.admin("POST", "/api/v1/inventories/1/reductions", {
        "equipment": "chiller", "measure": "matrix set-up", "energy_saving": 10,
        "energy_unit": "kWh"})
    ids["reduction"] = reduction["id"]
    # One offset project per role; one walked to issued credits (19) for the ledger's moves.
    ids["offsets"] = {}
    for role in ROLES:
        made = matrix.admin("POST", "/api/v1/orgs/2/offset-projects",
                            dict(OFFSET_PROJECT, id=f"MX-{role}"))
        ids["offsets"][role] = made["id"]
    issued = matrix.admin("POST", "/api/v1/orgs/2/offset-projects",
                          dict(OFFSET_PROJECT, id="MX-ISSUED"))["id"]
    for stage, date in OFFSET_STAGES:
        if stage == "monitoring_report":
            matrix.admin("POST", f"/api/v1/offset-projects/{issued}/periods", OFFSET_PERIOD)
        matrix.admin("POST", f"/api/v1/offset-projects/{issued}/stages",
                     {"stage": stage, "date": date, "responsible": "mx", "documents": ["d"]})
    support = matrix.admin("POST", "/api/v1/orgs/2/support-requests",
                           {"stage": "plan", "requested_on": "2025-01-05"})
    ids["support"] = support["id"]
    ids["issue"] = matrix.admin("POST", f"/api/v1/support-requests/{support['id']}/issues",
                                {"raised_on": "2025-01-15", "description": "matrix"})["id"]
    study = matrix.admin("POST", "/api/v1/orgs/2/footprint-studies", CENTRAL_STUDY)
    ids["study"] = study["id"]
    request = matrix.admin("POST", f"/api/v1/footprint-studies/{study['id']}/chain", {
        "supplier_key": "S1", "supplier_name": "matrix set-up", "part": "wire rod"})
    ids["request"] = request["id"]
    status, made, raw = matrix.call(ROLES["supplier"], "POST", "/api/v1/orgs/6/footprint-studies",
                                    SUPPLIER_STUDY)
    if status != 201:
        raise RuntimeError(f"set-up supplier study: {status} {raw[:300]!r}")
    ids["supplier_study"] = made["id"]
    consultancy = matrix.admin("POST", "/api/v1/orgs", {"kind": "consultancy",
                                                        "name": "mx consultancy"})
    ids["consultancy"] = consultancy["id"]
    # One verifier organization per role, so that each allowed share is a new one.
    # Programs: a factory's 2023 application with a request for documents; two 2014 cases of
    # org 2 received before the deadline, one approved (duties) and scored at a meeting with the
    # administrator as its reviewer, the other left for the approve route.
    status, application, raw = matrix.call(ROLES["factory"], "POST", P23 + "/applications",
                                           {"application": fill(APP23, {"r": "setup"})})
    if status != 201:
        raise RuntimeError(f"set-up application: {status} {raw[:300]!r}")
    ids["application"] = application["id"]
    ids["request"] = matrix.admin("POST", f"{P23}/applications/{application['id']}/requests",
                                  {"document": "matrix"})["id"]
    ids["case"] = matrix.admin("POST", P14 + "/applications",
                               {"application": APP14, "organization_id": 2,
                                "submitted": "2014-02-19T09:00"})["id"]
    matrix.admin("POST", f"{P14}/applications/{ids['case']}/approve", {"date": "2014-03-20"})
    other = dict(APP14, factory=dict(APP14["factory"], ubn="22099110"))
    ids["approvable"] = matrix.admin("POST", P14 + "/applications",
                                     {"application": other, "organization_id": 2,
                                      "submitted": "2014-02-19T09:30"})["id"]
    # Funding of the approved case (expenses, changes, a pending change for the decision route)
    # and a third approved case of org 2 without funding (the funding set-up route).
    matrix.admin("POST", f"{P14}/applications/{ids['case']}/funding", {"cost_items": COST14})
    ids["change"] = matrix.admin("POST", f"{P14}/applications/{ids['case']}/changes",
                                 {"kind": "major_change", "reason": "matrix", "date": "2014-05-01",
                                  "details": {"subject": "schedule"}})["id"]
    third = dict(APP14, factory=dict(APP14["factory"], ubn="22099126"))
    ids["fundable"] = matrix.admin("POST", P14 + "/applications",
                                   {"application": third, "organization_id": 2,
                                    "submitted": "2014-02-19T09:40"})["id"]
    matrix.admin("POST", f"{P14}/applications/{ids['fundable']}/approve", {"date": "2014-03-20"})
    ids["meeting"] = matrix.admin("POST", P14 + "/meetings",
                                  {"date": "2014-03-10", "committee": 1,
                                   "reviewers": ["admin@demo.test"],
                                   "applications": [ids["case"]]})["id"]
    matrix.admin("PUT", f"{P14}/meetings/{ids['meeting']}/scores/{ids['case']}",
                 {"rank": 1, "items": SCORE14})
    ids["verifier_orgs"] = {}
    for role in ROLES:
        org = matrix.admin("POST", "/api/v1/orgs", {"kind": "verifier", "name": f"mx-{role} verifier"})
        ids["verifier_orgs"][role] = org["id"]


def make_target(matrix, pattern, role, n):
    """A fresh org-2 resource for a DELETE, made by the administrator; its id."""
    if pattern == "/api/v1/facilities/{id}":
        made = matrix.admin("POST", "/api/v1/orgs/2/facilities",
                            {"code": f"DX{n}", "name": f"mx-del-{role}"})
    elif pattern == "/api/v1/orgs/{org}/factors/{factor}":
        made = matrix.admin("POST", "/api/v1/orgs/2/factors",
                            {"definition": factor_definition(f"own.mx-del-{role}")})
    elif pattern == "/api/v1/sources/{id}":
        made = matrix.admin("POST", "/api/v1/inventories/1/sources",
                            {"facility_id": 1, "code": f"DX{n}", "name": f"mx-del-{role}",
                             "definition": SOURCE_DEFINITION})
    elif pattern == "/api/v1/activity/{id}":
        made = matrix.admin("POST", "/api/v1/inventories/1/activity",
                            {"source_id": 1, "period": "2024-10", "amount": 2, "unit": "L",
                             "note": f"mx-del-{role}"})
    elif pattern == "/api/v1/offset-projects/{id}/periods/{period}":
        made = matrix.admin("POST", "/api/v1/orgs/2/offset-projects",
                            dict(OFFSET_PROJECT, id=f"DX-{role}"))
        matrix.admin("POST", f"/api/v1/offset-projects/{made['id']}/periods", OFFSET_PERIOD)
    elif pattern == "/api/v1/reductions/{id}":
        made = matrix.admin("POST", "/api/v1/inventories/1/reductions",
                            {"equipment": "other", "measure": f"mx-del-{role}",
                             "energy_saving": 1, "energy_unit": "kWh"})
    elif pattern == "/api/v1/footprint-studies/{id}":
        made = matrix.admin("POST", "/api/v1/orgs/2/footprint-studies",
                            dict(NEW_STUDY, id=f"DX-{role}"))
    elif pattern.startswith("/api/v1/supply-requests/{id}/"):
        # A request org 6 joined and shared into (submitted), for one decision.
        made = matrix.admin("POST", f"/api/v1/footprint-studies/{matrix.ids['study']}/chain",
                            {"supplier_key": f"DX{n}-{pattern[-6:]}", "supplier_name": "mx",
                             "part": "mx part"})
        for path, body in [("/api/v1/supply-invitations/join", {"code": made["invite_code"]}),
                           (f"/api/v1/supply-requests/{made['id']}/share",
                            {"study_id": matrix.ids["supplier_study"]})]:
            status, _, raw = matrix.call(ROLES["supplier"], "POST", path, body)
            if status != 200:
                raise RuntimeError(f"set-up {path}: {status} {raw[:300]!r}")
    else:
        raise RuntimeError(f"no target for {pattern}")
    return made["id"]


def check_cell(matrix, role, route, subs):
    method, pattern, kind, action, path, body = route[:6]
    read_as = route[6] if len(route) > 6 else kind
    path = fill(path, subs)
    body = fill(body, subs)
    label = f"{method} {pattern} as {role} ({kind}.{action}, {path})"
    status, parsed, raw = matrix.call(ROLES[role], method, path, body)
    expect = allowed(kind, role, action)
    if expect:
        if 200 <= status < 300:
            matrix.ok()
        else:
            matrix.fail(f"{label}: expected 2xx (allowed), got {status} {raw[:200]!r}")
        return
    problems = []
    if status not in (403, 404):
        problems.append(f"expected 403/404 (denied), got {status} {raw[:200]!r}")
    elif not isinstance(parsed, dict) or not set(parsed) <= {"code", "message", "where"}:
        problems.append(f"denial body has more than code/message/where: {raw[:300]!r}")
    if kind in PROGRAM_WIDE:
        if status != 403 and not problems:
            problems.append(f"a program-wide refusal should be 403, got {status}")
    elif not allowed(read_as, role, "read") and status in (403, 404):
        # May not even read it: exactly the answer for an unused id.
        if status != 404:
            problems.append(f"may not read it, so expected 404, got 403 {raw[:200]!r}")
        twin = missing_twin(path)
        if twin:
            twin_status, twin_parsed, twin_raw = matrix.call(ROLES[role], method, twin, body)
            if (twin_status, twin_parsed) != (status, parsed):
                problems.append(f"answer differs from an unused id ({twin}): {status} {raw[:200]!r}"
                                f" vs {twin_status} {twin_raw[:200]!r}")
    elif allowed(read_as, role, "read") and status == 404:
        problems.append(f"may read it, so a refusal should be 403, got 404 {raw[:200]!r}")
    if problems:
        matrix.fail(f"{label}: " + "; ".join(problems))
    else:
        matrix.ok()


def check_lists(matrix):
    """Lists without an id show nothing of org 2 to outsiders."""
    for role in ROLES:
        status, body, raw = matrix.call(ROLES[role], "GET", "/api/v1/orgs")
        org_ids = {item.get("id") for item in (body or {}).get("items", [])} if status == 200 else None
        should_see = role in ("factory", "consultant", "admin")
        if org_ids is None:
            matrix.fail(f"GET /api/v1/orgs as {role}: {status} {raw[:200]!r}")
        elif (2 in org_ids) != should_see:
            matrix.fail(f"GET /api/v1/orgs as {role}: org 2 {'missing' if should_see else 'listed'}")
        else:
            matrix.ok()
        status, body, raw = matrix.call(ROLES[role], "GET", "/api/v1/users")
        if status != 200:
            matrix.fail(f"GET /api/v1/users as {role}: {status} {raw[:200]!r}")
        else:
            text = json.dumps(body)
            sees = "mx.colleague@demo.test" in text
            if sees != (role in ("factory", "admin")):
                matrix.fail(f"GET /api/v1/users as {role}: org 2's colleague "
                            f"{'listed' if sees else 'missing'}")
            else:
                matrix.ok()
        status, body, raw = matrix.call(ROLES[role], "GET", "/api/v1/shared-versions")
        if role == "admin" and status == 403:
            matrix.ok()  # acts for no organization: nothing is shared with it
        elif status != 200:
            matrix.fail(f"GET /api/v1/shared-versions as {role}: {status} {raw[:200]!r}")
        else:
            org2 = [item for item in body.get("items", []) if item.get("organization_id") == 2]
            if bool(org2) != (role == "verifier"):
                matrix.fail(f"GET /api/v1/shared-versions as {role}: org 2's versions "
                            f"{'listed' if org2 else 'missing'}")
            else:
                matrix.ok()


def check_program_lists(matrix):
    """GET …/applications, …/cases and …/follow-ups show org 2's applications only to its
    factory, its consultant and the office."""
    for role in ROLES:
        for path in (P23 + "/applications", P14 + "/cases", P14 + "/follow-ups"):
            status, body, raw = matrix.call(ROLES[role], "GET", path)
            if status != 200:
                matrix.fail(f"GET {path} as {role}: {status} {raw[:200]!r}")
                continue
            org2 = [item for item in body.get("items", []) if item.get("organization_id") == 2]
            if bool(org2) != (role in ("factory", "consultant", "admin")):
                matrix.fail(f"GET {path} as {role}: org 2's applications "
                            f"{'listed' if org2 else 'missing'}")
            else:
                matrix.ok()


def check_nothing_stored(matrix):
    """What a denied create or update sent is not stored (the admin's view of org 2)."""
    views = [
        ("facility", "create", "/api/v1/orgs/2/facilities", "mx-{r} plant"),
        ("facility", "update", "/api/v1/facilities/1", "mx-{r}\""),
        ("inventory", "create", "/api/v1/orgs/2/factors", "own.mx-{r}\""),
        ("source", "create", "/api/v1/inventories/1/sources", "mx-{r} source"),
        ("activity", "create", "/api/v1/inventories/1/activity/export?format=json", "mx-{r}\""),
        ("evidence", "create", "/api/v1/orgs/2/evidence", "mx-{r}.txt"),
        ("organization", "update", "/api/v1/orgs/2", "mx-{r}\""),
        ("activity", "create", "/api/v1/activity/1/comments", "mx-{r}\""),
        ("facility", "create", "/api/v1/orgs/2/site-visits", "mx-{r}\""),
        ("inventory", "update", "/api/v1/inventories/1/reductions", "mx-{r}\""),
        ("program_apply", "create", P23 + "/intake", "mx-{r} 工廠"),
        ("program_office", "create", P23 + "/intake", "\"mx-{r}\""),
        ("program_case", "create", P14 + "/applications/{case}/duties", "mx-{r}\""),
        ("program_case", "create", P14 + "/applications/{case}/funding", "mx-{r}\""),
        ("footprint", "create", "/api/v1/orgs/2/footprints", "mx-{r}\""),
    ]
    for kind, action, path, needle in views:
        body = matrix.admin("GET", path.replace("{case}", str(matrix.ids.get("case", 0))))
        text = json.dumps(body, ensure_ascii=False)
        for role in ROLES:
            if allowed(kind, role, action) or role == "admin":
                continue
            if needle.replace("{r}", role) in text:
                matrix.fail(f"denied {kind}.{action} of {role} was stored anyway (GET {path})")
            else:
                matrix.ok()
    findings = matrix.admin("GET", "/api/v1/inventories/1/versions/1/findings")["items"]
    texts = {"create": {item["text"] for item in findings},
             "answer": {answer["text"] for item in findings for answer in item["answers"]}}
    for action, stored in texts.items():
        for role in ROLES:
            if allowed("finding", role, action):
                continue
            if f"mx-{role}" in stored:
                matrix.fail(f"denied finding.{action} of {role} was stored anyway")
            else:
                matrix.ok()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    opts = parser.parse_args()
    binary = str(pathlib.Path(opts.bin).resolve())
    env = dict(os.environ, LC_ALL="C.UTF-8", CARBONLEDGER_DATA=str(REPO / "data"))
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="cl-authz-"))
    matrix = None
    server = None
    try:
        listed = set(route_table(binary, env))
        known = {(route[0], route[1]) for route in ROUTES}
        problems = [f"route {m} {p} is in neither ROUTES nor OPEN/LISTS of authz_matrix.py"
                    for m, p in sorted(listed - known - OPEN - LISTS)]
        problems += [f"route {m} {p} of authz_matrix.py is not in serve --routes"
                     for m, p in sorted((known | OPEN | LISTS) - listed)]
        db = scratch / "demo.db"
        made = subprocess.run([binary, "demo", "setup", "--db", f"sqlite:{db}"],
                              capture_output=True, env=env, cwd=REPO)
        if made.returncode != 0:
            raise RuntimeError("demo setup: " + made.stderr.decode()[-2000:])
        server, port = start_server(binary, env, f"sqlite:{db}", scratch / "access.log")
        matrix = Matrix(Client(port))
        for problem in problems:
            matrix.fail(problem)
        set_up(matrix)
        roles = list(ROLES)
        reads = [r for r in ROUTES if r[0] == "GET"]
        # A route on "{target}" acts on a resource made fresh for each role (deletes, decisions).
        fresh = [r for r in ROUTES if "{target}" in r[4]]
        writes = [r for r in ROUTES if r[0] in ("POST", "PATCH", "PUT") and r not in fresh]
        deletes = fresh
        for route in reads + writes:
            for n, role in enumerate(roles, start=1):
                subs = dict(matrix.ids, r=role, n=n, year=2040 + n,
                            verifier_org=matrix.ids["verifier_orgs"][role],
                            offset=matrix.ids["offsets"][role])
                del subs["verifier_orgs"]
                del subs["offsets"]
                check_cell(matrix, role, route, subs)
        for route in deletes:
            for n, role in enumerate(roles, start=1):
                subs = dict(matrix.ids, r=role, n=n,
                            target=make_target(matrix, route[1], role, n))
                del subs["verifier_orgs"]
                del subs["offsets"]
                check_cell(matrix, role, route, subs)
        check_lists(matrix)
        check_program_lists(matrix)
        check_nothing_stored(matrix)
    except (RuntimeError, OSError, ValueError, KeyError) as error:
        if matrix is None:
            print(f"FAIL {error}")
            print("0 passed, 1 failed")
            return 1
        matrix.fail(f"aborted: {error!r}")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except Exception:  # noqa: BLE001
                server.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{matrix.passed} passed, {len(matrix.failures)} failed")
    return 1 if matrix.failures else 0


if __name__ == "__main__":
    sys.exit(main())
