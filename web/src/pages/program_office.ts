// The program office's intake (APP-2, APP-4, DEM-1…4): quota use per service, the queue with
// each application's eligibility as the core decides it, the waiting list, requests for missing
// documents with their deadline, giving the allocated places and approving cases.
import * as api from "../api";
import { clear, h } from "../dom";
import { t } from "../i18n";
import { busy, showError, status } from "../ui";
import { statusLabel, type Application } from "./program_types";

interface Intake {
  as_of: string;
  services: { service: string; name: string; quota: number | null; accepted: number; waiting: number; applications: number }[];
  applications: Application[];
}

export async function intakePage(main: HTMLElement, programId: string): Promise<void> {
  const box = h("div");
  main.append(h("h1", null, t("program.intake")), h("p", null, h("a", { href: "#/programs" }, t("program.back"))), box);
  await render(box, programId, await api.get<Intake>(`/programs/${programId}/intake`));
}

async function render(box: HTMLElement, programId: string, intake: Intake): Promise<void> {
  clear(box);
  const refresh = async () => render(box, programId, await api.get<Intake>(`/programs/${programId}/intake`));
  const accept = h("button", { class: "primary", id: "intake-accept" }, t("program.give_places"));
  const message = h("div", { id: "intake-message" });
  accept.addEventListener("click", busy(accept, async () => {
    try {
      const after = await api.post<Intake & { newly_accepted: number }>(`/programs/${programId}/intake/accept`);
      await render(box, programId, after);
      box.querySelector("#intake-message")?.append(status(t("program.places_given", { n: after.newly_accepted })));
    } catch (error) {
      showError(message, error);
    }
  }));
  const waiting = intake.applications.filter((a) => a.status === "waiting" && !a.accepted_on)
    .sort((a, b) => (a.service === b.service ? (a.position ?? 0) - (b.position ?? 0) : a.service.localeCompare(b.service)));
  box.append(
    h("section", { class: "card" }, h("h2", null, t("program.quota_use", { date: intake.as_of })),
      h("table", { class: "grid", id: "quota" },
        h("thead", null, h("tr", null, [t("program.service"), t("program.quota"), t("program.accepted"), t("program.waiting"), t("program.applications")].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, intake.services.map((s) => h("tr", { id: `quota-${s.service}` },
          h("td", null, s.name), h("td", { class: "num" }, s.quota ?? "—"), h("td", { class: "num used" }, s.accepted),
          h("td", { class: "num" }, s.waiting), h("td", { class: "num" }, s.applications))))),
      accept, message),
    h("section", { class: "card" }, h("h2", null, t("program.waiting_list")),
      waiting.length === 0 ? h("p", null, t("program.waiting_empty")) :
        h("table", { class: "grid", id: "waiting-list" },
          h("thead", null, h("tr", null, [t("program.position"), t("program.id"), t("program.applicant"), t("program.service"), t("program.submitted_at")].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, waiting.map((a) => h("tr", { id: `waiting-${a.id}` }, h("td", { class: "num" }, a.position ?? ""),
            h("td", null, a.id), h("td", null, a.applicant), h("td", null, a.service), h("td", null, a.submitted_at)))))),
    h("section", { class: "card" }, h("h2", null, t("program.queue")),
      h("table", { class: "grid", id: "intake-queue" },
        h("thead", null, h("tr", null, [t("program.id"), t("program.applicant"), t("program.service"), t("program.submitted_at"), t("program.priority"), t("program.eligibility"), t("program.status"), ""].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, intake.applications.map((a) => row(a, programId, refresh))))),
  );
}

function row(a: Application, programId: string, refresh: () => Promise<void>): HTMLElement {
  const actions = h("td", null);
  const doc = h("input", { placeholder: t("program.missing_document"), id: `request-doc-${a.id}` });
  const due = h("input", { type: "date", id: `request-due-${a.id}` });
  const ask = h("button", { id: `request-${a.id}` }, t("program.request"));
  ask.addEventListener("click", busy(ask, async () => {
    try {
      await api.post(`/programs/${programId}/applications/${a.id}/requests`, { document: doc.value.trim(), ...(due.value ? { due: due.value } : {}) });
      await refresh();
    } catch (error) {
      showError(actions, error);
    }
  }));
  const approve = h("button", { id: `approve-${a.id}` }, t("program.approve"));
  approve.addEventListener("click", busy(approve, async () => {
    try {
      await api.post(`/programs/${programId}/applications/${a.id}/approve`, {});
      await refresh();
    } catch (error) {
      showError(actions, error);
    }
  }));
  const open = a.requests.filter((r) => !r.received);
  const openRows = a.approved_on ? h("a", { href: `#/programs/${programId}/cases/${a.id}` }, t("program.duties")) : approve;
  const requestRows = open.map((r) => {
    const got = h("button", { class: "link", id: `received-${r.id}` }, t("program.received"));
      got.addEventListener("click", busy(got, async () => {
        await api.post(`/programs/${programId}/requests/${r.id}/received`, {});
        await refresh();
      }));
      return h("div", { class: "bad" }, t("program.request_due", { document: r.document, due: r.due }), " ", got);
  });
  actions.append(openRows, h("details", null, h("summary", null, t("program.request_documents")), doc, due, ask), ...requestRows);
  return h("tr", { id: `queue-${a.id}`, class: a.eligible ? "" : "bad" },
    h("td", null, a.id), h("td", null, a.applicant), h("td", null, a.service), h("td", null, a.submitted_at),
    h("td", null, a.priority),
    h("td", null, a.eligible ? (a.incomplete.length === 0 ? t("program.eligible") : t("program.incomplete")) : t("program.ineligible"),
      h("ul", null, [...a.refusals, ...a.incomplete].map((f) => h("li", null, f.field ? `${f.field}: ${f.reason}` : f.reason)))),
    h("td", { class: "app-status" }, statusLabel(a), a.status_reason ? h("div", { class: "hint" }, a.status_reason) : null),
    actions);
}
