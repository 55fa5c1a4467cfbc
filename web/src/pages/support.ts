// The onsite-support service for offset projects (抵換專案現場支援, 2023 program annex 6): the
// factory asks help for one of seven stages; each request lists the specialist's visits and the
// issues raised and solved. The program serves requests by priority (1 new to offsets, 2 not a
// mandatory reporter, 3 at the credit stages, 4 others), which the server works out.
import * as api from "../api";
import { append, field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { busy, showError } from "../ui";
import { offsetsNav } from "./offsets";

const STAGES = ["development", "plan", "validation", "registration", "monitoring_report", "verification", "credit_application"];

interface Visit { id: number; date: string; hours: number; visitor: string; attendees: string; summary: string }
interface Issue { id: number; visit_id: number | null; raised_on: string; description: string; resolution: string; solved_on: string; solved: boolean }
interface Request {
  id: number; stage: string; requested_on: string; preferred_month: string; priority: number; status: string; note: string;
  first_offset_project: boolean; mandatory_reporter: boolean; visits?: Visit[]; issues?: Issue[];
}

const stageLabel = (stage: string) => t(`sup.stage.${stage}` as Parameters<typeof t>[0]);

export async function supportPage(main: HTMLElement, orgId: number): Promise<void> {
  const [org, list] = await Promise.all([inv.getOrganization(orgId), api.get<{ items: Request[] }>(`/orgs/${orgId}/support-requests`)]);
  const details = await Promise.all(list.items.map((r) => api.get<Request>(`/support-requests/${r.id}`)));
  append(main, [offsetsNav(orgId, org.name, "support"), h("h1", null, t("sup.title")), h("p", { class: "lead" }, t("sup.lead")),
    details.length === 0 ? h("p", null, t("sup.none")) : details.map(requestCard), requestForm(orgId)]);
}

function requestCard(request: Request): HTMLElement {
  const visits = request.visits ?? [];
  const issues = request.issues ?? [];
  return h("section", { class: "card support-request", dataset: { id: String(request.id) } },
    h("h2", null, `#${request.id} ${stageLabel(request.stage)}`),
    h("p", null, `${t("sup.requested_on")} ${request.requested_on} · ${t("sup.priority")} ${request.priority} · ${t(`sup.status.${request.status}` as Parameters<typeof t>[0])}`),
    request.note ? h("p", null, request.note) : null,
    h("h3", null, t("sup.visits")),
    h("table", { class: "grid" }, h("thead", null, h("tr", null, [t("visit.date"), t("sup.hours"), t("visit.visitor"), t("sup.attendees"), t("sup.summary")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, visits.map((v) => h("tr", null, h("td", null, v.date), h("td", { class: "num" }, String(v.hours)), h("td", null, v.visitor), h("td", null, v.attendees), h("td", null, v.summary))))),
    visitForm(request),
    h("h3", null, t("sup.issues")),
    h("table", { class: "grid" }, h("thead", null, h("tr", null, [t("sup.raised_on"), t("sup.issue"), t("sup.resolution"), t("sup.solved_on")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, issues.map((i) => h("tr", { class: i.solved ? undefined : "bad" }, h("td", null, i.raised_on), h("td", null, i.description),
        h("td", null, i.solved ? i.resolution : solveForm(i)), h("td", null, i.solved_on || "—"))))),
    issueForm(request));
}

function submit(form: HTMLElement, button: HTMLButtonElement, send: () => Promise<unknown>, prefix: string): void {
  button.addEventListener("click", busy(button, async () => {
    form.querySelectorAll(".field-error").forEach((e) => { e.textContent = ""; });
    form.querySelectorAll(".error").forEach((e) => e.remove());
    try {
      await send();
      location.reload();
    } catch (error) {
      const where = error instanceof api.ApiError ? error.where.field ?? "" : "";
      if (where && form.querySelector(`#${prefix}-${where.replace(/_/g, "-")}`)) setFieldError(`${prefix}-${where.replace(/_/g, "-")}`, (error as Error).message);
      else showError(form, error);
    }
  }));
}

function requestForm(orgId: number): HTMLElement {
  const stage = h("select", null, STAGES.map((s) => h("option", { value: s }, stageLabel(s))));
  const requested = h("input", { type: "date" });
  const month = h("input", { type: "month" });
  const first = h("input", { type: "checkbox" });
  const mandatory = h("input", { type: "checkbox" });
  const note = h("input");
  const save = h("button", { class: "primary", id: "sup-save" }, t("sup.ask"));
  const form = h("details", { class: "card", id: "sup-new" }, h("summary", null, t("sup.ask")),
    field("sup-stage", t("sup.stage"), stage), field("sup-requested-on", t("sup.requested_on"), requested),
    field("sup-preferred-month", t("sup.preferred_month"), month),
    h("label", null, first, ` ${t("sup.first_offset_project")}`), h("br"), h("label", null, mandatory, ` ${t("sup.mandatory_reporter")}`),
    field("sup-note", t("ofs.note"), note), save);
  submit(form, save, () => api.post(`/orgs/${orgId}/support-requests`, {
    stage: stage.value, requested_on: requested.value, preferred_month: month.value, first_offset_project: first.checked,
    mandatory_reporter: mandatory.checked, note: note.value.trim() }), "sup");
  return form;
}

function visitForm(request: Request): HTMLElement {
  const p = `sv${request.id}`;
  const date = h("input", { type: "date" });
  const hours = h("input", { type: "number", step: "0.5", min: "0.5" });
  const visitor = h("input");
  const attendees = h("input");
  const summary = h("textarea", { rows: 2 });
  const save = h("button", { id: `${p}-save` }, t("sup.add_visit"));
  const form = h("details", null, h("summary", null, t("sup.add_visit")),
    field(`${p}-date`, t("visit.date"), date), field(`${p}-hours`, t("sup.hours"), hours), field(`${p}-visitor`, t("visit.visitor"), visitor),
    field(`${p}-attendees`, t("sup.attendees"), attendees), field(`${p}-summary`, t("sup.summary"), summary), save);
  submit(form, save, () => api.post(`/support-requests/${request.id}/visits`, {
    date: date.value, hours: Number(hours.value || 0), visitor: visitor.value.trim(), attendees: attendees.value.trim(), summary: summary.value.trim() }), p);
  return form;
}

function issueForm(request: Request): HTMLElement {
  const p = `si${request.id}`;
  const raised = h("input", { type: "date" });
  const description = h("input");
  const save = h("button", { id: `${p}-save` }, t("sup.add_issue"));
  const form = h("details", null, h("summary", null, t("sup.add_issue")),
    field(`${p}-raised-on`, t("sup.raised_on"), raised), field(`${p}-description`, t("sup.issue"), description), save);
  submit(form, save, () => api.post(`/support-requests/${request.id}/issues`, { raised_on: raised.value, description: description.value.trim() }), p);
  return form;
}

function solveForm(issue: Issue): HTMLElement {
  const p = `ss${issue.id}`;
  const resolution = h("input");
  const solved = h("input", { type: "date" });
  const save = h("button", { id: `${p}-save` }, t("sup.solve"));
  const form = h("div", null, field(`${p}-resolution`, t("sup.resolution"), resolution), field(`${p}-solved-on`, t("sup.solved_on"), solved), save);
  submit(form, save, () => api.patch(`/support-issues/${issue.id}`, { resolution: resolution.value.trim(), solved_on: solved.value }), p);
  return form;
}
