// The follow-up after the program (成效追蹤表, APP-5; seed 004 陸.五: 計畫結束後 3 年內) in the
// browser: a factory enters three years of results, the follow-up duty turns done only after the
// third, a second record of a year without "replace" is refused at its field; the office's
// follow-up list and program report show the sum and its workbook; the guidance unit's list page
// shows the missing document and marks the overdue duties; the application form downloads as PDF with the company's
// name and unified business number.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useServer, loginAs, demoPassword, see, readXlsx, pdfText } from "./harness.mjs";

const env = useServer();
const P14 = "2014-cfp-demonstration";
const NAME = "北辰精密螺絲股份有限公司";
const UBN = "22099131"; // weighted digit sum 30, divisible by 10 (tests/api/cases/program)

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

let caseId = 0;

test("the office approves a case of the demo factory with a document still missing", async () => {
  const office = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  const made = await call(office, "POST", `/programs/${P14}/applications`, {
    application: {
      mode: "single_factory",
      factory: { name: NAME, ubn: UBN, factory_registration: "99654321", manufacturer: true, sme: true },
      guidance_unit: { name: "綠點永續顧問有限公司", ubn: "27934855", registrations: ["SD1-ghg"], certified_staff: 4 },
      product: { name: "螺栓", boundary: "cradle_to_gate", standard: "ISO/TS 14067:2013" },
      documents: { checklist: "a.pdf", registry_printout: "b.pdf", plan: "c.pdf", basic_data: "d.xlsx", unit_registration: "e.pdf", staff_certificates: "f.pdf" },
      consents: { willingness: true },
    },
    organization_id: 2, submitted: "2014-02-18T09:00" });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  caseId = made.body.id;
  const request = await call(office, "POST", `/programs/${P14}/applications/${caseId}/requests`,
    { document: "工廠登記證明文件", due: "2099-01-31" });
  assert.equal(request.status, 201, JSON.stringify(request.body));
  const approved = await call(office, "POST", `/programs/${P14}/applications/${caseId}/approve`, { date: "2014-03-20" });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  await office.context().close();
});

// Execution ends 2014-11-30 (S 貳.七), so year N is due 2014-11-30 + N years: 2015-11-30
// (民國104年), 2016-11-30, 2017-11-30, all past: overdue until reported.
// Worked by hand: reductions 12.5 + 20.25 + 7.75 = 40.5 t CO2e; year 1 alone 12.5 t.
test("a factory enters three years of follow-up results and the duty turns done after the third", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${env.server.url}/#/programs/${P14}/cases/${caseId}`);
  await see(page, "#follow-up");
  assert.match(await page.textContent("#fu-years-year-1"), /2015-11-30（民國104年11月30日）/);
  assert.match(await page.textContent("#duty-follow_up .duty-status"), /逾期/);
  assert.match(await page.textContent("#duty-follow_up"), /0 \/ 3/);

  const years = [
    { year: "1", date: "2015-12-01", emissions: "1000", reduction: "12.5" },
    { year: "2", date: "2016-12-01", emissions: "980", reduction: "20.25" },
    { year: "3", date: "2017-12-01", emissions: "975", reduction: "7.75" },
  ];
  for (const [index, entry] of years.entries()) {
    await page.selectOption("#fu-year", entry.year);
    await page.fill("#fu-reported", entry.date);
    await page.fill("#fu-emissions", entry.emissions);
    await page.fill("#fu-reduction", entry.reduction);
    await page.fill("#fu-measures", `第 ${entry.year} 年：空壓機汰換`);
    await page.click("#fu-save");
    await page.waitForFunction((n) => document.querySelector("#fu-progress")?.textContent?.includes(`已填報 ${n} / 3 年`), index + 1);
    const duty = await page.textContent("#duty-follow_up");
    assert.match(duty, new RegExp(`${index + 1} / 3`));
    if (index < 2) assert.doesNotMatch(await page.getAttribute("#duty-follow_up .duty-status", "class"), /done/);
  }
  await see(page, "#duty-follow_up .duty-status.done");

  // A second record of year 1 without "replace": refused at the year, year 1 keeps 12.5 t.
  await page.selectOption("#fu-year", "1");
  await page.fill("#fu-emissions", "1");
  await page.fill("#fu-reduction", "99");
  await page.click("#fu-save");
  await see(page, "#fu-year-error:not(:empty)");
  assert.match(await page.textContent("#fu-year-error"), /already reported/);
  const stored = await call(page, "GET", `/programs/${P14}/applications/${caseId}/follow-up`);
  assert.equal(stored.body.years[0].record.reduction_t, 12.5);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const office = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  await office.goto(`${env.server.url}/#/programs/${P14}/follow-ups`);
  await see(office, "#fu-report");
  assert.match(await office.textContent(`#fu-case-${caseId}`), /已填報 3 \/ 3 年/);
  assert.equal((await office.textContent("#fu-total")).trim(), "40.50");
  assert.match(await office.textContent("#fu-by-year-1"), /12\.50/);
  const [download] = await Promise.all([office.waitForEvent("download"), office.click("#fu-report-xlsx")]);
  const file = join(env.server.dir, "follow-up.xlsx");
  await download.saveAs(file);
  // 彙總 sheet: the year rows start at row 5 (year 1: D5), the total follows year 3 (D8).
  const cells = readXlsx(file, ["彙總 Summary!A5", "彙總 Summary!D5", "彙總 Summary!D6", "彙總 Summary!D7", "彙總 Summary!D8"]);
  assert.deepEqual(cells, { "彙總 Summary!A5": 1, "彙總 Summary!D5": 12.5, "彙總 Summary!D6": 20.25, "彙總 Summary!D7": 7.75, "彙總 Summary!D8": 40.5 });
  assert.deepEqual(office.problems, []);
  await office.context().close();
});

// The kickoff was due a month after the approval (S 參.4): 2014-04-20, not recorded, overdue.
test("the guidance unit's list shows its case's missing document and overdue duties", async () => {
  const page = await loginAs(env.browser, env.server.url, "consultant@demo.test", demoPassword("consultant@demo.test"));
  await page.goto(`${env.server.url}/#/programs/${P14}/cases`);
  await see(page, `#case-${caseId}`);
  assert.match(await page.textContent(`#case-${caseId} .case-missing`), /工廠登記證明文件，期限 2099-01-31（民國188年1月31日）/);
  assert.match(await page.textContent(`#case-${caseId} .case-duties .overdue`), /啟始會議.*2014-04-20（民國103年4月20日）/);
  assert.match(await page.getAttribute(`#case-${caseId}`, "class"), /bad/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the application form downloads as PDF with the company's name and unified business number", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${env.server.url}/#/programs/${P14}/apply`);
  await see(page, `#form-pdf-${caseId}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`#form-pdf-${caseId}`)]);
  const file = join(env.server.dir, "application.pdf");
  await download.saveAs(file);
  const text = pdfText(file);
  assert.match(text, new RegExp(NAME));
  assert.match(text, new RegExp(UBN));
  assert.match(text, /受輔導廠商統一編號/);
  assert.match(text, /Factory UBN/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
