// Editing a footprint study in the browser and its uncertainty panel (issue 7). The study is the
// steel bracket of data/examples/footprint/bracket-uncertain.json (worked example 4 of
// docs/formats/footprint-study.md), kg CO2e per piece:
//   before: RM1 1.2 kg × 2.0 = 2.4, TR1 0.05 tkm × 0.11 = 0.0055, MF1 500,000 kWh / 250,000 × 0.474
//   = 0.948; total 3.3535.
//   RM1 changed to 1.3 kg: + 0.1 × 2.0 = + 0.2 → total 3.5535.
//   Monte Carlo after the change (RM1 a ~ N(1.3, 0.05), f lognormal median 2.0, GSD 1.2, σ = ln 1.2
//   = 0.182322; TR1 pedigree GSD 1.061885; MF1 U(1.92, 2.08) kWh × 0.474):
//     E[RM1] = 1.3 × 2 e^(σ²/2) = 1.3 × 2.033519 = 2.643575; Var = (1.3² + 0.05²) × 4 e^(2σ²) −
//     2.643575² = 1.6925 × 4.274977 − 6.988489 = 0.246897
//     mean 2.643575 + 0.005510 + 0.948 = 3.597085; SD √(0.246897 + 0.00000011 + 0.000479) =
//     0.497369; with 20,000 draws SE of the mean 0.497369/√20000 = 0.003517 → 4 SE = 0.014068;
//     SE of the SD σ·√((κ − 1)/(4n)) with κ = 4 (the lognormal factor's kurtosis lies above a
//     normal's 3) = 0.497369 · √(3/80000) = 0.003046 → 4 SE = 0.012183.
//   A negative SD is refused beside its field and nothing is saved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useServer, loginAs, demoPassword, see, root } from "./harness.mjs";

const env = useServer();
const number = (text) => Number(text.replace(/[^\d.-]/g, ""));

async function client(login) {
  const answer = await fetch(`${env.server.url}/api/v1/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login, password: demoPassword(login) }),
  });
  assert.equal(answer.status, 200);
  const cookie = answer.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrf_token: csrf } = await answer.json();
  return async (method, path, body) => {
    const response = await fetch(`${env.server.url}/api/v1${path}`, {
      method, headers: { Cookie: cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
}

test("edit a line's amount, save, the total moves by the hand-computed amount; Monte Carlo mean", async () => {
  const api = await client("factory@demo.test");
  const document = JSON.parse(readFileSync(join(root, "data/examples/footprint/bracket-uncertain.json"), "utf8"));
  const made = await api("POST", "/orgs/2/footprint-studies", document);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;

  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await page.goto(`${env.server.url}/#/fp/${id}`);
  await see(page, "#fp-total");
  assert.equal(number(await page.textContent("#fp-total")), 3.3535);

  // The edit tab: RM1 is the first line (index 0) under raw materials.
  await page.click(`a[href="#/fp/${id}/edit"]`);
  await see(page, "#fpe-l0-amount");
  assert.equal(await page.inputValue("#fpe-l0-amount"), "1.2");
  assert.equal(await page.inputValue("#fpe-l0-u_kind"), "normal");
  assert.equal(await page.inputValue("#fpe-l0-u_sd"), "0.05");
  await page.fill("#fpe-l0-amount", "1.3");
  await page.fill("#fpe-reason", "re-weighed the strip");
  await page.click("#fpe-save");
  await page.waitForFunction((want) => location.hash === want, `#/fp/${id}`);
  await see(page, "#fp-total");
  assert.equal(number(await page.textContent("#fp-total")), 3.5535);
  const rawMaterials = await page.textContent('#fp-stages tr[data-stage="raw_materials"] td');
  assert.equal(number(rawMaterials), 2.6);

  // A negative SD: the server's message beside the SD field, the page stays, nothing saved.
  await page.goto(`${env.server.url}/#/fp/${id}/edit`);
  await see(page, "#fpe-l0-u_sd");
  await page.fill("#fpe-l0-amount", "9");
  await page.fill("#fpe-l0-u_sd", "-0.05");
  await page.click("#fpe-save");
  await see(page, "#fpe-out .error");
  assert.match(await page.textContent("#fpe-l0-u_sd-error"), /sd ≥ 0/);
  assert.equal(await page.getAttribute("#fpe-l0-u_sd", "aria-invalid"), "true");
  assert.match(page.url(), /\/edit$/);
  const stored = await api("GET", `/footprint-studies/${id}`);
  assert.equal(stored.body.document.lines[0].amount, 1.3);
  assert.equal(stored.body.document.lines[0].uncertainty.sd, 0.05);

  // The uncertainty panel: 20,000 draws, seed 7; the mean within 4 SE of 3.597085.
  await page.goto(`${env.server.url}/#/fp/${id}`);
  await see(page, "#fp-mc-run");
  await page.fill("#fp-mc-n", "20000");
  await page.fill("#fp-mc-seed", "7");
  await page.click("#fp-mc-run");
  await see(page, "#fp-mc-mean");
  const mean = number(await page.textContent("#fp-mc-mean"));
  assert.ok(Math.abs(mean - 3.597085) < 0.014068, `mean ${mean}`);
  const sd = number(await page.textContent("#fp-mc-sd"));
  assert.ok(Math.abs(sd - 0.497369) < 0.012183, `sd ${sd}`);
  assert.equal(number(await page.textContent("#fp-mc-nominal")), 3.5535);
  await see(page, "#fp-mc-histogram canvas");
  const stages = await page.$$eval("#fp-mc-stages tbody tr", (rows) => rows.map((r) => r.dataset.stage));
  assert.deepEqual(stages, ["raw_materials", "transport", "manufacturing"]);
  // The same seed again: the same mean to the last digit shown.
  const first = await page.textContent("#fp-mc-mean");
  await page.click("#fp-mc-run");
  await see(page, "#fp-mc-mean");
  assert.equal(await page.textContent("#fp-mc-mean"), first);
  // Above the server's cap: the form says so before asking.
  await page.fill("#fp-mc-n", "20001");
  await page.click("#fp-mc-run");
  await see(page, "#fp-mc-result .error");
  assert.deepEqual(page.problems, []);
});
