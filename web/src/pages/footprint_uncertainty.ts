// The uncertainty panel of a study page: n draws and a seed, run on the server
// (GET /footprint-studies/{id}/montecarlo, core/footprint/montecarlo), shown as mean ± SD, the
// 95 % interval, a histogram of the draws' totals (ECharts, as the other charts) and a table of
// each stage's mean and SD. The same seed gives the same numbers.
import { chart } from "../charts";
import { field, h } from "../dom";
import * as fp from "../footprint";
import { t } from "../i18n";
import { busy, showError } from "../ui";

const MAX_DRAWS = 20000;
const BINS = 30;

const kg = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 6 });
const stageName = (stage: string) => t(`stage.${stage}` as "stage.raw_materials");

/// Counts of `values` in `bins` equal bins between their least and greatest.
export function histogram(values: number[], bins: number): { from: number; to: number; count: number }[] {
  if (values.length === 0) return [];
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const width = high > low ? (high - low) / bins : 1;
  const out = Array.from({ length: bins }, (_, i) => ({ from: low + i * width, to: low + (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(bins - 1, Math.floor((v - low) / width))].count += 1;
  return out;
}

function histogramChart(result: fp.MonteCarlo): HTMLElement {
  const bins = histogram(result.values ?? [], BINS);
  const digits = 4;
  return chart("fp-mc-histogram", t("mc.histogram", { unit: result.declared_unit }), {
    grid: { left: 48, right: 16, bottom: 56, top: 24 },
    xAxis: { type: "category", name: "kg CO2e", nameLocation: "middle", nameGap: 36,
      data: bins.map((b) => ((b.from + b.to) / 2).toPrecision(digits)) },
    yAxis: { type: "value", name: t("mc.draws_axis") },
    tooltip: { trigger: "axis" },
    series: [{ type: "bar", barCategoryGap: "0%", data: bins.map((b) => b.count) }],
  });
}

function show(out: HTMLElement, result: fp.MonteCarlo): void {
  const total = result.total;
  out.replaceChildren(
    h("p", { class: "big" }, t("mc.mean_sd", { unit: result.declared_unit }), " ",
      h("strong", { id: "fp-mc-mean" }, kg(total.mean)), " ± ", h("strong", { id: "fp-mc-sd" }, kg(total.sd)), " kg CO2e"),
    h("p", null, t("mc.interval"), " ", h("span", { id: "fp-mc-interval" }, `[${kg(total.p2_5)}, ${kg(total.p97_5)}]`),
      " · ", t("mc.median"), " ", h("span", { id: "fp-mc-median" }, kg(total.p50)),
      " · ", t("mc.nominal"), " ", h("span", { id: "fp-mc-nominal" }, kg(total.nominal))),
    h("p", { class: "sub", id: "fp-mc-meta" }, t("mc.meta", { draws: result.draws, seed: result.seed, lines: result.uncertain_lines })),
    histogramChart(result),
    h("table", { class: "grid", id: "fp-mc-stages" },
      h("thead", null, h("tr", null, [t("fp.stage"), t("mc.nominal"), t("mc.mean"), t("mc.sd")]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, result.stages.map((s) => h("tr", { dataset: { stage: s.stage } },
        h("th", { scope: "row" }, stageName(s.stage)), h("td", { class: "num" }, kg(s.nominal)),
        h("td", { class: "num" }, kg(s.mean)), h("td", { class: "num" }, kg(s.sd)))))),
  );
}

export function uncertaintyPanel(studyId: number): HTMLElement {
  const draws = h("input", { type: "number", min: "1", max: String(MAX_DRAWS), step: "1", value: "5000" });
  const seed = h("input", { type: "number", min: "0", step: "1", value: "1" });
  const run = h("button", { class: "primary", id: "fp-mc-run" }, t("mc.run"));
  const out = h("div", { id: "fp-mc-result" });
  run.addEventListener("click", busy(run, async () => {
    out.replaceChildren();
    const n = Number(draws.value);
    if (!Number.isInteger(n) || n < 1 || n > MAX_DRAWS) {
      return void showError(out, new Error(t("mc.bad_n", { max: MAX_DRAWS })));
    }
    try {
      show(out, await fp.montecarlo(studyId, n, Number(seed.value) || 0));
    } catch (error) {
      showError(out, error);
    }
  }));
  return h("section", { class: "card", id: "fp-mc" }, h("h2", null, t("mc.title")), h("p", { class: "sub" }, t("mc.lead")),
    field("fp-mc-n", t("mc.n"), draws, t("mc.n_hint", { max: MAX_DRAWS })), field("fp-mc-seed", t("mc.seed"), seed), run, out);
}
