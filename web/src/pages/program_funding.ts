// A program case's funding ledger (DEM-5, DEM-9) and its change requests (DEM-7): the approved
// funds by fund (government after deductions per dropped satellite, own funds) and by cost item,
// every expense with its government/own split, what is left; the office sets up the funding from
// the approved plan and decides change requests, the case's factory and guidance unit book
// expenses and request changes. Also the office's ledger across cases. Every amount and rule is
// the server's (core/program/ledger); the page shows the refusals at their fields.
import * as api from "../api";
import { clear, field, h, setFieldError } from "../dom";
import { dateLabel, ntd } from "../format";
import { t } from "../i18n";
import * as session from "../session";
import { busy, showError } from "../ui";
import type { Application } from "./program_types";

interface Split { government: number; own: number; total?: number }
interface CostItem { id: string; name: string; budget: number; spent: number; government: number; own: number; remaining: number }
interface Expense { id: number; date: string; cost_item: string; amount: number; government: number; own: number; description: string; evidence_id: number | null }
interface Change {
  id: number; kind: string; details: Record<string, unknown>; reason: string; date: string;
  status: "pending" | "approved" | "rejected"; decided_on: string | null; decision_note: string; satellites_dropped: number;
}
interface Limit { id: string; what: string; max_per_case: number; by: string | null; used: number; cite: string }
interface Ledger {
  application: Application;
  mode: string;
  funding: {
    government_base: number; satellites_signed: number; satellites_now: number; dropped: number; deduction: number;
    government: number; own_min: number; own: number; total: number; government_share: number; cite: string;
    spent: Split; remaining: Split; cost_items: CostItem[];
  } | null;
  expenses: Expense[];
  changes: Change[];
  change_limits: Limit[];
}
interface Summary {
  as_of: string;
  cases: { application_id: number; applicant: string; mode: string; approved_on: string; funded: boolean; government?: number; own?: number;
    deduction?: number; satellites_now?: number; spent?: Split; remaining?: Split; pending_changes: number; expenses: number }[];
  totals: { government: number; own: number; spent: Split; remaining: Split };
}

const office = (): boolean => session.hasRole("administrator");

/// Shows an API refusal under its field when the page has one (`prefix`-field), else in `out`.
function refuse(out: HTMLElement, prefix: string, error: unknown): void {
  const name = error instanceof api.ApiError ? (error.where.field ?? "").replace(/\W+/g, "_") : "";
  const id = `${prefix}-${name}`;
  if (name && document.getElementById(`${id}-error`)) setFieldError(id, error instanceof api.ApiError ? error.message : String(error));
  else showError(out, error);
}

