// The guided set-up (INV-9): the organization's details, a facility, the inventory's year and
// boundary, then the checklist of sources a Taiwanese SME typically has, each explained in plain
// words with the factor proposed and the reason. Every step saves on its own, so nothing typed
// is lost when a later step fails; a refused value is shown at its field.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import { en } from "../i18n/en";
import { zhTW } from "../i18n/zh-TW";
import * as inv from "../inventory";
import { yearLabel } from "../format";
import { checklist, factorOf } from "../checklist";
import { showError, status } from "../ui";

/// Shows a refused save at the field the server names (`where.field`), else above the form.
function refuse(form: HTMLElement, prefix: string, error: unknown): void {
  const name = error instanceof api.ApiError ? error.where.field : undefined;
  const id = name ? `${prefix}-${name}` : "";
  if (id && document.getElementById(id)) setFieldError(id, error instanceof Error ? error.message : String(error));
  else showError(form, error);
}

function orgStep(org: Awaited<ReturnType<typeof inv.getOrganization>>, next: () => void): HTMLElement {
  const name = h("input", { value: org.name, required: true });
  const nameEn = h("input", { value: org.name_en ?? "" });
  const taxId = h("input", { value: org.tax_id ?? "", inputmode: "numeric", maxlength: 8 });
  const address = h("input", { value: org.details?.address ?? "" });
  const industry = h("input", { value: org.details?.industry_code ?? "" });
  const form = h(
    "form",
    { class: "card", id: "step-org" },
    h("h2", null, t("setup.step1")),
    field("org-name", t("setup.org_name"), name),
    field("org-name_en", t("setup.org_name_en"), nameEn),
    field("org-tax_id", t("setup.tax_id"), taxId, t("setup.tax_id_hint")),
    field("org-address", t("setup.address"), address),
    field("org-industry_code", t("setup.industry"), industry, t("setup.industry_hint")),
    h("button", { type: "submit", class: "primary" }, t("setup.save_next")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const id of ["org-name", "org-tax_id"]) setFieldError(id, "");
    if (!name.value.trim()) return setFieldError("org-name", t("setup.need_name"));
    if (taxId.value && !/^\d{8}$/.test(taxId.value)) return setFieldError("org-tax_id", t("setup.bad_tax_id"));
    try {
      await api.patch(`/orgs/${org.id}`, {
        name: name.value.trim(),
        name_en: nameEn.value.trim(),
        tax_id: taxId.value.trim(),
        details: { address: address.value.trim(), industry_code: industry.value.trim() },
        reason: "guided set-up",
      });
      next();
    } catch (error) {
      refuse(form, "org", error);
    }
  });
  return form;
}

function facilityStep(orgId: number, facilities: inv.Facility[], next: () => void): HTMLElement {
  const code = h("input", { value: `F${facilities.length + 1}`, required: true });
  const name = h("input", { required: true });
  const address = h("input");
  const form = h(
    "form",
    { class: "card", id: "step-facility" },
    h("h2", null, t("setup.step2")),
    h("p", { class: "hint" }, t("setup.facility_explain")),
    facilities.length > 0
      ? h("ul", { class: "done-list" }, facilities.map((f) => h("li", null, `✓ ${f.code} ${f.name}`)))
      : null,
    field("facility-code", t("setup.facility_code"), code),
    field("facility-name", t("setup.facility_name"), name),
    field("facility-address", t("setup.address"), address),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary" }, t("setup.add_facility")),
      facilities.length > 0 ? h("button", { type: "button", onclick: next }, t("setup.next")) : null,
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setFieldError("facility-code", "");
    setFieldError("facility-name", "");
    if (!code.value.trim()) return setFieldError("facility-code", t("setup.need_code"));
    if (!name.value.trim()) return setFieldError("facility-name", t("setup.need_facility_name"));
    try {
      await api.post(`/orgs/${orgId}/facilities`, {
        code: code.value.trim(),
        name: name.value.trim(),
        details: address.value.trim() ? { address: address.value.trim() } : {},
      });
      next();
    } catch (error) {
      if (error instanceof api.ApiError && error.code === "store.conflict")
        setFieldError("facility-code", t("setup.code_taken"));
      else refuse(form, "facility", error);
    }
  });
  return form;
}

function inventoryStep(orgId: number, inventories: inv.Inventory[], next: (id: number) => void): HTMLElement {
  const thisYear = new Date().getFullYear();
  const year = h("select", null, [thisYear - 2, thisYear - 1, thisYear].map((y) =>
    h("option", { value: y, selected: y === thisYear - 1 }, yearLabel(y))));
  const boundary = h(
    "select",
    null,
    h("option", { value: "operational_control" }, t("boundary.operational_control")),
    h("option", { value: "financial_control" }, t("boundary.financial_control")),
    h("option", { value: "equity_share" }, t("boundary.equity_share")),
  );
  const gwp = h("select", null, h("option", { value: "AR5" }, "IPCC AR5"), h("option", { value: "AR6" }, "IPCC AR6"),
    h("option", { value: "AR4" }, "IPCC AR4"));
  const form = h(
    "form",
    { class: "card", id: "step-inventory" },
    h("h2", null, t("setup.step3")),
    inventories.length > 0
      ? h("ul", { class: "done-list" }, inventories.map((i) =>
          h("li", null, `✓ ${yearLabel(i.year)} `, h("button", { type: "button", class: "link",
            onclick: () => next(i.id) }, t("setup.use_inventory")))))
      : null,
    field("inventory-year", t("setup.year"), year),
    field("inventory-boundary", t("setup.boundary"), boundary, t("setup.boundary_hint")),
    field("inventory-gwp_set", t("setup.gwp"), gwp, t("setup.gwp_hint")),
    h("button", { type: "submit", class: "primary" }, t("setup.create_inventory")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setFieldError("inventory-year", "");
    try {
      const made = await api.post<inv.Inventory>(`/orgs/${orgId}/inventories`, {
        year: Number(year.value),
        boundary: boundary.value,
        gwp_set: gwp.value,
        reason: "guided set-up",
      });
      next(made.id);
    } catch (error) {
      if (error instanceof api.ApiError && error.code === "store.conflict")
        setFieldError("inventory-year", t("setup.year_taken"));
      else refuse(form, "inventory", error);
    }
  });
  return form;
}

