// Verification from the factory's side (VER-1, VER-2): freeze the inventory as a version, share a
// version with the verification body, read the verifier's findings and answer them, and compare
// two versions line by line after a correction.
import * as api from "../api";
import { field, h } from "../dom";
import { t } from "../i18n";
import { tonnes } from "../format";
import * as session from "../session";
import { busy, showError, status } from "../ui";
import { inventoryContext, inventoryNav } from "./org";
import { findingsList, Finding } from "./verify";
import { stagesPanel } from "./stages";

interface Version {
  id: number;
  version: number;
  frozen_at: string;
  frozen_by: string;
  reason: string;
  total_co2e_kg: number;
  shared_with?: number[];
}
interface DiffLine {
  kind: string;
  key: string;
  change: string;
  fields?: string[];
}

export async function versionsPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const versions = (await api.get<{ items: Version[] }>(`/inventories/${id}/versions`)).items;
  const orgs = await session.organizations();
  const verifiers = orgs.filter((o) => o.kind === "verifier");
  main.append(inventoryNav(inventory, orgName, "versions"), h("h1", null, t("ver.title")),
    await stagesPanel(id, inventory.organization_id), h("p", { class: "lead" }, t("ver.lead")));

  const reason = h("input", { placeholder: t("ver.freeze_reason_placeholder") });
  const freeze = h("button", { class: "primary", id: "freeze" }, t("ver.freeze"));
  const freezeBox = h("div", { class: "card" }, field("freeze-reason", t("ver.freeze_reason"), reason), freeze);
  freeze.addEventListener("click", busy(freeze, async () => {
    try {
      await api.post(`/inventories/${id}/versions`, { reason: reason.value.trim() || "for verification" });
      location.reload();
    } catch (error) {
      showError(freezeBox, error);
    }
  }));
  main.append(freezeBox);

  for (const version of versions) {
    const card = h("section", { class: "card version", id: `version-${version.version}` },
      h("h2", null, t("ver.version", { n: version.version }), " ", h("span", { class: "badge" }, `${tonnes(version.total_co2e_kg)} t CO2e`)),
      h("p", { class: "hint" }, `${version.frozen_at} · ${version.frozen_by} · ${version.reason}`));
    if (verifiers.length > 0) {
      const pick = h("select", { "aria-label": t("ver.share_with") }, verifiers.map((v) => h("option", { value: v.id }, v.name)));
      const share = h("button", { class: "small" }, t("ver.share"));
      share.addEventListener("click", busy(share, async () => {
        try {
          await api.post(`/inventories/${id}/versions/${version.version}/shares`, { organization_id: Number(pick.value) });
          card.append(status(t("ver.shared")));
        } catch (error) {
          showError(card, error);
        }
      }));
      card.append(h("div", { class: "actions" }, pick, share,
        (version.shared_with ?? []).length > 0 ? h("span", { class: "hint" }, t("ver.shared_with_count", { count: (version.shared_with ?? []).length })) : null));
    }
    const findings = (await api.get<{ items: Finding[] }>(`/inventories/${id}/versions/${version.version}/findings`)).items;
    card.append(h("h3", null, t("ver.findings", { count: findings.length })), findingsList(findings, "answer"));
    main.append(card);
  }

  if (versions.length >= 2) {
    const from = h("select", { id: "diff-from" }, versions.map((v) => h("option", { value: v.version }, String(v.version))));
    const to = h("select", { id: "diff-to" }, versions.map((v, i) => h("option", { value: v.version, selected: i === versions.length - 1 }, String(v.version))));
    const out = h("div", { id: "diff-out" });
    const compare = h("button", { id: "diff" }, t("ver.compare"));
    compare.addEventListener("click", busy(compare, async () => {
      out.replaceChildren();
      try {
        const diff = await api.get<{ lines: DiffLine[]; totals: Record<string, { before: number; after: number; delta: number }> }>(
          `/inventories/${id}/diff?from=${from.value}&to=${to.value}`);
        out.append(
          h("table", { class: "grid" },
            h("thead", null, h("tr", null, [t("ver.kind"), t("ver.key"), t("ver.change"), t("ver.fields")].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", null, diff.lines.map((l) => h("tr", { class: l.change }, h("td", null, l.kind), h("td", null, l.key), h("td", null, l.change), h("td", null, (l.fields ?? []).join(", ")))))),
          h("ul", null, Object.entries(diff.totals).map(([k, v]) => h("li", null, `${k}: ${tonnes(v.before)} → ${tonnes(v.after)} t (Δ ${tonnes(v.delta)})`))),
        );
      } catch (error) {
        showError(out, error);
      }
    }));
    main.append(h("section", { class: "card" }, h("h2", null, t("ver.diff")), h("div", { class: "actions" }, from, "→", to, compare), out));
  }
}
