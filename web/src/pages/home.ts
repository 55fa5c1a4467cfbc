// The start page for each role: a factory goes to its organization; a consultant sees the
// portfolio of assigned factories with progress and data problems; a verifier sees the versions
// shared with it; an administrator sees every organization.
import * as api from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { tonnes, yearLabel } from "../format";
import * as session from "../session";
import { orgPage } from "./org";

interface Progress {
  months: number;
  records: number;
  problems: number;
  total?: number;
}

async function progress(inventory: inv.Inventory): Promise<Progress> {
  const records = await inv.listActivity(inventory.id);
  const months = new Set(records.map((r) => r.period.slice(0, 7))).size;
  let problems = 0;
  try {
    const document = await api.get<unknown>(`/inventories/${inventory.id}/document`);
    const checked = await api.post<{ diagnostics?: api.Diagnostic[] }>("/inventory/validate", document);
    problems = (checked.diagnostics ?? []).length;
  } catch (error) {
    if (error instanceof api.ApiError) problems = Math.max(error.diagnostics.length, 1);
    else throw error;
  }
  const result = await inv.storedResult(inventory.id);
  return { months, records: records.length, problems, total: result?.total_co2e_kg };
}

async function portfolio(main: HTMLElement, factories: session.Organization[]): Promise<void> {
  const body = h("tbody");
  const page = [
    h("h1", null, t("portfolio.title")),
    h("p", { class: "lead" }, t("portfolio.lead", { count: factories.length })),
    h(
      "table",
      { class: "grid", id: "portfolio" },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, t("portfolio.factory")),
          h("th", { scope: "col" }, t("portfolio.inventory")),
          h("th", { scope: "col" }, t("portfolio.months")),
          h("th", { scope: "col" }, t("portfolio.records")),
          h("th", { scope: "col" }, t("portfolio.problems")),
          h("th", { scope: "col" }, t("portfolio.total")),
        ),
      ),
      body,
    ),
  ];
  for (const org of factories) {
    const inventories = await inv.listInventories(org.id);
    if (inventories.length === 0) {
      body.append(
        h(
          "tr",
          null,
          h("td", null, h("a", { href: `#/org/${org.id}` }, org.name)),
          h("td", { colspan: 5 }, t("portfolio.no_inventory")),
        ),
      );
    }
    for (const inventory of inventories) {
      const p = await progress(inventory);
      body.append(
        h(
          "tr",
          { dataset: { org: String(org.id) } },
          h("td", null, h("a", { href: `#/org/${org.id}` }, org.name)),
          h("td", null, h("a", { href: `#/inv/${inventory.id}` }, yearLabel(inventory.year))),
          h("td", { class: "num" }, `${p.months} / 12`),
          h("td", { class: "num" }, String(p.records)),
          h("td", { class: p.problems > 0 ? "num bad" : "num" }, String(p.problems)),
          h("td", { class: "num" }, p.total === undefined ? "—" : tonnes(p.total)),
        ),
      );
    }
  }
  main.append(...page);
}

export async function homePage(main: HTMLElement): Promise<void> {
  if (session.hasRole("verifier")) {
    // Only while the start page is still what is asked for (not after a later navigation).
    if (location.hash === "" || location.hash === "#/") location.hash = "#/verify";
    return;
  }
  if (session.hasRole("supplier")) {
    if (location.hash === "" || location.hash === "#/") location.hash = "#/supply";
    return;
  }
  const orgs = await session.organizations();
  const factories = orgs.filter((o) => o.kind === "factory");
  if (session.hasRole("consultant") || session.hasRole("administrator")) {
    await portfolio(main, factories);
    if (session.hasRole("administrator")) {
      main.append(h("p", null, h("a", { href: "#/admin" }, t("home.admin_link"))));
    }
    return;
  }
  const own = orgs.filter((o) => o.id === session.ownOrg());
  if (own.length === 1) return orgPage(main, own[0].id);
  main.append(
    h("h1", null, t("home.title")),
    own.length === 0
      ? h("p", null, t("home.no_org"))
      : h(
          "ul",
          null,
          own.map((o) => h("li", null, h("a", { href: `#/org/${o.id}` }, o.name))),
        ),
  );
}
