// Reduction proposals from the utilities site survey (INV-8): per measure the equipment, what is
// done, the energy saved a year, the investment and the yearly cost saving; the server works out
// the CO2e saved with the factor that applies and the payback. Collected into the energy-saving
// and carbon-reduction report (節能減碳報告書, PDF), next to the inventory's hot spots.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { lang, t } from "../i18n";
import * as inv from "../inventory";
import { number, tonnes } from "../format";
import { busy, showError } from "../ui";
import { inventoryContext, inventoryNav } from "./org";
import { downloadButton } from "./outputs";

interface Reduction {
  id: number;
  equipment: string;
  measure: string;
  source_id: number | null;
  energy_saving: number;
  energy_unit: string;
  factor: string;
  investment_twd: number;
  annual_cost_saving_twd: number;
  co2e_saving_kg: number | null;
  payback_years: number | null;
  note: string;
  problem?: string;
}
interface Totals {
  co2e_saving_kg: number;
  investment_twd: number;
  annual_cost_saving_twd: number;
}

const equipment = ["air_compressor", "chiller", "boiler", "lighting", "motor", "other"];

export async function reductionsPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const [list, sources] = await Promise.all([
    api.get<{ items: Reduction[]; totals: Totals }>(`/inventories/${id}/reductions`),
    inv.listSources(id),
  ]);
  const sourceName = (sid: number | null) => sources.find((s) => s.id === sid)?.name ?? "—";
  main.append(
    inventoryNav(inventory, orgName, "reductions"),
    h("h1", null, t("red.title")),
    h("p", { class: "lead" }, t("red.lead")),
    h("table", { class: "grid", id: "reduction-list" },
      h("thead", null, h("tr", null, [t("red.equipment"), t("red.measure"), t("entry.source"), t("red.energy"), t("red.co2e"),
        t("red.investment"), t("red.saving"), t("red.payback"), t("red.delete")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, list.items.map((r) => {
        const remove = h("button", { class: "small" }, t("red.delete"));
        remove.addEventListener("click", busy(remove, async () => {
          try {
            await api.del(`/reductions/${r.id}`, "removed from the proposals");
            location.reload();
          } catch (error) {
            showError(main, error);
          }
        }));
        return h("tr", null,
          h("td", null, t(`eq.${r.equipment}` as "eq.other")), h("td", null, r.measure), h("td", null, sourceName(r.source_id)),
          h("td", { class: "num" }, `${number(r.energy_saving, 0)} ${r.energy_unit}`),
          h("td", { class: "num", title: r.problem ?? "" },
            r.co2e_saving_kg === null ? `— ${r.problem ?? ""}` : `${tonnes(r.co2e_saving_kg)} t`),
          h("td", { class: "num" }, number(r.investment_twd, 0)),
          h("td", { class: "num" }, number(r.annual_cost_saving_twd, 0)),
          h("td", { class: "num" }, r.payback_years === null ? "—" : t("red.years", { n: number(r.payback_years, 1) })),
          h("td", null, remove));
      })),
      h("tfoot", null, h("tr", null, h("th", { scope: "row", colspan: 4 }, t("red.total")),
        h("td", { class: "num", id: "reduction-total" }, `${tonnes(list.totals.co2e_saving_kg)} t`),
        h("td", { class: "num" }, number(list.totals.investment_twd, 0)),
        h("td", { class: "num" }, number(list.totals.annual_cost_saving_twd, 0)), h("td", { colspan: 2 })))),
    h("p", null, downloadButton("reduction-report", `/inventories/${id}/reductions/report?format=pdf&lang=${lang()}`,
      t("red.report"), `reduction-report-${inventory.year}.pdf`)),
  );

  const kind = h("select", null, equipment.map((e) => h("option", { value: e }, t(`eq.${e}` as "eq.other"))));
  const measure = h("input");
  const source = h("select", null, h("option", { value: "" }, t("red.no_source")), sources.map((s) => h("option", { value: s.id }, `${s.code} ${s.name}`)));
  const amount = h("input", { inputmode: "decimal" });
  const unit = h("select", null, ["kWh", "m3", "L", "kg"].map((u) => h("option", { value: u }, u)));
  const investment = h("input", { inputmode: "decimal", value: "0" });
  const saving = h("input", { inputmode: "decimal", value: "0" });
  const add = h("button", { class: "primary", id: "reduction-add" }, t("red.add"));
  const form = h("section", { class: "card", id: "reduction-form" }, h("h2", null, t("red.new")),
    field("red-equipment", t("red.equipment"), kind), field("red-measure", t("red.measure"), measure, t("red.measure_hint")),
    field("red-source_id", t("red.source"), source, t("red.source_hint")),
    field("red-energy_saving", t("red.energy"), amount, t("red.energy_hint")), field("red-energy_unit", t("entry.unit"), unit),
    field("red-investment_twd", t("red.investment"), investment), field("red-annual_cost_saving_twd", t("red.saving"), saving), add);
  const numberOf = (input: HTMLInputElement, id: string): number | null => {
    const value = Number(input.value.replace(/,/g, ""));
    if (input.value.trim() === "" || Number.isNaN(value)) {
      setFieldError(id, t("entry.not_number", { value: input.value }));
      return null;
    }
    if (value < 0) {
      setFieldError(id, t("red.negative"));
      return null;
    }
    return value;
  };
  add.addEventListener("click", busy(add, async () => {
    const ids = ["red-measure", "red-energy_saving", "red-investment_twd", "red-annual_cost_saving_twd"];
    ids.forEach((i) => setFieldError(i, ""));
    if (!measure.value.trim()) return setFieldError("red-measure", t("red.need_measure"));
    const energy = numberOf(amount, "red-energy_saving");
    const invest = numberOf(investment, "red-investment_twd");
    const yearly = numberOf(saving, "red-annual_cost_saving_twd");
    if (energy === null || invest === null || yearly === null) return;
    try {
      await api.post(`/inventories/${id}/reductions`, {
        equipment: kind.value, measure: measure.value.trim(), energy_saving: energy, energy_unit: unit.value,
        investment_twd: invest, annual_cost_saving_twd: yearly, ...(source.value ? { source_id: Number(source.value) } : {}),
      });
      location.reload();
    } catch (error) {
      const where = error instanceof api.ApiError ? error.where.field : undefined;
      if (where && document.getElementById(`red-${where}`)) setFieldError(`red-${where}`, (error as Error).message);
      else showError(form, error);
    }
  }));
  main.append(form);
}
