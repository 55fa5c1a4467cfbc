// The central factory's view of a study's supply chain (central-satellite mode, DEM-2): each
// first-tier supplier with its status (invited, in progress, submitted, accepted, needs
// correction), reminders, the footprint it shared, and the actions: invite (a link with the
// code), remind (with a due date), accept (the study then uses it as primary data), ask for a
// correction. Invitations and reminders are mailed to e-mail contacts; the mail column shows the
// latest mail's status (queued, sent, failed with its error), and the page says when the server
// has no mail server, so mail stays in the outbox.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import * as fp from "../footprint";
import { t } from "../i18n";
import * as inv from "../inventory";
import { busy, showError } from "../ui";
import { kg, studyNav } from "./footprint";

const statuses: fp.Status[] = ["invited", "in_progress", "submitted", "accepted", "needs_correction"];
/// DEM-2: the central factory and at least five first-tier suppliers.
const kMinSatellites = 5;

interface DocSupplier {
  id?: string;
  supplier?: string;
  part?: string;
}

function action(label: string, id: string, work: () => Promise<unknown>, where: HTMLElement): HTMLButtonElement {
  const button = h("button", { class: "small", id }, label);
  button.addEventListener("click", busy(button, async () => {
    try {
      await work();
      location.reload();
    } catch (error) {
      showError(where, error);
    }
  }));
  return button;
}

function actions(request: fp.SupplyRequest, main: HTMLElement): HTMLElement {
  const cell = h("td", { class: "actions" });
  const base = `/supply-requests/${request.id}`;
  if (["invited", "in_progress", "needs_correction"].includes(request.status)) {
    const due = h("input", { type: "date", id: `remind-due-${request.id}`, "aria-label": t("chain.due"), title: t("chain.due") });
    cell.append(due, action(t("chain.remind"), `remind-${request.id}`,
      () => api.post(`${base}/remind`, due.value ? { due_date: due.value } : {}), main));
  }
  if (request.status === "submitted") {
    cell.append(action(t("chain.accept"), `accept-${request.id}`, () => api.post(`${base}/accept`), main));
  }
  if (request.status === "submitted" || request.status === "accepted") {
    const note = h("input", { id: `note-${request.id}`, "aria-label": t("chain.note") , placeholder: t("chain.note") });
    cell.append(note, action(t("chain.correct"), `correct-${request.id}`, async () => {
      if (!note.value.trim()) throw new Error(t("chain.need_note"));
      await api.post(`${base}/needs-correction`, { note: note.value.trim() });
    }, main));
  }
  return cell;
}

function mailCell(request: fp.SupplyRequest): HTMLElement {
  const mail = request.mail;
  if (!mail) return h("td", { class: "mail" }, request.contact ? t("chain.mail_none") : "—");
  return h("td", { class: `mail mail-${mail.status}`, dataset: { mail: mail.status } },
    `${t(`chain.mail_kind.${mail.kind}`)}: ${t(`chain.mail_status.${mail.status}`)}`,
    h("p", { class: "sub" }, mail.recipient),
    mail.attempts ? h("p", { class: "sub" }, t("chain.mail_attempts", { count: mail.attempts })) : null,
    mail.status === "sent" ? h("p", { class: "sub" }, mail.sent_at.slice(0, 16).replace("T", " ")) : null,
    mail.last_error ? h("p", { class: "sub error-text" }, mail.last_error) : null);
}

function shared(request: fp.SupplyRequest): string {
  const pcf = request.footprint?.pcf;
  if (!pcf?.pCfExcludingBiogenic) return "—";
  return `${kg(Number(pcf.pCfExcludingBiogenic))} kg CO2e / ${pcf.declaredUnit ?? ""}`;
}

