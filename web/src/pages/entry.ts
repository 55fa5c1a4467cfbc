// Monthly entry (INV-9): a grid that behaves like a spreadsheet. Rows are the inventory's
// sources, columns the twelve months of its year. Arrow keys and Enter move between cells, a
// block copied from Excel is pasted from the cell in focus rightwards and downwards, a bad
// value is marked at its cell with what is wrong and how to fix it, and nothing is sent until
// Save: then new values are one all-or-nothing batch, changed ones are corrections of their
// record (PATCH), and a refused batch keeps every typed value in the grid. Each saved entry can
// carry its bill (photo or PDF), uploaded as evidence and linked to the record.
import * as api from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { periodLabel } from "../format";
import { busy, showError, status } from "../ui";
import { inventoryContext, inventoryNav } from "./org";
import { commentsBox } from "./comments";

interface Cell {
  source: inv.Source;
  period: string;
  input: HTMLInputElement;
  records: inv.ActivityRecord[];
  original: string;
}

const defaultUnits: Record<string, string> = {
  stationary_combustion: "L",
  mobile_combustion: "L",
  fugitive_refrigerant: "kg",
  fugitive_extinguisher: "kg",
  fugitive_septic: "person-hour",
  purchased_electricity: "kWh",
};

/// "1,234.5" or "１２３" as typed or pasted from Excel → 1234.5; NaN when not a number.
export function parseAmount(text: string): number {
  const normal = text
    .trim()
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/,/g, "");
  if (normal === "") return NaN;
  return /^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(normal) ? Number(normal) : NaN;
}

function cellProblem(text: string): string {
  if (text.trim() === "") return "";
  const value = parseAmount(text);
  if (Number.isNaN(value)) return t("entry.not_number", { value: text });
  if (value < 0) return t("entry.negative");
  return "";
}

