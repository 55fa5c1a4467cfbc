// Import a filled Excel template (or a CSV): download the template with this inventory's
// sources, choose the filled file, see every row and every problem (row, column, what to do)
// in a preview that saves nothing, then save all rows at once. A file with errors cannot be
// saved; the preview says which rows to fix.
import * as api from "../api";
import { append, download, h } from "../dom";
import { t } from "../i18n";
import { periodLabel } from "../format";
import { busy, diagnosticList, showError, status } from "../ui";
import { inventoryContext, inventoryNav } from "./org";

interface PreviewRow {
  row: number;
  source: string;
  period: string | null;
  amount: number | null;
  unit: string | null;
  evidence: string;
  note: string;
  ok: boolean;
}
interface Preview {
  valid?: boolean;
  rows?: number;
  errors: number;
  warnings?: number;
  skipped?: number;
  items: PreviewRow[];
  diagnostics: api.Diagnostic[];
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function importPage(main: HTMLElement, id: number): Promise<void> {
  const { inventory, orgName } = await inventoryContext(id);
  const templateButton = h("button", { id: "download-template" }, t("import.download_template"));
  templateButton.addEventListener(
    "click",
    busy(templateButton, async () => {
      try {
        download(await api.blob(`/inventories/${id}/activity/template`), `activity-template-${inventory.year}.xlsx`);
      } catch (error) {
        showError(preview, error);
      }
    }),
  );
  const file = h("input", { type: "file", id: "import-file", accept: `.xlsx,.csv,${XLSX},text/csv` });
  const preview = h("section", { id: "import-preview", "aria-live": "polite" });
  let chosen: File | null = null;

  const send = (dryRun: boolean) => {
    const format = chosen!.name.toLowerCase().endsWith(".csv") ? "csv" : "xlsx";
    return api.upload<Preview>(
      `/inventories/${id}/activity/import?format=${format}&dry_run=${dryRun}`,
      chosen!,
      format === "csv" ? "text/csv" : XLSX,
    );
  };

  file.addEventListener("change", async () => {
    preview.replaceChildren();
    chosen = file.files?.[0] ?? null;
    if (!chosen) return;
    try {
      render(await send(true));
    } catch (error) {
      showError(preview, error);
    }
  });

  function render(answer: Preview): void {
    const errors = answer.errors ?? 0;
    const ok = answer.items.filter((i) => i.ok).length;
    append(preview, [
      h("h2", null, t("import.preview")),
      h("p", { id: "import-summary", class: errors > 0 ? "error" : "status" },
        errors > 0 ? t("import.has_errors", { rows: answer.items.length, errors }) : t("import.ready", { rows: ok })),
      answer.diagnostics.length > 0 ? diagnosticList(answer.diagnostics) : null,
      h(
        "table",
        { class: "grid", id: "import-rows" },
        h("thead", null, h("tr", null,
          [t("import.row"), t("entry.source"), t("import.period"), t("import.amount"), t("entry.unit"), t("import.evidence"), t("import.state")]
            .map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, answer.items.map((item) =>
          h("tr", { class: item.ok ? "" : "bad" },
            h("td", { class: "num" }, String(item.row)),
            h("td", null, item.source),
            h("td", null, item.period ? periodLabel(item.period) : "—"),
            h("td", { class: "num" }, item.amount === null ? "—" : String(item.amount)),
            h("td", null, item.unit ?? "—"),
            h("td", null, item.evidence),
            h("td", null, item.ok ? "✓" : t("import.fix_row"))))),
      ),
    ]);
    if (errors === 0 && ok > 0) {
      const commit = h("button", { class: "primary", id: "import-commit" }, t("import.commit", { rows: ok }));
      commit.addEventListener(
        "click",
        busy(commit, async () => {
          try {
            const saved = await send(false);
            preview.replaceChildren(
              status(t("import.saved", { rows: saved.items?.length ?? ok })),
              h("a", { class: "button", href: `#/inv/${id}` }, t("inv.dashboard")),
            );
          } catch (error) {
            showError(preview, error);
          }
        }),
      );
      preview.append(commit);
    }
  }

  main.append(
    inventoryNav(inventory, orgName, "import"),
    h("h1", null, t("import.title")),
    h("ol", { class: "how" },
      h("li", null, t("import.step1"), " ", templateButton),
      h("li", null, t("import.step2")),
      h("li", null, h("label", { for: "import-file" }, t("import.step3")), " ", file),
    ),
    preview,
  );
}
