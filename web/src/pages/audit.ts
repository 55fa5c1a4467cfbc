// The audit history (administrator): every change with who, when, what and why, page by page,
// optionally one kind of record only, and the check of the hash chain that shows whether any
// entry was edited or removed.
import * as api from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { busy, showError, status } from "../ui";

interface Entry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  reason: string;
}

const kinds = ["", "activity_records", "sources", "inventories", "findings", "inventory_versions", "evidence_files",
  "inventory_stages", "activity_comments", "site_visits", "reduction_proposals", "users"];

export async function auditPage(main: HTMLElement): Promise<void> {
  const entity = h("select", { id: "audit-entity", "aria-label": t("audit.entity") },
    kinds.map((k) => h("option", { value: k }, k || t("audit.all"))));
  const body = h("tbody");
  const more = h("button", { id: "audit-more" }, t("audit.more"));
  const verify = h("button", { id: "audit-verify" }, t("audit.verify"));
  const result = h("div", { id: "audit-result" });
  let offset: number | null = 0;

  async function load(reset: boolean): Promise<void> {
    if (reset) {
      body.replaceChildren();
      offset = 0;
    }
    if (offset === null) return;
    const page: { items: Entry[]; next_offset: number | null } = await api.get(
      `/audit?limit=100&offset=${offset}${entity.value ? `&entity=${encodeURIComponent(entity.value)}` : ""}`);
    body.append(...page.items.map((e) => h("tr", null,
      h("td", { class: "num" }, String(e.seq)), h("td", null, e.at), h("td", null, e.actor), h("td", null, e.action),
      h("td", null, `${e.entity} ${e.entity_id}`), h("td", null, e.reason))));
    offset = page.next_offset;
    more.disabled = offset === null;
  }
  entity.addEventListener("change", () => void load(true).catch((error) => showError(result, error)));
  more.addEventListener("click", busy(more, () => load(false).catch((error) => void showError(result, error))));
  verify.addEventListener("click", busy(verify, async () => {
    result.replaceChildren();
    try {
      const report = await api.get<{ intact: boolean; entries: number; first_bad_seq: number; problem: string }>("/audit/verify");
      result.append(report.intact
        ? status(t("audit.intact", { count: report.entries }))
        : h("p", { class: "error", role: "alert" }, t("audit.broken", { seq: report.first_bad_seq, problem: report.problem })));
    } catch (error) {
      showError(result, error);
    }
  }));
  main.append(h("h1", null, t("audit.title")), h("p", { class: "lead" }, t("audit.lead")),
    h("div", { class: "actions" }, entity, verify), result,
    h("table", { class: "grid", id: "audit-list" },
      h("thead", null, h("tr", null, ["#", t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.record"), t("audit.reason")].map((c) => h("th", { scope: "col" }, c)))),
      body),
    more);
  await load(true);
}