export async function entryPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const [sources, records] = await Promise.all([inv.listSources(id), inv.listActivity(id)]);
  main.append(inventoryNav(inventory, orgName, "entry"), h("h1", null, t("entry.title")));
  if (sources.length === 0) {
    main.append(
      h("p", null, t("entry.no_sources")),
      h("a", { class: "button", href: `#/org/${inventory.organization_id}/setup` }, t("org.setup")),
    );
    return;
  }
  const months = Array.from({ length: 12 }, (_, i) => `${inventory.year}-${String(i + 1).padStart(2, "0")}`);
  const grid: Cell[][] = [];
  const units = new Map<number, HTMLSelectElement>();
  const problems = h("ul", { class: "diagnostics", id: "entry-problems", "aria-live": "polite" });
  const detail = h("section", { class: "card", id: "entry-detail", "aria-live": "polite" });

  const table = h("table", { class: "grid sheet", id: "entry-grid" });
  table.append(
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, t("entry.source")),
        h("th", { scope: "col" }, t("entry.unit")),
        months.map((m) => h("th", { scope: "col", title: periodLabel(m) }, t("entry.month", { month: Number(m.slice(5)) }))),
        h("th", { scope: "col" }, t("entry.other_periods")),
      ),
    ),
  );
  const body = h("tbody");
  table.append(body);

  sources.forEach((source, r) => {
    const own = records.filter((rec) => rec.source_id === source.id);
    const unit = h("select", { "aria-label": t("entry.unit_of", { source: source.name }) },
      ...unitChoices(source, own).map((u) => h("option", { value: u }, u)));
    units.set(source.id, unit);
    unit.dataset.initial = unit.value;
    const row: Cell[] = [];
    const tr = h("tr", null, h("th", { scope: "row" }, `${source.code} ${source.name}`), h("td", null, unit));
    months.forEach((period, c) => {
      const here = own.filter((rec) => rec.period === period);
      const sum = here.reduce((s, rec) => s + rec.amount, 0);
      const original = here.length > 0 ? String(sum) : "";
      const input = h("input", {
        class: "cell",
        inputmode: "decimal",
        value: original,
        "aria-label": `${source.code} ${period}`,
        dataset: { row: String(r), col: String(c) },
        readonly: here.length > 1 ? true : undefined,
        title: here.length > 1 ? t("entry.several_records", { count: here.length }) : undefined,
      });
      const cell: Cell = { source, period, input, records: here, original };
      row.push(cell);
      const td = h("td", { class: here.some((rec) => rec.evidence_id !== null) ? "has-bill" : "" }, input);
      tr.append(td);
      input.addEventListener("focus", () => showDetail(cell));
      input.addEventListener("input", () => mark(cell));
    });
    const others = own.filter((rec) => !months.includes(rec.period));
    tr.append(
      h("td", { class: "num other", title: others.map((o) => `${o.period}: ${o.amount} ${o.unit}`).join("\n") },
        others.length > 0 ? `${others.reduce((s, o) => s + o.amount, 0)} (${others.length})` : ""),
    );
    grid.push(row);
    body.append(tr);
  });

  function mark(cell: Cell): string {
    const problem = cellProblem(cell.input.value);
    cell.input.classList.toggle("changed", cell.input.value.trim() !== cell.original);
    cell.input.classList.toggle("invalid", problem !== "");
    if (problem) cell.input.setAttribute("aria-invalid", "true");
    else cell.input.removeAttribute("aria-invalid");
    cell.input.title = problem;
    return problem;
  }

  function showDetail(cell: Cell): void {
    detail.replaceChildren(h("h2", null, `${cell.source.code} ${cell.source.name} · ${periodLabel(cell.period)}`));
    if (cell.records.length === 0) {
      detail.append(h("p", { class: "hint" }, t("entry.detail_empty")));
      return;
    }
    for (const record of cell.records) {
      const file = h("input", { type: "file", accept: "application/pdf,image/png,image/jpeg", id: `bill-${record.id}`,
        "aria-label": t("entry.attach_bill") });
      const line = h(
        "div",
        { class: "record" },
        h("span", null, `#${record.id}: ${record.amount} ${record.unit}`),
        record.evidence_id !== null
          ? h("a", { href: `/api/v1/evidence/${record.evidence_id}/content`, target: "_blank", class: "bill-link" },
              `📎 ${record.evidence || t("entry.bill")}`)
          : h("span", { class: "hint" }, t("entry.no_bill")),
        h("label", { class: "button small" }, t("entry.attach_bill"), file),
      );
      file.addEventListener("change", async () => {
        const chosen = file.files?.[0];
        if (!chosen) return;
        try {
          const evidence = await api.upload<{ id: number; file_name: string }>(
            `/orgs/${inventory.organization_id}/evidence?name=${encodeURIComponent(chosen.name)}`,
            chosen,
            chosen.type || "application/octet-stream",
          );
          const changed = await api.patch<inv.ActivityRecord>(`/activity/${record.id}`, {
            evidence_id: evidence.id,
            evidence: evidence.file_name,
            reason: "bill attached",
          });
          Object.assign(record, changed);
          cell.input.parentElement?.classList.add("has-bill");
          showDetail(cell);
          detail.append(status(t("entry.bill_saved", { name: evidence.file_name })));
        } catch (error) {
          showError(line, error);
        }
      });
      detail.append(line);
      commentsBox(record.id).then((box) => line.after(box)).catch((error) => showError(detail, error));
    }
  }

  // Keyboard: arrows move between cells (left/right only at the text's edge), Enter moves down.
  table.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement;
    if (!target.classList.contains("cell")) return;
    const r = Number(target.dataset.row);
    const c = Number(target.dataset.col);
    const input = target as HTMLInputElement;
    let next: [number, number] | null = null;
    if (event.key === "ArrowDown" || event.key === "Enter") next = [r + 1, c];
    else if (event.key === "ArrowUp") next = [r - 1, c];
    else if (event.key === "ArrowLeft" && input.selectionStart === 0) next = [r, c - 1];
    else if (event.key === "ArrowRight" && input.selectionEnd === input.value.length) next = [r, c + 1];
    if (!next) return;
    const cell = grid[next[0]]?.[next[1]];
    if (cell) {
      event.preventDefault();
      cell.input.focus();
      cell.input.select();
    }
  });

  // Paste a block from Excel (tab-separated rows) from the focused cell.
  table.addEventListener("paste", (event) => {
    const target = event.target as HTMLElement;
    if (!target.classList.contains("cell")) return;
    const text = event.clipboardData?.getData("text/plain") ?? "";
    if (!text.includes("\t") && !text.includes("\n")) return;
    event.preventDefault();
    const r0 = Number(target.dataset.row);
    const c0 = Number(target.dataset.col);
    text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach((line, dr) => {
      line.split("\t").forEach((value, dc) => {
        const cell = grid[r0 + dr]?.[c0 + dc];
        if (!cell || cell.input.readOnly) return;
        cell.input.value = value.trim();
        mark(cell);
      });
    });
  });

  const reason = h("input", { id: "entry-reason", placeholder: t("entry.reason_placeholder") });
  const save = h("button", { class: "primary", id: "entry-save" }, t("entry.save"));
  const message = h("div", { id: "entry-message" });
  save.addEventListener(
    "click",
    busy(save, async () => {
      message.replaceChildren();
      problems.replaceChildren();
      const bad: string[] = [];
      const created: { cell: Cell; input: Record<string, unknown> }[] = [];
      const changed: { cell: Cell; amount: number }[] = [];
      for (const row of grid) {
        for (const cell of row) {
          const problem = mark(cell);
          if (problem) bad.push(`${cell.source.code} ${cell.period}: ${problem}`);
          const text = cell.input.value.trim();
          if (problem || text === cell.original || cell.input.readOnly) continue;
          if (text === "" && cell.records.length === 1) {
            bad.push(`${cell.source.code} ${cell.period}: ${t("entry.cannot_clear")}`);
            continue;
          }
          const amount = parseAmount(text);
          if (cell.records.length === 1) changed.push({ cell, amount });
          else if (text !== "")
            created.push({
              cell,
              input: { source_id: cell.source.id, period: cell.period, amount, unit: units.get(cell.source.id)!.value },
            });
        }
      }
      if (bad.length > 0) {
        problems.append(...bad.map((b) => h("li", { class: "problem" }, b)));
        message.append(h("p", { class: "error", role: "alert" }, t("entry.fix_first", { count: bad.length })));
        return;
      }
      if (created.length === 0 && changed.length === 0) {
        message.append(status(t("entry.nothing")));
        return;
      }
      const why = reason.value.trim() || t("entry.default_reason");
      try {
        if (created.length > 0) {
          const answer = await api.post<{ items: inv.ActivityRecord[] }>(`/inventories/${id}/activity`, {
            records: created.map((c) => c.input),
            reason: why,
          });
          answer.items.forEach((record, i) => {
            const cell = created[i].cell;
            cell.records = [record];
            cell.original = cell.input.value.trim();
            mark(cell);
          });
        }
        for (const { cell, amount } of changed) {
          // The record keeps its own unit unless the user chose another for the row.
          const unit = units.get(cell.source.id)!;
          const record = await api.patch<inv.ActivityRecord>(`/activity/${cell.records[0].id}`, {
            amount,
            ...(unit.value !== unit.dataset.initial ? { unit: unit.value } : {}),
            reason: why,
          });
          cell.records = [record];
          cell.original = cell.input.value.trim();
          mark(cell);
        }
        message.append(status(t("entry.saved", { count: created.length + changed.length })));
      } catch (error) {
        // The batch is all or nothing: every typed value stays in the grid to be corrected.
        if (error instanceof api.ApiError) {
          for (const d of error.diagnostics) {
            const index = /records\[(\d+)\]/.exec(d.where?.field ?? "");
            const cell = index ? created[Number(index[1])]?.cell : undefined;
            if (cell) {
              cell.input.classList.add("invalid");
              cell.input.setAttribute("aria-invalid", "true");
              cell.input.title = d.message;
            }
            problems.append(h("li", { class: "problem" },
              cell ? `${cell.source.code} ${cell.period}: ` : "", d.message));
          }
        }
        showError(message, error);
      }
    }),
  );

  main.append(
    h("p", { class: "lead" }, t("entry.lead")),
    h("div", { class: "sheet-wrap" }, table),
    h("div", { class: "actions" }, h("label", { for: "entry-reason" }, t("entry.reason")), reason, save),
    message,
    problems,
    detail,
  );
  grid[0]?.[0]?.input.focus();
}

function unitChoices(source: inv.Source, records: inv.ActivityRecord[]): string[] {
  const used = records.map((r) => r.unit);
  const base = defaultUnits[source.type] ?? "kg";
  const byType: Record<string, string[]> = {
    stationary_combustion: ["L", "kL", "m3", "thousand m3", "kg", "t"],
    mobile_combustion: ["L", "kL", "kg", "t"],
    purchased_electricity: ["kWh", "MWh"],
    fugitive_septic: ["person-hour", "person-year"],
  };
  return [...new Set([...used, base, ...(byType[source.type] ?? ["kg", "t"])])];
}
