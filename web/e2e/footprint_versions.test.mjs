// The versions of a footprint study (issue 7: "a comparison of two studies or two versions"): the
// factory uploads its M8 bolt study, revises supplier S1's wire-rod estimate from 2.5 to 2.3 kg
// CO2e per kg, and compares version 1 with the current one on the study's versions page.
//
// Hand check (data/examples/footprint/chain/README.md): version 1 = 1.08 × 2.5 + 0.004 × 3.5 +
// 0.04 × 0.6 + 0.0378 × 0.13 + 0.474 + 0.137863 + 1 × 0.2 = 3.554777 kg CO2e per kg; version 2 =
// 3.554777 − 1.08 × (2.5 − 2.3) = 3.338777; the difference b − a is −0.216, all of it in raw
// materials.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useServer, loginAs, demoPassword, see, root } from "./harness.mjs";

const env = useServer();
const number = (text) => Number(text.replace(/[^\d.−-]/g, "").replace("−", "-"));

test("a study revised once: two versions from the audit trail, version 1 compared with the current one", async () => {
  const factory = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"), "en");
  await see(factory, "#nav-footprints");
  await factory.click("#nav-footprints");
  await see(factory, "#fp-upload");
  await factory.setInputFiles("#fp-file", join(root, "data/examples/footprint/chain/central-m8.json"));
  await factory.click("#fp-upload");
  await see(factory, "#fp-total");
  const studyId = Number(/#\/fp\/(\d+)/.exec(factory.url())[1]);

  // The revision goes through the API as a client program would send it (PUT, with a reason).
  const document = JSON.parse(readFileSync(join(root, "data/examples/footprint/chain/central-m8.json"), "utf8"));
  assert.equal(document.suppliers[0].id, "S1");
  document.suppliers[0].pcf = 2.3;
  const saved = await factory.evaluate(async ([id, body]) => {
    const csrf = sessionStorage.getItem("cl_csrf") ?? "";
    const answer = await fetch(`/api/v1/footprint-studies/${id}`, {
      method: "PUT", body, headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf,
        "X-Reason": "S1 revised its estimate" } });
    return answer.status;
  }, [studyId, JSON.stringify(document)]);
  assert.equal(saved, 200);

  await factory.click(`nav.tabs a[href="#/fp/${studyId}/versions"]`);
  await see(factory, "#fpv-list");
  const rows = await factory.$$eval("#fpv-list tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 2);
  assert.equal(number(rows[0][4]), 3.554777);
  assert.equal(number(rows[1][4]), 3.338777);
  assert.equal(rows[1][3], "S1 revised its estimate");
  assert.match(rows[1][0], /current/);

  await factory.click('#fpv-list button[data-version="1"]');
  await see(factory, "#fpv-compare table");
  const total = await factory.$$eval("#fpv-compare tbody tr", (trs) => [...trs.at(-1).cells].map((c) => c.textContent));
  assert.deepEqual(total.slice(1).map(number), [3.554777, 3.338777, -0.216]);
});
