// The organization's credit ledger (減量額度帳, OFS-5): the verified reductions and what was
// issued against them, the credits by serial number with holder and status, the balances, every
// event, and — for the factory that holds them — transfer, use (against excess emissions or an
// EIA increment, or voluntary) and retirement. A credit already used or retired is refused by
// the server (offsets.credit_used) and the message shown.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import * as inv from "../inventory";
import { number } from "../format";
import { busy, showError } from "../ui";
import * as ofs from "../offsets/model";
import { offsetsNav } from "./offsets";

export async function offsetLedgerPage(main: HTMLElement, orgId: number): Promise<void> {
  const [org, ledger] = await Promise.all([inv.getOrganization(orgId), ofs.getLedger(orgId)]);
  const head = (cells: string[]) => h("thead", null, h("tr", null, cells.map((c) => h("th", { scope: "col" }, c))));
  main.append(
    offsetsNav(orgId, org.name, "ledger"),
    h("h1", null, t("ofs.ledger")),
    h("p", { class: "lead" }, t("led.lead")),
    h("p", { class: "total" }, `${t("led.issued")}: `, h("strong", { id: "ledger-issued" }, String(ledger.issued)), " t CO2e"),
    h("h2", null, t("led.verified")),
    h("table", { class: "grid", id: "ledger-verified" },
      head([t("led.project"), t("ofs.period"), t("ofs.reduction"), t("led.verification"), t("led.issued")]),
      h("tbody", null, ledger.verified.map((v) => h("tr", null, h("td", null, v.project), h("td", null, v.period),
        h("td", { class: "num" }, number(v.reduction_t, 4)), h("td", null, v.verification), h("td", { class: "num" }, String(v.issued)))))),
    h("h2", null, t("led.credits")),
    h("table", { class: "grid", id: "ledger-blocks" },
      head([t("led.serials"), t("led.project"), t("ofs.period"), t("led.holder"), t("led.status"), t("led.purpose"), t("led.reference")]),
      h("tbody", null, ledger.blocks.map((b) => h("tr", { dataset: { status: b.status } },
        h("td", null, b.first === b.last ? String(b.first) : `${b.first}–${b.last}`), h("td", null, b.project), h("td", null, b.period),
        h("td", null, b.holder), h("td", null, t(`led.status.${b.status}` as Parameters<typeof t>[0])),
        h("td", null, b.purpose ? t(`led.purpose.${b.purpose}` as Parameters<typeof t>[0]) : "—"), h("td", null, b.reference))))),
    h("h2", null, t("led.balances")),
    h("table", { class: "grid", id: "ledger-balances" },
      head([t("led.holder"), t("led.status.active"), t("led.status.used"), t("led.status.retired")]),
      h("tbody", null, Object.entries(ledger.balances).map(([holder, b]) => h("tr", null, h("td", null, holder),
        h("td", { class: "num" }, number(b.active, 0)), h("td", { class: "num" }, number(b.used, 0)), h("td", { class: "num" }, number(b.retired, 0)))))),
    ledger.can_move ? moveForm(orgId, ledger) : h("p", { class: "hint" }, t("led.factory_decides")),
    h("h2", null, t("led.events")),
    h("table", { class: "grid", id: "ledger-events" },
      head([t("led.when"), t("led.action"), t("led.project"), t("led.from"), t("led.to"), t("led.quantity"), t("led.serials"), t("led.reference")]),
      h("tbody", null, ledger.events.map((e) => h("tr", { dataset: { action: e.action } }, h("td", null, e.created_at.slice(0, 10)),
        h("td", null, t(`led.action.${e.action}` as Parameters<typeof t>[0])), h("td", null, e.project), h("td", null, e.from || "—"),
        h("td", null, e.to || "—"), h("td", { class: "num" }, String(e.quantity)),
        h("td", null, e.serial_first !== null ? `${e.serial_first}–${e.serial_last}` : "—"), h("td", null, e.reference))))),
  );
}

function moveForm(orgId: number, ledger: ofs.Ledger): HTMLElement {
  const holders = Object.entries(ledger.balances).filter(([, b]) => b.active > 0).map(([holder]) => holder);
  const action = h("select", null, ["use", "transfer", "retire"].map((a) => h("option", { value: a }, t(`led.action.${a}` as Parameters<typeof t>[0]))));
  const from = h("select", null, holders.map((holder) => h("option", { value: holder }, holder)));
  const to = h("input");
  const purpose = h("select", null, ["excess_emissions", "eia_increment", "voluntary"].map((p) => h("option", { value: p }, t(`led.purpose.${p}` as Parameters<typeof t>[0]))));
  const first = h("input", { type: "number", min: "1" });
  const last = h("input", { type: "number", min: "1" });
  const quantity = h("input", { type: "number", min: "1" });
  const reference = h("input");
  const save = h("button", { class: "primary", id: "ledger-save" }, t("led.record"));
  const form = h("section", { class: "card", id: "ledger-move" }, h("h2", null, t("led.move")),
    field("led-action", t("led.action"), action), field("led-from", t("led.holder"), from), field("led-to", t("led.to"), to, t("led.to_hint")),
    field("led-purpose", t("led.purpose"), purpose), field("led-first", t("led.first"), first), field("led-last", t("led.last"), last),
    field("led-quantity", t("led.quantity"), quantity, t("led.quantity_hint")), field("led-reference", t("led.reference"), reference), save);
  save.addEventListener("click", busy(save, async () => {
    form.querySelectorAll(".field-error").forEach((e) => { e.textContent = ""; });
    form.querySelectorAll(".error").forEach((e) => e.remove());
    const body: Record<string, unknown> = { action: action.value, from: from.value, reference: reference.value.trim() };
    if (action.value === "transfer") body.to = to.value.trim();
    if (action.value === "use") body.purpose = purpose.value;
    if (first.value && last.value) {
      body.serial_first = Number(first.value);
      body.serial_last = Number(last.value);
    } else if (quantity.value) {
      body.quantity = Number(quantity.value);
    } else {
      return setFieldError("led-quantity", t("led.need_quantity"));
    }
    try {
      await api.post(`/orgs/${orgId}/offset-ledger`, body);
      location.reload();
    } catch (error) {
      showError(form, error);
    }
  }));
  return form;
}
