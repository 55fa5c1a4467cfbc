// Product footprint studies (CFP-1 to CFP-6): an organization's studies, a new one from its study
// file (docs/formats/footprint-study.md, JSON), and a study's results as the server computes
// them with the core: per declared unit, per stage, per gas, hot spots, data quality (PACT DQR)
// and primary data share, the contributions as a Sankey, the suppliers' data, and the PACT
// ProductFootprint download (validated by the server before it is sent).
import * as api from "../api";
import { chart } from "../charts";
import { download, field, h } from "../dom";
import * as fp from "../footprint";
import { lang, t } from "../i18n";
import * as inv from "../inventory";
import { busy, diagnosticList, showError } from "../ui";
import { uncertaintyPanel } from "./footprint_uncertainty";
import { downloadButton } from "./outputs";

/// kg CO2e per declared unit: six significant decimals, as the study's hand calculations.
export function kg(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 6 });
}
const pct = (value: number) => `${value.toFixed(2)} %`;
const stageName = (stage: string) => t(`stage.${stage}` as "stage.raw_materials");

/// An upload form for a study file; `onDone` gets the stored study.
export function studyUpload(org: number, onDone: (study: fp.Study) => void): HTMLElement {
  const file = h("input", { type: "file", accept: ".json,application/json" });
  const add = h("button", { class: "primary", id: "fp-upload" }, t("fp.upload"));
  const form = h("section", { class: "card", id: "fp-new" }, h("h2", null, t("fp.new")),
    field("fp-file", t("fp.file"), file, t("fp.file_hint")), add);
  add.addEventListener("click", busy(add, async () => {
    form.querySelectorAll(".error").forEach((e) => e.remove());
    const chosen = file.files?.[0];
    if (!chosen) return void showError(form, new Error(t("fp.no_file")));
    try {
      onDone(await api.upload<fp.Study>(`/orgs/${org}/footprint-studies`, await chosen.text(), "application/json"));
    } catch (error) {
      showError(form, error);
    }
  }));
  return form;
}

export async function studiesPage(main: HTMLElement, org: number): Promise<void> {
  const [organization, list] = await Promise.all([inv.getOrganization(org), fp.studies(org)]);
  main.append(
    h("p", { class: "crumbs" }, h("a", { href: `#/org/${org}` }, organization.name)),
    h("h1", null, t("fp.title")),
    h("p", { class: "lead" }, t("fp.lead")),
    list.length === 0 ? h("p", null, t("fp.none")) : h("ul", { class: "inventories", id: "fp-list" }, list.map((s) =>
      h("li", null, h("strong", null, s.product_name), " ", h("span", { class: "sub" }, s.code),
        h("span", { class: "links" }, h("a", { href: `#/fp/${s.id}` }, t("fp.results")),
          h("a", { href: `#/fp/${s.id}/chain` }, t("fp.chain")))))),
    list.length >= 2 ? compareForm(list) : "",
    studyUpload(org, (study) => { location.hash = `#/fp/${study.id}`; }),
  );
}

export interface Comparison {
  a: { total_kg_co2e: number; declared_unit: string };
  b: { total_kg_co2e: number; declared_unit: string };
  stages: { stage: string; a: number; b: number; difference: number }[];
  difference_kg_co2e: number;
  difference_percent?: number;
  same_declared_unit: boolean;
}

/// The stages and totals of a comparison, b − a, with a warning when the declared units differ.
export function comparisonTable(c: Comparison): HTMLElement {
  const row = (label: string, x: number, y: number, d: number) => h("tr", null, h("th", { scope: "row" }, label),
    h("td", { class: "num" }, kg(x)), h("td", { class: "num" }, kg(y)), h("td", { class: "num" }, kg(d)));
  return h("div", { class: "comparison" }, h("table", { class: "grid" },
    h("thead", null, h("tr", null, ["", "a", "b", t("fp.difference")].map((c2) => h("th", { scope: "col" }, c2)))),
    h("tbody", null, c.stages.map((s) => row(stageName(s.stage), s.a, s.b, s.difference)),
      row(t("fp.total"), c.a.total_kg_co2e, c.b.total_kg_co2e, c.difference_kg_co2e))),
    c.same_declared_unit ? "" : h("p", { class: "bad" }, t("fp.units_differ")));
}

