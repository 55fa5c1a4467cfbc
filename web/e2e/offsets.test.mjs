// Offset projects (issue 9, OFS-1 to OFS-5): a consultant takes a factory's lighting project from
// feasibility to issued credits. The consultant assigned to the demo factory creates a planned
// LED retrofit under AMS-II.C/lighting (first with an expected saving above the micro-scale
// limit, refused at its field), records every stage of OFS-4 with its date, responsible party
// and documents, enters the 2024 monitoring data, and sees the credits; the factory's ledger
// shows them issued, and the monitoring report (PDF) carries the number.
//
// Hand calculation (calculate_lighting in src/core/offsets/calculate.cpp, AMS-II.C; the same
// numbers as data/examples/offsets/lighting-planned.yaml): 500 lamps, 40 W → 18 W, 3,600 h,
// national grid factor 0.494 t CO2/MWh, no grid loss l, every replaced lamp scrapped (f = 1):
//   E_BL = n × P_BL × O / 10^6 / (1 − l) = 500 × 40 × 3600 / 10^6 = 72 MWh
//   E_PJ = 500 × 18 × 3600 / 10^6 = 32.4 MWh
//   BE = 72 × 0.494 = 35.568 t,  PE = 32.4 × 0.494 = 16.0056 t,  LE = BE × (1 − f) = 0
//   ER = 35.568 − 16.0056 − 0 = 19.5624 t CO2e → credits floor(19.5624) = 19 t CO2e.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useServer, loginAs, demoPassword, see, pdfText } from "./harness.mjs";

const env = useServer();

const STAGES = [
  ["feasibility", "2023-03-01", "綠點永續顧問 張顧問", "", "專案開發與可行性評估"],
  ["plan", "2023-05-15", "範例螺絲 與 綠點永續顧問", "微型抵換專案計畫書 v1.0", "計畫書製備"],
  ["validation", "2023-07-10", "查驗機構", "確證報告 VAL-23-118", "確證"],
  ["registration", "2023-09-01", "環境部", "註冊核准函", "註冊申請"],
];
const LATER = [
  ["monitoring_report", "2025-01-20", "範例螺絲 能源管理員", "監測報告書 2024", "監測報告書"],
  ["verification", "2025-03-05", "查驗機構", "查證報告 VER-25-031", "查證"],
  ["credit_application", "2025-03-20", "範例螺絲", "額度申請書", "額度申請"],
  ["issued", "2025-05-02", "環境部", "額度核發函", "額度核發"],
];

async function recordStage(page, [stage, date, responsible, documents, label]) {
  await see(page, "#ofs-stage");
  await page.selectOption("#ofs-stage", stage);
  await page.fill("#ofs-stage-date", date);
  await page.fill("#ofs-stage-responsible", responsible);
  await page.fill("#ofs-stage-documents", documents);
  await page.click("#ofs-stage-save");
  await page.waitForFunction((text) => document.querySelector("#ofs-current-stage")?.textContent?.includes(text), label);
}

