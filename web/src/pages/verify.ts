// The verifier's side (VER-2): the versions shared with its organization; for one version, the
// inventory as frozen (totals and every source line), the findings raised on it or on one of its
// lines, and the form to raise another; closing a finding once the factory has answered it.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import { tonnes, yearLabel } from "../format";
import { busy, showError } from "../ui";

export interface Finding {
  id: number;
  version: number;
  record_kind: string;
  record_key: string;
  severity: string;
  text: string;
  status: string;
  created_by: string;
  created_at: string;
  answers: { id: number; text: string; created_by: string; created_at: string }[];
}

/// Findings with their answers; `mode` "answer" gives the factory's answer form, "close" the
/// verifier's close/reopen button.
export function findingsList(findings: Finding[], mode: "answer" | "close"): HTMLElement {
  if (findings.length === 0) return h("p", { class: "hint" }, t("ver.no_findings"));
  return h("ul", { class: "findings" }, findings.map((finding) => {
    const item = h("li", { class: `finding ${finding.status}`, id: `finding-${finding.id}` },
      h("p", null,
        h("span", { class: `badge ${finding.severity}` }, t(`sev.${finding.severity}` as "sev.observation")), " ",
        h("span", { class: "badge" }, t(`status.${finding.status}` as "status.open")), " ",
        finding.record_key ? h("code", null, `${finding.record_kind} ${finding.record_key}`) : null, " ",
        finding.text),
      h("p", { class: "hint" }, `${finding.created_by} · ${finding.created_at}`),
      finding.answers.length > 0
        ? h("ul", { class: "answers" }, finding.answers.map((a) => h("li", null, `↳ ${a.text}`, h("span", { class: "hint" }, ` — ${a.created_by}`))))
        : null,
    );
    if (mode === "answer" && finding.status !== "closed") {
      const text = h("textarea", { rows: 2 });
      const send = h("button", { class: "small" }, t("ver.answer"));
      const form = h("div", { class: "answer-form" }, field(`answer-${finding.id}`, t("ver.your_answer"), text), send);
      send.addEventListener("click", busy(send, async () => {
        setFieldError(`answer-${finding.id}`, "");
        if (!text.value.trim()) return setFieldError(`answer-${finding.id}`, t("ver.need_text"));
        try {
          await api.post(`/findings/${finding.id}/answers`, { text: text.value.trim() });
          location.reload();
        } catch (error) {
          showError(form, error);
        }
      }));
      item.append(form);
    }
    if (mode === "close") {
      const next = finding.status === "closed" ? "open" : "closed";
      const button = h("button", { class: "small" }, next === "closed" ? t("ver.close") : t("ver.reopen"));
      button.addEventListener("click", busy(button, async () => {
        try {
          await api.patch(`/findings/${finding.id}`, { status: next });
          location.reload();
        } catch (error) {
          showError(item, error);
        }
      }));
      item.append(button);
    }
    return item;
  }));
}

interface Shared {
  id: number;
  inventory_id: number;
  version: number;
  year: number;
  organization: string;
  frozen_at: string;
  shared_at: string;
}

export async function verifyPage(main: HTMLElement): Promise<void> {
  const shared = (await api.get<{ items: Shared[] }>("/shared-versions")).items;
  main.append(h("h1", null, t("verify.title")), h("p", { class: "lead" }, t("verify.lead")));
  if (shared.length === 0) {
    main.append(h("p", null, t("verify.none")));
    return;
  }
  main.append(h("table", { class: "grid", id: "shared" },
    h("thead", null, h("tr", null, [t("portfolio.factory"), t("portfolio.inventory"), t("ver.version_col"), t("verify.shared_at")].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, shared.map((s) => h("tr", null,
      h("td", null, s.organization),
      h("td", null, yearLabel(s.year)),
      h("td", null, h("a", { href: `#/inv/${s.inventory_id}/v/${s.version}` }, t("ver.version", { n: s.version }))),
      h("td", null, s.shared_at))))));
}

interface VersionFull {
  version: number;
  total_co2e_kg: number;
  frozen_at: string;
  content: { organization?: { name?: string }; year?: number; sources?: { id: string; name: string }[]; activity?: { id?: string; source: string; period: string; amount: number; unit: string; evidence?: string }[] };
  result: { sources?: { id: string; name: string; co2e_kg: number; factor: string }[] };
}

export async function versionReviewPage(main: HTMLElement, inventoryId: number, version: number): Promise<void> {
  const full = await api.get<VersionFull>(`/inventories/${inventoryId}/versions/${version}`);
  const findings = (await api.get<{ items: Finding[] }>(`/inventories/${inventoryId}/versions/${version}/findings`)).items;
  const lines = full.result.sources ?? [];
  const records = full.content.activity ?? [];
  main.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/verify" }, t("verify.title")), " › ", full.content.organization?.name ?? "", " › ", t("ver.version", { n: version })),
    h("h1", null, `${full.content.organization?.name ?? ""} ${full.content.year ? yearLabel(full.content.year) : ""}`),
    h("p", { class: "total-line", id: "version-total" }, `${t("dash.total")}: ${tonnes(full.total_co2e_kg)} t CO2e · ${t("ver.frozen_at")} ${full.frozen_at}`),
    h("table", { class: "grid", id: "version-sources" },
      h("thead", null, h("tr", null, [t("entry.source"), t("dash.emissions"), t("dash.factor")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, lines.map((l) => h("tr", null, h("td", null, `${l.id} ${l.name}`), h("td", { class: "num" }, `${tonnes(l.co2e_kg)} t`), h("td", null, l.factor))))),
  );

  const severity = h("select", null, ["nonconformity", "observation", "clarification"].map((s) => h("option", { value: s }, t(`sev.${s}` as "sev.observation"))));
  const target = h("select", null,
    h("option", { value: "" }, t("verify.whole_version")),
    lines.map((l) => h("option", { value: `source:${l.id}` }, `${t("verify.source")} ${l.id} ${l.name}`)),
    records.filter((r) => r.id).map((r) => h("option", { value: `activity:${r.id}` }, `${t("verify.record")} ${r.id}: ${r.source} ${r.period} ${r.amount} ${r.unit}`)));
  const text = h("textarea", { rows: 3 });
  const raise = h("button", { class: "primary", id: "raise-finding" }, t("verify.raise"));
  const form = h("section", { class: "card", id: "finding-form" }, h("h2", null, t("verify.new_finding")),
    field("finding-severity", t("verify.severity"), severity),
    field("finding-target", t("verify.target"), target),
    field("finding-text", t("verify.text"), text), raise);
  raise.addEventListener("click", busy(raise, async () => {
    setFieldError("finding-text", "");
    if (!text.value.trim()) return setFieldError("finding-text", t("ver.need_text"));
    const [kind, key] = target.value ? target.value.split(":") : ["", ""];
    try {
      await api.post(`/inventories/${inventoryId}/versions/${version}/findings`, {
        severity: severity.value, text: text.value.trim(), ...(kind ? { record_kind: kind, record_key: key } : {}),
      });
      location.reload();
    } catch (error) {
      if (error instanceof api.ApiError && error.where.field === "text") setFieldError("finding-text", error.message);
      else showError(form, error);
    }
  }));
  main.append(h("h2", null, t("ver.findings", { count: findings.length })), findingsList(findings, "close"), form);
}