/// Two studies side by side (two products or two versions): totals and stages, b − a.
function compareForm(list: fp.Study[]): HTMLElement {
  const pick = (id: string, index: number) => h("select", { id }, list.map((s, i) =>
    h("option", { value: s.id, selected: i === index }, `${s.code} · ${s.product_name}`)));
  const a = pick("fp-compare-a", 0);
  const b = pick("fp-compare-b", 1);
  const go = h("button", { id: "fp-compare-go" }, t("fp.compare"));
  const out = h("div", { id: "fp-compare" });
  go.addEventListener("click", busy(go, async () => {
    out.replaceChildren();
    try {
      const c = await api.get<Comparison>(`/footprint-studies/${a.value}/compare?with=${b.value}`);
      out.append(comparisonTable(c));
    } catch (error) {
      showError(out, error);
    }
  }));
  return h("section", { class: "card" }, h("h2", null, t("fp.compare_title")),
    field("fp-compare-a", "a", a), field("fp-compare-b", "b", b), go, out);
}

/// The sub-navigation of a study's pages.
export function studyNav(study: fp.Study, orgName: string, active: string): HTMLElement {
  const link = (key: string, href: string, label: string) =>
    h("a", { href, "aria-current": key === active ? "page" : undefined }, label);
  return h("div", { class: "inv-head" },
    h("p", { class: "crumbs" }, h("a", { href: `#/org/${study.organization_id}/footprints` }, orgName), " › ", study.code),
    h("nav", { class: "tabs", "aria-label": t("fp.nav") },
      link("results", `#/fp/${study.id}`, t("fp.results")),
      link("chain", `#/fp/${study.id}/chain`, t("fp.chain")),
      link("versions", `#/fp/${study.id}/versions`, t("fpv.title")),
      link("edit", `#/fp/${study.id}/edit`, t("fpe.nav"))));
}

function sankey(result: fp.Result): HTMLElement {
  // Line → stage → total, each link the line's kg CO2e per declared unit (positive ones).
  const total = t("fp.total");
  const nodes = new Set<string>([total]);
  const links: { source: string; target: string; value: number }[] = [];
  for (const stage of result.stages) {
    if (stage.kg_co2e <= 0) continue;
    nodes.add(stageName(stage.stage));
    links.push({ source: stageName(stage.stage), target: total, value: stage.kg_co2e });
  }
  for (const line of result.lines) {
    if (line.kg_co2e <= 0) continue;
    const name = `${line.id} ${line.description}`.slice(0, 40);
    nodes.add(name);
    links.push({ source: name, target: stageName(line.stage), value: line.kg_co2e });
  }
  return chart("fp-sankey", t("fp.sankey"), {
    tooltip: { trigger: "item", formatter: (p: { data?: { value?: number } }) => kg(p.data?.value ?? 0) },
    series: [{ type: "sankey", emphasis: { focus: "adjacency" }, nodeAlign: "right",
      data: [...nodes].map((name) => ({ name })), links }],
  });
}

function dqrTable(dqr: fp.Dqr | undefined): HTMLElement {
  if (!dqr) return h("p", { id: "fp-dqr" }, t("fp.no_dqr"));
  const keys = ["technological", "temporal", "geographical", "completeness", "reliability"] as const;
  return h("table", { class: "grid", id: "fp-dqr" },
    h("tbody", null, keys.map((k) => h("tr", null, h("th", { scope: "row" }, t(`dqr.${k}`)),
      h("td", { class: "num" }, dqr[k].toFixed(3)))),
      dqr.coverage_percent === undefined ? null
        : h("tr", null, h("th", { scope: "row" }, t("dqr.coverage")), h("td", { class: "num" }, pct(dqr.coverage_percent)))));
}

