// Funding programs (issue 8): the list of programs, and a factory's application form built from
// the program's definition (附表1/2/3 fields, labels as the seed writes them) with its own
// applications, their eligibility, place in the queue, requests for documents and the filled form
// as a workbook. A refused submission shows each problem at its field; nothing is saved.
import * as api from "../api";
import { clear, download, field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import * as session from "../session";
import { busy, showError, status } from "../ui";
import { statusLabel, type Application, type Definition, type FormField } from "./program_types";

export async function programsPage(main: HTMLElement): Promise<void> {
  const programs = (await api.get<{ items: Definition[] }>("/programs")).items;
  const office = session.hasRole("administrator");
  main.append(
    h("h1", null, t("program.title")),
    h("p", { class: "lead" }, t("program.lead")),
    ...programs.map((p) =>
      h("section", { class: "card", id: `program-${p.id}` },
        h("h2", null, p.name),
        h("p", null, `${p.year} · ${p.sponsor}`),
        h("table", { class: "grid" },
          h("thead", null, h("tr", null, [t("program.service"), t("program.quota"), t("program.fee"), t("program.deadline")].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, [...p.services, ...p.modes.map((m) => ({ id: m.id, name: m.name, quota: null, fee_ntd: null, deadline: p.deadline }))].map((s) =>
            h("tr", null, h("td", null, s.name), h("td", { class: "num" }, s.quota ?? "—"),
              h("td", { class: "num" }, s.fee_ntd === null ? "—" : s.fee_ntd === 0 ? t("program.free") : `NT$ ${s.fee_ntd.toLocaleString()}`),
              h("td", null, s.deadline ?? p.deadline ?? t("program.until_full")))))),
        h("p", { class: "actions" },
          office ? h("a", { href: `#/programs/${p.id}/intake`, id: `intake-${p.id}` }, t("program.intake")) : null,
          office ? " · " : null,
          office ? h("a", { href: `#/programs/${p.id}/meetings`, id: `meetings-${p.id}` }, t("program.meetings")) : null,
          office && p.modes.length > 0 ? [" · ", h("a", { href: `#/programs/${p.id}/funding`, id: `funding-${p.id}` }, t("funding.ledger"))] : null,
          office ? " · " : null,
          session.hasRole("factory") ? [h("a", { href: `#/programs/${p.id}/apply`, id: `apply-${p.id}` }, t("program.apply")), " · "] : null,
          session.hasRole("consultant") ? [h("a", { href: `#/programs/${p.id}/apply` }, t("program.apply_for")), " · "] : null,
          h("a", { href: `#/programs/${p.id}/cases`, id: `cases-${p.id}` }, t("program.cases")),
          " · ",
          h("a", { href: `#/programs/${p.id}/follow-ups`, id: `follow-ups-${p.id}` }, t("program.follow_ups"))))),
  );
}

/// Sets `value` at the dotted `key` of `doc` ("factory.ubn" → doc.factory.ubn).
function put(doc: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split(".");
  let at = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof at[part] !== "object" || at[part] === null) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]] = value;
}

const idOf = (key: string) => `app-${key.replace(/\./g, "-")}`;

function input(f: FormField): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  switch (f.type) {
    case "choice":
      return h("select", null, h("option", { value: "" }, "—"), f.options.map((o) => h("option", { value: o }, o)));
    case "boolean":
    case "consent":
      return h("input", { type: "checkbox" });
    case "integer":
    case "number":
    case "percent":
      return h("input", { type: "number", step: f.type === "integer" ? "1" : "any", min: "0" });
    case "month":
      return h("select", null, h("option", { value: "" }, "—"), Array.from({ length: 12 }, (_, m) => h("option", { value: String(m + 1) }, String(m + 1))));
    case "date":
      return h("input", { type: "date" });
    case "list":
      return h("textarea", { rows: 3 });
    default:
      return h("input");
  }
}

function valueOf(f: FormField, el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): unknown {
  if (f.type === "boolean" || f.type === "consent") return (el as HTMLInputElement).checked;
  const text = el.value.trim();
  if (text === "") return undefined;
  if (f.type === "integer" || f.type === "number" || f.type === "percent" || f.type === "month") return Number(text);
  if (f.type === "list") return text.split("\n").map((line) => line.trim()).filter(Boolean);
  return text;
}

/// The facts the eligibility rules read that the forms do not ask (申請資格).
const FACTS = ["factory.manufacturer", "factory.sme", "factory.supply_chain_member", "factory.cbam_affected", "factory.first_batch_emitter"] as const;

