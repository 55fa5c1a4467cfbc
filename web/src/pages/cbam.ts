// The operator's EU CBAM communication (CBAM-1, docs/formats/cbam.md) from this inventory: the
// factory fills its installation, the period and per production process the goods it makes (CN
// code, tonnes), the share of each source of the inventory the process takes, and the precursors
// it buys (CN code, tonnes, the supplier's embedded emissions or the EU default). The server
// computes the specific embedded emissions per good (POST /inventories/{id}/cbam) and writes the
// communication workbook for the EU importer. The form's values live in `draft` for the page's
// life: a refusal is shown at its field and nothing typed is lost.
import * as api from "../api";
import { download, field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { number } from "../format";
import { busy, showError } from "../ui";
import { inventoryContext, inventoryNav } from "./org";

interface GoodDraft { cn: string; name: string; tonnes: string }
interface PrecursorDraft { cn: string; tonnes: string; country: string; supplier: string; useDefault: boolean; seeDirect: string; seeIndirect: string }
interface ProcessDraft { name: string; goods: GoodDraft[]; shares: Record<string, string>; precursors: PrecursorDraft[] }
interface Draft {
  installation: Record<"name" | "address" | "city" | "country" | "unlocode" | "latitude" | "longitude", string>;
  period: { start: string; end: string; defaults_year: string };
  processes: ProcessDraft[];
}

interface GoodResult {
  cn: string;
  name: string;
  process: string;
  production_t: number;
  see_direct: number;
  see_indirect: number;
  see_total: number;
  default_share: number;
}

const newGood = (): GoodDraft => ({ cn: "", name: "", tonnes: "" });
const newPrecursor = (): PrecursorDraft => ({ cn: "", tonnes: "", country: "TW", supplier: "", useDefault: false, seeDirect: "", seeIndirect: "" });
const newProcess = (): ProcessDraft => ({ name: "", goods: [newGood()], shares: {}, precursors: [] });

/// The element id of a body path: "processes[0].goods[1].cn" → "cbam-processes-0-goods-1-cn".
const fid = (path: string) => `cbam-${path.replace(/[[\].]+/g, "-").replace(/-$/, "")}`;

export async function cbamPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const sources = await inv.listSources(id);
  const draft: Draft = {
    installation: { name: "", address: "", city: "", country: "TW", unlocode: "", latitude: "", longitude: "" },
    period: { start: `${inventory.year}-01-01`, end: `${inventory.year}-12-31`, defaults_year: "" },
    processes: [newProcess()],
  };

  // An input bound to a draft value: typing updates the draft.
  const text = (value: string, set: (v: string) => void, attrs: Record<string, string> = {}) => {
    const input = h("input", { value, ...attrs });
    input.addEventListener("input", () => set(input.value));
    return input;
  };

  const installationCard = () => {
    const keys = ["name", "address", "city", "country", "unlocode", "latitude", "longitude"] as const;
    return h("section", { class: "card" }, h("h2", null, t("cbam.installation")),
      keys.map((k) => field(fid(`installation.${k}`), t(`cbam.inst_${k}` as "cbam.inst_name"),
        text(draft.installation[k], (v) => (draft.installation[k] = v), k === "latitude" || k === "longitude" ? { inputmode: "decimal" } : {}),
        k === "unlocode" ? t("cbam.unlocode_hint") : k === "name" ? t("cbam.name_hint") : undefined)),
      h("h3", null, t("cbam.period")),
      field(fid("period.start"), t("cbam.start"), text(draft.period.start, (v) => (draft.period.start = v), { placeholder: "YYYY-MM-DD" })),
      field(fid("period.end"), t("cbam.end"), text(draft.period.end, (v) => (draft.period.end = v), { placeholder: "YYYY-MM-DD" })),
      field(fid("period.defaults_year"), t("cbam.defaults_year"),
        text(draft.period.defaults_year, (v) => (draft.period.defaults_year = v), { inputmode: "numeric" }), t("cbam.defaults_year_hint")));
  };

  /// Where the problems of a whole list (goods, shares, precursors) are shown.
  const listError = (path: string) => h("p", { class: "field-error", id: `${fid(path)}-error`, role: "alert" });
  const processesBox = h("div", { id: "cbam-processes" });
  const renderProcesses = () => {
    processesBox.replaceChildren(...draft.processes.map((p, i) => {
      const base = `processes[${i}]`;
      const goods = p.goods.map((g, j) => h("div", { class: "cbam-row" },
        field(fid(`${base}.goods[${j}].cn`), t("cbam.cn"), text(g.cn, (v) => (g.cn = v), { placeholder: "7318 15 88" })),
        field(fid(`${base}.goods[${j}].name`), t("cbam.good_name"), text(g.name, (v) => (g.name = v))),
        field(fid(`${base}.goods[${j}].tonnes`), t("cbam.tonnes"), text(g.tonnes, (v) => (g.tonnes = v), { inputmode: "decimal" }))));
      const addGood = h("button", { class: "small", id: fid(`${base}.add-good`) }, t("cbam.add_good"));
      addGood.addEventListener("click", () => { p.goods.push(newGood()); renderProcesses(); });
      const shares = h("table", { class: "grid" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, t("entry.source")), h("th", { scope: "col" }, t("cbam.share")))),
        h("tbody", null, sources.map((s) => {
          const input = text(p.shares[s.code] ?? "", (v) => (p.shares[s.code] = v), { inputmode: "decimal", "aria-label": `${s.code} ${t("cbam.share")}` });
          input.id = fid(`${base}.share.${s.code}`);
          const error = h("p", { class: "field-error", id: `${input.id}-error`, role: "alert" });
          return h("tr", null, h("td", null, `${s.code} ${s.name}`), h("td", null, input, error));
        })));
      const precursors = p.precursors.map((q, k) => {
        const pre = `${base}.precursor[${k}]`;
        const direct = text(q.seeDirect, (v) => (q.seeDirect = v), { inputmode: "decimal" });
        const indirect = text(q.seeIndirect, (v) => (q.seeIndirect = v), { inputmode: "decimal" });
        const useDefault = h("input", { type: "checkbox" });
        useDefault.checked = q.useDefault;
        const sync = () => { direct.disabled = q.useDefault; indirect.disabled = q.useDefault; };
        useDefault.addEventListener("change", () => { q.useDefault = useDefault.checked; sync(); });
        sync();
        useDefault.id = fid(`${pre}.default`);
        return h("div", { class: "cbam-row" },
          field(fid(`${pre}.cn`), t("cbam.cn"), text(q.cn, (v) => (q.cn = v), { placeholder: "7213 91 10" })),
          field(fid(`${pre}.tonnes`), t("cbam.tonnes_used"), text(q.tonnes, (v) => (q.tonnes = v), { inputmode: "decimal" })),
          field(fid(`${pre}.country`), t("cbam.country_of_production"), text(q.country, (v) => (q.country = v))),
          field(fid(`${pre}.supplier`), t("cbam.supplier"), text(q.supplier, (v) => (q.supplier = v))),
          h("label", { class: "check" }, useDefault, t("cbam.use_default")),
          field(fid(`${pre}.see_direct`), t("cbam.see_direct_supplier"), direct),
          field(fid(`${pre}.see_indirect`), t("cbam.see_indirect_supplier"), indirect));
      });
      const addPrecursor = h("button", { class: "small", id: fid(`${base}.add-precursor`) }, t("cbam.add_precursor"));
      addPrecursor.addEventListener("click", () => { p.precursors.push(newPrecursor()); renderProcesses(); });
      return h("section", { class: "card cbam-process" },
        h("h2", null, t("cbam.process_n", { n: i + 1 })),
        field(fid(`${base}.name`), t("cbam.process_name"), text(p.name, (v) => (p.name = v))),
        h("h3", null, t("cbam.goods")), goods, listError(`${base}.goods`), addGood,
        h("h3", null, t("cbam.shares")), h("p", { class: "hint" }, t("cbam.shares_hint")), shares, listError(`${base}.attribution`),
        h("h3", null, t("cbam.precursors")), h("p", { class: "hint" }, t("cbam.precursors_hint")), precursors,
        listError(`${base}.precursors`), addPrecursor);
    }));
  };
  renderProcesses();
  const addProcess = h("button", { id: "cbam-add-process" }, t("cbam.add_process"));
  addProcess.addEventListener("click", () => { draft.processes.push(newProcess()); renderProcesses(); });

  const compute = h("button", { class: "primary", id: "cbam-compute" }, t("cbam.compute"));
  const exportButton = h("button", { id: "cbam-export" }, t("cbam.export"));
  const messages = h("div", { id: "cbam-messages" });
  const results = h("div", { id: "cbam-results" });

  // The request body from the draft, and which element shows each body path's problems.
  const build = (): { body: Record<string, unknown>; ids: Map<string, string> } | null => {
    const ids = new Map<string, string>();
    let ok = true;
    const num = (value: string, path: string, elementId = fid(path)): number | undefined => {
      ids.set(path, elementId);
      const n = Number(value.replace(/,/g, "").trim());
      if (value.trim() === "" || Number.isNaN(n)) {
        setFieldError(elementId, value.trim() === "" ? t("cbam.required") : t("entry.not_number", { value }));
        ok = false;
        return undefined;
      }
      return n;
    };
    const installation: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(draft.installation)) {
      const path = `installation.${k}`;
      ids.set(path, fid(path));
      ids.set(k, fid(path));
      installation[k] = k === "latitude" || k === "longitude" ? num(v, path) : v.trim();
    }
    const period: Record<string, unknown> = { start: draft.period.start.trim(), end: draft.period.end.trim() };
    for (const k of ["start", "end"]) ids.set(`period.${k}`, fid(`period.${k}`));
    if (draft.period.defaults_year.trim() !== "") period.defaults_year = num(draft.period.defaults_year, "period.defaults_year");
    const precursors: Record<string, unknown>[] = [];
    const processes = draft.processes.map((p, i) => {
      const base = `processes[${i}]`;
      ids.set(base, fid(`${base}.name`));
      for (const list of ["goods", "attribution", "precursors"]) ids.set(`${base}.${list}`, fid(`${base}.${list}`));
      const goods = p.goods.map((g, j) => {
        ids.set(`${base}.goods[${j}].cn`, fid(`${base}.goods[${j}].cn`));
        return { cn: g.cn.trim(), name: g.name.trim(), tonnes: num(g.tonnes, `${base}.goods[${j}].tonnes`) };
      });
      const attribution: Record<string, unknown>[] = [];
      for (const s of sources) {
        const value = (p.shares[s.code] ?? "").trim();
        if (value === "") continue;
        const path = `${base}.attribution[${attribution.length}].share`;
        const percent = num(value, path, fid(`${base}.share.${s.code}`));
        attribution.push({ source: s.code, share: percent === undefined ? 0 : percent / 100 });
      }
      const used = p.precursors.map((q, k) => {
        const pre = `${base}.precursor[${k}]`;
        const pid = `P${i + 1}-PRE${k + 1}`;
        const n = precursors.length;
        ids.set(`precursors[${n}]`, fid(`${pre}.cn`));
        ids.set(`precursors[${n}].cn`, fid(`${pre}.cn`));
        ids.set(`precursors[${n}].country`, fid(`${pre}.country`));
        const item: Record<string, unknown> = { id: pid, cn: q.cn.trim(), origin: "purchased", country: q.country.trim(), supplier: q.supplier.trim() };
        if (!q.useDefault) {
          item.see_direct = num(q.seeDirect, `precursors[${n}].see_direct`, fid(`${pre}.see_direct`));
          item.see_indirect = num(q.seeIndirect, `precursors[${n}].see_indirect`, fid(`${pre}.see_indirect`));
        }
        precursors.push(item);
        return { precursor: pid, tonnes: num(q.tonnes, `${pre}.tonnes`) };
      });
      return { id: `P${i + 1}`, name: p.name.trim(), goods, attribution, precursors: used };
    });
    if (!ok) return null;
    return { body: { carbonledger: "cbam-communication/1", installation, period, processes, precursors }, ids };
  };

  const clearErrors = () => {
    messages.replaceChildren();
    main.querySelectorAll<HTMLElement>(".field-error").forEach((e) => (e.textContent = ""));
    main.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  };
  /// Each refused value at its field; the whole list above the buttons as well.
  const refused = (error: unknown, ids: Map<string, string>) => {
    if (error instanceof api.ApiError) {
      for (const d of error.diagnostics.length > 0 ? error.diagnostics : [{ code: error.code, message: error.message, where: error.where }]) {
        const target = d.where?.field ? ids.get(d.where.field) : undefined;
        if (target && document.getElementById(`${target}-error`)) setFieldError(target, d.message);
        // A problem of one of the inventory's sources (e.g. shared over 100 %): at its shares.
        if (!d.where?.field && d.where?.record) {
          draft.processes.forEach((p, i) => {
            if ((p.shares[d.where!.record!] ?? "").trim() !== "") setFieldError(fid(`processes[${i}].share.${d.where!.record}`), d.message);
          });
        }
      }
    }
    showError(messages, error);
  };

  const showResult = (result: { goods: GoodResult[]; warnings?: string[] }) => {
    const rows = result.goods.map((g) => h("tr", null,
      h("td", null, g.cn), h("td", null, g.name), h("td", null, g.process),
      h("td", { class: "num" }, number(g.production_t, 1)),
      h("td", { class: "num" }, number(g.see_direct, 4)), h("td", { class: "num" }, number(g.see_indirect, 4)),
      h("td", { class: "num" }, number(g.see_total, 4)),
      h("td", { class: "num" }, number(g.see_direct * g.production_t, 1)), h("td", { class: "num" }, number(g.see_indirect * g.production_t, 1)),
      h("td", { class: "num" }, `${number(g.default_share * 100, 1)} %`)));
    results.replaceChildren(h("h2", null, t("cbam.result")),
      h("table", { class: "grid", id: "cbam-result" },
        h("thead", null, h("tr", null, [t("cbam.cn"), t("cbam.good_name"), t("cbam.process"), t("cbam.tonnes"), t("cbam.see_direct"),
          t("cbam.see_indirect"), t("cbam.see_total"), t("cbam.embedded_direct"), t("cbam.embedded_indirect"), t("cbam.default_share")]
          .map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, rows)),
      h("ul", { class: "diagnostics", id: "cbam-warnings" }, (result.warnings ?? []).map((w) => h("li", { class: "warning" }, w))));
  };

  compute.addEventListener("click", busy(compute, async () => {
    clearErrors();
    const built = build();
    if (!built) return;
    try {
      showResult(await api.post<{ goods: GoodResult[]; warnings?: string[] }>(`/inventories/${id}/cbam?format=json`, built.body));
    } catch (error) {
      refused(error, built.ids);
    }
  }));
  exportButton.addEventListener("click", busy(exportButton, async () => {
    clearErrors();
    const built = build();
    if (!built) return;
    try {
      download(await api.postBlob(`/inventories/${id}/cbam?format=xlsx`, built.body), `cbam-communication-${inventory.year}.xlsx`);
    } catch (error) {
      refused(error, built.ids);
    }
  }));

  main.append(
    inventoryNav(inventory, orgName, "cbam"),
    h("h1", null, t("cbam.title")),
    h("p", { class: "lead" }, t("cbam.lead")),
    installationCard(),
    processesBox,
    h("p", null, addProcess),
    h("p", { class: "actions" }, compute, " ", exportButton),
    messages,
    results,
  );
}
