// The versions of a footprint study: every saved state read back from the audit trail (who saved
// it, when, why, its total) and any version compared with the study as it is now, stage by stage.
import * as api from "../api";
import { h } from "../dom";
import * as fp from "../footprint";
import { timestampLabel } from "../format";
import { t } from "../i18n";
import * as inv from "../inventory";
import { busy, showError } from "../ui";
import { comparisonTable, kg, studyNav, type Comparison } from "./footprint";

interface Version {
  version: number;
  at: string;
  actor: string;
  action: "create" | "update";
  reason: string;
  total_kg_co2e: number | null;
  declared_unit?: string;
  problem?: string;
}

export async function studyVersionsPage(main: HTMLElement, id: number): Promise<void> {
  const study = await fp.study(id);
  const organization = await inv.getOrganization(study.organization_id);
  main.append(studyNav(study, organization.name, "versions"), h("h1", null, study.product_name),
    h("p", { class: "lead" }, t("fpv.lead")));
  const { items } = await api.get<{ items: Version[] }>(`/footprint-studies/${id}/versions`);
  const out = h("div", { id: "fpv-compare" });
  const latest = items.length;
  const compare = (version: number) => {
    const go = h("button", { dataset: { version: String(version) } }, t("fpv.compare_now"));
    go.addEventListener("click", busy(go, async () => {
      out.replaceChildren();
      try {
        const c = await api.get<Comparison>(`/footprint-studies/${id}/versions/${version}/compare`);
        out.append(h("h2", null, t("fpv.compared", { a: version, b: latest })), comparisonTable(c));
      } catch (error) {
        showError(out, error);
      }
    }));
    return go;
  };
  main.append(
    h("table", { class: "grid", id: "fpv-list" },
      h("thead", null, h("tr", null, [t("fpv.version"), t("fpv.at"), t("fpv.actor"), t("fpv.reason"), "kg CO2e", ""]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, items.map((v) => h("tr", { dataset: { version: String(v.version) } },
        h("td", { class: "num" }, v.version === latest ? `${v.version} ${t("fpv.current")}` : String(v.version)),
        h("td", null, timestampLabel(v.at)), h("td", null, v.actor),
        h("td", null, v.reason || t(v.action === "create" ? "fpv.created" : "fpv.updated")),
        h("td", { class: "num" }, v.total_kg_co2e === null ? (v.problem ?? "—") : kg(v.total_kg_co2e)),
        h("td", null, v.version === latest ? "" : compare(v.version)))))),
    out);
}