export async function fundingSummaryPage(main: HTMLElement, programId: string): Promise<void> {
  const data = await api.get<Summary>(`/programs/${programId}/funding`);
  main.append(
    h("h1", null, t("funding.summary_title")),
    h("p", null, h("a", { href: "#/programs" }, t("program.back")), " · ", t("funding.as_of", { date: dateLabel(data.as_of) })),
    h("table", { class: "grid", id: "funding-summary" },
      h("thead", null, h("tr", null, [t("program.id"), t("program.applicant"), t("funding.mode"), t("funding.government"), t("funding.own"),
        t("funding.spent_government"), t("funding.spent_own"), t("funding.remaining_government"), t("funding.remaining_own"), t("funding.pending")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, data.cases.map((c) => h("tr", { id: `funding-case-${c.application_id}` },
        h("td", null, h("a", { href: `#/programs/${programId}/cases/${c.application_id}/funding` }, c.application_id)),
        h("td", null, c.applicant), h("td", null, t(c.mode === "central_satellite" ? "funding.mode_central" : "funding.mode_single")),
        ...(c.funded && c.spent && c.remaining
          ? [c.government ?? 0, c.own ?? 0, c.spent.government, c.spent.own, c.remaining.government, c.remaining.own].map((v) => h("td", { class: "num" }, ntd(v)))
          : [h("td", { colspan: "6" }, t("funding.not_set_up"))]),
        h("td", { class: "num" }, c.pending_changes)))),
      h("tfoot", null, h("tr", null, h("th", { scope: "row", colspan: "3" }, t("funding.totals")),
        [data.totals.government, data.totals.own, data.totals.spent.government, data.totals.spent.own, data.totals.remaining.government, data.totals.remaining.own]
          .map((v) => h("td", { class: "num" }, ntd(v))), h("td", null)))),
  );
}

export async function fundingCasePage(main: HTMLElement, programId: string, caseId: number): Promise<void> {
  const box = h("div");
  main.append(box);
  await render(box, programId, caseId);
}

async function render(box: HTMLElement, programId: string, caseId: number): Promise<void> {
  const data = await api.get<Ledger>(`/programs/${programId}/applications/${caseId}/funding`);
  const again = () => render(box, programId, caseId);
  clear(box);
  const app = data.application;
  box.append(
    h("h1", null, t("funding.case_title", { id: app.id, applicant: app.applicant })),
    h("p", null, h("a", { href: `#/programs/${programId}/cases/${caseId}` }, t("funding.to_duties")),
      office() ? [" · ", h("a", { href: `#/programs/${programId}/funding` }, t("funding.summary_title"))] : null),
    data.funding ? funds(data) : office() ? setupForm(data, programId, caseId, again) : h("p", { id: "funding-none" }, t("funding.not_set_up")),
    data.funding ? expenseForm(data, programId, caseId, again) : "",
    changes(data, programId, again),
    changeForm(data, programId, caseId, again),
  );
}

function funds(data: Ledger): HTMLElement {
  const f = data.funding!;
  const share = (f.government_share * 100).toFixed(2);
  return h("section", { class: "card", id: "funding-funds" },
    h("h2", null, t("funding.funds")),
    h("p", { class: "hint" }, t("funding.basis", {
      base: ntd(f.government_base), signed: f.satellites_signed, now: f.satellites_now, deduction: ntd(f.deduction), share,
    }), ` (${f.cite})`),
    h("table", { class: "grid" },
      h("thead", null, h("tr", null, ["", t("funding.approved"), t("funding.spent"), t("funding.remaining")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null,
        h("tr", { id: "fund-government" }, h("th", { scope: "row" }, t("funding.government")), h("td", { class: "num" }, ntd(f.government)),
          h("td", { class: "num" }, ntd(f.spent.government)), h("td", { class: "num" }, ntd(f.remaining.government))),
        h("tr", { id: "fund-own" }, h("th", { scope: "row" }, t("funding.own")), h("td", { class: "num" }, ntd(f.own)),
          h("td", { class: "num" }, ntd(f.spent.own)), h("td", { class: "num" }, ntd(f.remaining.own))),
        h("tr", { id: "fund-total" }, h("th", { scope: "row" }, t("funding.total")), h("td", { class: "num" }, ntd(f.total)),
          h("td", { class: "num" }, ntd(f.spent.total ?? 0)), h("td", { class: "num" }, ntd(f.remaining.total ?? 0))))),
    h("h3", null, t("funding.cost_items")),
    h("table", { class: "grid", id: "funding-items" },
      h("thead", null, h("tr", null, [t("funding.cost_item"), t("funding.budget"), t("funding.spent_government"), t("funding.spent_own"), t("funding.remaining")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, f.cost_items.map((i) => h("tr", { id: `item-${i.id}` }, h("td", null, i.name || i.id, h("span", { class: "hint" }, ` ${i.id}`)),
        h("td", { class: "num" }, ntd(i.budget)), h("td", { class: "num" }, ntd(i.government)), h("td", { class: "num" }, ntd(i.own)),
        h("td", { class: `num${i.remaining < 0 ? " bad" : ""}` }, ntd(i.remaining)))))),
    h("h3", null, t("funding.expenses")),
    data.expenses.length === 0 ? h("p", null, t("funding.no_expenses")) :
      h("table", { class: "grid", id: "funding-expenses" },
        h("thead", null, h("tr", null, [t("case.date"), t("funding.cost_item"), t("funding.amount"), t("funding.government"), t("funding.own"), t("funding.description")].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, data.expenses.map((e) => h("tr", { id: `expense-${e.id}` }, h("td", null, dateLabel(e.date)), h("td", null, e.cost_item),
          h("td", { class: "num" }, ntd(e.amount)), h("td", { class: "num split-government" }, ntd(e.government)), h("td", { class: "num split-own" }, ntd(e.own)),
          h("td", null, e.description, e.evidence_id !== null ? h("a", { href: `/api/v1/evidence/${e.evidence_id}/content`, target: "_blank" }, ` 📎 #${e.evidence_id}`) : null))))),
  );
}

function setupForm(data: Ledger, programId: string, caseId: number, again: () => Promise<void>): HTMLElement {
  const items = h("textarea", { rows: "5", placeholder: "personnel,人事費,300000" });
  const own = h("input", { type: "number", min: "0", step: "1" });
  const save = h("button", { class: "primary", id: "setup-save" }, t("funding.setup_save"));
  const out = h("div");
  save.addEventListener("click", busy(save, async () => {
    clear(out);
    for (const id of ["setup-cost_items", "setup-own"]) setFieldError(id, "");
    const lines = items.value.split("\n").map((l) => l.trim()).filter(Boolean);
    const parsed = lines.map((line) => { const [id, name, budget] = line.split(",").map((p) => p.trim()); return { id, name, budget: Number(budget) }; });
    if (parsed.length === 0 || parsed.some((p) => !p.id || !Number.isInteger(p.budget))) return setFieldError("setup-cost_items", t("funding.items_format"));
    try {
      await api.post(`/programs/${programId}/applications/${caseId}/funding`, { cost_items: parsed, ...(own.value ? { own: Number(own.value) } : {}) });
      await again();
    } catch (error) {
      refuse(out, "setup", error);
    }
  }));
  return h("section", { class: "card", id: "funding-setup" }, h("h2", null, t("funding.setup")),
    h("p", { class: "hint" }, t("funding.setup_hint", { mode: data.mode })),
    field("setup-cost_items", t("funding.cost_items"), items, t("funding.items_format")),
    field("setup-own", t("funding.own_optional"), own), save, out);
}

function expenseForm(data: Ledger, programId: string, caseId: number, again: () => Promise<void>): HTMLElement {
  const date = h("input", { type: "date" });
  const item = h("select", null, data.funding!.cost_items.map((i) => h("option", { value: i.id }, `${i.name || i.id} (${i.id})`)));
  const amount = h("input", { type: "number", step: "1" });
  const description = h("input");
  const file = h("input", { type: "file", accept: "application/pdf,image/png,image/jpeg" });
  const save = h("button", { class: "primary", id: "expense-save" }, t("funding.expense_save"));
  const out = h("div", { id: "expense-out" });
  save.addEventListener("click", busy(save, async () => {
    clear(out);
    for (const id of ["expense-date", "expense-cost_item", "expense-amount", "expense-description"]) setFieldError(id, "");
    if (!date.value) return setFieldError("expense-date", t("case.need_date"));
    if (!amount.value) return setFieldError("expense-amount", t("funding.need_amount"));
    try {
      let evidence: number | undefined;
      const chosen = file.files?.[0];
      const org = data.application.organization_id;
      if (chosen && org !== null) {
        evidence = (await api.upload<{ id: number }>(`/orgs/${org}/evidence?name=${encodeURIComponent(chosen.name)}`, chosen, chosen.type || "application/octet-stream")).id;
      }
      await api.post(`/programs/${programId}/applications/${caseId}/expenses`, {
        date: date.value, cost_item: item.value, amount: Number(amount.value), description: description.value.trim(),
        ...(evidence !== undefined ? { evidence_id: evidence } : {}),
      });
      await again();
    } catch (error) {
      refuse(out, "expense", error);
    }
  }));
  return h("section", { class: "card", id: "expense-form" }, h("h2", null, t("funding.add_expense")),
    field("expense-date", t("case.date"), date), field("expense-cost_item", t("funding.cost_item"), item),
    field("expense-amount", t("funding.amount"), amount, t("funding.amount_hint")),
    field("expense-description", t("funding.description"), description),
    field("expense-file", t("funding.receipt"), file), save, out);
}

function changeText(c: Change): string {
  const d = c.details;
  if (c.kind === "satellite_change") return d.action === "drop" ? t("funding.drop_n", { n: Number(d.drop ?? 1) }) : t("funding.replace");
  if (c.kind === "major_change") {
    const transfer = d.transfer as { from: string; to: string; amount: number } | undefined;
    return transfer ? t("funding.transfer_text", { from: transfer.from, to: transfer.to, amount: ntd(transfer.amount) }) : String(d.subject ?? "");
  }
  return c.kind;
}

function changes(data: Ledger, programId: string, again: () => Promise<void>): HTMLElement {
  const limits = h("ul", { id: "change-limits" }, data.change_limits.map((l) => h("li", null,
    t("funding.limit", { what: l.what, max: l.max_per_case, used: l.used, by: l.by ? dateLabel(l.by) : "—" }), h("span", { class: "hint" }, ` (${l.cite})`))));
  return h("section", { class: "card", id: "changes" }, h("h2", null, t("funding.changes")), limits,
    data.changes.length === 0 ? h("p", null, t("funding.no_changes")) :
      h("table", { class: "grid", id: "change-list" },
        h("thead", null, h("tr", null, [t("program.id"), t("case.date"), t("funding.kind"), t("funding.reason"), t("case.status"), ""].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, data.changes.map((c) => h("tr", { id: `change-${c.id}` }, h("td", null, c.id), h("td", null, dateLabel(c.date)),
          h("td", null, data.change_limits.find((l) => l.id === c.kind)?.what ?? c.kind, h("div", { class: "hint" }, changeText(c))),
          h("td", null, c.reason),
          h("td", { class: `change-status ${c.status}` }, t(`funding.st.${c.status}`), c.decided_on ? h("div", { class: "hint" }, `${dateLabel(c.decided_on)} ${c.decision_note}`) : null),
          h("td", null, c.status === "pending" && office() ? decision(c, programId, again) : null))))));
}

function decision(c: Change, programId: string, again: () => Promise<void>): HTMLElement {
  const note = h("input", { id: `decide-note-${c.id}`, placeholder: t("funding.note") });
  const date = h("input", { type: "date", id: `decide-date-${c.id}` });
  const out = h("div", { id: `decide-out-${c.id}` });
  const button = (verdict: "approved" | "rejected") => {
    const b = h("button", { id: `decide-${verdict === "approved" ? "approve" : "reject"}-${c.id}`, class: verdict === "approved" ? "primary" : "" },
      t(verdict === "approved" ? "funding.approve" : "funding.reject"));
    b.addEventListener("click", busy(b, async () => {
      clear(out);
      try {
        await api.post(`/programs/${programId}/changes/${c.id}/decision`, { decision: verdict, note: note.value.trim(), ...(date.value ? { date: date.value } : {}) });
        await again();
      } catch (error) {
        showError(out, error);
      }
    }));
    return b;
  };
  return h("div", { class: "decision" }, date, note, button("approved"), button("rejected"), out);
}

function changeForm(data: Ledger, programId: string, caseId: number, again: () => Promise<void>): HTMLElement {
  const kind = h("select", null, data.change_limits.map((l) => h("option", { value: l.id }, l.what)));
  const action = h("select", null, h("option", { value: "drop" }, t("funding.action_drop")), h("option", { value: "replace" }, t("funding.action_replace")));
  const drop = h("input", { type: "number", min: "1", step: "1", value: "1" });
  const subject = h("select", null, ["principal", "budget", "schedule", "content"].map((s) => h("option", { value: s }, t(`funding.subject.${s}` as "funding.subject.budget"))));
  const items = data.funding?.cost_items ?? [];
  const from = h("select", null, items.map((i) => h("option", { value: i.id }, i.name || i.id)));
  const to = h("select", null, items.map((i) => h("option", { value: i.id }, i.name || i.id)));
  const amount = h("input", { type: "number", min: "1", step: "1" });
  const date = h("input", { type: "date" });
  const reason = h("textarea", { rows: "2" });
  const save = h("button", { class: "primary", id: "change-save" }, t("funding.change_save"));
  const out = h("div", { id: "change-out" });
  const satellite = h("div", { id: "change-satellite" }, field("change-action", t("funding.action"), action), field("change-details_drop", t("funding.drop_count"), drop));
  const major = h("div", { id: "change-major" }, field("change-subject", t("funding.subject"), subject),
    field("change-from", t("funding.from"), from), field("change-to", t("funding.to"), to), field("change-details_transfer", t("funding.transfer_amount"), amount));
  const show = () => { satellite.hidden = kind.value !== "satellite_change"; major.hidden = kind.value !== "major_change"; };
  kind.addEventListener("change", show);
  show();
  save.addEventListener("click", busy(save, async () => {
    clear(out);
    for (const id of ["change-kind", "change-date", "change-reason", "change-details_drop", "change-details_transfer"]) setFieldError(id, "");
    if (!reason.value.trim()) return setFieldError("change-reason", t("funding.need_reason"));
    const details: Record<string, unknown> = {};
    if (kind.value === "satellite_change") {
      details.action = action.value;
      if (action.value === "drop") details.drop = Number(drop.value || 1);
    } else if (kind.value === "major_change") {
      details.subject = subject.value;
      if (subject.value === "budget" && amount.value) details.transfer = { from: from.value, to: to.value, amount: Number(amount.value) };
    }
    try {
      await api.post(`/programs/${programId}/applications/${caseId}/changes`, {
        kind: kind.value, reason: reason.value.trim(), details, ...(date.value ? { date: date.value } : {}),
      });
      await again();
    } catch (error) {
      refuse(out, "change", error);
    }
  }));
  return h("section", { class: "card", id: "change-form" }, h("h2", null, t("funding.request_change")),
    field("change-kind", t("funding.kind"), kind), field("change-date", t("case.date"), date, t("funding.date_hint")),
    satellite, major, field("change-reason", t("funding.reason"), reason), save, out);
}
