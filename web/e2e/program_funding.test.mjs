// A program case's funding ledger and a change request in the browser (issue 8, DEM-5, DEM-7,
// DEM-9): the office approves a central-satellite case of the 2014 program, records its approved
// budget and an expense, and sees it split between government and own funds; an expense beyond
// its cost item is refused and nothing is booked; the guidance unit asks to drop one satellite,
// the office approves, and the government funds drop by the seed's deduction.
//
// Worked by hand (seed 004 貳.五.1 and 陸.三.3.(2); data/programs/2014-cfp-demonstration.yaml):
//   central-satellite: government NT$357,000 + own funds at least NT$252,000 = NT$609,000.
//   The plan's cost items: personnel 300,000 + travel 60,000 + business 189,000 +
//   verification 60,000 = 609,000.
//   Expense 100,000 of personnel, split in the approved proportion (S 伍.三):
//     government = 100,000 × 357,000 / 609,000 = 58,620.69 → 58,621 (half up); own = 41,379.
//   Personnel left 300,000 − 100,000 = 200,000, so 250,000 more is refused.
//   Dropping 1 of 6 satellites (5 left, the minimum): 357,000 − 33,600 = 323,400 government;
//   government left 323,400 − 58,621 = 264,779.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, loginAs, demoPassword, see } from "./harness.mjs";

const env = useServer();
const P14 = "2014-cfp-demonstration";

async function call(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": sessionStorage.getItem("cl_csrf") ?? "" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, { method, path, body });
}

function centralApplication() {
  return {
    mode: "central_satellite",
    factory: { name: "中衛示範電子", ubn: "22099104", factory_registration: "99654321", manufacturer: true, sme: true },
    guidance_unit: { name: "綠點永續顧問有限公司", ubn: "27934855", registrations: ["SD1-ghg"], certified_staff: 4 },
    product: { name: "LED 燈條", boundary: "cradle_to_gate", standard: "ISO/TS 14067:2013" },
    satellites: Array.from({ length: 6 }, (_, k) => ({ name: `衛星廠 ${k + 1}`, ubn: "04595257", manufacturer: true, registry_printout: `gcis-${k}.pdf` })),
    documents: { checklist: "a.pdf", registry_printout: "b.pdf", plan: "c.pdf", basic_data: "d.xlsx", unit_registration: "e.pdf", staff_certificates: "f.pdf" },
    consents: { willingness: true },
  };
}

test("the office keeps a central-satellite case's ledger and a dropped satellite deducts government funds", async () => {
  const office = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  const made = await call(office, "POST", `/programs/${P14}/applications`,
    { application: centralApplication(), organization_id: 2, submitted: "2014-02-19T10:00" });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;

  // The office approves the case in the intake queue, then opens its ledger.
  await office.goto(`${env.server.url}/#/programs/${P14}/intake`);
  await see(office, `#approve-${id}`);
  await office.click(`#approve-${id}`);
  await see(office, `#queue-${id} a[href$="/cases/${id}"]`);
  await office.goto(`${env.server.url}/#/programs/${P14}/cases/${id}/funding`);
  await see(office, "#funding-setup");
  await office.fill("#setup-cost_items", "personnel,人事費,300000\ntravel,差旅費,60000\nbusiness,業務費,189000\nverification,查證費,60000");
  await office.click("#setup-save");
  await see(office, "#funding-funds");
  assert.match(await office.textContent("#fund-government"), /政府經費\s*NT\$ 357,000\s*NT\$ 0\s*NT\$ 357,000/);
  assert.match(await office.textContent("#fund-own"), /自籌款\s*NT\$ 252,000/);
  assert.match(await office.textContent("#fund-total"), /NT\$ 609,000/);

  await office.fill("#expense-date", "2014-04-15");
  await office.selectOption("#expense-cost_item", "personnel");
  await office.fill("#expense-amount", "100000");
  await office.fill("#expense-description", "專職人員 4 月薪資");
  await office.click("#expense-save");
  await see(office, "#funding-expenses");
  const row = office.locator("#funding-expenses tbody tr").first();
  assert.match(await row.textContent(), /2014-04-15（民國103年4月15日）/);
  assert.equal((await row.locator(".split-government").textContent()).trim(), "NT$ 58,621");
  assert.equal((await row.locator(".split-own").textContent()).trim(), "NT$ 41,379");
  assert.match(await office.textContent("#item-personnel"), /NT\$ 300,000\s*NT\$ 58,621\s*NT\$ 41,379\s*NT\$ 200,000/);

  // Bad input: 250,000 more of personnel, of which 200,000 are left: refused at the cost item.
  await office.fill("#expense-date", "2014-04-20");
  await office.fill("#expense-amount", "250000");
  await office.fill("#expense-description", "超支");
  await office.click("#expense-save");
  await see(office, "#expense-cost_item-error:not(:empty)");
  assert.match(await office.textContent("#expense-cost_item-error"), /NT\$200,000 of NT\$300,000/);
  assert.equal(await office.locator("#funding-expenses tbody tr").count(), 1);
  assert.deepEqual(office.problems, []);

  // The guidance unit (the demo's consultant of org 2) asks to drop one satellite by 2014-07-31.
  const unit = await loginAs(env.browser, env.server.url, "consultant@demo.test", demoPassword("consultant@demo.test"));
  await unit.goto(`${env.server.url}/#/programs/${P14}/cases/${id}/funding`);
  await see(unit, "#change-form");
  await unit.selectOption("#change-kind", "satellite_change");
  await unit.selectOption("#change-action", "drop");
  await unit.fill("#change-details_drop", "1");
  await unit.fill("#change-date", "2014-06-01");
  await unit.fill("#change-reason", "衛星廠 6 停產");
  await unit.click("#change-save");
  await see(unit, "#change-list .change-status.pending");
  assert.match(await unit.textContent("#change-list"), /減少 1 家衛星廠/);
  assert.equal(await unit.locator("[id^=decide-approve-]").count(), 0); // only the office decides
  assert.deepEqual(unit.problems, []);
  await unit.context().close();

  await office.reload();
  await see(office, "#change-list");
  const change = (await office.locator("#change-list tbody tr").first().getAttribute("id")).replace("change-", "");
  await office.fill(`#decide-date-${change}`, "2014-06-10");
  await office.fill(`#decide-note-${change}`, "同意減少 1 家");
  await office.click(`#decide-approve-${change}`);
  await see(office, "#change-list .change-status.approved");
  assert.match(await office.textContent("#fund-government"), /政府經費\s*NT\$ 323,400\s*NT\$ 58,621\s*NT\$ 264,779/);
  assert.match(await office.textContent("#funding-funds .hint"), /現有 5 家，減扣 NT\$ 33,600/);

  // The ledger across cases.
  await office.goto(`${env.server.url}/#/programs/${P14}/funding`);
  await see(office, `#funding-case-${id}`);
  assert.match(await office.textContent(`#funding-case-${id}`), /NT\$ 323,400\s*NT\$ 252,000\s*NT\$ 58,621\s*NT\$ 41,379\s*NT\$ 264,779\s*NT\$ 210,621\s*0/);
  assert.deepEqual(office.problems, []);
  await office.context().close();
});
