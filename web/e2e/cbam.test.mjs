// The EU CBAM communication (issue 9, CBAM-1): the demo fastener factory fills the form for its
// screws and bolts, computes, exports the communication workbook and the test reads the numbers
// back with openpyxl; a CN code that is not a CBAM good is shown at its field and nothing typed is
// lost.
//
// Hand calculation (docs/formats/cbam.md: SEE = (attributed + Σ precursor tonnes × SEE) / tonnes),
// from the demo inventory's source emissions (tests/golden/cli/inventory/compute-demo-json.test):
// S02 natural gas 1,003,848.0185 kg CO2e (direct), S09 purchased electricity 2,683,066.2968 kg.
// One process, 1,000 t of hexagon-head screws and bolts (7318 15 88), taking 50 % of S02 and S09,
// consuming 1,100 t of EAF wire rod (7213 91 10) with the supplier's 0.52 / 0.41 t CO2e/t and
// 200 t of trader wire (7217 10 10, TW) without data: the 2026 default 2.30 × 1.10 mark-up = 2.53
// direct, 0 indirect (data/cbam/default-values.yaml, as in tests/golden/cli/cbam/compute-demo.test).
//   direct   = 0.5 × 1003.848019 + 1100 × 0.52 + 200 × 2.53 = 501.924009 + 572 + 506
//            = 1579.924009 t  → SEE direct   1.579924 t CO2e/t
//   indirect = 0.5 × 2683.066297 + 1100 × 0.41 = 1341.533148 + 451
//            = 1792.533148 t  → SEE indirect 1.792533 t CO2e/t; total 3.372457
//   default share = 506 / (1579.924009 + 1792.533148) = 506 / 3372.457157 = 0.150039
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, startServer, launch, loginAs, demoPassword, readXlsx, see } from "./harness.mjs";

const bin = process.env.CL_BIN ?? join(root, "build-dev/src/cli/carbonledger");
let server;
let browser;
let dir;
before(async () => {
  server = await startServer(bin);
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), "cl-cbam-e2e-"));
});
after(async () => {
  await browser?.close();
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const near = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) <= 5e-6, `${what}: ${actual}, expected ${expected}`);