export async function studyPage(main: HTMLElement, id: number): Promise<void> {
  const study = await fp.study(id);
  const organization = await inv.getOrganization(study.organization_id);
  main.append(studyNav(study, organization.name, "results"), h("h1", null, study.product_name));
  let result: fp.Result;
  try {
    result = await fp.result(id);
  } catch (error) {
    showError(main, error);
    return;
  }
  const unit = result.declared_unit;
  const pact = h("button", { class: "primary", id: "fp-pact" }, t("fp.pact"));
  pact.addEventListener("click", busy(pact, async () => {
    try {
      download(await api.blob(`/footprint-studies/${id}/pact`), `pact-${id}.json`);
    } catch (error) {
      showError(main, error);
    }
  }));
  const hot = new Set(result.hot_spots);
  main.append(
    h("section", { class: "card", id: "fp-summary" },
      h("p", { class: "big" }, t("fp.per_unit", { unit }), " ",
        h("strong", { id: "fp-total" }, kg(result.total_kg_co2e)), " kg CO2e"),
      h("p", null, t("fp.primary"), " ", h("strong", { id: "fp-primary" }, pct(result.primary_data_share))),
      h("p", { class: "sub" }, `${result.profile} · ${t(`fp.${result.boundary}` as "fp.cradle-to-gate")} · ${result.report_wording}`),
      pact, " ", downloadButton("fp-report", `/footprint-studies/${id}/report?format=pdf&lang=${lang()}`, t("fp.report"),
        `footprint-report-${study.code}.pdf`)),
    result.warnings.length > 0 ? diagnosticList(result.warnings) : "",
    h("h2", null, t("fp.stages")),
    h("table", { class: "grid", id: "fp-stages" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("fp.stage")), h("th", { scope: "col" }, "kg CO2e"),
        h("th", { scope: "col" }, t("fp.share")))),
      h("tbody", null, result.stages.map((s) => h("tr", { dataset: { stage: s.stage } }, h("th", { scope: "row" }, stageName(s.stage)),
        h("td", { class: "num" }, kg(s.kg_co2e)),
        h("td", { class: "num" }, result.total_kg_co2e ? pct((100 * s.kg_co2e) / result.total_kg_co2e) : "—"))))),
    sankey(result),
    uncertaintyPanel(id),
    h("h2", null, t("fp.gases")),
    h("table", { class: "grid", id: "fp-gases" }, h("tbody", null,
      Object.entries(result.gases).map(([gas, value]) => h("tr", null, h("th", { scope: "row" }, gas), h("td", { class: "num" }, kg(value)))),
      h("tr", null, h("th", { scope: "row" }, t("fp.unspecified")), h("td", { class: "num" }, kg(result.gases_unspecified))))),
    h("h2", null, t("fp.lines")),
    h("table", { class: "grid", id: "fp-lines" },
      h("thead", null, h("tr", null, [t("fp.line"), t("fp.stage"), t("fp.amount"), t("fp.source"), "kg CO2e", t("fp.hot")]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, result.lines.map((l) => h("tr", { class: hot.has(l.id) ? "hot" : undefined },
        h("td", null, `${l.id} ${l.description}`), h("td", null, stageName(l.stage)),
        h("td", { class: "num" }, `${kg(l.amount)} ${l.unit}`), h("td", null, l.source),
        h("td", { class: "num" }, kg(l.kg_co2e)), h("td", null, hot.has(l.id) ? t("fp.hot") : ""))))),
    h("h2", null, t("fp.quality")), dqrTable(result.data_quality),
    h("h2", null, t("fp.suppliers")),
    h("table", { class: "grid", id: "fp-suppliers" },
      h("thead", null, h("tr", null, [t("chain.key"), t("chain.supplier"), t("chain.part"), t("chain.pcf"), t("fp.data_from"), t("chain.date")]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, result.suppliers.map((s) => h("tr", { dataset: { key: s.id, source: s.source } },
        h("td", null, s.id), h("td", null, s.supplier), h("td", null, s.part),
        h("td", { class: "num" }, `${kg(s.pcf / s.unitary_amount)} / ${s.declared_unit}`),
        h("td", null, t(s.source === "supply_chain" ? "fp.from_chain" : "fp.from_document")),
        h("td", null, s.date.slice(0, 10)))))),
  );
}
