// The dashboard (INV-8): the total and its split by scope and ISO category, by month, by
// facility and by gas, year over year, the hot-spot Pareto, data quality and uncertainty. It
// computes the inventory as stored now, so a record saved a moment ago shows at once. Every
// number can be opened down to its records and the factor (with its source) that made it.
import * as api from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { number, periodLabel, rocYear, tonnes } from "../format";
import { chart } from "../charts";
import { showError } from "../ui";
import { inventoryContext, inventoryNav } from "./org";

interface SourceLine {
  id: string;
  name: string;
  category: number;
  scope: number;
  co2e_kg: number;
  factor: string;
  facility: string;
  records: number;
  activity_in_factor_unit: number;
  quality: { band: number };
  uncertainty: { lower: number; upper: number };
  month_co2e_kg: number[];
}
interface GasLine {
  gas: string;
  co2e_kg: number;
  mass_kg: number;
  gwp: number;
  in_total: boolean;
}
interface FactorLine {
  id: string;
  name_zh?: string;
  name_en?: string;
  per: string;
  gases_kg_per_unit: Record<string, number>;
  source: { document?: string; table?: string; version?: string; verification?: string };
}
interface Hotspot {
  source: string;
  co2e_kg: number;
  share: number;
  cumulative_share: number;
}
interface Computed {
  total_co2e_kg: number;
  scope_co2e_kg: Record<string, number>;
  category_co2e_kg: number[];
  month_co2e_kg: number[];
  facility_co2e_kg: Record<string, number>;
  gases: GasLine[];
  sources: SourceLine[];
  factors: FactorLine[];
  hotspots: Hotspot[];
  quality: { grade: number; score: number };
  uncertainty: { lower: number; upper: number };
  year: number;
}

const t3 = (kg: number) => `${tonnes(kg)} t`;

