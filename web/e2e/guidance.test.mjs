// The guidance around the inventory (issue 6): a consultant comments on a record and records a
// site visit with its signed record; the factory tracks the six verification stages (in order)
// and records a reduction proposal whose CO2e saving and payback the report carries.
//   50,000 kWh saved × 0.474 kg CO2e/kWh (tw.moea.grid.2024, the demo's S09 factor)
//   = 23,700 kg = 23.700 t a year; payback 200,000 TWD / 150,000 TWD a year = 1.33 years.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useServer, root, loginAs, demoPassword, see, pdfText } from "./harness.mjs";

const env = useServer();

test("a consultant comments on a record and records a site visit", async () => {
  const page = await loginAs(env.browser, env.server.url, "consultant@demo.test", demoPassword("consultant@demo.test"));
  await page.goto(`${env.server.url}/#/inv/1/entry`);
  await see(page, "#entry-grid");
  await page.click('#entry-grid input[aria-label="S02 2024-01"]');
  await see(page, "#entry-detail .comments-box");
  await page.fill("#entry-detail .comments-box textarea", "一月瓦斯帳單請附上熱值欄位");
  await page.click("#entry-detail .comments-box button");
  await see(page, "#entry-detail .comments >> text=一月瓦斯帳單請附上熱值欄位");

  await page.goto(`${env.server.url}/#/org/2`);
  await see(page, "#visits");
  await page.click("#visits summary");
  // Bad input: no date. The message is at the field; what was typed stays.
  await page.fill("#visit-visitor", "張顧問");
  await page.fill("#visit-purpose", "空壓機現勘");
  await page.click("#visit-save");
  assert.match(await page.textContent("#visit-date-error"), /訪視日期/);
  assert.equal(await page.inputValue("#visit-visitor"), "張顧問");
  await page.fill("#visit-date", "2025-03-14");
  await page.setInputFiles("#visit-file", join(root, "tests/fixtures/evidence/bill.pdf"));
  await page.click("#visit-save");
  await see(page, "#visit-list >> text=空壓機現勘");
  assert.match(await page.textContent("#visit-list"), /📎/);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // The factory sees the consultant's comment on its record.
  const factory = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await factory.goto(`${env.server.url}/#/inv/1/entry`);
  await see(factory, "#entry-grid");
  await factory.click('#entry-grid input[aria-label="S02 2024-01"]');
  await see(factory, "#entry-detail .comments >> text=一月瓦斯帳單請附上熱值欄位");
  await factory.context().close();
});

test("the verification stages are done in order", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${env.server.url}/#/inv/1/versions`);
  await see(page, "#stages");
  await page.selectOption("#stage-2-status", "done");
  await page.fill("#stage-2-note", "邊界：營運控制權，岡山一廠");
  await page.click("#stage-2-save");
  await see(page, "#stage-2 .error");
  assert.equal(await page.inputValue("#stage-2-note"), "邊界：營運控制權，岡山一廠");
  await page.selectOption("#stage-1-status", "done");
  await page.setInputFiles("#stage-1-file", join(root, "tests/fixtures/evidence/bill.pdf"));
  await page.click("#stage-1-save");
  await see(page, "#stage-1 >> text=已儲存");
  await page.click("#stage-2-save");
  await see(page, "#stage-2 >> text=已儲存");
  await page.reload();
  await see(page, "#stages");
  assert.equal(await page.inputValue("#stage-1-status"), "done");
  assert.equal(await page.inputValue("#stage-2-status"), "done");
  assert.match(await page.textContent("#stage-1"), /📎/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a reduction proposal with its saving, payback and report", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${env.server.url}/#/inv/1/reductions`);
  await see(page, "#reduction-form");
  await page.selectOption("#red-equipment", "air_compressor");
  await page.fill("#red-measure", "修補壓縮空氣洩漏並降壓 1 bar");
  await page.selectOption("#red-source_id", { label: "S09 外購電力（台電）" });
  await page.fill("#red-energy_saving", "-5");
  await page.click("#reduction-add");
  assert.match(await page.textContent("#red-energy_saving-error"), /不可為負數/);
  assert.equal(await page.inputValue("#red-measure"), "修補壓縮空氣洩漏並降壓 1 bar");
  await page.fill("#red-energy_saving", "50000");
  await page.fill("#red-investment_twd", "200000");
  await page.fill("#red-annual_cost_saving_twd", "150000");
  await page.click("#reduction-add");
  await see(page, "#reduction-list >> text=修補壓縮空氣洩漏");
  assert.match(await page.textContent("#reduction-total"), /23\.700 t/);
  assert.match(await page.textContent("#reduction-list"), /1\.3 年/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#reduction-report")]);
  const file = join(env.server.dir, "reduction.pdf");
  await download.saveAs(file);
  const text = pdfText(file);
  assert.match(text, /節能減碳報告書/);
  assert.match(text, /23\.700/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
