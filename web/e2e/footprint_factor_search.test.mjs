// Factor search inside a footprint study (issue 7): on the study editor, a new manufacturing line
// takes its factor from the library search, converted with the study's own GWP set.
//
// Hand check: the steel bracket study (data/examples/footprint/bracket-uncertain.json, gwp AR6)
// totals 3.3535 kg CO2e per piece (worked example 4 of docs/formats/footprint-study.md). The
// library's 6.0.4 mobile-diesel factor is per litre: CO2 2.606, CH4 0.000137, N2O 0.000137 kg/L;
// under AR6 (CH4 27.9, N2O 273; data/gwp/ar6.yaml) 2.606 + 0.0038223 + 0.037401 = 2.6472233 kg
// CO2e/L (2.646141 under AR5: the two sets give different totals, so the test tells them apart).
// A line of 0.1 L per piece adds 0.26472233: 3.3535 + 0.26472233 = 3.61822233 → "3.618222".
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useServer, loginAs, demoPassword, see, root } from "./harness.mjs";

const env = useServer();
const number = (text) => Number(text.replace(/[^\d.-]/g, ""));

test("a line's factor picked from the library search, in the study's GWP set", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  const body = readFileSync(join(root, "data/examples/footprint/bracket-uncertain.json"), "utf8");
  const made = await page.evaluate(async (text) => {
    const answer = await fetch("/api/v1/orgs/2/footprint-studies", {
      method: "POST", body: text,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": sessionStorage.getItem("cl_csrf") ?? "" } });
    return { status: answer.status, id: (await answer.json()).id };
  }, body);
  assert.equal(made.status, 201);

  await page.goto(`${env.server.url}/#/fp/${made.id}/edit`);
  await see(page, "#fpe-add-manufacturing");
  await page.click("#fpe-add-manufacturing");
  await see(page, "#fpe-l3-fs-q");
  await page.fill("#fpe-l3-description", "forklift diesel");
  await page.fill("#fpe-l3-amount", "0.1");
  await page.fill("#fpe-l3-unit", "L");
  await page.fill("#fpe-l3-fs-q", "柴油");
  await page.click("#fpe-l3-fs-go");
  await see(page, '#fpe-l3-fs-results button[data-factor="tw.moenv604.mobile.diesel"]');
  const shown = await page.$$eval("#fpe-l3-fs-results tr", (rows) => rows.map((r) => r.textContent));
  assert.equal(shown.length, 6, "the six diesel factors of the library");
  await page.click('#fpe-l3-fs-results button[data-factor="tw.moenv604.mobile.diesel"]');
  assert.equal(number(await page.inputValue("#fpe-l3-factor_value")), 2.6472233);
  assert.equal(await page.inputValue("#fpe-l3-factor_unit"), "L");
  assert.match(await page.inputValue("#fpe-l3-factor_source"), /6\.0\.4|排放係數/);

  await page.fill("#fpe-reason", "forklift diesel from the library");
  await page.click("#fpe-save");
  await page.waitForFunction((want) => location.hash === want, `#/fp/${made.id}`);
  await see(page, "#fp-total");
  assert.equal(number(await page.textContent("#fp-total")), 3.618222);
  assert.deepEqual(page.problems, []);
});
