// An organization's offset projects (抵換專案, OFS-1 to OFS-5): the list with the stage each has
// reached and its credits, and the form that creates one (planned or programmatic, a method
// from the catalogue, its applicability conditions confirmed with evidence). The engine checks
// the project before it is saved; a refusal (above the micro-scale limit, a sub-project failing
// an inclusion criterion …) is shown at its field and nothing is saved.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { number } from "../format";
import { busy, showError } from "../ui";
import * as ofs from "../offsets/model";

/// The organization's offset pages as tabs: projects, credit ledger, onsite support.
export function offsetsNav(orgId: number, orgName: string, active: string): HTMLElement {
  const link = (key: string, href: string, label: string) =>
    h("a", { href, "aria-current": key === active ? "page" : undefined }, label);
  return h("div", { class: "inv-head" },
    h("p", { class: "crumbs" }, h("a", { href: `#/org/${orgId}` }, orgName), " › ", t("ofs.nav")),
    h("nav", { class: "tabs", "aria-label": t("ofs.nav") },
      link("projects", `#/org/${orgId}/offsets`, t("ofs.projects")),
      link("ledger", `#/org/${orgId}/offset-ledger`, t("ofs.ledger")),
      link("support", `#/org/${orgId}/support`, t("sup.title"))));
}

export function stageName(stage: string | null): string {
  return stage ? t(`ofs.stage.${stage}` as Parameters<typeof t>[0]) : t("ofs.stage.none");
}

