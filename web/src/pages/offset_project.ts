// One offset project: its progress through the eight stages of OFS-4 (each with date,
// responsible party and documents), the form for the next stage, the monitoring data per period
// (every parameter of the method with its unit and source; sampled parameters as a list of
// values), the reductions and credits the server computed with the method's calculation table,
// and the project plan and monitoring report to download (HTML or PDF).
import * as api from "../api";
import { append, field, h, setFieldError } from "../dom";
import { lang, t } from "../i18n";
import * as inv from "../inventory";
import { number } from "../format";
import { busy, showError } from "../ui";
import * as ofs from "../offsets/model";
import { offsetsNav, stageName } from "./offsets";
import { downloadButton } from "./outputs";

export async function offsetProjectPage(main: HTMLElement, id: number): Promise<void> {
  const [project, catalogue] = await Promise.all([ofs.getProject(id), ofs.catalogue()]);
  const org = await inv.getOrganization(project.organization_id);
  const method = catalogue.methods.find((m) => m.id === project.method);
  const parts = project.computed?.parts ?? project.computed?.sub_projects ?? [];
  append(main, [
    offsetsNav(project.organization_id, org.name, "projects"),
    h("h1", null, `${project.code} ${project.name}`),
    h("p", { class: "sub" }, `${t(project.type === "planned" ? "ofs.planned" : "ofs.programmatic")} · ${project.method}`),
    progress(project),
    project.error ? h("div", { class: "error", role: "alert" }, project.error) : null,
    project.can_write ? nextStageForm(project) : null,
    h("h2", null, t("ofs.results")),
    results(parts, project),
    h("div", { class: "downloads" },
      downloadButton("ofs-plan-pdf", `/offset-projects/${id}/document?kind=plan&format=pdf&lang=${lang()}`, t("ofs.plan_pdf"), `offset-plan-${project.code}.pdf`),
      downloadButton("ofs-plan-html", `/offset-projects/${id}/document?kind=plan&format=html&lang=${lang()}`, t("ofs.plan_html"), `offset-plan-${project.code}.html`),
      downloadButton("ofs-monitoring-pdf", `/offset-projects/${id}/document?kind=monitoring&format=pdf&lang=${lang()}`, t("ofs.monitoring_pdf"), `offset-monitoring-${project.code}.pdf`),
      downloadButton("ofs-monitoring-html", `/offset-projects/${id}/document?kind=monitoring&format=html&lang=${lang()}`, t("ofs.monitoring_html"), `offset-monitoring-${project.code}.html`)),
    h("h2", null, t("ofs.monitoring")),
    periodsTable(project),
    project.can_write && method ? periodForm(project, method) : null,
  ]);
}

