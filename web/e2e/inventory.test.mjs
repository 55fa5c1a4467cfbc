// The browser proof of issue 6, in Debian's chromium: the program office invites a new factory,
// its user sets the factory up with the guided set-up, enters a month in the grid (a bad value
// first), attaches a bill, imports the filled Excel template, sees the dashboard change, and
// downloads the register and the PDF report, whose numbers the test reads back; a verifier
// raises a finding that the factory answers; a consultant sees two factories and not a third.
//
// Expected numbers are hand calculations from the published factors in data/factors:
//   diesel, stationary (tw.moenv2024.stationary.diesel, per TJ: CO2 74,100 kg, CH4 3 kg,
//   N2O 0.6 kg; heating value 8,642 kcal/L): 200 L = 1,728,400 kcal = 7,236,465,120 J
//   (× 4,186.8 J/kcal) = 0.00723647 TJ → CO2 536.222 kg, CH4 0.021709 kg × 28 (AR5, combustion)
//   = 0.608 kg, N2O 0.0043419 kg × 265 = 1.151 kg; together 537.980 kg.
//   electricity (tw.moea.grid.2024, 0.474 kg CO2e/kWh): 120,000 kWh → 56,880 kg.
//   After the grid entry: 57,417.980 kg = 57.418 t.
//   The template adds 110,000 + 100,000 kWh of February and March: 99,540 kg,
//   so the total becomes 156,957.980 kg = 156.958 t.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useServer, root, loginAs, demoPassword, readXlsx, fillTemplate, pdfText, see } from "./harness.mjs";

const env = useServer();

const NEW_LOGIN = "lin@hsinchu-precision.test";
const NEW_PASSWORD = "first login passphrase 7";
// 53212534 passes the unified-business-number check: digits × 1,2,1,2,1,2,4,1 = 5,6,2,2,2,10,12,4;
// digit sums 5+6+2+2+2+1+3+4 = 25, divisible by 5 (the 2023 rule).
const NEW_TAX_ID = "53212534";
const YEAR = new Date().getFullYear() - 1;

