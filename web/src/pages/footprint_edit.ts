// Editing a footprint study (#/fp/{id}/edit): the header (product, declared unit, production,
// period, profile, boundary) and the activity lines of each life-cycle stage (add, remove, change
// the amount, unit, factor, background process or supplier, and the uncertainty of the amount and
// of the factor). The edited document is saved through PUT /footprint-studies/{id}: the server
// reads it as the CLI reads a study file and refuses it whole (422) when anything is wrong, each
// problem shown beside its field (the diagnostic's `record` is the line id, `field` its field).
// Shared lines, suppliers and every field the form does not show are kept as they are.
import { ApiError, Diagnostic } from "../api";
import { field, h, setFieldError } from "../dom";
import * as fp from "../footprint";
import { t } from "../i18n";
import * as inv from "../inventory";
import { busy, showError } from "../ui";
import { factorSearch } from "./factor_search";
import { studyNav } from "./footprint";

type Json = Record<string, unknown>;

const STAGES = ["raw_materials", "transport", "manufacturing", "distribution", "use", "end_of_life"];
const GATE = STAGES.slice(0, 3);
const DECLARED_UNITS = ["kilogram", "piece", "liter", "cubic meter", "kilowatt hour", "megajoule", "ton kilometer", "square meter"];
const PROFILES = ["iso14067", "pas2050", "iso16759"];
const KINDS = ["", "normal", "lognormal", "triangular", "uniform"] as const;
const PARAMETERS: Record<string, string[]> = {
  normal: ["sd"], lognormal: ["gsd"], triangular: ["min", "mode", "max"], uniform: ["min", "max"], pedigree: [],
};
const stageName = (stage: string) => t(`stage.${stage}` as "stage.raw_materials");

/// A number as typed: a number when it reads as one, else the text (the server then says what is
/// wrong beside the field), or undefined when empty (the server reports the missing field).
function typed(value: string): number | string | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function setOrDelete(target: Json, key: string, value: unknown): void {
  if (value === undefined || value === "") delete target[key];
  else target[key] = value;
}

function input(value: unknown, attrs: Json = {}): HTMLInputElement {
  return h("input", { value: value === undefined || value === null ? "" : String(value), ...attrs });
}

function select(options: readonly string[], current: string, label: (o: string) => string): HTMLSelectElement {
  return h("select", null, options.map((o) => h("option", { value: o, selected: o === current }, label(o))));
}

/// The uncertainty of a value (the line's amount or its factor's value): a distribution and its
/// parameters. A pedigree-based lognormal of the document is kept as it is unless changed.
function uncertaintyEditor(prefix: string, owner: Json): HTMLElement {
  const current = (owner.uncertainty ?? null) as Json | null;
  const pedigree = current !== null && Array.isArray(current.pedigree);
  const kinds: string[] = pedigree ? [...KINDS, "pedigree"] : [...KINDS];
  const kind = select(kinds, pedigree ? "pedigree" : String(current?.distribution ?? ""),
    (k) => t(k === "" ? "mc.none" : (`mc.kind_${k}` as "mc.kind_normal")));
  const inputs: Record<string, HTMLInputElement> = {};
  const boxes: Record<string, HTMLElement> = {};
  for (const p of ["sd", "gsd", "min", "mode", "max"]) {
    inputs[p] = input(current?.[p], { type: "text", inputmode: "decimal", size: "8" });
    boxes[p] = field(`${prefix}_${p}`, t(`mc.param_${p}` as "mc.param_sd"), inputs[p]);
  }
  const update = () => {
    const k = kind.value;
    for (const p of Object.keys(boxes)) boxes[p].hidden = !(PARAMETERS[k] ?? []).includes(p);
    if (k === "") delete owner.uncertainty;
    else if (k === "pedigree") owner.uncertainty = current ?? undefined;
    else {
      const next: Json = { distribution: k };
      for (const p of PARAMETERS[k]) setOrDelete(next, p, typed(inputs[p].value));
      owner.uncertainty = next;
    }
  };
  kind.addEventListener("change", update);
  for (const p of Object.keys(inputs)) inputs[p].addEventListener("input", update);
  update();
  return h("div", { class: "fpe-uncertainty" }, field(`${prefix}_kind`, t("mc.distribution"), kind),
    ...Object.values(boxes));
}

function linkOf(line: Json): string {
  if (line.process !== undefined) return "process";
  if (line.supplier !== undefined) return "supplier";
  return "factor";
}