function progress(project: ofs.Project): HTMLElement {
  const reached = new Set(project.stages.map((s) => s.stage));
  const current = project.stage;
  return h("section", { class: "card", id: "ofs-progress" },
    h("h2", null, t("ofs.progress")),
    h("ol", { class: "stage-steps" }, ofs.STAGES.map((stage) => h("li", {
      class: stage === current ? "current" : reached.has(stage) ? "done" : "todo",
      "aria-current": stage === current ? "step" : undefined,
      dataset: { stage },
    }, stageName(stage)))),
    h("p", { id: "ofs-current-stage" }, `${t("ofs.stage")}: `, h("strong", null, stageName(current))),
    h("table", { class: "grid", id: "ofs-stage-list" },
      h("thead", null, h("tr", null, [t("ofs.stage"), t("ofs.date"), t("ofs.responsible"), t("ofs.documents")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, project.stages.map((s) => h("tr", null, h("td", null, stageName(s.stage)), h("td", null, s.date),
        h("td", null, s.responsible),
        h("td", null, s.documents.join("; "), s.evidence_id !== null
          ? [" ", h("a", { href: `/api/v1/evidence/${s.evidence_id}/content`, target: "_blank" }, `📎 #${s.evidence_id}`)] : null))))));
}

function nextStageForm(project: ofs.Project): HTMLElement | null {
  const next = project.next_stages ?? [];
  if (next.length === 0) return null;
  const stage = h("select", null, next.map((n) => h("option", { value: n.stage }, stageName(n.stage))));
  const date = h("input", { type: "date" });
  const responsible = h("input");
  const documents = h("input", { placeholder: t("ofs.documents_hint") });
  const file = h("input", { type: "file", accept: "application/pdf,image/png,image/jpeg" });
  const note = h("input");
  const save = h("button", { class: "primary", id: "ofs-stage-save" }, t("ofs.record_stage"));
  const form = h("section", { class: "card", id: "ofs-next-stage" }, h("h2", null, t("ofs.next_stage")),
    field("ofs-stage", t("ofs.stage"), stage), field("ofs-stage-date", t("ofs.date"), date),
    field("ofs-stage-responsible", t("ofs.responsible"), responsible),
    field("ofs-stage-documents", t("ofs.documents"), documents, t("ofs.documents_hint")),
    field("ofs-stage-file", t("ofs.document_file"), file), field("ofs-stage-note", t("ofs.note"), note), save);
  save.addEventListener("click", busy(save, async () => {
    for (const id of ["ofs-stage", "ofs-stage-date", "ofs-stage-responsible", "ofs-stage-documents"]) setFieldError(id, "");
    form.querySelectorAll(".error").forEach((e) => e.remove());
    if (!date.value) return setFieldError("ofs-stage-date", t("ofs.need_date"));
    if (!responsible.value.trim()) return setFieldError("ofs-stage-responsible", t("ofs.need_responsible"));
    try {
      let evidence: number | undefined;
      const chosen = file.files?.[0];
      if (chosen) {
        evidence = (await api.upload<{ id: number }>(`/orgs/${project.organization_id}/evidence?name=${encodeURIComponent(chosen.name)}`,
          chosen, chosen.type || "application/octet-stream")).id;
      }
      await api.post(`/offset-projects/${project.id}/stages`, {
        stage: stage.value, date: date.value, responsible: responsible.value.trim(),
        documents: documents.value.split(";").map((d) => d.trim()).filter((d) => d),
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
        ...(evidence !== undefined ? { evidence_id: evidence } : {}),
      });
      location.reload();
    } catch (error) {
      const where = error instanceof api.ApiError ? error.where.field ?? "" : "";
      const id = { stage: "ofs-stage", date: "ofs-stage-date", responsible: "ofs-stage-responsible", documents: "ofs-stage-documents" }[where.split(/[.[]/)[0]];
      if (id) setFieldError(id, (error as Error).message);
      else showError(form, error);
    }
  }));
  return form;
}

function results(parts: ofs.Part[], project: ofs.Project): HTMLElement {
  const totals = project.computed?.totals;
  return h("section", { class: "card", id: "ofs-results" },
    parts.every((p) => p.periods.length === 0) ? h("p", null, t("ofs.no_data")) : null,
    parts.map((part) => part.periods.map((period) => h("div", { class: "period-result", dataset: { period: period.period } },
      h("h3", null, `${project.type === "programmatic" ? `${part.id} · ` : ""}${period.period} (${period.from} – ${period.to})`),
      h("table", { class: "grid calc" },
        h("thead", null, h("tr", null, [t("ofs.symbol"), t("ofs.description"), t("ofs.formula"), t("ofs.value"), t("ofs.unit")].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, period.lines.map((line) => h("tr", null, h("td", null, line.symbol), h("td", null, line.description),
          h("td", null, line.formula), h("td", { class: "num" }, number(line.value, 4)), h("td", null, line.unit))))),
      h("p", null, `${t("ofs.credits")}: `, h("strong", { class: "period-credits" }, number(period.credits_t, 0)), " t CO2e")))),
    totals ? h("p", { class: "total" }, `${t("ofs.reduction_total")}: `, h("span", { id: "ofs-total-reduction" }, number(totals.reduction_t, 4)),
      ` t CO2e · ${t("ofs.credits")}: `, h("strong", { id: "ofs-total-credits" }, number(totals.credits_t, 0)), " t CO2e") : null);
}

function periodsTable(project: ofs.Project): HTMLElement {
  if (project.periods.length === 0) return h("p", { id: "ofs-no-periods" }, t("ofs.no_data"));
  return h("table", { class: "grid", id: "ofs-periods" },
    h("thead", null, h("tr", null, [t("ofs.sub_project"), t("ofs.period"), t("ofs.from"), t("ofs.to"), t("ofs.parameters")].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, project.periods.map((p) => h("tr", null, h("td", null, p.sub_project || "—"), h("td", null, p.period),
      h("td", null, p.from), h("td", null, p.to),
      h("td", null, [...Object.entries(p.parameters), ...Object.entries(p.sampled).map(([k, v]) => [`${k} (${t("ofs.sample")})`, v] as const)]
        .map(([k, v]) => `${k} = ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`).join("; "))))));
}

function periodForm(project: ofs.Project, method: ofs.Method): HTMLElement {
  const subProjects = ((project.definition.sub_projects ?? []) as { id: string }[]).map((s) => s.id);
  const sub = h("select", null, subProjects.map((s) => h("option", { value: s }, s)));
  const period = h("input", { placeholder: "2024" });
  const from = h("input", { type: "date" });
  const to = h("input", { type: "date" });
  const values = new Map<string, HTMLInputElement>();
  const samples = new Map<string, HTMLInputElement>();
  const rows = method.parameters.map((p) => {
    const value = h("input", { type: "number", step: "any", placeholder: p.default !== undefined ? String(p.default) : "" });
    values.set(p.id, value);
    const fields = [field(`ofs-p-${p.id}`, `${p.name} (${p.unit})`, value, `${p.source} · ${p.frequency}`)];
    if (p.sampled) {
      const sample = h("input", { placeholder: "3400, 3600, 3500" });
      samples.set(p.id, sample);
      fields.push(field(`ofs-s-${p.id}`, `${p.id}: ${t("ofs.sample_values")}`, sample, t("ofs.sample_hint")));
    }
    return fields;
  });
  const save = h("button", { class: "primary", id: "ofs-period-save" }, t("ofs.save_period"));
  const form = h("section", { class: "card", id: "ofs-period-form" }, h("h3", null, t("ofs.enter_data")),
    subProjects.length > 0 ? field("ofs-sub", t("ofs.sub_project"), sub) : null,
    field("ofs-period", t("ofs.period"), period), field("ofs-from", t("ofs.from"), from), field("ofs-to", t("ofs.to"), to),
    rows, save);
  save.addEventListener("click", busy(save, async () => {
    form.querySelectorAll(".field-error").forEach((e) => { e.textContent = ""; });
    form.querySelectorAll(".error").forEach((e) => e.remove());
    if (!period.value.trim()) return setFieldError("ofs-period", t("ofs.need_period"));
    const parameters: Record<string, number> = {};
    const sampled: Record<string, { values: number[] }> = {};
    for (const [id, input] of values) if (input.value !== "") parameters[id] = Number(input.value);
    for (const [id, input] of samples) {
      const list = input.value.split(/[,\s]+/).filter((v) => v !== "").map(Number);
      if (list.length > 0) {
        sampled[id] = { values: list };
        delete parameters[id];
      }
    }
    try {
      await api.post(`/offset-projects/${project.id}/periods`, {
        period: period.value.trim(), from: from.value, to: to.value, parameters,
        ...(Object.keys(sampled).length > 0 ? { sampled } : {}),
        ...(subProjects.length > 0 ? { sub_project: sub.value } : {}),
      });
      location.reload();
    } catch (error) {
      const where = error instanceof api.ApiError ? error.where.field ?? "" : "";
      const match = /(?:parameters|sampled)\.?(\w+)|^(\w+)$/.exec(where);
      const key = match?.[1] ?? match?.[2] ?? "";
      const id = document.getElementById(`ofs-s-${key}`) && where.includes("sampled") ? `ofs-s-${key}`
        : document.getElementById(`ofs-p-${key}`) ? `ofs-p-${key}` : document.getElementById(`ofs-${key}`) ? `ofs-${key}` : "";
      if (id) setFieldError(id, (error as Error).message);
      showError(form, error);
    }
  }));
  return form;
}
