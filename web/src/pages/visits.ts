// Site-visit records of an organization: the consultant's visits with their date, purpose, notes
// and the signed record (a photo or PDF). Shown on the organization's page.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import { periodLabel } from "../format";
import { busy, showError } from "../ui";

interface Visit {
  id: number;
  date: string;
  visitor: string;
  purpose: string;
  notes: string;
  evidence_id: number | null;
  created_by: string;
}

export async function visitsPanel(orgId: number): Promise<HTMLElement> {
  const visits = (await api.get<{ items: Visit[] }>(`/orgs/${orgId}/site-visits`)).items;
  const rows = h("tbody", null, visits.map(row));
  const date = h("input", { type: "date" });
  const visitor = h("input");
  const purpose = h("input");
  const notes = h("textarea", { rows: 2 });
  const file = h("input", { type: "file", accept: "application/pdf,image/png,image/jpeg" });
  const save = h("button", { class: "primary", id: "visit-save" }, t("visit.save"));
  const form = h("div", { class: "visit-form" },
    field("visit-date", t("visit.date"), date), field("visit-visitor", t("visit.visitor"), visitor),
    field("visit-purpose", t("visit.purpose"), purpose), field("visit-notes", t("visit.notes"), notes),
    field("visit-file", t("visit.record"), file, t("visit.record_hint")), save);
  save.addEventListener("click", busy(save, async () => {
    for (const id of ["visit-date", "visit-visitor", "visit-purpose"]) setFieldError(id, "");
    if (!date.value) return setFieldError("visit-date", t("visit.need_date"));
    if (!visitor.value.trim()) return setFieldError("visit-visitor", t("visit.need_visitor"));
    if (!purpose.value.trim()) return setFieldError("visit-purpose", t("visit.need_purpose"));
    try {
      let evidence: number | undefined;
      const chosen = file.files?.[0];
      if (chosen) {
        evidence = (await api.upload<{ id: number }>(`/orgs/${orgId}/evidence?name=${encodeURIComponent(chosen.name)}`,
          chosen, chosen.type || "application/octet-stream")).id;
      }
      const made = await api.post<Visit>(`/orgs/${orgId}/site-visits`, {
        date: date.value, visitor: visitor.value.trim(), purpose: purpose.value.trim(), notes: notes.value.trim(),
        ...(evidence !== undefined ? { evidence_id: evidence } : {}),
      });
      rows.append(row(made));
      for (const input of [date, visitor, purpose, notes]) input.value = "";
      file.value = "";
    } catch (error) {
      const where = error instanceof api.ApiError ? error.where.field : undefined;
      if (where && document.getElementById(`visit-${where}`)) setFieldError(`visit-${where}`, (error as Error).message);
      else showError(form, error);
    }
  }));
  return h("section", { class: "card", id: "visits" }, h("h2", null, t("visit.title")),
    h("table", { class: "grid", id: "visit-list" },
      h("thead", null, h("tr", null, [t("visit.date"), t("visit.visitor"), t("visit.purpose"), t("visit.notes"), t("visit.record")].map((c) => h("th", { scope: "col" }, c)))),
      rows),
    h("details", null, h("summary", null, t("visit.add")), form));
}

function row(visit: Visit): HTMLElement {
  return h("tr", null, h("td", null, `${visit.date} ${periodLabel(visit.date.slice(0, 7)).slice(7)}`), h("td", null, visit.visitor),
    h("td", null, visit.purpose), h("td", null, visit.notes),
    h("td", null, visit.evidence_id !== null ? h("a", { href: `/api/v1/evidence/${visit.evidence_id}/content`, target: "_blank" }, `📎 #${visit.evidence_id}`) : "—"));
}
