// An approved case's execution duties (DEM-6, DEM-7, APP-5): each duty with its due date from
// the approval date, what it needs (count, hours, evidence), its records and whether it is done,
// open or overdue. The guidance unit (consultant), the factory and the office record evidence
// and site visits; a site visit counts with its signed record (輔導紀錄表, uploaded as evidence).
import * as api from "../api";
import { clear, field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import { dateLabel } from "../format";
import { busy, showError } from "../ui";
import { followUpSection } from "./program_followup";
import type { Application } from "./program_types";

interface Duty {
  id: string;
  title: string;
  subject: string;
  due: string | null;
  rule: string;
  needed: number;
  done_count: number;
  min_hours: number;
  evidence: string[];
  status: "done" | "open" | "overdue";
  years?: { year: number }[];  // the yearly follow-up: one duty, done when every year is reported
  records: { id: number; kind: string; date: string; hours: number; note: string; evidence_id: number | null; signed: boolean }[];
}
interface Duties {
  funding: { government: number; own: number; total: number; cite: string } | null;
  application: Application;
  as_of: string;
  overdue: number;
  duties: Duty[];
}

export async function casePage(main: HTMLElement, programId: string, caseId: number): Promise<void> {
  const box = h("div");
  main.append(box);
  await render(box, programId, caseId);
}

async function render(box: HTMLElement, programId: string, caseId: number): Promise<void> {
  const data = await api.get<Duties>(`/programs/${programId}/applications/${caseId}/duties`);
  clear(box);
  const app = data.application;
  box.append(
    h("h1", null, t("case.title", { id: app.id, applicant: app.applicant })),
    h("p", null, t("case.approved", { date: app.approved_on ?? "" }), " · ",
      h("span", { id: "case-overdue", class: data.overdue > 0 ? "bad" : "" }, t("case.overdue_n", { n: data.overdue, date: data.as_of }))),
    data.funding ? h("p", { id: "case-funding" }, t("case.funding", {
      government: data.funding.government.toLocaleString("en"), own: data.funding.own.toLocaleString("en"), total: data.funding.total.toLocaleString("en"),
    }), h("span", { class: "hint" }, ` (${data.funding.cite})`), " ",
    h("a", { href: `#/programs/${programId}/cases/${caseId}/funding`, id: "case-ledger" }, t("funding.ledger"))) : "",
    h("table", { class: "grid", id: "duty-list" },
      h("thead", null, h("tr", null, [t("case.duty"), t("case.due"), t("case.needed"), t("case.status"), t("case.records")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, data.duties.map((d) => h("tr", { id: `duty-${d.id}${d.subject ? `-${d.subject.replace(/\s+/g, "-")}` : ""}`, class: d.status === "overdue" ? "bad" : "" },
        h("td", null, d.title, d.subject ? ` (${d.subject})` : "", h("div", { class: "hint" }, d.evidence.join("、"))),
        h("td", null, dateLabel(d.due), h("div", { class: "hint" }, d.rule)),
        h("td", { class: "num" }, `${d.done_count} / ${d.needed}`, d.min_hours > 0 ? h("div", { class: "hint" }, t("case.min_hours", { h: d.min_hours })) : null),
        h("td", { class: `duty-status ${d.status}` }, t(`case.st.${d.status}`)),
        h("td", null, d.years ? h("a", { href: "#follow-up" }, t("fu.see_below")) : d.records.map((r) => h("div", null, `${r.date} ${t(r.kind === "site_visit" ? "case.kind_visit" : "case.kind_evidence")} ${r.hours ? `${r.hours} h` : ""} ${r.note}`,
          r.evidence_id !== null ? h("a", { href: `/api/v1/evidence/${r.evidence_id}/content`, target: "_blank" }, ` 📎 #${r.evidence_id}`) : null,
          r.signed ? ` ✔ ${t("case.signed")}` : ""))))))),
    recordForm(data, programId, caseId, box),
    await followUpSection(programId, caseId, () => render(box, programId, caseId)),
  );
}

function recordForm(data: Duties, programId: string, caseId: number, box: HTMLElement): HTMLElement {
  const duty = h("select", null, data.duties.filter((d) => !d.years).map((d) => h("option", { value: `${d.id}|${d.subject}` }, `${d.title}${d.subject ? ` (${d.subject})` : ""}`)));
  const kind = h("select", null, h("option", { value: "site_visit" }, t("case.kind_visit")), h("option", { value: "evidence" }, t("case.kind_evidence")));
  const date = h("input", { type: "date" });
  const hours = h("input", { type: "number", min: "0", step: "0.5" });
  const note = h("input");
  const file = h("input", { type: "file", accept: "application/pdf,image/png,image/jpeg" });
  const signed = h("input", { type: "checkbox", id: "record-signed" });
  const save = h("button", { class: "primary", id: "record-save" }, t("case.save"));
  const out = h("div");
  save.addEventListener("click", busy(save, async () => {
    clear(out);
    for (const id of ["record-date", "record-file"]) setFieldError(id, "");
    if (!date.value) return setFieldError("record-date", t("case.need_date"));
    const chosen = file.files?.[0];
    if (kind.value === "site_visit" && !chosen) return setFieldError("record-file", t("case.need_signed_record"));
    try {
      const org = data.application.organization_id;
      let evidence: number | undefined;
      if (chosen && org !== null) {
        evidence = (await api.upload<{ id: number }>(`/orgs/${org}/evidence?name=${encodeURIComponent(chosen.name)}`, chosen, chosen.type || "application/octet-stream")).id;
      }
      const [dutyId, subject] = duty.value.split("|");
      await api.post(`/programs/${programId}/applications/${caseId}/duties/${dutyId}/records`, {
        kind: kind.value, date: date.value, note: note.value.trim(), signed: signed.checked,
        ...(subject ? { subject } : {}), ...(hours.value ? { hours: Number(hours.value) } : {}),
        ...(evidence !== undefined ? { evidence_id: evidence } : {}),
      });
      await render(box, programId, caseId);
    } catch (error) {
      showError(out, error);
    }
  }));
  return h("section", { class: "card", id: "record-form" }, h("h2", null, t("case.add")),
    field("record-duty", t("case.duty"), duty), field("record-kind", t("case.kind"), kind),
    field("record-date", t("case.date"), date), field("record-hours", t("case.hours"), hours),
    field("record-note", t("case.note"), note), field("record-file", t("case.file"), file, t("case.file_hint")),
    h("label", { class: "check" }, signed, " ", t("case.signed_check")), save, out);
}
