// Product footprints with the supply chain (issue 7): the central factory (demo-factory, org 2)
// uploads its M8 bolt study, invites five first-tier suppliers by link, each supplier logs in,
// joins, computes the footprint of its part in its own workspace and shares it; the factory
// accepts them, the study updates, and the PACT document downloads and validates.
//
// Hand check (data/examples/footprint/chain, kg CO2e per kg of bolts; MF2 = 489,200 m3 × 2000 /
// 8000 / 1,820,370 kg × 2.05202 = 0.137863):
//   with the study's own estimates: RM1 1.08 × 2.5 = 2.7, RM2 0.004 × 3.5 = 0.014, RM3 0.04 ×
//   0.6 = 0.024, TR1 0.0378 × 0.13 = 0.004914, MF1 1 × 0.474 = 0.474, MF2 0.137863, MF3 1 × 0.2
//   = 0.2; total 3.554777.
//   the suppliers' studies: S1 wire rod 1.9 + 0.2 × 0.1 + 0.18 = 2.1 /kg; S2 plating 0.004 × 3 +
//   0.05 × 0.1 + 0.103 = 0.12 /kg; S3 carton 0.4 × 1 + 0.1 × 0.1 + 0.04 = 0.45 /piece; S4
//   coating 2.5 + 1 × 0.1 + 0.5 = 3.1 /kg; S5 freight 0.02 + 0.085 + 0.005 = 0.11 /tkm.
//   all five accepted: RM1 1.08 × 2.1 = 2.268, RM2 0.004 × 3.1 = 0.0124, RM3 0.04 × 0.45 = 0.018,
//   TR1 0.0378 × 0.11 = 0.004158, MF1 0.474, MF2 0.137863, MF3 0.12; total 3.034421 (the worked
//   example of docs/formats/footprint-study.md). Raw materials 2.2984, transport 0.004158,
//   manufacturing 0.731863.
//   primary data: the suppliers' own shares (S1 0.18/2.1, S2 0.103/0.12, S3 0.04/0.45, S4
//   0.5/3.1, S5 0.09/0.11) and the metered MF1, MF2: (2.268 × 0.085714 + 0.0124 × 0.16129 +
//   0.018 × 0.088889 + 0.004158 × 0.818182 + 0.474 + 0.137863 + 0.12 × 0.858333) / 3.034421
//   = 0.916265 / 3.034421 = 30.20 %.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useServer, loginAs, demoPassword, see, root } from "./harness.mjs";

const env = useServer();
const chain = join(root, "data/examples/footprint/chain");
const PASSWORD = "supplier chain passphrase";

// Suppliers S1-S5: the demo supplier (org 6) and four more made by the program office.
const SUPPLIERS = [
  { key: "S1", login: "supplier@demo.test", file: "s1-wire-rod.json" },
  { key: "S2", login: "plating@demo.test", org: "路竹電鍍廠", file: "s2-plating.json" },
  { key: "S3", login: "carton@demo.test", org: "高雄紙器", file: "s3-carton.json" },
  { key: "S4", login: "coating@demo.test", org: "南化表面處理", file: "s4-coating.json" },
  { key: "S5", login: "freight@demo.test", org: "岡山貨運", file: "s5-trucking.json" },
];
const passwordOf = (s) => (s.org ? PASSWORD : demoPassword(s.login));

