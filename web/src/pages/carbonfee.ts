// Taiwan's carbon fee (碳費) for this inventory (issue 9): the factory picks the emission year,
// whether it is recognized as at high carbon-leakage risk, the offset credits it holds and
// whether its reduction proposals count; the server (GET /inventories/{id}/carbonfee) answers the
// chargeable emissions, the threshold, the fee at each rate before and after (the what-if) and
// every rule value used with its source. A refused value is shown at its field.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t, type Key } from "../i18n";
import { number } from "../format";
import { busy, showError } from "../ui";
import { inventoryContext, inventoryNav } from "./org";

interface RateCase {
  rate: string;
  rate_per_tco2e: number;
  deduction_tco2e: number;
  adjustment_factor: number;
  chargeable_tco2e: number;
  domestic_credits_used_tco2e: number;
  foreign_credits_used_tco2e: number;
  net_chargeable_tco2e: number;
  fee: number;
}
interface Scenario {
  emissions_tco2e: number;
  is_payer: boolean;
  margin_to_threshold_tco2e: number;
  rates: RateCase[];
}
interface WhatIf extends Scenario {
  reductions: { name: string; tco2e: number }[];
  reductions_tco2e: number;
  domestic_credits_offered_tco2e: number;
  foreign_credits_offered_tco2e: number;
}
interface RuleUsed {
  rule: string;
  value: number;
  effective_from: string;
  source: string;
  url?: string;
  verification?: string;
}
interface Estimate {
  year: number;
  currency: string;
  high_leakage_risk: boolean;
  threshold_tco2e: number;
  baseline: Scenario;
  what_if: WhatIf;
  rules_used: RuleUsed[];
}

/// The first year the carbon fee applies to (data/carbon-fee/taiwan.yaml): the page's default
/// for an earlier inventory.
const kFirstFeeYear = 2025;

const rateLabel: Record<string, Key> = { general: "fee.rate_general", A: "fee.rate_a", B: "fee.rate_b" };
const ruleLabel: Record<string, Key> = {
  threshold: "fee.rule_threshold",
  "general rate": "fee.rate_general",
  "preferential rate A": "fee.rate_a",
  "preferential rate B": "fee.rate_b",
  "domestic credit cap": "fee.rule_domestic_cap",
  "foreign credit cap": "fee.rule_foreign_cap",
  deduction: "fee.rule_deduction",
  "leakage adjustment factor": "fee.rule_leakage_factor",
};