export async function applyPage(main: HTMLElement, programId: string): Promise<void> {
  const definition = await api.get<Definition>(`/programs/${programId}`);
  const list = h("div", { id: "my-applications" });
  const form = h("form", { id: "application-form", class: "card", novalidate: true });
  const fieldsBox = h("div", { id: "application-fields" });
  const service = h("select", { id: "app-service" }, h("option", { value: "" }, "—"),
    definition.services.map((s) => h("option", { value: s.id }, s.name)));
  const inputs = new Map<string, { f: FormField; el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement }>();
  const facts = FACTS.map((key) => {
    const box = h("input", { type: "checkbox", id: idOf(key) });
    return { key, box, label: h("label", { class: "check" }, box, " ", t(`program.fact.${key.split(".")[1]}` as never)) };
  });
  const showFields = () => {
    clear(fieldsBox);
    inputs.clear();
    const chosen = definition.services.find((s) => s.id === service.value);
    if (!chosen) return;
    for (const formId of chosen.forms) {
      const form = definition.forms.find((f) => f.id === formId);
      if (!form) continue;
      fieldsBox.append(h("fieldset", { id: `form-${form.id}` }, h("legend", null, form.name),
        form.fields.map((f) => {
          const el = input(f);
          inputs.set(f.key, { f, el });
          return field(idOf(f.key), f.label + (f.required ? " *" : ""), el, f.type === "list" ? t("program.one_per_line") : undefined);
        })));
    }
  };
  service.addEventListener("change", showFields);
  const submit = h("button", { class: "primary", type: "submit", id: "application-submit" }, t("program.submit"));
  const result = h("div", { id: "application-result" });
  form.append(h("h2", null, t("program.form_title")), field("app-service", t("program.service"), service),
    h("fieldset", null, h("legend", null, t("program.facts")), facts.map((f) => f.label)), fieldsBox, submit, result);
  form.addEventListener("submit", (event) => event.preventDefault());
  submit.addEventListener("click", busy(submit, async () => {
    clear(result);
    for (const key of inputs.keys()) setFieldError(idOf(key), "");
    setFieldError("app-service", "");
    if (!service.value) return setFieldError("app-service", t("program.need_service"));
    const doc: Record<string, unknown> = { services: [service.value] };
    for (const f of facts) put(doc, f.key, f.box.checked);
    for (const [key, { f, el }] of inputs) {
      const value = valueOf(f, el);
      if (value !== undefined) put(doc, key, value);
    }
    try {
      const made = await api.post<Application>(`/programs/${programId}/applications`, { application: doc });
      result.append(status(t("program.submitted", { id: made.id, status: statusLabel(made) })));
      await renderList(list, programId);
    } catch (error) {
      if (error instanceof api.ApiError) {
        const problems = error.diagnostics.length > 0 ? error.diagnostics : [{ code: error.code, message: error.message, where: error.where }];
        let shown = false;
        for (const d of problems) {
          const id = d.where?.field ? idOf(d.where.field) : "";
          if (id && document.getElementById(id)) {
            setFieldError(id, d.message);
            shown = true;
          }
        }
        if (!shown || error.diagnostics.length === 0) showError(result, error);
        else result.append(h("p", { class: "error", role: "alert" }, t("program.not_saved")));
      } else showError(result, error);
    }
  }));
  main.append(h("h1", null, definition.name), h("h2", null, t("program.mine")), list);
  if (session.hasRole("factory")) main.append(form);
  await renderList(list, programId);
}

async function renderList(box: HTMLElement, programId: string): Promise<void> {
  const items = (await api.get<{ items: Application[] }>(`/programs/${programId}/applications`)).items;
  clear(box);
  if (items.length === 0) {
    box.append(h("p", null, t("program.none_yet")));
    return;
  }
  box.append(h("table", { class: "grid", id: "application-list" },
    h("thead", null, h("tr", null, [t("program.id"), t("program.applicant"), t("program.service"), t("program.submitted_at"), t("program.status"), t("program.requests"), ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, items.map((a) => h("tr", { id: `application-${a.id}` },
      h("td", null, a.id), h("td", null, a.applicant), h("td", null, a.service), h("td", null, a.submitted_at),
      h("td", { class: "app-status" }, statusLabel(a), a.refusals.length > 0 ? h("ul", null, a.refusals.map((r) => h("li", null, r.reason))) : null),
      h("td", null, a.requests.filter((r) => !r.received).map((r) => h("div", { class: "bad" }, t("program.request_due", { document: r.document, due: r.due })))),
      h("td", null,
        h("button", { class: "link", onclick: async () => download(await api.blob(`/programs/${programId}/applications/${a.id}/form.xlsx`), `application-${a.id}.xlsx`) }, t("program.form_xlsx")),
        " · ",
        h("button", { class: "link", id: `form-pdf-${a.id}`, onclick: async () => download(await api.blob(`/programs/${programId}/applications/${a.id}/form.pdf`), `application-${a.id}.pdf`) }, t("program.form_pdf")),
        a.approved_on ? [" · ", h("a", { href: `#/programs/${programId}/cases/${a.id}` }, t("program.duties")),
          " · ", h("a", { href: `#/programs/${programId}/cases/${a.id}/funding`, id: `ledger-${a.id}` }, t("funding.ledger"))] : null))))));
}