export async function offsetsPage(main: HTMLElement, orgId: number): Promise<void> {
  const [org, list, catalogue] = await Promise.all([inv.getOrganization(orgId), ofs.listProjects(orgId), ofs.catalogue()]);
  main.append(
    offsetsNav(orgId, org.name, "projects"),
    h("h1", null, t("ofs.title")),
    h("p", { class: "lead" }, t("ofs.lead")),
    list.items.length === 0
      ? h("p", { id: "offset-none" }, t("ofs.none"))
      : h("table", { class: "grid", id: "offset-list" },
          h("thead", null, h("tr", null, [t("ofs.code"), t("ofs.name"), t("ofs.type"), t("ofs.method"), t("ofs.stage"),
            t("ofs.reduction"), t("ofs.credits")].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, list.items.map((p) => h("tr", null,
            h("td", null, h("a", { href: `#/offset/${p.id}` }, p.code)), h("td", null, p.name),
            h("td", null, t(p.type === "planned" ? "ofs.planned" : "ofs.programmatic")), h("td", null, p.method),
            h("td", null, stageName(p.stage)),
            h("td", { class: "num" }, p.reduction_t !== undefined ? number(p.reduction_t, 4) : "—"),
            h("td", { class: "num" }, p.credits_t !== undefined ? number(p.credits_t, 0) : (p.error ?? "—")))))),
    h("details", { id: "offset-new", open: list.items.length === 0 ? true : undefined },
      h("summary", null, t("ofs.new")), createForm(orgId, org.name, catalogue)),
  );
}

/// Where a refusal's `where.field` is shown.
const FIELD_IDS: Record<string, string> = {
  id: "ofs-code", name: "ofs-name", type: "ofs-type", method: "ofs-method", proponent: "ofs-proponent",
  crediting_period: "ofs-start", "crediting_period.start": "ofs-start", "crediting_period.end": "ofs-end",
  additionality: "ofs-additionality", "additionality.evidence": "ofs-additionality", "additionality.tests": "ofs-additionality",
  applicability: "ofs-conditions", grid_factor: "ofs-grid", "grid_factor.value": "ofs-grid",
  "expected.saving_mwh_per_year": "ofs-expected-saving", "expected.reduction_t_per_year": "ofs-expected-reduction",
  equipment: "ofs-equipment-count", cme: "ofs-cme", sub_projects: "ofs-programme", inclusion_criteria: "ofs-programme",
  sampling: "ofs-programme",
};

function createForm(orgId: number, orgName: string, catalogue: ofs.Catalogue): HTMLElement {
  const input = (value = "", type = "text") => h("input", { type, value });
  const code = input();
  const name = input();
  const type = h("select", null, h("option", { value: "planned" }, t("ofs.planned")), h("option", { value: "programmatic" }, t("ofs.programmatic")));
  const method = h("select", null, catalogue.methods.map((m) => h("option", { value: m.id }, `${m.id} — ${m.title}`)));
  const proponent = input(orgName);
  const start = input("", "date");
  const end = input("", "date");
  const additionality = h("textarea", { rows: 2 });
  // The national grid factor of data/factors/tw-electricity.yaml (tw.moea.grid.2023) as a default.
  const grid = input("0.494");
  const gridDocument = input("經濟部能源署 電力排碳係數 2023 (112年)");
  const gridTable = input("data/factors/tw-electricity.yaml tw.moea.grid.2023");
  const gridVersion = input("announcement of 2024-04-26");
  const gridYear = input("2024", "number");
  const saving = input("", "number");
  const reduction = input("", "number");
  const equipmentType = input();
  const equipmentCount = input("", "number");
  const equipmentScrapped = input("", "number");
  const cme = input();
  const programme = h("textarea", { rows: 6, placeholder: t("ofs.programme_hint") });
  const conditions = h("div", { id: "ofs-conditions", class: "conditions" });
  const limits = catalogue.scale_limits;
  const showConditions = () => {
    const chosen = catalogue.methods.find((m) => m.id === method.value);
    conditions.replaceChildren(...(chosen?.conditions ?? []).filter((c) => c.checked_on === null).map((c) =>
      h("div", { class: "condition" },
        h("label", null, h("input", { type: "checkbox", id: `ofs-cond-${c.id}`, dataset: { condition: c.id } }), ` ${c.id} ${c.text}`),
        h("input", { id: `ofs-cond-${c.id}-evidence`, placeholder: t("ofs.evidence") }))));
  };
  method.addEventListener("change", showConditions);
  showConditions();
  const programmeFields = h("div", { hidden: true },
    field("ofs-cme", t("ofs.cme"), cme), field("ofs-programme", t("ofs.programme"), programme, t("ofs.programme_hint")));
  type.addEventListener("change", () => { programmeFields.hidden = type.value !== "programmatic"; });
  const save = h("button", { class: "primary", id: "ofs-create" }, t("ofs.create"));
  const form = h("div", { class: "offset-form" },
    field("ofs-code", t("ofs.code"), code, t("ofs.code_hint")), field("ofs-name", t("ofs.name"), name),
    field("ofs-type", t("ofs.type"), type), field("ofs-method", t("ofs.method"), method),
    field("ofs-proponent", t("ofs.proponent"), proponent),
    field("ofs-start", t("ofs.start"), start), field("ofs-end", t("ofs.end"), end),
    field("ofs-additionality", t("ofs.additionality"), additionality, t("ofs.additionality_hint")),
    h("fieldset", null, h("legend", null, t("ofs.conditions")), conditions, h("p", { class: "field-error", id: "ofs-conditions-error", role: "alert" })),
    field("ofs-grid", t("ofs.grid"), grid), field("ofs-grid-document", t("ofs.grid_document"), gridDocument),
    field("ofs-grid-table", t("ofs.grid_table"), gridTable), field("ofs-grid-version", t("ofs.grid_version"), gridVersion),
    field("ofs-grid-year", t("ofs.grid_year"), gridYear),
    field("ofs-expected-saving", t("ofs.expected_saving"), saving,
      t("ofs.limit_hint", { limit: number(limits.max_energy_saving_mwh_per_year, 0) })),
    field("ofs-expected-reduction", t("ofs.expected_reduction"), reduction),
    field("ofs-equipment-type", t("ofs.equipment_type"), equipmentType),
    field("ofs-equipment-count", t("ofs.equipment_count"), equipmentCount),
    field("ofs-equipment-scrapped", t("ofs.equipment_scrapped"), equipmentScrapped),
    programmeFields, save);
  save.addEventListener("click", busy(save, async () => {
    for (const id of new Set(Object.values(FIELD_IDS))) setFieldError(id, "");
    form.querySelectorAll(".error").forEach((e) => e.remove());
    if (!code.value.trim()) return setFieldError("ofs-code", t("ofs.need_code"));
    if (!name.value.trim()) return setFieldError("ofs-name", t("ofs.need_name"));
    const applicability = [...conditions.querySelectorAll<HTMLInputElement>("input[type=checkbox]")].map((box) => ({
      condition: box.dataset.condition,
      met: box.checked,
      evidence: (document.getElementById(`${box.id}-evidence`) as HTMLInputElement).value.trim(),
    }));
    const body: Record<string, unknown> = {
      id: code.value.trim(), name: name.value.trim(), type: type.value, scale: "micro", method: method.value,
      proponent: proponent.value.trim(),
      crediting_period: { start: start.value, end: end.value, number: 1 },
      additionality: { tests: ["regulatory"], evidence: additionality.value.trim() },
      applicability,
      grid_factor: { basis: "national", value: Number(grid.value), unit: "t CO2/MWh",
        source: { document: gridDocument.value, table: gridTable.value, version: gridVersion.value, year: Number(gridYear.value), verification: "secondary" } },
      expected: { saving_mwh_per_year: Number(saving.value || 0), reduction_t_per_year: Number(reduction.value || 0) },
    };
    if (equipmentCount.value) {
      body.equipment = [{ id: "EQ-1", type: equipmentType.value.trim() || "equipment", count: Number(equipmentCount.value),
        scrapped: Number(equipmentScrapped.value || 0) }];
    }
    if (type.value === "programmatic") {
      body.cme = cme.value.trim();
      delete body.equipment;
      if (programme.value.trim()) {
        try {
          Object.assign(body, JSON.parse(programme.value));
        } catch {
          return setFieldError("ofs-programme", t("ofs.programme_json"));
        }
      }
    }
    try {
      const made = await api.post<ofs.ProjectSummary>(`/orgs/${orgId}/offset-projects`, body);
      location.hash = `#/offset/${made.id}`;
    } catch (error) {
      const where = error instanceof api.ApiError ? error.where.field ?? "" : "";
      const id = FIELD_IDS[where] ?? FIELD_IDS[where.split(/[.[]/)[0]];
      if (id && document.getElementById(id)) setFieldError(id, (error as Error).message);
      else showError(form, error);
    }
  }));
  return form;
}
