// Shared page pieces: error boxes, diagnostics lists, headings with the inventory's context.
import { ApiError, Diagnostic } from "./api";
import { h } from "./dom";
import { t } from "./i18n";

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function showError(where: HTMLElement, error: unknown): HTMLElement {
  const box = h("div", { class: "error", role: "alert" }, errorText(error));
  if (error instanceof ApiError && error.diagnostics.length > 0) box.append(diagnosticList(error.diagnostics));
  where.append(box);
  return box;
}

/// Each problem with where it is: "row 3, amount: … ".
export function diagnosticList(diagnostics: Diagnostic[]): HTMLElement {
  return h(
    "ul",
    { class: "diagnostics" },
    diagnostics.map((d) =>
      h(
        "li",
        { class: d.severity === "warning" ? "warning" : "problem" },
        d.where?.row ? `${t("where.row", { row: d.where.row })}` : null,
        d.where?.field ? ` ${d.where.field}: ` : d.where?.row ? ": " : null,
        d.message,
      ),
    ),
  );
}

export function busy(button: HTMLButtonElement, work: () => Promise<void>): () => Promise<void> {
  return async () => {
    button.disabled = true;
    try {
      await work();
    } finally {
      button.disabled = false;
    }
  };
}

export function status(text: string): HTMLElement {
  return h("p", { class: "status", role: "status" }, text);
}