test("the program office invites a new factory and assigns its consultant", async () => {
  const page = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  await page.goto(`${env.server.url}/#/admin`);
  await page.selectOption("#neworg-kind", "factory");
  await page.fill("#neworg-name", "新竹精密工業股份有限公司");
  await page.fill("#neworg-tax_id", NEW_TAX_ID);
  await page.click("#org-add");
  await see(page, "#org-list >> text=新竹精密工業股份有限公司");

  // Bad input: no e-mail. The message is at the field and the typed name stays.
  await page.fill("#invite-name", "林小姐");
  await page.click("#user-invite");
  assert.match(await page.textContent("#invite-email-error"), /電子郵件/);
  assert.equal(await page.inputValue("#invite-name"), "林小姐");

  await page.fill("#invite-email", NEW_LOGIN);
  await page.fill("#invite-password", NEW_PASSWORD);
  await page.selectOption("#invite-role", "factory");
  await page.selectOption("#invite-organization_id", { label: "新竹精密工業股份有限公司" });
  await page.click("#user-invite");
  await page.waitForSelector(`#user-form >> text=已邀請 ${NEW_LOGIN}`);

  await page.selectOption("#assign-consultancy", { label: "綠點永續顧問有限公司" });
  await page.selectOption("#assign-factory", { label: "新竹精密工業股份有限公司" });
  await page.click("#assign");
  await see(page, "#assign-form >> text=已指派");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the new factory user sets up, enters a month, attaches a bill, imports, and exports", async () => {
  const page = await loginAs(env.browser, env.server.url, NEW_LOGIN, NEW_PASSWORD);
  await page.click("#start-setup");

  // Step 1: organization details (a tax id of 7 digits is refused at its field first).
  await page.fill("#org-tax_id", "5321253");
  await page.fill("#org-address", "新竹縣湖口鄉工業一路 1 號");
  await page.click("#step-org button[type=submit]");
  assert.match(await page.textContent("#org-tax_id-error"), /8 位數字/);
  assert.equal(await page.inputValue("#org-address"), "新竹縣湖口鄉工業一路 1 號");
  await page.fill("#org-tax_id", NEW_TAX_ID);
  await page.click("#step-org button[type=submit]");

  // Step 2: one facility.
  await page.fill("#facility-name", "湖口廠");
  await page.click("#step-facility button[type=submit]");

  // Step 3: last year's inventory, operational control, AR5.
  await page.selectOption("#inventory-year", String(YEAR));
  await page.click("#step-inventory button[type=submit]");

  // Step 4: the checklist explains each source and proposes its factor with the reason.
  await see(page, "#step-sources");
  assert.match(await page.textContent("#step-sources"), /經濟部公告最新年度的電力排放係數/);
  await page.check("#src-generator");
  await page.check("#src-electricity");
  await page.click("#step-sources button[type=submit]");
  await page.click("#go-entry");

  // The grid: S01 generator (L), S02 electricity (kWh). A bad value first: nothing is saved and
  // the typed values stay.
  await see(page, "#entry-grid");
  const cell = (source, month) => `#entry-grid input[aria-label="${source} ${YEAR}-${String(month).padStart(2, "0")}"]`;
  // A block copied from Excel (two rows of two cells, tab-separated) pasted into S01 February
  // fills February and March of S01 and S02; keyboard arrows move between cells.
  await page.focus(cell("S01", 2));
  await page.evaluate((selector) => {
    const data = new DataTransfer();
    data.setData("text/plain", "10\t20\r\n30\t40\r\n");
    document.querySelector(selector).dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, cell("S01", 2));
  assert.deepEqual(
    await Promise.all([cell("S01", 2), cell("S01", 3), cell("S02", 2), cell("S02", 3)].map((c) => page.inputValue(c))),
    ["10", "20", "30", "40"]);
  await page.focus(cell("S01", 3));
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), `S02 ${YEAR}-03`);
  await page.keyboard.press("ArrowLeft");  // the whole value is selected, so the caret is at 0
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), `S02 ${YEAR}-02`);
  for (const c of [cell("S01", 2), cell("S01", 3), cell("S02", 2), cell("S02", 3)]) await page.fill(c, "");

  await page.fill(cell("S01", 1), "200");
  await page.fill(cell("S02", 1), "12,000x");
  await page.click("#entry-save");
  assert.match(await page.textContent("#entry-message"), /1 個儲存格需要先修正/);
  assert.match(await page.textContent("#entry-problems"), /不是數字/);
  assert.equal(await page.getAttribute(cell("S02", 1), "aria-invalid"), "true");
  assert.equal(await page.inputValue(cell("S01", 1)), "200");
  // Pasting from Excel: "120,000" with a thousands separator is read as 120000.
  await page.fill(cell("S02", 1), "120,000");
  await page.click("#entry-save");
  await see(page, "#entry-message >> text=已儲存 2 筆");

  // A bill attached to the electricity entry of January.
  await page.click(cell("S02", 1));
  await page.setInputFiles("#entry-detail input[type=file]", join(root, "tests/fixtures/evidence/bill.pdf"));
  await see(page, "#entry-detail >> text=已附上單據 bill.pdf");

  // The dashboard computes what is stored now.
  const inventoryUrl = page.url().replace(/\/entry$/, "");
  await page.goto(inventoryUrl);
  await see(page, "#kpi-total");
  assert.match(await page.textContent("#kpi-total"), /57\.418 t CO2e/);
  // Every number opens down to its records and factor.
  await page.click('#dash-sources button[data-source="S02"]');
  await see(page, "#drill-factor");
  assert.match(await page.textContent("#drill-factor"), /tw\.moea\.grid\.2024/);
  assert.match(await page.textContent("#drill-records"), /120,000\.00/);
  assert.match(await page.textContent("#drill-records"), /bill\.pdf/);

  // The Excel template: download, fill February and March of S02 with openpyxl, preview, save.
  await page.goto(`${inventoryUrl}/import`);
  const [templateDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-template")]);
  const template = join(env.server.dir, "template.xlsx");
  const filled = join(env.server.dir, "filled.xlsx");
  await templateDownload.saveAs(template);
  const rows = fillTemplate(template, filled, [
    { source: "S02", period: `${YEAR}-02`, amount: 110000, unit: "kWh", evidence: "taipower-02.pdf" },
    { source: "S02", period: `${YEAR}-03`, amount: 100000, unit: "度", evidence: "taipower-03.pdf" },
  ]);
  assert.equal(rows, 1, "the template has a pre-filled row for the electricity source");
  await page.setInputFiles("#import-file", filled);
  await see(page, "#import-summary");
  assert.match(await page.textContent("#import-summary"), /讀取 2 列，沒有問題/);
  await page.click("#import-commit");
  await see(page, "#import-preview >> text=已儲存 2 列");

  await page.goto(inventoryUrl);
  await see(page, "#kpi-total");
  assert.match(await page.textContent("#kpi-total"), /156\.958 t CO2e/);

  // The register workbook and the PDF report, opened and read back.
  await page.goto(`${inventoryUrl}/outputs`);
  const [registerDownload] = await Promise.all([page.waitForEvent("download"), page.click("#out-register")]);
  const register = join(env.server.dir, "register.xlsx");
  await registerDownload.saveAs(register);
  const cells = readXlsx(register, ["彙總表!C13"]);
  assert.ok(Math.abs(cells["彙總表!C13"] - 156.95798) < 0.0005, `register total ${cells["彙總表!C13"]}`);

  const [reportDownload] = await Promise.all([page.waitForEvent("download"), page.click("#out-report")]);
  const report = join(env.server.dir, "report.pdf");
  await reportDownload.saveAs(report);
  const text = pdfText(report);
  assert.match(text, /溫室氣體盤查報告書/);
  assert.match(text, /156\.958 t CO2e/);
  assert.match(text, /tw\.moea\.grid\.2024/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a verifier raises a finding and the factory answers it", async () => {
  const verifier = await loginAs(env.browser, env.server.url, "verifier@demo.test", demoPassword("verifier@demo.test"));
  await see(verifier, "#shared");
  await verifier.click("#shared a");
  await see(verifier, "#finding-form");
  // An empty finding is refused at its field.
  await verifier.click("#raise-finding");
  assert.match(await verifier.textContent("#finding-text-error"), /請先輸入內容/);
  await verifier.selectOption("#finding-severity", "nonconformity");
  await verifier.selectOption("#finding-target", "source:S09");
  await verifier.fill("#finding-text", "請提供 12 月電費單佐證");
  await verifier.click("#raise-finding");
  await see(verifier, ".finding >> text=請提供 12 月電費單佐證");

  const factory = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await factory.goto(`${env.server.url}/#/inv/1/versions`);
  await see(factory, ".finding >> text=請提供 12 月電費單佐證");
  await factory.fill(".finding textarea", "已上傳 12 月台電帳單");
  await factory.click(".finding .answer-form button");
  await see(factory, ".finding >> text=已上傳 12 月台電帳單");
  assert.match(await factory.textContent(".finding"), /已回覆/);

  await verifier.reload();
  await see(verifier, ".finding >> text=已上傳 12 月台電帳單");
  await verifier.click(".finding button");
  await see(verifier, ".finding.closed");

  // The factory corrects January's gas (38,200 → 38,300 m3), freezes version 2 and compares it
  // with version 1: one activity line changed.
  await factory.goto(`${env.server.url}/#/inv/1/entry`);
  await see(factory, "#entry-grid");
  await factory.fill('#entry-grid input[aria-label="S02 2024-01"]', "38300");
  await factory.fill("#entry-reason", "依查證發現更正一月瓦斯度數");
  await factory.click("#entry-save");
  await see(factory, "#entry-message >> text=已儲存 1 筆");
  await factory.goto(`${env.server.url}/#/inv/1/versions`);
  await see(factory, "#freeze");
  await factory.fill("#freeze-reason", "更正後重新送查證");
  await factory.click("#freeze");
  await see(factory, "#version-2");
  await factory.selectOption("#diff-from", "1");
  await factory.selectOption("#diff-to", "2");
  await factory.click("#diff");
  await see(factory, "#diff-out table");
  const diff = await factory.textContent("#diff-out");
  assert.match(diff, /activity/);
  assert.match(diff, /changed/);
  assert.match(diff, /amount/);

  // Everything is in the audit history, and its hash chain is intact.
  const admin = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  await admin.goto(`${env.server.url}/#/audit`);
  await see(admin, "#audit-list tbody tr");
  await admin.selectOption("#audit-entity", "findings");
  await see(admin, "#audit-list >> text=findings");
  await admin.click("#audit-verify");
  await see(admin, "#audit-result >> text=雜湊鏈完整");
  await admin.context().close();
  assert.deepEqual([...verifier.problems, ...factory.problems], []);
  await verifier.context().close();
  await factory.context().close();
});

test("a consultant sees its two factories and not a third", async () => {
  const page = await loginAs(env.browser, env.server.url, "consultant@demo.test", demoPassword("consultant@demo.test"));
  await see(page, "#portfolio");
  const text = await page.textContent("#portfolio");
  assert.match(text, /永進精密螺絲股份有限公司/);
  assert.match(text, /新竹精密工業股份有限公司/);
  assert.doesNotMatch(text, /大發螺絲工業股份有限公司/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