export async function dashboardPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  main.append(inventoryNav(inventory, orgName, "dashboard"));
  let result: Computed;
  try {
    result = (await inv.compute(id)) as unknown as Computed;
  } catch (error) {
    // A reader who may not compute (a verifier) sees the stored result; an invalid inventory
    // shows its problems with the way to the entry grid.
    if (error instanceof api.ApiError && error.status === 403) {
      const stored = await inv.storedResult(id);
      if (!stored) throw error;
      result = stored as unknown as Computed;
    } else {
      main.append(h("h1", null, t("dash.title")));
      showError(main, error);
      main.append(h("a", { class: "button", href: `#/inv/${id}/entry` }, t("inv.entry")));
      return;
    }
  }
  const drill = h("section", { class: "card", id: "drill", "aria-live": "polite" },
    h("p", { class: "hint" }, t("dash.drill_hint")));
  const sourcesById = new Map(result.sources.map((s) => [s.id, s]));
  const sources = await inv.listSources(id);

  async function openSource(code: string): Promise<void> {
    const line = sourcesById.get(code);
    const stored = sources.find((s) => s.code === code);
    if (!line || !stored) return;
    drill.replaceChildren(h("h2", null, `${line.id} ${line.name}`), h("p", null, t("dash.loading")));
    try {
      const records = await inv.listActivity(id, `source=${stored.id}`);
      const factor = result.factors.find((f) => f.id === line.factor);
      drill.replaceChildren(
        h("h2", null, `${line.id} ${line.name}`),
        h("p", { class: "total-line" }, `${t3(line.co2e_kg)} CO2e · ${t("dash.category", { n: line.category })} · ${t("dash.quality_band", { band: line.quality.band })}`),
        h("h3", null, t("dash.records", { count: records.length })),
        h("table", { class: "grid", id: "drill-records" },
          h("thead", null, h("tr", null, [t("import.period"), t("import.amount"), t("entry.unit"), t("import.evidence"), t("dash.note")]
            .map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, records.map((r) => h("tr", null,
            h("td", null, periodLabel(r.period)),
            h("td", { class: "num" }, number(r.amount, 2)),
            h("td", null, r.unit),
            h("td", null, r.evidence_id !== null
              ? h("a", { href: `/api/v1/evidence/${r.evidence_id}/content`, target: "_blank" }, r.evidence || "📎")
              : r.evidence),
            h("td", null, r.note))))),
        factor
          ? h("div", { class: "factor-box", id: "drill-factor" },
              h("h3", null, t("dash.factor")),
              h("p", null, h("strong", null, factor.id), ` ${factor.name_zh ?? ""} ${factor.name_en ? `/ ${factor.name_en}` : ""}`),
              h("p", null, Object.entries(factor.gases_kg_per_unit).map(([gas, v]) => `${gas} ${v} kg/${factor.per}`).join(" · ")),
              h("p", { class: "provenance" }, `${t("dash.source_doc")}: ${factor.source.document ?? ""} ${factor.source.table ?? ""} ${factor.source.version ?? ""}`,
                factor.source.verification === "unverified" ? h("span", { class: "badge warn" }, t("dash.unverified")) : null))
          : h("p", null, `${t("dash.factor")}: ${line.factor}`),
      );
    } catch (error) {
      showError(drill, error);
    }
    drill.scrollIntoView({ block: "nearest" });
  }

  const scope2 = result.scope_co2e_kg["2_location"] ?? 0;
  const kpi = (label: string, value: string, kpiId: string) =>
    h("div", { class: "kpi", id: kpiId }, h("span", { class: "label" }, label), h("span", { class: "value" }, value));

  // Year over year: the organization's other inventories that have a stored result.
  const years: { year: number; kg: number }[] = [];
  for (const other of await inv.listInventories(inventory.organization_id)) {
    if (other.id === id) {
      years.push({ year: other.year, kg: result.total_co2e_kg });
      continue;
    }
    const stored = (await inv.storedResult(other.id)) as unknown as Computed | null;
    if (stored) years.push({ year: other.year, kg: stored.total_co2e_kg });
  }
  years.sort((a, b) => a.year - b.year);

  const months = result.month_co2e_kg.map((_, i) => t("entry.month", { month: i + 1 }));
  const hot = result.hotspots.filter((s) => s.co2e_kg > 0);
  const sourceTable = h(
    "table",
    { class: "grid", id: "dash-sources" },
    h("thead", null, h("tr", null, [t("entry.source"), t("dash.scope"), t("dash.emissions"), t("dash.share"), t("dash.quality")]
      .map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, result.sources.map((s) => h("tr", null,
      h("td", null, h("button", { class: "link", onclick: () => void openSource(s.id), dataset: { source: s.id } }, `${s.id} ${s.name}`)),
      h("td", null, String(s.scope)),
      h("td", { class: "num" }, t3(s.co2e_kg)),
      h("td", { class: "num" }, result.total_co2e_kg > 0 ? `${number((100 * s.co2e_kg) / result.total_co2e_kg, 1)} %` : "—"),
      h("td", { class: "num" }, String(s.quality.band))))),
  );

  main.append(
    h("h1", null, t("dash.title")),
    h("div", { class: "kpis" },
      kpi(t("dash.total"), `${t3(result.total_co2e_kg)} CO2e`, "kpi-total"),
      kpi(t("dash.scope1"), t3(result.scope_co2e_kg["1"] ?? 0), "kpi-scope1"),
      kpi(t("dash.scope2"), t3(scope2), "kpi-scope2"),
      kpi(t("dash.scope2_market"), t3(result.scope_co2e_kg["2_market"] ?? scope2), "kpi-scope2m"),
      kpi(t("dash.grade"), `${result.quality.grade} (${number(result.quality.score, 2)})`, "kpi-grade"),
      kpi(t("dash.uncertainty"), `−${number(result.uncertainty.lower * 100, 1)} % / +${number(result.uncertainty.upper * 100, 1)} %`, "kpi-uncertainty"),
    ),
    h("div", { class: "charts" },
      chart("chart-pareto", t("dash.pareto"), {
        grid: { left: 60, right: 50, bottom: 80 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: hot.map((s) => `${s.source} ${sourcesById.get(s.source)?.name ?? ""}`), axisLabel: { rotate: 30 } },
        yAxis: [{ type: "value", name: "t CO2e" }, { type: "value", max: 100, name: "%" }],
        series: [
          { type: "bar", name: "t CO2e", data: hot.map((s) => +(s.co2e_kg / 1000).toFixed(3)) },
          { type: "line", name: t("dash.cumulative"), yAxisIndex: 1, data: hot.map((s) => +(s.cumulative_share * 100).toFixed(1)) },
        ],
      }, (p) => void openSource(hot[p.dataIndex]?.source)),
      chart("chart-category", t("dash.by_category"), {
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: result.category_co2e_kg.map((_, i) => t("dash.category", { n: i + 1 })) },
        yAxis: { type: "value", name: "t CO2e" },
        series: [{ type: "bar", data: result.category_co2e_kg.map((kg) => +(kg / 1000).toFixed(3)) }],
      }),
      chart("chart-month", t("dash.by_month"), {
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: months },
        yAxis: { type: "value", name: "t CO2e" },
        series: [{ type: "bar", data: result.month_co2e_kg.map((kg) => +(kg / 1000).toFixed(3)) }],
      }),
      chart("chart-gas", t("dash.by_gas"), {
        series: [{ type: "pie", radius: ["35%", "65%"],
          data: result.gases.filter((g) => g.in_total && g.co2e_kg > 0).map((g) => ({ name: g.gas, value: +(g.co2e_kg / 1000).toFixed(3) })) }],
      }),
      chart("chart-facility", t("dash.by_facility"), {
        series: [{ type: "pie", radius: "60%",
          data: Object.entries(result.facility_co2e_kg).map(([f, kg]) => ({ name: f, value: +(kg / 1000).toFixed(3) })) }],
      }),
      chart("chart-years", t("dash.by_year"), {
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: years.map((y) => `${y.year} (${rocYear(y.year)})`) },
        yAxis: { type: "value", name: "t CO2e" },
        series: [{ type: "bar", data: years.map((y) => +(y.kg / 1000).toFixed(3)) }],
      }),
    ),
    h("h2", null, t("dash.sources")),
    sourceTable,
    drill,
  );
}