export async function carbonfeePage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const input = (value: string, attrs: Record<string, string> = {}) => h("input", { value, ...attrs });
  const year = input(String(Math.max(inventory.year, kFirstFeeYear)), { inputmode: "numeric" });
  const domestic = input("0", { inputmode: "decimal" });
  const foreign = input("0", { inputmode: "decimal" });
  const leakage = h("input", { type: "checkbox", id: "fee-high_leakage" });
  const withReductions = h("input", { type: "checkbox", id: "fee-with_reductions" });
  withReductions.checked = true;
  const estimateButton = h("button", { class: "primary", id: "fee-estimate" }, t("fee.estimate"));
  const messages = h("div", { id: "fee-messages" });
  const results = h("div", { id: "fee-results" });
  const numbers: [HTMLInputElement, string][] = [[year, "year"], [domestic, "domestic_credits"], [foreign, "foreign_credits"]];

  const clearErrors = () => {
    messages.replaceChildren();
    for (const [, name] of numbers) setFieldError(`fee-${name}`, "");
  };

  /// The query, or null when a number field is not a number (its error shown at it).
  const query = (): string | null => {
    let ok = true;
    const params = new URLSearchParams();
    for (const [element, name] of numbers) {
      const text = element.value.replace(/,/g, "").trim();
      if (text === "" || Number.isNaN(Number(text))) {
        setFieldError(`fee-${name}`, text === "" ? t("fee.required") : t("entry.not_number", { value: element.value }));
        ok = false;
      } else {
        params.set(name, text);
      }
    }
    params.set("high_leakage", String(leakage.checked));
    params.set("with_reductions", String(withReductions.checked));
    return ok ? params.toString() : null;
  };

  const t3 = (value: number) => number(value, 3);
  const scenarioBlock = (title: string, scenario: Scenario, threshold: number, tableId: string) => {
    const margin = Math.abs(scenario.margin_to_threshold_tco2e);
    const standing = scenario.is_payer
      ? t("fee.payer", { margin: t3(margin), threshold: t3(threshold) })
      : t("fee.not_payer", { margin: t3(margin), threshold: t3(threshold) });
    return h("section", { class: "card", id: `${tableId}-card` },
      h("h2", null, title),
      h("p", { class: "fee-emissions" }, t("fee.emissions", { emissions: t3(scenario.emissions_tco2e) }), " ", h("strong", null, standing)),
      h("table", { class: "grid", id: tableId },
        h("thead", null, h("tr", null, [t("fee.rate"), t("fee.rate_value"), t("fee.deduction"), t("fee.factor"), t("fee.chargeable"),
          t("fee.credits_used"), t("fee.net"), t("fee.fee")].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, scenario.rates.map((r) => h("tr", null,
          h("th", { scope: "row" }, rateLabel[r.rate] ? t(rateLabel[r.rate]) : r.rate),
          h("td", { class: "num" }, number(r.rate_per_tco2e, 0)),
          h("td", { class: "num" }, t3(r.deduction_tco2e)),
          h("td", { class: "num" }, number(r.adjustment_factor, 2)),
          h("td", { class: "num" }, t3(r.chargeable_tco2e)),
          h("td", { class: "num" }, t3(r.domestic_credits_used_tco2e + r.foreign_credits_used_tco2e)),
          h("td", { class: "num" }, t3(r.net_chargeable_tco2e)),
          h("td", { class: "num fee" }, number(r.fee, 0)))))));
  };

  const show = (estimate: Estimate) => {
    const whatIf = estimate.what_if;
    const general = (s: Scenario) => s.rates.find((r) => r.rate === "general")?.fee ?? 0;
    const saving = general(estimate.baseline) - general(whatIf);
    results.replaceChildren(
      h("p", { id: "fee-threshold" }, t("fee.threshold", { threshold: t3(estimate.threshold_tco2e), year: estimate.year, currency: estimate.currency })),
      scenarioBlock(t("fee.baseline"), estimate.baseline, estimate.threshold_tco2e, "fee-baseline"),
      h("div", { id: "fee-what-if" },
        scenarioBlock(t("fee.what_if"), whatIf, estimate.threshold_tco2e, "fee-what-if-table"),
        h("p", null, t("fee.what_if_inputs", {
          reductions: t3(whatIf.reductions_tco2e),
          domestic: t3(whatIf.domestic_credits_offered_tco2e),
          foreign: t3(whatIf.foreign_credits_offered_tco2e),
        })),
        whatIf.reductions.length > 0
          ? h("ul", { id: "fee-reductions" }, whatIf.reductions.map((r) => h("li", null, `${r.name}: ${t3(r.tco2e)} t CO2e`)))
          : null,
        h("p", { id: "fee-saving" }, t("fee.saving", { saving: number(saving, 0), currency: estimate.currency }))),
      h("section", { class: "card" },
        h("h2", null, t("fee.rules")),
        h("p", { class: "hint" }, t("fee.rules_hint")),
        h("table", { class: "grid", id: "fee-rules" },
          h("thead", null, h("tr", null, [t("fee.rule"), t("fee.value"), t("fee.effective_from"), t("fee.verification"), t("fee.source")]
            .map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, estimate.rules_used.map((r) => h("tr", null,
            h("th", { scope: "row" }, ruleLabel[r.rule] ? t(ruleLabel[r.rule]) : r.rule),
            h("td", { class: "num" }, String(r.value)),
            h("td", null, r.effective_from),
            h("td", { class: r.verification === "unverified" ? "warning" : undefined },
              r.verification === "unverified" ? t("fee.unverified") : r.verification === "secondary" ? t("fee.secondary") : (r.verification ?? "")),
            h("td", null, r.source, r.url ? [" ", h("a", { href: r.url, target: "_blank", rel: "noopener" }, t("fee.link"))] : null)))))),
    );
  };

  estimateButton.addEventListener("click", busy(estimateButton, async () => {
    clearErrors();
    const q = query();
    if (q === null) return;
    try {
      show(await api.get<Estimate>(`/inventories/${id}/carbonfee?${q}`));
    } catch (error) {
      results.replaceChildren();
      const name = error instanceof api.ApiError ? error.where?.field : undefined;
      if (error instanceof api.ApiError && name && numbers.some(([, n]) => n === name)) {
        // In the page's language; the server's own words stay in the message box below.
        const own: Record<string, Key> = { year: "fee.bad_year", domestic_credits: "fee.bad_credits", foreign_credits: "fee.bad_credits" };
        setFieldError(`fee-${name}`, error.code === "carbonfee.rules" ? t("fee.year_not_covered", { first: kFirstFeeYear }) : t(own[name]));
      }
      showError(messages, error);
    }
  }));

  main.append(
    inventoryNav(inventory, orgName, "carbonfee"),
    h("h1", null, t("fee.title")),
    h("p", { class: "lead" }, t("fee.lead")),
    h("section", { class: "card" },
      field("fee-year", t("fee.year"), year, t("fee.year_hint")),
      h("label", { class: "check" }, leakage, t("fee.high_leakage")),
      field("fee-domestic_credits", t("fee.domestic_credits"), domestic, t("fee.domestic_hint")),
      field("fee-foreign_credits", t("fee.foreign_credits"), foreign, t("fee.foreign_hint")),
      h("label", { class: "check" }, withReductions, t("fee.with_reductions")),
      h("p", { class: "actions" }, estimateButton)),
    messages,
    results,
  );
}