test("a consultant takes a factory's lighting project from feasibility to issued credits", async () => {
  const page = await loginAs(env.browser, env.server.url, "consultant@demo.test", demoPassword("consultant@demo.test"));
  await page.goto(`${env.server.url}/#/org/2`);
  await see(page, "#org-offsets");
  await page.click("#org-offsets");
  await see(page, "#ofs-create");

  await page.fill("#ofs-code", "LIGHT-2024");
  await page.fill("#ofs-name", "LED 照明汰換");
  await page.selectOption("#ofs-method", "AMS-II.C/lighting");
  await page.fill("#ofs-start", "2024-01-01");
  await page.fill("#ofs-end", "2033-12-31");
  await page.fill("#ofs-additionality", "無法規要求汰換堪用之螢光燈（備忘錄 ADD-2023-01）");
  for (const [condition, evidence] of [["L1", "照度調查 LS-01"], ["L2", "500 支燈管報廢證明"], ["L3", "年節電 39.6 MWh"]]) {
    await page.check(`#ofs-cond-${condition}`);
    await page.fill(`#ofs-cond-${condition}-evidence`, evidence);
  }
  await page.fill("#ofs-equipment-type", "LED 燈管 18 W");
  await page.fill("#ofs-equipment-count", "500");
  await page.fill("#ofs-equipment-scrapped", "500");
  // Bad input: 25,000 MWh/yr is above the micro-scale limit of 20,000 MWh/yr
  // (data/offsets/scale-limits.yaml); the message is at the field and nothing is saved.
  await page.fill("#ofs-expected-saving", "25000");
  await page.click("#ofs-create");
  await page.waitForFunction(() => document.querySelector("#ofs-expected-saving-error")?.textContent?.length > 0);
  assert.match(await page.textContent("#ofs-expected-saving-error"), /20000/);
  assert.equal(await page.inputValue("#ofs-code"), "LIGHT-2024");
  await page.fill("#ofs-expected-saving", "39.6");
  await page.fill("#ofs-expected-reduction", "19.56");
  await page.click("#ofs-create");
  await see(page, "#ofs-progress");
  assert.match(await page.textContent("#ofs-current-stage"), /尚未開始/);

  for (const stage of STAGES) await recordStage(page, stage);

  // Monitoring data of 2024; the server computes the reduction with the method.
  await page.fill("#ofs-period", "2024");
  await page.fill("#ofs-from", "2024-01-01");
  await page.fill("#ofs-to", "2024-12-31");
  await page.fill("#ofs-p-n_units", "500");
  await page.fill("#ofs-p-baseline_power_w", "40");
  await page.fill("#ofs-p-project_power_w", "18");
  await page.fill("#ofs-p-operating_hours", "3600");
  await page.click("#ofs-period-save");
  await see(page, "#ofs-periods");
  assert.equal((await page.textContent("#ofs-total-reduction")).trim(), "19.5624");
  assert.equal((await page.textContent("#ofs-total-credits")).trim(), "19");
  assert.match(await page.textContent("#ofs-results"), /35\.568/);

  for (const stage of LATER) await recordStage(page, stage);
  assert.equal(await page.getAttribute('#ofs-progress li[data-stage="issued"]', "class"), "current");
  assert.equal(await page.locator("#ofs-stage-list tbody tr").count(), 8);

  // The monitoring report carries the credits.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#ofs-monitoring-pdf")]);
  const file = join(env.server.dir, "monitoring.pdf");
  await download.saveAs(file);
  const text = pdfText(file);
  assert.match(text, /監測報告書/);
  assert.match(text, /減量額度合計:\s*19\s*t CO2e/);
  assert.match(text, /19\.5624/);

  // The ledger: 19 credits issued to the proponent (the demo factory), serials 1–19, active.
  await page.click('nav.tabs a[href="#/org/2/offset-ledger"]');
  await see(page, "#ledger-issued");
  assert.equal((await page.textContent("#ledger-issued")).trim(), "19");
  const block = page.locator("#ledger-blocks tbody tr").first();
  assert.match(await block.textContent(), /1–19/);
  assert.match(await block.textContent(), /LIGHT-2024/);
  assert.equal(await block.getAttribute("data-status"), "active");
  assert.match(await page.textContent("#ledger-events"), /核發/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// The onsite-support service (2023 program annex 6): the factory asks for help with its
// monitoring report; its consultant records the visit and an issue, then how it was solved. Not
// new to offsets and a mandatory reporter, asking at a credit stage: priority 3.
test("a factory asks for onsite support and the visit and a solved issue are recorded", async () => {
  const factory = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await factory.goto(`${env.server.url}/#/org/2`);
  await see(factory, "#org-support");
  await factory.click("#org-support");
  await see(factory, "#sup-new");
  await factory.click("#sup-new summary");
  await factory.selectOption("#sup-stage", "monitoring_report");
  await factory.check("text=The site is a mandatory (first-batch) reporter");
  // Bad input: no date; the server's message is at the field.
  await factory.click("#sup-save");
  await factory.waitForFunction(() => document.querySelector("#sup-requested-on-error")?.textContent?.length > 0);
  assert.match(await factory.textContent("#sup-requested-on-error"), /requested_on/);
  await factory.fill("#sup-requested-on", "2025-01-05");
  await factory.click("#sup-save");
  await see(factory, ".support-request");
  assert.match(await factory.textContent(".support-request"), /priority 3/);
  assert.deepEqual(factory.problems, []);
  await factory.context().close();

  const page = await loginAs(env.browser, env.server.url, "consultant@demo.test", demoPassword("consultant@demo.test"));
  await page.goto(`${env.server.url}/#/org/2/support`);
  await see(page, ".support-request");
  const id = await page.getAttribute(".support-request", "data-id");
  await page.click(`.support-request >> text=登錄訪廠紀錄`);
  await page.fill(`#sv${id}-date`, "2025-01-15");
  await page.fill(`#sv${id}-hours`, "4");
  await page.fill(`#sv${id}-visitor`, "張顧問");
  await page.fill(`#sv${id}-summary`, "檢視運轉時數紀錄");
  await page.click(`#sv${id}-save`);
  await see(page, ".support-request >> text=檢視運轉時數紀錄");
  await page.click(`.support-request >> text=登錄問題`);
  await page.fill(`#si${id}-raised-on`, "2025-01-15");
  await page.fill(`#si${id}-description`, "三月缺兩具記錄器數據");
  await page.click(`#si${id}-save`);
  await see(page, ".support-request tr.bad >> text=三月缺兩具記錄器數據");
  await page.fill("[id$=-resolution]", "以照明排程保守補值");
  await page.fill("[id$=-solved-on]", "2025-01-20");
  await page.click("[id^=ss][id$=-save]");
  await see(page, ".support-request >> text=以照明排程保守補值");
  assert.equal(await page.locator(".support-request tr.bad").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