/// A logged-in API client for set-up and for checks outside the browser.
async function client(login, password) {
  const answer = await fetch(`${env.server.url}/api/v1/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ login, password }),
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

const number = (text) => Number(text.replace(/[^\d.]/g, ""));

test("a central factory and five suppliers: invite, share, accept; the study updates; PACT validates", async () => {
  const admin = await client("admin@demo.test", demoPassword("admin@demo.test"));
  for (const s of SUPPLIERS.filter((x) => x.org)) {
    const org = await admin("POST", "/orgs", { kind: "supplier", name: s.org });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const user = await admin("POST", "/users", { email: s.login, name: s.org, password: PASSWORD, role: "supplier",
      organization_id: org.body.id });
    assert.equal(user.status, 201, JSON.stringify(user.body));
  }

  // The factory adds its study from the file and sees it computed with its estimates.
  const factory = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await see(factory, "#nav-footprints");
  await factory.click("#nav-footprints");
  await see(factory, "#fp-upload");
  await factory.setInputFiles("#fp-file", join(chain, "central-m8.json"));
  await factory.click("#fp-upload");
  await see(factory, "#fp-total");
  const studyId = Number(/#\/fp\/(\d+)/.exec(factory.url())[1]);
  assert.equal(number(await factory.textContent("#fp-total")), 3.554777);

  // Five invitations from the supply-chain tab; the study's supplier entries fill name and part.
  await factory.click(`nav.tabs a[href="#/fp/${studyId}/chain"]`);
  for (const s of SUPPLIERS) {
    await see(factory, "#invite");
    await factory.fill("#invite-supplier_key", s.key);
    assert.notEqual(await factory.inputValue("#invite-part"), "");
    await factory.fill("#invite-contact", s.login);
    await factory.click("#invite");
    await see(factory, `#chain tr[data-key="${s.key}"]`);
  }
  assert.match(await factory.textContent("#chain-mode"), /5 first-tier suppliers invited/);
  // The contacts are e-mail addresses: each invitation mail is queued; this server has no --smtp,
  // which the page says (mail stays in the outbox).
  assert.match(await factory.textContent("#chain-mail-server"), /No mail server is configured/);
  assert.deepEqual(await factory.$$eval("#chain tbody td.mail", (cells) => cells.map((c) => c.dataset.mail)),
    ["queued", "queued", "queued", "queued", "queued"]);
  const links = Object.fromEntries(await factory.$$eval("#chain tbody tr", (rows) =>
    rows.map((r) => [r.dataset.key, r.querySelector("input.invite-link").value])));
  assert.equal(Object.keys(links).length, 5);

  // Each supplier joins through its link, adds its own study and shares it.
  for (const s of SUPPLIERS) {
    const supplier = await loginAs(env.browser, env.server.url, s.login, passwordOf(s), "en");
    await supplier.goto(links[s.key]);
    await see(supplier, "#join");
    await supplier.click("#join");
    await see(supplier, "#supply-requests tr[data-status=in_progress]");
    await supplier.setInputFiles("#fp-file", join(chain, s.file));
    await supplier.click("#fp-upload");
    await see(supplier, "#supply-studies");
    const requestId = await supplier.$eval("#supply-requests tbody tr", (r) => r.id.replace("supply-", ""));
    await supplier.click(`#share-${requestId}`);
    await see(supplier, "#supply-requests tr[data-status=submitted]");
    // The supplier sees only its own request, never its customer's study.
    const api = await client(s.login, passwordOf(s));
    const mine = await api("GET", "/supply-requests");
    assert.deepEqual(mine.body.items.map((r) => r.supplier_key), [s.key]);
    assert.equal((await api("GET", `/footprint-studies/${studyId}`)).status, 404);
    assert.equal((await api("GET", `/footprint-studies/${studyId}/chain`)).status, 404);
    if (s.key === "S2") {
      const s1 = (await admin("GET", `/footprint-studies/${studyId}/chain`)).body.items.find((r) => r.supplier_key === "S1");
      assert.equal((await api("GET", `/supply-requests/${s1.id}`)).status, 404);
      // Sharing twice: a clear refusal and nothing changed.
      const again = await api("POST", `/supply-requests/${requestId}/share`, { study_id: mine.body.items[0].source_study_id });
      assert.equal(again.status, 409);
      assert.match(again.body.message, /shared already .* nothing was changed/);
    }
    assert.deepEqual(supplier.problems, []);
    await supplier.context().close();
  }

  // The factory accepts the five footprints; the study uses them as primary data.
  await factory.reload();
  await see(factory, '#chain-counts li[data-status="submitted"]');
  assert.match(await factory.textContent('#chain-counts li[data-status="submitted"]'), /Submitted: 5/);
  for (const s of SUPPLIERS) {
    const id = await factory.$eval(`#chain tr[data-key="${s.key}"]`, (r) => r.id.replace("request-", ""));
    await factory.click(`#accept-${id}`);
    await see(factory, `#chain tr[data-key="${s.key}"][data-status="accepted"]`);
  }
  await factory.click(`nav.tabs a[href="#/fp/${studyId}"]`);
  await see(factory, "#fp-total");
  assert.equal(number(await factory.textContent("#fp-total")), 3.034421);
  const stages = await factory.$$eval("#fp-stages tbody tr", (rows) => rows.map((r) => r.querySelector("td").textContent));
  assert.deepEqual(stages.map(number), [2.2984, 0.004158, 0.731863]);
  assert.equal(await factory.textContent("#fp-primary"), "30.20 %");
  const sources = await factory.$$eval("#fp-suppliers tbody tr", (rows) => rows.map((r) => r.dataset.source));
  assert.deepEqual(sources, Array(5).fill("supply_chain"));
  await see(factory, "#fp-sankey canvas");

  // The PACT document downloads and validates (the CLI's validator, and its numbers).
  const [download] = await Promise.all([factory.waitForEvent("download"), factory.click("#fp-pact")]);
  const file = join(env.server.dir, "pact.json");
  await download.saveAs(file);
  const bin = process.env.CL_BIN ?? join(root, "build-dev/src/cli/carbonledger");
  const checked = execFileSync(bin, ["footprint", "validate-pact", file], { cwd: root }).toString();
  assert.match(checked, /a valid PACT ProductFootprint/);
  const pact = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(pact.pcf.declaredUnit, "kilogram");
  assert.ok(Math.abs(Number(pact.pcf.pCfExcludingBiogenic) - 3.034421) < 5e-7, pact.pcf.pCfExcludingBiogenic);
  assert.ok(Math.abs(Number(pact.pcf.primaryDataShare) - 30.1957) < 1e-3, pact.pcf.primaryDataShare);
  assert.deepEqual(factory.problems, []);
  await factory.context().close();
});

test("the supply chain in Traditional Chinese", async () => {
  const factory = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await factory.goto(`${env.server.url}/#/fp/1/chain`);
  await see(factory, "#chain");
  assert.match(await factory.textContent("h1"), /供應鏈（中心衛星）/);
  assert.match(await factory.textContent('#chain-counts li[data-status="accepted"]'), /已接受: 5/);
  await factory.context().close();
});

test("two studies compared: the M8 bolts with their suppliers' data against the plating study", async () => {
  // b − a = 0.12 − 3.034421 = −2.914421 kg CO2e per declared unit (both per kilogram).
  const factory = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await factory.goto(`${env.server.url}/#/org/2/footprints`);
  await see(factory, "#fp-upload");
  await factory.setInputFiles("#fp-file", join(chain, "s2-plating.json"));
  await factory.click("#fp-upload");
  await see(factory, "#fp-total");
  await factory.goto(`${env.server.url}/#/org/2/footprints`);
  await see(factory, "#fp-compare-go");
  await factory.click("#fp-compare-go");
  await see(factory, "#fp-compare table");
  const total = await factory.$eval("#fp-compare tbody tr:last-child", (r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
  assert.deepEqual(total, ["3.034421", "0.12", "-2.914421"]);
  assert.deepEqual(factory.problems, []);
  await factory.context().close();
});
