// Outputs (INV-6): the MOENV register workbook, the result as CSV and JSON, the activity records,
// and the inventory report and procedure as PDF (printed by the server's headless Chromium with
// Chinese fonts) or HTML, in zh-TW or English. Each is computed from what is stored now.
import * as api from "../api";
import { download, h } from "../dom";
import { lang, t } from "../i18n";
import { busy, showError } from "../ui";
import { inventoryContext, inventoryNav } from "./org";

/// A button that fetches `path` (under /api/v1) and saves it as `file`; a refusal (an invalid
/// inventory's problems, a failed print) is shown beside it.
export function downloadButton(buttonId: string, path: string, label: string, file: string): HTMLElement {
  const button = h("button", { id: buttonId }, label);
  const message = h("div", { class: "download-message" });
  button.addEventListener("click", busy(button, async () => {
    message.replaceChildren();
    button.setAttribute("aria-busy", "true");
    try {
      download(await api.blob(path), file);
    } catch (error) {
      showError(message, error);
    } finally {
      button.removeAttribute("aria-busy");
    }
  }));
  return h("span", { class: "download" }, button, message);
}

export async function outputsPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const base = `/inventories/${id}`;
  const item = (linkId: string, href: string, label: string, explain: string, file: string) =>
    h("li", null, downloadButton(linkId, href, label, file), h("span", { class: "hint" }, explain));
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
    h("p", null, h("a", { href: `/api/v1${base}/report?format=html&lang=${lang()}`, target: "_blank" }, t("out.report_html"))),
  );
}
