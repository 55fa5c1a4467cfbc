// The follow-up after the program (成效追蹤表, APP-5) and the lists of cases (issue 8):
//  - followUpSection: on a case's page, each follow-up year with its due date (end of execution
//    + the year, ROC date beside), status and record, and the factory's entry form (a year
//    already reported is replaced only when "replace" is ticked);
//  - followUpsPage: every case's follow-up by year with the reminders sent (the office records
//    one per overdue year), and the office's report of reductions per year and per service with
//    its workbook;
//  - casesPage: a guidance unit's (and the office's) applications and cases with their missing
//    documents, duties and deadlines, overdue items highlighted.
import * as api from "../api";
import { clear, download, field, h, setFieldError } from "../dom";
import { dateLabel, number } from "../format";
import { t } from "../i18n";
import * as session from "../session";
import { busy, showError } from "../ui";

interface FollowUpRecord {
  year: number;
  reported_on: string;
  emissions_t: number;
  reduction_t: number;
  measures: string;
  footprint_updated: boolean;
  footprint_kg: number | null;
}
interface FollowUpYear {
  year: number;
  due: string | null;
  status: "reported" | "overdue" | "due" | "upcoming";
  reminders: number;
  record: FollowUpRecord | null;
}
interface FollowUpCase {
  id: number;
  applicant: string;
  service: string;
  guidance_unit: string;
  approved_on: string;
  years: FollowUpYear[];
  needed: number;
  reported: number;
  overdue: number;
  reminders: number;
  done: boolean;
  attention?: boolean;
  cite?: string;
}
interface YearSum { year: number; due: number; reported: number; reduction_t: number; emissions_t: number }
interface Report {
  cases: number;
  total_reduction_t: number;
  by_year: YearSum[];
  by_service: { service: string; name: string; cases: number; reduction_t: number; years: YearSum[] }[];
}

