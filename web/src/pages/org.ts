// An organization: its facilities and inventories, with the way into the guided set-up, the
// monthly entry, the dashboard, the outputs and the verification of each inventory.
import { append, h } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { visitsPanel } from "./visits";
import { tonnes, yearLabel } from "../format";

export async function orgPage(main: HTMLElement, id: number): Promise<void> {
  const [org, facilities, inventories] = await Promise.all([
    inv.getOrganization(id),
    inv.listFacilities(id),
    inv.listInventories(id),
  ]);
  append(main, [
    h("h1", null, org.name),
    org.name_en ? h("p", { class: "sub" }, org.name_en) : null,
    h(
      "p",
      null,
      h("a", { class: "button primary", href: `#/org/${id}/setup`, id: "start-setup" }, t("org.setup")),
      " ",
      h("a", { class: "button", href: `#/org/${id}/footprints`, id: "org-footprints" }, t("org.footprints")),
    ),
    h(
      "nav",
      { class: "tabs", id: "org-nav", "aria-label": t("org.nav") },
      h("a", { href: `#/org/${id}/offsets`, id: "org-offsets" }, t("ofs.projects")),
      h("a", { href: `#/org/${id}/offset-ledger`, id: "org-ledger" }, t("ofs.ledger")),
      h("a", { href: `#/org/${id}/support`, id: "org-support" }, t("sup.title")),
    ),
    h("h2", null, t("org.facilities")),
    facilities.length === 0
      ? h("p", null, t("org.no_facilities"))
      : h("ul", null, facilities.map((f) => h("li", null, `${f.code} ${f.name}`))),
    h("h2", null, t("org.inventories")),
  ]);
  if (inventories.length === 0) {
    main.append(h("p", null, t("org.no_inventories")), await visitsPanel(id));
    return;
  }
  const list = h("ul", { class: "inventories" });
  for (const inventory of inventories) {
    const result = await inv.storedResult(inventory.id);
    list.append(
      h(
        "li",
        null,
        h("strong", null, yearLabel(inventory.year)),
        " ",
        result?.total_co2e_kg !== undefined
          ? h("span", { class: "badge" }, `${tonnes(result.total_co2e_kg)} t CO2e`)
          : null,
        h(
          "span",
          { class: "links" },
          h("a", { href: `#/inv/${inventory.id}` }, t("inv.dashboard")),
          h("a", { href: `#/inv/${inventory.id}/entry` }, t("inv.entry")),
          h("a", { href: `#/inv/${inventory.id}/import` }, t("inv.import")),
          h("a", { href: `#/inv/${inventory.id}/reductions` }, t("inv.reductions")),
          h("a", { href: `#/inv/${inventory.id}/outputs` }, t("inv.outputs")),
          h("a", { href: `#/inv/${inventory.id}/versions` }, t("inv.versions")),
        ),
      ),
    );
  }
  main.append(list, await visitsPanel(id));
}

/// The sub-navigation of an inventory's pages.
export function inventoryNav(inventory: inv.Inventory, orgName: string, active: string): HTMLElement {
  const link = (key: string, href: string, label: string) =>
    h("a", { href, "aria-current": key === active ? "page" : undefined }, label);
  return h(
    "div",
    { class: "inv-head" },
    h(
      "p",
      { class: "crumbs" },
      h("a", { href: `#/org/${inventory.organization_id}` }, orgName),
      " › ",
      yearLabel(inventory.year),
    ),
    h(
      "nav",
      { class: "tabs", "aria-label": t("inv.nav") },
      link("dashboard", `#/inv/${inventory.id}`, t("inv.dashboard")),
      link("entry", `#/inv/${inventory.id}/entry`, t("inv.entry")),
      link("import", `#/inv/${inventory.id}/import`, t("inv.import")),
      link("reductions", `#/inv/${inventory.id}/reductions`, t("inv.reductions")),
      link("cbam", `#/inv/${inventory.id}/cbam`, t("inv.cbam")),
      link("carbonfee", `#/inv/${inventory.id}/carbonfee`, t("inv.carbonfee")),
      link("outputs", `#/inv/${inventory.id}/outputs`, t("inv.outputs")),
      link("versions", `#/inv/${inventory.id}/versions`, t("inv.versions")),
    ),
  );
}

/// The inventory and its organization's name, for a page's heading.
export async function inventoryContext(id: number): Promise<{ inventory: inv.Inventory; orgName: string }> {
  const inventory = await inv.getInventory(id);
  const org = await inv.getOrganization(inventory.organization_id);
  return { inventory, orgName: org.name };
}
