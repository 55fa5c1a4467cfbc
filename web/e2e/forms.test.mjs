// Bad input in the forms: each refusal is a clear message at its field (or the file's rows), and
// what was typed stays. Also the accessibility basics on every main page: every form control
// has a label (a <label for>, aria-label), and the language switch changes the whole page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useServer, root, loginAs, demoPassword, see } from "./harness.mjs";

const env = useServer();

/// Form controls without an accessible name.
const unlabeled = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("main input, main select, main textarea")]
      .filter((el) => el.type !== "hidden")
      .filter((el) => !el.getAttribute("aria-label") && !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.closest("label"))
      .map((el) => el.outerHTML.slice(0, 120)));

test("a wrong password is told at the field and the login stays typed", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/#/login`);
  await page.fill("#login-email", "factory@demo.test");
  await page.fill("#login-password", "not the passphrase");
  await page.click("form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#login-password-error").textContent !== "");
  assert.match(await page.textContent("#login-password-error"), /電子郵件與密碼不符/);
  assert.equal(await page.inputValue("#login-email"), "factory@demo.test");
  await context.close();
});

test("a template with bad rows previews every problem and cannot be saved", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${env.server.url}/#/inv/1/import`);
  await page.setInputFiles("#import-file", join(root, "tests/fixtures/activity/template-bad.xlsx"));
  await see(page, "#import-summary");
  // tests/fixtures/activity/template-bad.xlsx has 4 errors (tests/api/cases/activity: 422 with
  // the same four and a warning), each naming its cell.
  assert.match(await page.textContent("#import-summary"), /4 個問題/);
  assert.match(await page.textContent("#import-preview"), /活動數據!E6/);
  assert.equal(await page.locator("#import-commit").count(), 0);
  await page.context().close();
});

test("every main page labels its controls, in both languages", async () => {
  for (const lang of ["zh-TW", "en"]) {
    for (const [login, path, ready] of [
      ["factory@demo.test", "/#/inv/1/entry", "#entry-grid"],
      ["factory@demo.test", "/#/org/2/setup", "#step-org"],
      ["factory@demo.test", "/#/inv/1/import", "#import-file"],
      ["factory@demo.test", "/#/inv/1/versions", "#freeze"],
      ["factory@demo.test", "/#/inv/1/cbam", "#cbam-compute"],
      ["factory@demo.test", "/#/inv/1/carbonfee", "#fee-estimate"],
      ["verifier@demo.test", "/#/inv/1/v/1", "#finding-form"],
      ["admin@demo.test", "/#/admin", "#user-form"],
    ]) {
      const page = await loginAs(env.browser, env.server.url, login, demoPassword(login), lang);
      await page.goto(`${env.server.url}${path}`);
      await see(page, ready);
      assert.deepEqual(await unlabeled(page), [], `${lang} ${path}`);
      assert.equal(await page.getAttribute("html", "lang"), lang);
      await page.context().close();
    }
  }
});

test("English: the dashboard speaks English and shows ROC years beside Gregorian ones", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await page.goto(`${env.server.url}/#/inv/1`);
  await see(page, "#kpi-total");
  const text = await page.textContent("main");
  assert.match(text, /Dashboard/);
  assert.match(text, /2024 \(ROC 113\)/);
  assert.doesNotMatch(text, /儀表板/);
  await page.context().close();
});
