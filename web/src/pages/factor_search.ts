// Factor search inside a footprint study (issue 7): the factor library searched on the server
// (GET /api/v1/factors), each factor shown as kg CO2e per unit of activity under the study's GWP
// set with its source; "use" hands the study form of the factor (value, unit, gases, source) to
// the line being edited.
import * as api from "../api";
import { field, h } from "../dom";
import { lang, t } from "../i18n";
import { busy, showError } from "../ui";

export interface StudyFactor {
  value: number;
  unit: string;
  gases: Record<string, number>;
  biogenic_co2?: number;
  source: { document: string; table: string; version: string; year: number; verification: string };
  heating_value?: { value: number; energy_unit: string; per: string };
  problem?: string;
}

interface Found {
  id: string;
  name_zh: string;
  name_en: string;
  study_factor: StudyFactor;
}

/// A search box with its results; `gwp` is read when the search runs (the study may change it).
export function factorSearch(prefix: string, gwp: () => string, onUse: (factor: StudyFactor) => void): HTMLElement {
  const words = h("input", { type: "search", size: "20", id: `${prefix}-q` });
  const go = h("button", { type: "button", id: `${prefix}-go` }, t("fsearch.search"));
  const results = h("div", { class: "fsearch-results", id: `${prefix}-results` });
  const run = busy(go, async () => {
    results.replaceChildren();
    if (!words.value.trim()) return;
    try {
      const found = await api.get<{ items: Found[]; total: number; gwp: string }>(
        `/factors?q=${encodeURIComponent(words.value.trim())}&gwp=${encodeURIComponent(gwp())}&limit=10`);
      if (found.items.length === 0) return void results.append(h("p", { class: "sub" }, t("fsearch.none")));
      results.append(h("table", { class: "grid" },
        h("tbody", null, found.items.map((f) => {
          const s = f.study_factor;
          const use = h("button", { type: "button", class: "link", dataset: { factor: f.id }, disabled: s.problem !== undefined },
            t("fsearch.use"));
          use.addEventListener("click", () => { onUse(s); results.replaceChildren(); });
          return h("tr", null,
            h("td", null, lang() === "zh-TW" ? f.name_zh : f.name_en, h("div", { class: "sub" }, f.id)),
            h("td", { class: "num" }, s.problem ?? `${s.value.toLocaleString("en-US", { maximumFractionDigits: 6 })} kg CO2e / ${s.unit}`),
            h("td", { class: "sub" }, [s.source.document, s.source.table, s.source.version].filter(Boolean).join(", ")),
            h("td", null, use));
        }))),
      found.total > found.items.length ? h("p", { class: "sub" }, t("fsearch.more", { shown: found.items.length, total: found.total })) : "");
    } catch (error) {
      showError(results, error);
    }
  });
  go.addEventListener("click", run);
  words.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); go.click(); }
  });
  return h("div", { class: "fsearch" }, field(`${prefix}-q`, t("fsearch.label"), words, t("fsearch.hint")), go, results);
}