/// One activity line: the row of inputs, each writing into `line` as it changes.
function lineEditor(line: Json, index: number, gwp: () => string, onRemove: () => void): HTMLElement {
  const p = `fpe-l${index}`;
  const text = (key: string, attrs: Json = {}) => {
    const el = input(line[key], attrs);
    el.addEventListener("input", () => setOrDelete(line, key, key === "amount" ? typed(el.value) : el.value.trim()));
    return el;
  };
  const perUnit = h("input", { type: "checkbox", checked: line.per_unit === true });
  perUnit.addEventListener("change", () => setOrDelete(line, "per_unit", perUnit.checked ? true : undefined));
  const link = select(["factor", "process", "supplier"], linkOf(line), (k) => t(`fpe.link_${k}` as "fpe.link_factor"));
  const factor = (line.factor ?? { value: "", unit: "", source: { document: "", version: "", year: new Date().getFullYear() } }) as Json;
  const source = (factor.source ?? {}) as Json;
  const factorValue = input(factor.value, { type: "text", inputmode: "decimal", size: "8" });
  const factorUnit = input(factor.unit, { size: "6" });
  const factorSource = input(source.document, { size: "24" });
  factorValue.addEventListener("input", () => setOrDelete(factor, "value", typed(factorValue.value)));
  factorUnit.addEventListener("input", () => setOrDelete(factor, "unit", factorUnit.value.trim()));
  factorSource.addEventListener("input", () => { source.document = factorSource.value; factor.source = source; });
  const process = input(line.process, { size: "16" });
  const supplier = input(line.supplier, { size: "8" });
  // A library factor picked from the search fills the factor as the study writes it.
  const search = factorSearch(`${p}-fs`, gwp, (found) => {
    factor.value = found.value;
    factor.unit = found.unit;
    factor.gases = found.gases;
    if (found.biogenic_co2) factor.biogenic_co2 = found.biogenic_co2;
    else delete factor.biogenic_co2;
    Object.assign(source, found.source);
    factor.source = source;
    factorValue.value = String(found.value);
    factorUnit.value = found.unit;
    factorSource.value = found.source.document;
  });
  const factorBox = h("div", { class: "fpe-link" }, search, field(`${p}-factor_value`, t("fpe.factor_value"), factorValue),
    field(`${p}-factor_unit`, t("fpe.factor_unit"), factorUnit), field(`${p}-factor_source`, t("fpe.factor_source"), factorSource),
    h("div", { class: "fpe-sub" }, h("span", { class: "sub" }, t("fpe.factor_uncertainty")), uncertaintyEditor(`${p}-fu`, factor)));
  const processBox = field(`${p}-process`, t("fpe.link_process"), process, t("fpe.process_hint"));
  const supplierBox = field(`${p}-supplier`, t("fpe.link_supplier"), supplier);
  const relink = () => {
    const kind = link.value;
    factorBox.hidden = kind !== "factor";
    processBox.hidden = kind !== "process";
    supplierBox.hidden = kind !== "supplier";
    delete line.factor;
    delete line.process;
    delete line.supplier;
    if (kind === "factor") line.factor = factor;
    if (kind === "process") line.process = process.value.trim();
    if (kind === "supplier") line.supplier = supplier.value.trim();
  };
  link.addEventListener("change", relink);
  process.addEventListener("input", relink);
  supplier.addEventListener("input", relink);
  relink();
  const remove = h("button", { type: "button", class: "link", id: `${p}-remove` }, t("fpe.remove"));
  remove.addEventListener("click", onRemove);
  return h("fieldset", { class: "card fpe-line", dataset: { line: String(line.id ?? "") } },
    h("legend", null, `${t("fp.line")} ${String(line.id ?? "")}`),
    h("div", { class: "fpe-row" },
      field(`${p}-id`, t("fpe.id"), text("id", { size: "6" })),
      field(`${p}-description`, t("fpe.description"), text("description", { size: "28" })),
      field(`${p}-amount`, t("fpe.amount"), text("amount", { type: "text", inputmode: "decimal", size: "10" })),
      field(`${p}-unit`, t("fpe.unit"), text("unit", { size: "6" })),
      field(`${p}-per_unit`, t("fpe.per_unit"), perUnit)),
    h("div", { class: "fpe-sub" }, h("span", { class: "sub" }, t("fpe.amount_uncertainty")), uncertaintyEditor(`${p}-u`, line)),
    field(`${p}-link`, t("fpe.link"), link), factorBox, processBox, supplierBox, remove);
}

/// Where a diagnostic belongs: the id of the input it is about, or null (shown in the list only).
export function fieldOf(d: Diagnostic, lines: Json[], header: Record<string, string>): string | null {
  const name = d.where?.field ?? "";
  const record = d.where?.record ?? "";
  const index = record === "" ? -1 : lines.findIndex((l) => l.id === record);
  if (index < 0) return header[name] ?? null;
  const p = `fpe-l${index}`;
  const factorUncertainty = /^factor\.uncertainty(?:\.(\w+))?/.exec(name);
  if (factorUncertainty) return `${p}-fu_${factorUncertainty[1] && factorUncertainty[1] !== "distribution" ? factorUncertainty[1] : "kind"}`;
  const uncertainty = /^uncertainty(?:\.(\w+))?/.exec(name);
  if (uncertainty) return `${p}-u_${uncertainty[1] && uncertainty[1] !== "distribution" ? uncertainty[1] : "kind"}`;
  const direct: Record<string, string> = {
    id: "id", description: "description", amount: "amount", unit: "unit", per_unit: "per_unit", stage: "id",
    value: "factor_value", "factor.source": "factor_source", process: "process", supplier: "supplier",
  };
  return direct[name] ? `${p}-${direct[name]}` : `${p}-amount`;
}