async function sourcesStep(inventoryId: number, done: () => void): Promise<HTMLElement> {
  const inventory = await inv.getInventory(inventoryId);
  const [facilities, existing] = await Promise.all([
    inv.listFacilities(inventory.organization_id),
    inv.listSources(inventoryId),
  ]);
  const facility = h("select", null, facilities.map((f) => h("option", { value: f.id }, `${f.code} ${f.name}`)));
  const rows = h("div", { class: "checklist" });
  const boxes: { item: (typeof checklist)[number]; box: HTMLInputElement }[] = [];
  for (const item of checklist) {
    const definition = item.definition(inventory.year);
    const factorId = factorOf(definition);
    const factorLine = h("p", { class: "factor" }, factorId ? `${t("setup.factor")}: ${factorId}` : t("setup.refrigerant_factor"));
    if (factorId) {
      api.get<{ name_zh?: string; name_en?: string; source?: { document?: string; table?: string } }>(`/factors/${encodeURIComponent(factorId)}`)
        .then((f) => {
          factorLine.textContent = `${t("setup.factor")}: ${f.name_zh ?? factorId} — ${f.source?.document ?? ""} ${f.source?.table ?? ""}`;
        })
        .catch(() => undefined);
    }
    const already = existing.some((s) => s.type === definition.type && s.factor === factorId &&
      JSON.stringify(s.definition.refrigerant ?? null) === JSON.stringify(definition.refrigerant ?? null));
    const box = h("input", { type: "checkbox", id: `src-${item.key}`, checked: already, disabled: already });
    boxes.push({ item, box });
    rows.append(
      h(
        "div",
        { class: "check-item" },
        box,
        h(
          "label",
          { for: `src-${item.key}` },
          h("strong", null, t(item.name)),
          already ? h("span", { class: "badge" }, t("setup.already")) : null,
          h("span", { class: "explain" }, t(item.explain)),
          factorLine,
          h("span", { class: "reason" }, `${t("setup.why")}: ${t(item.reason)}`),
        ),
      ),
    );
  }
  const submit = h("button", { type: "submit", class: "primary" }, t("setup.add_sources"));
  const form = h(
    "form",
    { class: "card", id: "step-sources" },
    h("h2", null, t("setup.step4")),
    h("p", { class: "hint" }, t("setup.sources_explain")),
    field("sources-facility", t("setup.facility"), facility),
    rows,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = boxes.filter((b) => b.box.checked && !b.box.disabled);
    submit.disabled = true;
    let next = existing.length + 1;
    const taken = new Set(existing.map((s) => s.code));
    try {
      for (const { item, box } of chosen) {
        while (taken.has(`S${String(next).padStart(2, "0")}`)) next++;
        const code = `S${String(next).padStart(2, "0")}`;
        taken.add(code);
        const definition = item.definition(inventory.year);
        await api.post(`/inventories/${inventoryId}/sources`, {
          facility_id: Number(facility.value),
          code,
          name: zhTW[item.name],  // the register and reports are in Chinese; name_en beside it
          definition: { ...definition, name_en: en[item.name] },
          reason: "guided set-up checklist",
        });
        box.disabled = true;
      }
      done();
    } catch (error) {
      showError(form, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function setupPage(main: HTMLElement, orgId: number): Promise<void> {
  const steps = h("ol", { class: "steps" },
    [t("setup.step1"), t("setup.step2"), t("setup.step3"), t("setup.step4")].map((s) => h("li", null, s)));
  const area = h("div");
  main.append(h("h1", null, t("setup.title")), h("p", { class: "lead" }, t("setup.lead")), steps, area);
  const mark = (index: number) =>
    [...steps.children].forEach((li, i) => li.setAttribute("aria-current", i === index ? "step" : "false"));

  const show = async (step: number, inventoryId = 0) => {
    area.replaceChildren();
    mark(step);
    try {
      if (step === 0) area.append(orgStep(await inv.getOrganization(orgId), () => void show(1)));
      if (step === 1) area.append(facilityStep(orgId, await inv.listFacilities(orgId), () => void show(2)));
      if (step === 2) area.append(inventoryStep(orgId, await inv.listInventories(orgId), (id) => void show(3, id)));
      if (step === 3) {
        area.append(await sourcesStep(inventoryId, () => {
          area.replaceChildren(
            status(t("setup.finished")),
            h("a", { class: "button primary", href: `#/inv/${inventoryId}/entry`, id: "go-entry" }, t("setup.go_entry")),
          );
        }));
      }
    } catch (error) {
      showError(area, error);
    }
    area.querySelector<HTMLElement>("input, select")?.focus();
  };
  await show(0);
}
