// The supplier's workspace (DEM-2, a first-tier supplier): join a customer's request with the
// code of its link, compute the footprint of the part in its own studies, and share it (the
// server exports it as a PACT ProductFootprint and validates it). The supplier sees only the
// requests addressed to it and its own studies, never its customer's study.
import * as api from "../api";
import { field, h } from "../dom";
import * as fp from "../footprint";
import { t } from "../i18n";
import * as session from "../session";
import { busy, showError, status } from "../ui";
import { kg, studyUpload } from "./footprint";

function shareCell(request: fp.SupplyRequest, own: fp.Study[], main: HTMLElement): HTMLElement {
  if (!["in_progress", "needs_correction"].includes(request.status)) return h("td", null, "—");
  const choice = h("select", { id: `share-study-${request.id}`, "aria-label": t("supply.study") },
    own.map((s) => h("option", { value: s.id }, `${s.code} · ${s.product_name}`)));
  const share = h("button", { class: "primary small", id: `share-${request.id}` }, t("supply.share"));
  share.addEventListener("click", busy(share, async () => {
    try {
      await api.post(`/supply-requests/${request.id}/share`, { study_id: Number(choice.value) });
      location.reload();
    } catch (error) {
      showError(main, error);
    }
  }));
  return h("td", null, choice, share);
}

export async function supplierPage(main: HTMLElement, code = ""): Promise<void> {
  const org = session.ownOrg();
  main.append(h("h1", null, t("supply.title")), h("p", { class: "lead" }, t("supply.lead")));
  const input = h("input", { value: code });
  const join = h("button", { class: "primary", id: "join" }, t("supply.join"));
  const joinForm = h("section", { class: "card", id: "join-form" }, h("h2", null, t("supply.join_title")),
    field("join-code", t("supply.code"), input, t("supply.code_hint")), join);
  join.addEventListener("click", busy(join, async () => {
    joinForm.querySelectorAll(".error, .status").forEach((e) => e.remove());
    try {
      const joined = await api.post<fp.SupplyRequest>("/supply-invitations/join", { code: input.value.trim() });
      joinForm.append(status(t("supply.joined", { customer: joined.customer_name ?? "", part: joined.part })));
      if (location.hash === "#/supply") location.reload();
      else location.hash = "#/supply";
    } catch (error) {
      showError(joinForm, error);
    }
  }));
  main.append(joinForm);
  if (org === null) return;
  const [requests, own] = await Promise.all([fp.myRequests(), fp.studies(org)]);
  const results = await Promise.all(own.map(async (s) => {
    try {
      return await fp.result(s.id);
    } catch {
      return null;
    }
  }));
  main.append(
    h("h2", null, t("supply.requests")),
    requests.length === 0 ? h("p", null, t("supply.no_requests")) : h("table", { class: "grid", id: "supply-requests" },
      h("thead", null, h("tr", null, [t("supply.customer"), t("chain.part"), t("chain.status"), t("chain.shared"), t("supply.share")]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, requests.map((r) => h("tr", { dataset: { status: r.status }, id: `supply-${r.id}` },
        h("td", null, r.customer_name ?? ""), h("td", null, r.part),
        h("td", { class: `status status-${r.status}` }, t(`status.${r.status}`), r.note ? h("p", { class: "sub" }, r.note) : null),
        h("td", null, r.footprint?.pcf?.pCfExcludingBiogenic
          ? `${kg(Number(r.footprint.pcf.pCfExcludingBiogenic))} kg CO2e / ${r.footprint.pcf.declaredUnit}` : "—"),
        shareCell(r, own, main))))),
    h("h2", null, t("supply.studies")),
    own.length === 0 ? h("p", null, t("fp.none")) : h("ul", { class: "inventories", id: "supply-studies" }, own.map((s, i) =>
      h("li", null, h("a", { href: `#/fp/${s.id}` }, s.product_name), " ", h("span", { class: "sub" }, s.code), " ",
        results[i] ? h("span", { class: "badge" }, `${kg(results[i]!.total_kg_co2e)} kg CO2e / ${results[i]!.declared_unit}`) : null))),
    studyUpload(org, () => location.reload()),
  );
}