test("the factory exports its CBAM communication and the file holds the hand-computed numbers", async () => {
  const page = await loginAs(browser, server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${server.url}/#/inv/1`);
  await see(page, 'nav.tabs a[href="#/inv/1/cbam"]');
  await page.click('nav.tabs a[href="#/inv/1/cbam"]');
  await see(page, "#cbam-compute");

  const fill = async (pairs) => {
    for (const [id, value] of pairs) await page.fill(`#${id}`, value);
  };
  await fill([
    ["cbam-installation-name", "Yongjin Precision Fasteners Co., Ltd. (demo), Gangshan plant 1"],
    ["cbam-installation-address", "No. 100, Benzhou Rd., Gangshan Dist."],
    ["cbam-installation-city", "Kaohsiung"],
    ["cbam-installation-country", "TW"],
    ["cbam-installation-unlocode", "TWKHH"],
    ["cbam-installation-latitude", "22.7905"],
    ["cbam-installation-longitude", "120.2960"],
    ["cbam-period-defaults_year", "2026"],
    ["cbam-processes-0-name", "Cold heading and thread rolling"],
    // Bad input first: 8471 30 00 (laptops) is not in Annex I.
    ["cbam-processes-0-goods-0-cn", "8471 30 00"],
    ["cbam-processes-0-goods-0-name", "Hexagon-head screws and bolts"],
    ["cbam-processes-0-goods-0-tonnes", "1000"],
    ["cbam-processes-0-share-S02", "50"],
    ["cbam-processes-0-share-S09", "50"],
  ]);
  await page.click("#cbam-processes-0-add-precursor");
  await page.click("#cbam-processes-0-add-precursor");
  await fill([
    ["cbam-processes-0-precursor-0-cn", "7213 91 10"],
    ["cbam-processes-0-precursor-0-tonnes", "1100"],
    ["cbam-processes-0-precursor-0-supplier", "Southern Bar & Rod Co. (demo)"],
    ["cbam-processes-0-precursor-0-see_direct", "0.52"],
    ["cbam-processes-0-precursor-0-see_indirect", "0.41"],
    ["cbam-processes-0-precursor-1-cn", "7217 10 10"],
    ["cbam-processes-0-precursor-1-tonnes", "200"],
    ["cbam-processes-0-precursor-1-supplier", "Kaohsiung Wire Trading (demo)"],
  ]);
  await page.check("#cbam-processes-0-precursor-1-default");

  await page.click("#cbam-compute");
  await page.waitForFunction(() => document.querySelector("#cbam-processes-0-goods-0-cn-error")?.textContent);
  const message = await page.textContent("#cbam-processes-0-goods-0-cn-error");
  assert.match(message, /8471 30 00 is not a CBAM good/);
  assert.equal(await page.getAttribute("#cbam-processes-0-goods-0-cn", "aria-invalid"), "true");
  // Nothing typed is lost.
  assert.equal(await page.inputValue("#cbam-processes-0-precursor-0-see_direct"), "0.52");
  assert.equal(await page.inputValue("#cbam-installation-unlocode"), "TWKHH");
  assert.equal(await page.isChecked("#cbam-processes-0-precursor-1-default"), true);

  await page.fill("#cbam-processes-0-goods-0-cn", "7318 15 88");
  await page.click("#cbam-compute");
  await see(page, "#cbam-result tbody tr");
  assert.equal(await page.textContent("#cbam-processes-0-goods-0-cn-error"), "");
  const cells = await page.$$eval("#cbam-result tbody tr td", (tds) => tds.map((td) => td.textContent));
  assert.equal(cells[0], "7318 15 88");
  assert.equal(cells[4], "1.5799"); // SEE direct
  assert.equal(cells[5], "1.7925"); // SEE indirect
  assert.equal(cells[6], "3.3725"); // SEE total
  assert.equal(cells[7].replace(/,/g, ""), "1579.9"); // embedded direct t
  assert.equal(cells[8].replace(/,/g, ""), "1792.5"); // embedded indirect t
  assert.equal(cells[9], "15.0 %");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#cbam-export")]);
  assert.equal(download.suggestedFilename(), "cbam-communication-2024.xlsx");
  const file = join(dir, "cbam.xlsx");
  await download.saveAs(file);
  const sheet = "Summary_Communication";
  const read = readXlsx(file, [`${sheet}!B3`, `${sheet}!A17`, `${sheet}!F17`, `${sheet}!G17`, `${sheet}!H17`,
    `${sheet}!I17`, `${sheet}!M17`, `${sheet}!A18`]);
  assert.equal(read[`${sheet}!B3`], "Yongjin Precision Fasteners Co., Ltd. (demo), Gangshan plant 1");
  assert.equal(read[`${sheet}!A17`], "7318 15 88");
  assert.equal(read[`${sheet}!F17`], 1000);
  near(read[`${sheet}!G17`], 1.579924, "SEE direct");
  near(read[`${sheet}!H17`], 1.792533, "SEE indirect");
  near(read[`${sheet}!I17`], 3.372457, "SEE total");
  near(read[`${sheet}!M17`], 0.150039, "default share");
  assert.equal(read[`${sheet}!A18`], null); // one good only
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a source shared over 100 % and a precursor without data are shown at their fields", async () => {
  const page = await loginAs(browser, server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await page.goto(`${server.url}/#/inv/1/cbam`);
  await see(page, "#cbam-compute");
  const values = [
    ["cbam-installation-name", "Plant 1"], ["cbam-installation-address", "1 Road"],
    ["cbam-installation-city", "Kaohsiung"], ["cbam-installation-unlocode", "TWKHH"],
    ["cbam-installation-latitude", "22.79"], ["cbam-installation-longitude", "120.30"],
    ["cbam-processes-0-goods-0-cn", "7318 15 88"], ["cbam-processes-0-goods-0-tonnes", "100"],
    ["cbam-processes-0-share-S02", "80"],
  ];
  for (const [id, value] of values) await page.fill(`#${id}`, value);
  await page.click("#cbam-add-process");
  // S02: 80 % + 30 % = 110 % of the source, more than it emitted.
  await page.fill("#cbam-processes-1-goods-0-cn", "7318 16 91");
  await page.fill("#cbam-processes-1-goods-0-tonnes", "100");
  await page.fill("#cbam-processes-1-share-S02", "30");
  // A precursor from a country with no default value (XX) and no supplier data.
  await page.click("#cbam-processes-1-add-precursor");
  await page.fill("#cbam-processes-1-precursor-0-cn", "7208 10 00");
  await page.fill("#cbam-processes-1-precursor-0-tonnes", "5");
  await page.fill("#cbam-processes-1-precursor-0-country", "XX");
  await page.check("#cbam-processes-1-precursor-0-default");
  await page.click("#cbam-compute");
  await page.waitForFunction(() => document.querySelector("#cbam-processes-0-share-S02-error")?.textContent);
  assert.match(await page.textContent("#cbam-processes-0-share-S02-error"), /110 % of source S02/);
  assert.match(await page.textContent("#cbam-processes-1-share-S02-error"), /110 % of source S02/);
  assert.match(await page.textContent("#cbam-processes-1-precursor-0-cn-error"), /no supplier data and no default value/);
  assert.equal(await page.$("#cbam-result tbody tr"), null);
  // Everything typed is still there, in both processes.
  assert.equal(await page.inputValue("#cbam-processes-0-share-S02"), "80");
  assert.equal(await page.inputValue("#cbam-processes-1-precursor-0-country"), "XX");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
