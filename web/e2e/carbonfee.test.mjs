// The carbon-fee estimate (issue 9, "Carbon fee"): the demo fastener factory opens the page from
// its inventory's tabs and sees its emissions below the threshold, so no fee; bad values are told
// at their field.
//
// Hand check: the demo inventory 1 (data/demo/fastener-2024.yaml) is scope 1 1,058,350.488 kg +
// scope 2 (location-based) 2,683,066.297 kg (tests/golden/cli/inventory/compute-demo-json.test)
// = 3,741.417 t CO2e. data/carbon-fee/taiwan.yaml, emission year 2025: threshold 25,000 t, so the
// factory is below it by 25,000 − 3,741.417 = 21,258.583 t; chargeable 0, fee 0 at the general
// (300), A (50) and B (100) TWD/t rates. The inventory year 2024 is before the first fee year,
// so the page proposes 2025.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, loginAs, demoPassword, see } from "./harness.mjs";

const env = useServer();

const errorShown = (page, id) =>
  page.waitForFunction((sel) => document.querySelector(sel)?.textContent !== "", `#${id}-error`);

test("the demo factory sees its emissions below the threshold: no fee, with the rules' sources", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await page.goto(`${env.server.url}/#/inv/1`);
  await see(page, 'nav.tabs a[href="#/inv/1/carbonfee"]');
  await page.click('nav.tabs a[href="#/inv/1/carbonfee"]');
  await see(page, "#fee-estimate");
  assert.equal(await page.inputValue("#fee-year"), "2025");
  await page.click("#fee-estimate");
  await see(page, "#fee-baseline");

  const baseline = await page.textContent("#fee-baseline-card");
  assert.match(baseline, /Emissions 3,741\.417 t CO2e/);
  assert.match(baseline, /below the threshold of 25,000\.000 t by 21,258\.583 t: no fee/);
  const fees = await page.$$eval("#fee-baseline tbody tr", (rows) =>
    rows.map((r) => [r.querySelector("th").textContent, r.querySelector("td.fee").textContent]));
  assert.deepEqual(fees, [["General rate", "0"], ["Preferential rate A", "0"], ["Preferential rate B", "0"]]);
  const rates = await page.$$eval("#fee-baseline tbody tr td:nth-of-type(1)", (cells) => cells.map((c) => c.textContent));
  assert.deepEqual(rates, ["300", "50", "100"]);
  assert.match(await page.textContent("#fee-threshold"), /at least 25,000\.000 t CO2e/);

  // No reduction proposals in the demo and no credits: the what-if is the same, no saving.
  assert.match(await page.textContent("#fee-what-if"), /Emissions 3,741\.417 t CO2e/);
  assert.match(await page.textContent("#fee-saving"), /Saving at the general rate: 0 TWD/);

  // Every rule value with its source; the deduction is from a draft and shown as unverified.
  const rules = await page.textContent("#fee-rules");
  assert.match(rules, /Threshold \(t CO2e a year\)25000/);
  assert.match(rules, /碳費收費辦法 \(Carbon Fee Collection Regulations\)/);
  assert.match(rules, /Deduction \(t CO2e\)25000.*unverified \(draft\)/);
  assert.ok((await page.locator('#fee-rules a[href="https://udn.com/news/story/7241/9260369"]').count()) >= 1);
  await page.context().close();
});

test("a bad credit amount and a year before the fee are told at their field", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${env.server.url}/#/inv/1/carbonfee`);
  await see(page, "#fee-estimate");

  // Not a number: refused in the page, nothing sent.
  await page.fill("#fee-domestic_credits", "12噸");
  await page.click("#fee-estimate");
  await errorShown(page, "fee-domestic_credits");
  assert.match(await page.textContent("#fee-domestic_credits-error"), /「12噸」不是數字/);
  assert.equal(await page.getAttribute("#fee-domestic_credits", "aria-invalid"), "true");
  assert.equal(await page.locator("#fee-baseline").count(), 0);

  // More than the server accepts (0 to 1e9 t): the server's 400 names the parameter, shown there.
  await page.fill("#fee-domestic_credits", "2000000000");
  await page.click("#fee-estimate");
  await page.waitForFunction(() => document.querySelector("#fee-domestic_credits-error").textContent.includes("1,000,000,000"));
  assert.match(await page.textContent("#fee-domestic_credits-error"), /0 至 1,000,000,000/);
  assert.equal(await page.textContent("#fee-foreign_credits-error"), "");
  assert.equal(await page.inputValue("#fee-domestic_credits"), "2000000000");

  // 2024 is before the first fee year: the server's 422 is shown at the year.
  await page.fill("#fee-domestic_credits", "0");
  await page.fill("#fee-year", "2024");
  await page.click("#fee-estimate");
  await errorShown(page, "fee-year");
  assert.match(await page.textContent("#fee-year-error"), /2025/);
  assert.equal(await page.textContent("#fee-domestic_credits-error"), "");
  await page.context().close();
});

// What-if with a reduction proposal: a variable-speed air compressor saving 50,000 kWh a year at
// the 2024 grid factor tw.moea.grid.2024 = 0.474 kg/kWh saves 23,700 kg = 23.7 t
// (tests/api/cases/reductions/10-create-compressor.test), so the what-if is
// 3,741.417 − 23.7 = 3,717.717 t, still below the threshold by 25,000 − 3,717.717 = 21,282.283 t.
// Without the checkbox the what-if keeps the reported emissions.
test("the what-if subtracts the factory's reduction proposals when asked", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await page.goto(`${env.server.url}/#/inv/1/carbonfee`);
  await see(page, "#fee-estimate");
  const status = await page.evaluate(async () => {
    const response = await fetch("/api/v1/inventories/1/reductions", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": sessionStorage.getItem("cl_csrf") ?? "" },
      body: JSON.stringify({ equipment: "air_compressor", measure: "variable-speed compressor", energy_saving: 50000, energy_unit: "kWh" }),
    });
    return response.status;
  });
  assert.equal(status, 201);
  await page.click("#fee-estimate");
  await see(page, "#fee-reductions");
  const whatIf = await page.textContent("#fee-what-if");
  assert.match(whatIf, /Emissions 3,717\.717 t CO2e/);
  assert.match(whatIf, /below the threshold of 25,000\.000 t by 21,282\.283 t/);
  assert.match(whatIf, /Reductions 23\.700 t CO2e/);
  assert.match(await page.textContent("#fee-reductions"), /air_compressor: variable-speed compressor: 23\.700 t CO2e/);
  assert.match(await page.textContent("#fee-baseline-card"), /Emissions 3,741\.417 t CO2e/);

  await page.uncheck("#fee-with_reductions");
  await page.click("#fee-estimate");
  await page.waitForFunction(() => !document.querySelector("#fee-reductions"));
  assert.match(await page.textContent("#fee-what-if"), /Emissions 3,741\.417 t CO2e/);
  await page.context().close();
});