export async function studyEditPage(main: HTMLElement, id: number): Promise<void> {
  const study = await fp.study(id);
  const organization = await inv.getOrganization(study.organization_id);
  const document = structuredClone(study.document ?? {}) as Json;
  const product = (document.product ?? {}) as Json;
  const period = (document.period ?? {}) as Json;
  const lines = ((document.lines ?? []) as Json[]).map((l) => ({ ...l }));

  const name = input(product.name);
  const declared = select(DECLARED_UNITS, String(document.declared_unit ?? "kilogram"), (u) => u);
  const production = input(document.production, { type: "text", inputmode: "decimal" });
  const start = input(period.start, { type: "date" });
  const end = input(period.end, { type: "date" });
  const profile = select(PROFILES, String(document.profile ?? "iso14067"), (p) => t(`fpe.profile_${p}` as "fpe.profile_iso14067"));
  const boundary = select(["cradle-to-gate", "cradle-to-grave"], String(document.boundary ?? "cradle-to-gate"),
    (b) => t(`fp.${b}` as "fp.cradle-to-gate"));
  const reason = input("", { size: "40" });
  // Top-level fields of the reader's diagnostics → the inputs.
  const header: Record<string, string> = {
    name: "fpe-product", product: "fpe-product", declared_unit: "fpe-declared_unit", production: "fpe-production",
    period: "fpe-start", start: "fpe-start", end: "fpe-end", profile: "fpe-profile", boundary: "fpe-boundary",
  };

  const linesBox = h("div", { id: "fpe-lines" });
  const render = () => {
    const stages = boundary.value === "cradle-to-gate" ? GATE : STAGES;
    linesBox.replaceChildren(...stages.map((stage) => {
      const add = h("button", { type: "button", id: `fpe-add-${stage}` }, t("fpe.add_line"));
      add.addEventListener("click", () => {
        let n = lines.length + 1;
        while (lines.some((l) => l.id === `L${n}`)) n += 1;
        lines.push({ id: `L${n}`, stage, amount: "", unit: "kg", per_unit: true });
        render();
      });
      return h("section", { class: "fpe-stage", dataset: { stage } }, h("h3", null, stageName(stage)),
        lines.map((line, index) => line.stage === stage
          ? lineEditor(line, index, () => String(document.gwp ?? "AR5"), () => { lines.splice(index, 1); render(); }) : null),
        add);
    }),
    // Lines outside the boundary stay in the document; the server says so when saving.
    lines.some((l) => !stages.includes(String(l.stage)))
      ? h("p", { class: "bad", id: "fpe-outside" }, t("fpe.outside")) : "");
  };
  boundary.addEventListener("change", render);
  render();

  const save = h("button", { class: "primary", id: "fpe-save" }, t("fpe.save"));
  const out = h("div", { id: "fpe-out" });
  save.addEventListener("click", busy(save, async () => {
    out.replaceChildren();
    main.querySelectorAll<HTMLElement>(".field-error").forEach((e) => { e.textContent = ""; });
    main.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
    const next: Json = structuredClone(document);
    next.product = { ...product, name: name.value.trim() };
    next.declared_unit = declared.value;
    setOrDelete(next, "production", typed(production.value));
    next.period = { ...period, start: start.value, end: end.value };
    next.profile = profile.value;
    next.boundary = boundary.value;
    next.lines = lines;
    try {
      await fp.saveStudy(id, next, reason.value.trim() || undefined);
      location.hash = `#/fp/${id}`;
    } catch (error) {
      if (error instanceof ApiError) {
        for (const d of error.diagnostics) {
          if (d.severity === "warning") continue;
          const at = fieldOf(d, lines, header);
          if (at) setFieldError(at, d.message);
        }
      }
      showError(out, error);
    }
  }));

  main.append(studyNav(study, organization.name, "edit"), h("h1", null, t("fpe.title", { product: String(product.name ?? "") })),
    h("p", { class: "lead" }, t("fpe.lead")),
    h("section", { class: "card", id: "fpe-header" }, h("h2", null, t("fpe.header")),
      field("fpe-product", t("fpe.product"), name), field("fpe-declared_unit", t("fpe.declared_unit"), declared),
      field("fpe-production", t("fpe.production"), production, t("fpe.production_hint")),
      field("fpe-start", t("fpe.start"), start), field("fpe-end", t("fpe.end"), end),
      field("fpe-profile", t("fpe.profile"), profile), field("fpe-boundary", t("fpe.boundary"), boundary)),
    h("h2", null, t("fpe.lines")), linesBox,
    h("section", { class: "card" }, field("fpe-reason", t("fpe.reason"), reason), save, out));
}
