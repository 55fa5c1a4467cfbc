// Outputs (INV-6): the MOENV register workbook, the result as CSV and JSON, the activity records,
// and the inventory report and procedure as PDF (printed by the server's headless Chromium with
// Chinese fonts) or HTML, in zh-TW or English. Each is computed from what is stored now.
import { h } from "../dom";
import { lang, t } from "../i18n";
import { inventoryContext, inventoryNav } from "./org";

export async function outputsPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const base = `/api/v1/inventories/${id}`;
  const item = (linkId: string, href: string, label: string, explain: string, file: string) =>
    h("li", null, h("a", { class: "button", id: linkId, href, download: file }, label), h("span", { class: "hint" }, explain));
  const y = inventory.year;
  main.append(
    inventoryNav(inventory, orgName, "outputs"),
    h("h1", null, t("out.title")),
    h("ul", { class: "outputs" },
      item("out-simple", `${base}/register?format=simple`, t("out.simple"), t("out.simple_explain"), `simple-register-${y}.xlsx`),
      item("out-register", `${base}/register?format=xlsx`, t("out.register"), t("out.register_explain"), `register-${y}.xlsx`),
      item("out-report", `${base}/report?format=pdf&lang=${lang()}`, t("out.report"), t("out.report_explain"), `report-${y}.pdf`),
      item("out-procedure", `${base}/procedure?format=pdf&lang=${lang()}`, t("out.procedure"), t("out.procedure_explain"), `procedure-${y}.pdf`),
      item("out-csv", `${base}/register?format=csv`, t("out.csv"), t("out.csv_explain"), `result-${y}.csv`),
      item("out-json", `${base}/register?format=json`, t("out.json"), t("out.json_explain"), `result-${y}.json`),
      item("out-activity", `${base}/activity/export?format=csv`, t("out.activity"), t("out.activity_explain"), `activity-${y}.csv`),
    ),
    h("p", null, h("a", { href: `${base}/report?format=html&lang=${lang()}`, target: "_blank" }, t("out.report_html"))),
  );
}