function yearsTable(years: FollowUpYear[], id: string, remind?: (year: number) => Promise<void>): HTMLElement {
  return h("table", { class: "grid", id },
    h("thead", null, h("tr", null, [t("fu.year"), t("fu.due"), t("fu.status"), t("fu.reduction"), t("fu.emissions"), t("fu.reminders")].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, years.map((y) => h("tr", { id: `${id}-year-${y.year}`, class: y.status === "overdue" ? "bad" : "" },
      h("td", null, t("fu.year_n", { n: y.year })),
      h("td", null, dateLabel(y.due)),
      h("td", { class: `fu-status ${y.status}` }, t(`fu.st.${y.status}`), y.record ? h("div", { class: "hint" }, dateLabel(y.record.reported_on)) : null),
      h("td", { class: "num" }, y.record ? number(y.record.reduction_t, 2) : "—"),
      h("td", { class: "num" }, y.record ? number(y.record.emissions_t, 2) : "—"),
      h("td", { class: "num" }, String(y.reminders),
        remind && (y.status === "overdue" || y.status === "due")
          ? h("button", { class: "link", id: `${id}-remind-${y.year}`, onclick: () => remind(y.year) }, t("fu.remind"))
          : null)))));
}

/// The follow-up of an approved case with the entry form (the factory, its unit, the office).
export async function followUpSection(programId: string, caseId: number, onSaved: () => Promise<void>): Promise<HTMLElement> {
  const data = await api.get<FollowUpCase>(`/programs/${programId}/applications/${caseId}/follow-up`);
  const year = h("select", null, data.years.map((y) => h("option", { value: String(y.year) }, t("fu.year_n", { n: y.year }))));
  const reported = h("input", { type: "date" });
  const emissions = h("input", { type: "number", min: "0", step: "any" });
  const reduction = h("input", { type: "number", min: "0", step: "any" });
  const measures = h("textarea", { rows: "2" });
  const updated = h("input", { type: "checkbox", id: "fu-footprint-updated" });
  const footprint = h("input", { type: "number", min: "0", step: "any" });
  const replace = h("input", { type: "checkbox", id: "fu-replace" });
  const save = h("button", { class: "primary", id: "fu-save" }, t("fu.save"));
  const out = h("div");
  save.addEventListener("click", busy(save, async () => {
    clear(out);
    for (const id of ["fu-emissions", "fu-reduction", "fu-reported", "fu-year"]) setFieldError(id, "");
    if (emissions.value === "") return setFieldError("fu-emissions", t("fu.need_number"));
    if (reduction.value === "") return setFieldError("fu-reduction", t("fu.need_number"));
    try {
      await api.post(`/programs/${programId}/applications/${caseId}/follow-up`, {
        year: Number(year.value), emissions_t: Number(emissions.value), reduction_t: Number(reduction.value),
        measures: measures.value.trim(), footprint_updated: updated.checked,
        ...(reported.value ? { reported_on: reported.value } : {}),
        ...(footprint.value !== "" ? { footprint_kg: Number(footprint.value) } : {}),
        ...(replace.checked ? { replace: true } : {}),
      });
      await onSaved();
    } catch (error) {
      if (error instanceof api.ApiError && error.where?.field) {
        const map: Record<string, string> = { year: "fu-year", emissions_t: "fu-emissions", reduction_t: "fu-reduction", reported_on: "fu-reported", footprint_kg: "fu-footprint" };
        const target = map[error.where.field];
        if (target) setFieldError(target, error.message);
      }
      showError(out, error);
    }
  }));
  return h("section", { class: "card", id: "follow-up" },
    h("h2", null, t("fu.title")),
    h("p", { class: "hint" }, t("fu.lead", { n: data.needed }), data.cite ? ` (${data.cite})` : ""),
    h("p", { id: "fu-progress", class: data.done ? "" : data.overdue > 0 ? "bad" : "" }, t("fu.progress", { reported: data.reported, needed: data.needed })),
    yearsTable(data.years, "fu-years"),
    h("h3", null, t("fu.enter")),
    field("fu-year", t("fu.year"), year), field("fu-reported", t("fu.reported_on"), reported),
    field("fu-emissions", t("fu.emissions"), emissions), field("fu-reduction", t("fu.reduction"), reduction),
    field("fu-measures", t("fu.measures"), measures),
    h("label", { class: "check" }, updated, " ", t("fu.footprint_updated")),
    field("fu-footprint", t("fu.footprint_kg"), footprint),
    h("label", { class: "check" }, replace, " ", t("fu.replace")),
    save, out);
}

export async function followUpsPage(main: HTMLElement, programId: string): Promise<void> {
  const box = h("div");
  main.append(box);
  await renderFollowUps(box, programId);
}

async function renderFollowUps(box: HTMLElement, programId: string): Promise<void> {
  const office = session.hasRole("administrator");
  const data = await api.get<{ as_of: string; years: number; attention: number; cite: string; items: FollowUpCase[] }>(`/programs/${programId}/follow-ups`);
  clear(box);
  const out = h("div");
  box.append(
    h("h1", null, t("fu.list_title")),
    h("p", { class: "lead" }, t("fu.list_lead", { n: data.years, date: dateLabel(data.as_of) }), h("span", { class: "hint" }, ` (${data.cite})`)),
    h("p", { id: "fu-attention", class: data.attention > 0 ? "bad" : "" }, t("fu.attention", { n: data.attention })),
    out,
    data.items.length === 0 ? h("p", null, t("fu.none")) : h("div", { id: "fu-cases" }, data.items.map((c) =>
      h("section", { class: `card${c.attention ? " attention" : ""}`, id: `fu-case-${c.id}` },
        h("h2", null, h("a", { href: `#/programs/${programId}/cases/${c.id}` }, `${c.id} ${c.applicant}`), ` · ${c.service}`, c.guidance_unit ? ` · ${c.guidance_unit}` : ""),
        h("p", null, t("fu.progress", { reported: c.reported, needed: c.needed }), " · ", t("fu.reminders_n", { n: c.reminders })),
        yearsTable(c.years, `fu-case-${c.id}-years`, office ? async (year) => {
          try {
            await api.post(`/programs/${programId}/applications/${c.id}/follow-up/reminders`, { year });
            await renderFollowUps(box, programId);
          } catch (error) {
            showError(out, error);
          }
        } : undefined)))),
  );
  if (office) box.append(await reportSection(programId));
}

async function reportSection(programId: string): Promise<HTMLElement> {
  const report = await api.get<Report>(`/programs/${programId}/follow-up/report`);
  const sumHead = [t("fu.year"), t("fu.cases_due"), t("fu.cases_reported"), t("fu.reduction"), t("fu.emissions")];
  return h("section", { class: "card", id: "fu-report" },
    h("h2", null, t("fu.report")),
    h("p", null, t("fu.report_total", { cases: report.cases }), " ", h("strong", { id: "fu-total" }, number(report.total_reduction_t, 2)), " t CO2e"),
    h("table", { class: "grid", id: "fu-by-year" },
      h("thead", null, h("tr", null, sumHead.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, report.by_year.map((y) => h("tr", { id: `fu-by-year-${y.year}` },
        h("td", null, t("fu.year_n", { n: y.year })), h("td", { class: "num" }, String(y.due)), h("td", { class: "num" }, String(y.reported)),
        h("td", { class: "num" }, number(y.reduction_t, 2)), h("td", { class: "num" }, number(y.emissions_t, 2)))))),
    h("table", { class: "grid", id: "fu-by-service" },
      h("thead", null, h("tr", null, [t("fu.service"), ...sumHead].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, report.by_service.flatMap((s) => s.years.map((y) => h("tr", null,
        h("td", null, s.name), h("td", null, t("fu.year_n", { n: y.year })), h("td", { class: "num" }, String(y.due)), h("td", { class: "num" }, String(y.reported)),
        h("td", { class: "num" }, number(y.reduction_t, 2)), h("td", { class: "num" }, number(y.emissions_t, 2))))))),
    h("button", { id: "fu-report-xlsx", onclick: async () => download(await api.blob(`/programs/${programId}/follow-up/report?format=xlsx`), `follow-up-${programId}.xlsx`) }, t("fu.report_xlsx")));
}

interface CaseItem {
  id: number;
  applicant: string;
  service: string;
  guidance_unit: string;
  submitted_at: string;
  accepted_on: string | null;
  approved_on: string | null;
  missing: { id: number; document: string; due: string; overdue: boolean }[];
  duties: { id: string; title: string; subject: string; due: string | null; status: "done" | "open" | "overdue"; done_count: number; needed: number }[];
  overdue: number;
  next_due: string | null;
}

/// A guidance unit's (consultant's) applications and cases; the office sees every one.
export async function casesPage(main: HTMLElement, programId: string): Promise<void> {
  const data = await api.get<{ as_of: string; overdue: number; missing: number; items: CaseItem[] }>(`/programs/${programId}/cases`);
  main.append(
    h("h1", null, t("cases.title")),
    h("p", { class: "lead" }, t("cases.lead", { date: dateLabel(data.as_of) })),
    h("p", { id: "cases-summary", class: data.overdue + data.missing > 0 ? "bad" : "" }, t("cases.summary", { overdue: data.overdue, missing: data.missing })),
    data.items.length === 0 ? h("p", null, t("cases.none")) : h("table", { class: "grid", id: "case-list" },
      h("thead", null, h("tr", null, [t("cases.application"), t("cases.state"), t("cases.missing"), t("cases.duties"), t("cases.next_due")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, data.items.map((c) => h("tr", { id: `case-${c.id}`, class: c.overdue > 0 || c.missing.some((m) => m.overdue) ? "bad" : "" },
        h("td", null, c.approved_on ? h("a", { href: `#/programs/${programId}/cases/${c.id}` }, `${c.id} ${c.applicant}`) : `${c.id} ${c.applicant}`,
          h("div", { class: "hint" }, c.service, c.guidance_unit ? ` · ${c.guidance_unit}` : "")),
        h("td", null, c.approved_on ? t("cases.approved", { date: dateLabel(c.approved_on) }) : c.accepted_on ? t("cases.accepted", { date: dateLabel(c.accepted_on) }) : t("cases.submitted", { at: c.submitted_at })),
        h("td", { class: "case-missing" }, c.missing.length === 0 ? "—" : c.missing.map((m) => h("div", { class: m.overdue ? "bad overdue" : "" }, t("cases.missing_item", { document: m.document, due: dateLabel(m.due) })))),
        h("td", { class: "case-duties" }, c.approved_on ? [
          h("div", null, t("cases.duties_n", { overdue: c.overdue, done: c.duties.filter((d) => d.status === "done").length, all: c.duties.length })),
          ...c.duties.filter((d) => d.status === "overdue").map((d) => h("div", { class: "bad overdue" }, `${d.title}${d.subject ? ` (${d.subject})` : ""}: ${dateLabel(d.due)}`)),
        ] : "—"),
        h("td", null, dateLabel(c.next_due)))))),
  );
}