export async function chainPage(main: HTMLElement, id: number): Promise<void> {
  const study = await fp.study(id);
  const [organization, chain] = await Promise.all([inv.getOrganization(study.organization_id), fp.chain(id)]);
  const joined = chain.items.length;
  main.append(
    studyNav(study, organization.name, "chain"),
    h("h1", null, t("chain.title")),
    h("p", { class: "lead" }, t("chain.lead")),
    h("p", { id: "chain-mode", class: joined >= kMinSatellites ? "ok" : "bad" },
      t("chain.mode", { count: joined, min: kMinSatellites })),
    h("p", { id: "chain-mail-server", class: chain.mail_server ? "ok" : "bad" },
      t(chain.mail_server ? "chain.mail_server" : "chain.mail_outbox")),
    h("ul", { class: "badges", id: "chain-counts" }, statuses.map((s) =>
      h("li", { dataset: { status: s } }, `${t(`status.${s}`)}: ${chain.by_status[s] ?? 0}`))),
    h("table", { class: "grid", id: "chain" },
      h("thead", null, h("tr", null, [t("chain.key"), t("chain.supplier"), t("chain.part"), t("chain.status"),
        t("chain.reminders"), t("chain.mail"), t("chain.shared"), t("chain.link"), t("chain.actions")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, chain.items.map((r) => h("tr", { dataset: { key: r.supplier_key, status: r.status }, id: `request-${r.id}` },
        h("td", null, r.supplier_key),
        h("td", null, r.supplier_name, r.supplier_org_name ? h("span", { class: "sub" }, ` (${r.supplier_org_name})`) : null),
        h("td", null, r.part),
        h("td", { class: `status status-${r.status}` }, t(`status.${r.status}`), r.note ? h("p", { class: "sub" }, r.note) : null),
        h("td", { class: "num" }, r.reminder_count ? `${r.reminder_count} (${r.reminded_at.slice(0, 10)})` : "0"),
        mailCell(r),
        h("td", null, shared(r), r.shared_at ? h("p", { class: "sub" }, r.shared_at.slice(0, 10)) : null),
        h("td", null, r.status === "invited" && r.invite_code
          ? h("input", { readonly: true, class: "invite-link", value: fp.inviteLink(r.invite_code), "aria-label": t("chain.link") })
          : "—"),
        actions(r, main))))),
  );
  main.append(inviteForm(study, chain.items, main));
}

function inviteForm(study: fp.Study, existing: fp.SupplyRequest[], main: HTMLElement): HTMLElement {
  // The document's suppliers not yet invited, so a key, name and part come from the study.
  const documented = ((study.document?.suppliers as DocSupplier[] | undefined) ?? []).filter(
    (s) => s.id && !existing.some((r) => r.supplier_key === s.id));
  const key = h("input", { list: "chain-keys" });
  const name = h("input");
  const part = h("input");
  const contact = h("input", { type: "email" });
  key.addEventListener("input", () => {
    const chosen = documented.find((s) => s.id === key.value);
    if (chosen) {
      name.value = chosen.supplier ?? "";
      part.value = chosen.part ?? "";
    }
  });
  const send = h("button", { class: "primary", id: "invite" }, t("chain.invite"));
  const form = h("section", { class: "card", id: "invite-form" }, h("h2", null, t("chain.new")),
    h("datalist", { id: "chain-keys" }, documented.map((s) => h("option", { value: s.id }, `${s.id} ${s.supplier ?? ""}`))),
    field("invite-supplier_key", t("chain.key"), key, t("chain.key_hint")),
    field("invite-supplier_name", t("chain.supplier"), name), field("invite-part", t("chain.part"), part),
    field("invite-contact", t("chain.contact"), contact, t("chain.contact_hint")), send);
  send.addEventListener("click", busy(send, async () => {
    ["supplier_key", "supplier_name", "part", "contact"].forEach((f) => setFieldError(`invite-${f}`, ""));
    try {
      await api.post(`/footprint-studies/${study.id}/chain`, {
        supplier_key: key.value.trim(), supplier_name: name.value.trim(), part: part.value.trim(),
        ...(contact.value.trim() ? { contact: contact.value.trim() } : {}),
      });
      location.reload();
    } catch (error) {
      const where = error instanceof api.ApiError ? error.where.field : undefined;
      if (where && document.getElementById(`invite-${where}`)) setFieldError(`invite-${where}`, (error as Error).message);
      else showError(main, error);
    }
  }));
  return form;
}
