// The program office (issue 8) in the browser: a factory applies for inventory guidance and the
// office gives it a place within the quota; the 181st applicant waits; a review meeting of five
// reviewers ranks four applications of each mode of the 2014 program and exports the table; a
// guidance unit records a site visit with its signed record and sees the duty done.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useServer, root, loginAs, demoPassword, see, readXlsx } from "./harness.mjs";

const env = useServer();
const P23 = "2023-sme-low-carbon";
const P14 = "2014-cfp-demonstration";

/// An API call from the page's own session (its cookie and CSRF token).
async function call(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": sessionStorage.getItem("cl_csrf") ?? "" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, { method, path, body });
}

/// A complete 附表1 for inventory guidance (the fields data/programs/2023-sme-low-carbon.yaml
/// marks required), for seeding through the API.
function form1(name, ubn = "22099131") {
  return {
    services: ["inventory_guidance"],
    factory: { name, ubn, factory_registration: "99612345", address: "彰化縣和美鎮彰美路五段 100 號", manufacturer: true, mid_sized: false },
    form: { industry_code: "25", capital_10k: 5000, responsible_person: "王大明", responsible_title: "董事長", contact: "李小華",
      contact_title: "經理", phone: "04-7000000", email: "contact@example.com.tw", employees: 85, domestic_share: 60,
      export_share: 40, products: ["螺絲 1200 公噸"] },
    consents: { personal_data: true },
  };
}

test("a factory applies for inventory guidance and is accepted within quota", async () => {
  const page = await loginAs(env.browser, env.server.url, "factory@demo.test", demoPassword("factory@demo.test"));
  await page.goto(`${env.server.url}/#/programs/${P23}/apply`);
  await see(page, "#application-form");
  await page.selectOption("#app-service", "inventory_guidance");
  await see(page, "#form-form1");
  await page.check("#app-factory-manufacturer");
  await page.check("#app-factory-sme");
  const fill = {
    "#app-factory-name": "林記精密螺絲股份有限公司", "#app-factory-ubn": "22099130", "#app-factory-factory_registration": "99612345",
    "#app-factory-address": "高雄市岡山區本洲路 1 號", "#app-form-capital_10k": "5000", "#app-form-responsible_person": "林大同",
    "#app-form-responsible_title": "董事長", "#app-form-contact": "林怡君", "#app-form-contact_title": "管理部經理",
    "#app-form-phone": "07-6000000", "#app-form-email": "lin@example.com.tw", "#app-form-employees": "85",
    "#app-form-domestic_share": "60", "#app-form-export_share": "40", "#app-form-products": "螺絲 1200 公噸\n螺帽 300 公噸",
  };
  for (const [selector, value] of Object.entries(fill)) await page.fill(selector, value);
  await page.selectOption("#app-form-industry_code", "25");
  // Bad input first: 22099130 fails the check digit (22099131 passes: weighted digit sum 30),
  // and the personal-data consent is not ticked. Both are named at their fields; nothing saved.
  await page.click("#application-submit");
  await see(page, "#app-factory-ubn-error:not(:empty)");
  assert.match(await page.textContent("#app-consents-personal_data-error"), /同意/);
  assert.match(await page.textContent("#my-applications"), /尚無申請案/);
  await page.fill("#app-factory-ubn", "22099131");
  await page.check("#app-consents-personal_data");
  await page.click("#application-submit");
  await see(page, "#application-list");
  // The first applicant of 180 places: within the quota, place 1, until the office confirms.
  assert.match(await page.textContent("#application-list .app-status"), /名額內 \(第 1 位\)/);
  const id = (await page.textContent("#application-list tbody tr td")).trim();

  // The filled form as a workbook: 附表1, row 7 on (the fields in the definition's order).
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#application-list button")]);
  const file = join(env.server.dir, "form1.xlsx");
  await download.saveAs(file);
  const cells = readXlsx(file, ["附表1!A7", "附表1!B7", "附表1!A9", "附表1!B9", "附表1!B29"]);
  assert.equal(cells["附表1!A7"], "工廠名稱");
  assert.equal(cells["附表1!B7"], "林記精密螺絲股份有限公司");
  assert.equal(cells["附表1!A9"], "統一編號");
  assert.equal(cells["附表1!B9"], "22099131");
  assert.equal(cells["附表1!B29"], "螺絲 1200 公噸; 螺帽 300 公噸"); // products (row 6 + 23rd field)
  assert.deepEqual(page.problems, []);

  const office = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  await office.goto(`${env.server.url}/#/programs/${P23}/intake`);
  await see(office, "#quota-inventory_guidance");
  assert.match(await office.textContent("#quota-inventory_guidance"), /碳盤查輔導\s*180\s*1\s*0\s*1/);
  assert.match(await office.textContent(`#queue-${id}`), /符合資格/);
  await office.click("#intake-accept");
  await see(office, "#intake-message >> text=已錄取 1 家");
  assert.deepEqual(office.problems, []);
  await office.context().close();

  await page.reload();
  await see(page, "#application-list");
  assert.match(await page.textContent(`#application-${id} .app-status`), /已錄取/);
  await page.context().close();
});

test("the 181st applicant lands on the waiting list", async () => {
  // The quota comes from the definition: inventory_guidance has `quota: 180`
  // (data/programs/2023-sme-low-carbon.yaml, S 申請項目說明 一.(一).(2) 名額 180 家).
  const definition = readFileSync(join(root, "data/programs", `${P23}.yaml`), "utf8");
  const quota = Number(/- id: inventory_guidance\n(?:.*\n)*?\s+quota: (\d+)/.exec(definition)[1]);
  assert.equal(quota, 180);
  const office = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  const before = await call(office, "GET", `/programs/${P23}/intake`);
  const taken = before.body.services.find((s) => s.service === "inventory_guidance").applications;
  // The first `quota` applicants, entered by the office from paper in order of reception
  // (the earlier test's applicant counts among them).
  for (let n = taken + 1; n <= quota; ++n) {
    const made = await call(office, "POST", `/programs/${P23}/applications`,
      { application: form1(`第 ${n} 家申請廠商`), submitted: `2023-03-01T${String(8 + Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}` });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  const full = await call(office, "GET", `/programs/${P23}/intake`);
  const service = full.body.services.find((s) => s.service === "inventory_guidance");
  assert.deepEqual([service.accepted, service.waiting], [quota, 0]);

  // The 181st, through the form, by another factory outside the priority class of APP-4 (not an
  // SME, supply-chain member or CBAM source), like the 179 entered above: first come decides.
  const page = await loginAs(env.browser, env.server.url, "other@demo.test", demoPassword("other@demo.test"));
  await page.goto(`${env.server.url}/#/programs/${P23}/apply`);
  await see(page, "#application-form");
  await page.selectOption("#app-service", "inventory_guidance");
  await see(page, "#form-form1");
  await page.check("#app-factory-manufacturer");
  const values = {
    "#app-factory-name": "大發螺絲工業股份有限公司", "#app-factory-ubn": "22099131", "#app-factory-factory_registration": "99698765",
    "#app-factory-address": "高雄市路竹區",
    "#app-form-capital_10k": "3000", "#app-form-responsible_person": "陳大發", "#app-form-responsible_title": "總經理",
    "#app-form-contact": "陳建宏", "#app-form-contact_title": "廠長", "#app-form-phone": "07-6960000",
    "#app-form-email": "chen@example.com.tw", "#app-form-employees": "40", "#app-form-domestic_share": "80",
    "#app-form-export_share": "20", "#app-form-products": "木螺絲 500 公噸",
  };
  for (const [selector, value] of Object.entries(values)) await page.fill(selector, value);
  await page.selectOption("#app-form-industry_code", "25");
  await page.check("#app-consents-personal_data");
  await page.click("#application-submit");
  await see(page, "#application-list");
  assert.match(await page.textContent("#application-list .app-status"), /候補第 1 位/);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  await office.goto(`${env.server.url}/#/programs/${P23}/intake`);
  await see(office, "#waiting-list");
  assert.match(await office.textContent("#waiting-list tbody"), /^\s*1\s*\d+\s*大發螺絲工業股份有限公司/);
  assert.match(await office.textContent("#quota-inventory_guidance"), /180\s*180\s*1\s*181/);
  await office.context().close();
});

/// Item scores summing to `total`, each item filled up to its maximum in rubric order.
function spread(rubric, total) {
  const items = {};
  let left = total;
  for (const item of rubric.items) {
    if (item.satellite_points) continue;
    items[item.id] = Math.min(item.max, left);
    left -= items[item.id];
  }
  assert.equal(left, 0);
  return items;
}

function application14(mode, n, satellites) {
  const ubns = ["22099104", "22099110", "22099126", "22099147", "22099152", "22099168", "22099189", "22099195"];
  return {
    mode,
    factory: { name: `${mode === "single_factory" ? "個廠" : "中衛"}示範廠 ${n}`, ubn: ubns[(mode === "single_factory" ? 4 : 0) + n - 1], manufacturer: true, sme: true },
    guidance_unit: { name: `輔導單位 ${n}`, ubn: "27934855", registrations: ["SD1-ghg"], certified_staff: 4 },
    product: { name: "螺栓", boundary: "cradle_to_gate", standard: "ISO/TS 14067:2013" },
    satellites: Array.from({ length: satellites }, (_, k) => ({ name: `衛星廠 ${k + 1}`, ubn: "04595257", manufacturer: true, registry_printout: `gcis-${k}.pdf` })),
    documents: { checklist: "a.pdf", registry_printout: "b.pdf", plan: "c.pdf", basic_data: "d.xlsx", unit_registration: "e.pdf", staff_certificates: "f.pdf" },
    consents: { willingness: true },
  };
}

// Worked by hand (seed 004 柒.二.(二).2.(6)-(7); pass 70 含; satellites 5 = 10 points, +1 each).
// Every reviewer gives an application the same hand-scored total H (spread over the items), so a
// reviewer's total is H plus the satellite points, and the total score is 5 × that.
//   中衛 (central_satellite), ranks by reviewers R1..R5:
//     C1 6 satellites (11 pts), H 70 → 81 each → 405;  ranks 1,1,3,3,2 → sum 10, 2 firsts
//     C2 5 satellites (10 pts), H 72 → 82 each → 410;  ranks 2,2,1,1,4 → sum 10, 2 firsts
//     C3 5 satellites,          H 65 → 75 each → 375;  ranks 3,3,2,2,1 → sum 11
//     C4 5 satellites,          H 60 → 70 each (passes: 70 含) → 350; ranks 4,4,4,4,3 → sum 19
//     C1 and C2 tie on rank sum and firsts; the total score puts C2 first: C2, C1, C3, C4.
//   個廠 (single_factory, rubric of 100, no satellite points):
//     S1 H 85; S2 H 80; S3 H 75 from everyone; S4 65 from R1–R3 and 72 from R4, R5: 2 of 5
//     pass, not more than half → not qualified, left out of the ranks.
//     Ranks R1 1,2,3,4; R2 1,2,3,4; R3 2,1,3,4; R4 1,2,4,3; R5 2,1,3,4 (S1..S4). Among the
//     qualified (S4 removed, each order kept) R4 gives S3 rank 3: S1 = 1+1+2+1+2 = 7,
//     S2 = 2+2+1+2+1 = 8, S3 = 3+3+3+3+3 = 15 → S1, S2, S3; S4 not qualified.
test("a review meeting with five reviewers ranks four applications of each mode and exports the table", async () => {
  const office = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  const reviewers = [1, 2, 3, 4, 5].map((n) => `reviewer${n}@demo.test`);
  for (const [n, email] of reviewers.entries()) {
    const made = await call(office, "POST", "/users", { email, name: `審查委員 ${n + 1}`, password: "reviewer passphrase 1", role: "administrator" });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  const ids = { C: [], S: [] };
  const satellites = [6, 5, 5, 5];
  for (let n = 1; n <= 4; ++n) {
    for (const [key, mode] of [["C", "central_satellite"], ["S", "single_factory"]]) {
      const made = await call(office, "POST", `/programs/${P14}/applications`,
        { application: application14(mode, n, key === "C" ? satellites[n - 1] : 0), submitted: `2014-02-1${n}T10:00` });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      ids[key].push(made.body.id);
    }
  }
  const meeting = await call(office, "POST", `/programs/${P14}/meetings`,
    { date: "2014-03-10", committee: 7, reviewers, applications: [...ids.C, ...ids.S] });
  assert.equal(meeting.status, 201, JSON.stringify(meeting.body));
  const rubric = Object.fromEntries(meeting.body.rubrics.map((r) => [r.mode, r]));
  const H = { C: [70, 72, 65, 60], S: [85, 80, 75, null] };
  const ranks = {
    C: [[1, 2, 3, 4], [1, 2, 3, 4], [3, 1, 2, 4], [3, 1, 2, 4], [2, 4, 1, 3]],
    S: [[1, 2, 3, 4], [1, 2, 3, 4], [2, 1, 3, 4], [1, 2, 4, 3], [2, 1, 3, 4]],
  };
  const hand = (key, app, reviewer) => (H[key][app] ?? (reviewer < 3 ? 65 : 72));

  for (const [r, email] of reviewers.entries()) {
    const page = await loginAs(env.browser, env.server.url, email, "reviewer passphrase 1");
    await page.goto(`${env.server.url}/#/programs/${P14}/meetings/${meeting.body.id}`);
    await see(page, "#score-sheet");
    assert.match(await page.textContent("#meeting-quorum"), /出席 5 位 \/ 委員 7 位，達法定人數/);
    if (r === 0) {
      // The first reviewer uses the form; a score above the item's maximum is refused at the item.
      const first = ids.C[0];
      const items = spread(rubric.central_satellite, hand("C", 0, 0));
      for (const [item, value] of Object.entries(items)) await page.fill(`#score-${first}-${item}`, String(value));
      await page.fill(`#score-${first}-objectives`, "8");
      await page.fill(`#rank-${first}`, "1");
      await page.click(`#score-save-${first}`);
      await see(page, `#score-result-${first} .error`);
      assert.match(await page.textContent(`#score-result-${first}`), /8 is outside 0 to 7/);
      await page.fill(`#score-${first}-objectives`, String(items.objectives));
      await page.click(`#score-save-${first}`);
      await see(page, `#score-result-${first} >> text=已儲存`);
    }
    for (const key of ["C", "S"]) {
      for (const [a, id] of ids[key].entries()) {
        if (r === 0 && key === "C" && a === 0) continue;
        const mode = key === "C" ? "central_satellite" : "single_factory";
        const saved = await call(page, "PUT", `/programs/${P14}/meetings/${meeting.body.id}/scores/${id}`,
          { rank: ranks[key][r][a], items: spread(rubric[mode], hand(key, a, r)) });
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
      }
    }
    await page.context().close();
  }

  await office.goto(`${env.server.url}/#/programs/${P14}/meetings/${meeting.body.id}`);
  await see(office, "#ranking-compute");
  await office.click("#ranking-compute");
  await see(office, "#ranking-central_satellite");
  const order = async (mode) => office.$$eval(`#ranking-${mode} tbody tr`, (rows) => rows.map((row) => row.children[1].textContent));
  assert.deepEqual(await order("central_satellite"), [ids.C[1], ids.C[0], ids.C[2], ids.C[3]].map(String));
  assert.deepEqual(await order("single_factory"), [ids.S[0], ids.S[1], ids.S[2], ids.S[3]].map(String));
  assert.match(await office.textContent("#ranking-single_factory tbody tr:last-child"), /不合格/);

  const [download] = await Promise.all([office.waitForEvent("download"), office.click("#ranking-export")]);
  const file = join(env.server.dir, "ranking.xlsx");
  await download.saveAs(file);
  const cells = readXlsx(file, ["central_satellite!A5", "central_satellite!B5", "central_satellite!F5", "central_satellite!B6",
    "central_satellite!F6", "central_satellite!G6", "central_satellite!D7", "central_satellite!A8", "central_satellite!F8",
    "single_factory!B5", "single_factory!D5", "single_factory!D6", "single_factory!D7", "single_factory!B8", "single_factory!H8"]);
  assert.deepEqual(cells, {
    "central_satellite!A5": 1, "central_satellite!B5": String(ids.C[1]), "central_satellite!F5": 410,
    "central_satellite!B6": String(ids.C[0]), "central_satellite!F6": 405, "central_satellite!G6": "total_score",
    "central_satellite!D7": 11, "central_satellite!A8": 4, "central_satellite!F8": 350,
    "single_factory!B5": String(ids.S[0]), "single_factory!D5": 7, "single_factory!D6": 8, "single_factory!D7": 15,
    "single_factory!B8": String(ids.S[3]), "single_factory!H8": "不合格",
  });
  assert.deepEqual(office.problems, []);
  await office.context().close();
});

// The demo's consultant (綠點永續顧問) guides factory org 2. Its case, approved 2014-03-20, needs
// 5 site visits of at least 4 hours with signed records (S 參.5); 4 are on file, the 5th is
// recorded in the browser and the duty turns done (5 / 5).
test("a guidance unit records a site visit with its signed record and sees the duty turn done", async () => {
  const office = await loginAs(env.browser, env.server.url, "admin@demo.test", demoPassword("admin@demo.test"));
  const made = await call(office, "POST", `/programs/${P14}/applications`,
    { application: { ...application14("single_factory", 1, 0), factory: { name: "林記精密螺絲", ubn: "22099131", manufacturer: true } },
      organization_id: 2, submitted: "2014-02-18T09:00" });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  const approved = await call(office, "POST", `/programs/${P14}/applications/${id}/approve`, { date: "2014-03-20" });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  await office.context().close();

  const page = await loginAs(env.browser, env.server.url, "consultant@demo.test", demoPassword("consultant@demo.test"));
  for (let n = 1; n <= 4; ++n) {
    const evidence = await page.evaluate(async (n) => {
      const response = await fetch(`/api/v1/orgs/2/evidence?name=visit-${n}.txt`, {
        method: "POST", headers: { "Content-Type": "text/plain", "X-CSRF-Token": sessionStorage.getItem("cl_csrf") ?? "" },
        body: `輔導紀錄表 ${n} (signed)\n`,
      });
      return (await response.json()).id;
    }, n);
    const visit = await call(page, "POST", `/programs/${P14}/applications/${id}/duties/site_visits/records`,
      { kind: "site_visit", date: `2014-0${3 + n}-15`, hours: 4, evidence_id: evidence, signed: true });
    assert.equal(visit.status, 201, JSON.stringify(visit.body));
  }
  await page.goto(`${env.server.url}/#/programs/${P14}/cases/${id}`);
  await see(page, "#duty-site_visits");
  assert.match(await page.textContent("#duty-site_visits"), /4 \/ 5/);
  // 個廠模式: 政府經費 231,000 + 自籌款至少 210,000 = 441,000 (S 貳.五.2).
  assert.match(await page.textContent("#case-funding"), /政府經費 NT\$ 231,000、自籌款 NT\$ 210,000，合計 NT\$ 441,000/);
  assert.match(await page.textContent("#duty-site_visits .duty-status"), /逾期/);
  await page.selectOption("#record-duty", "site_visits|");
  await page.selectOption("#record-kind", "site_visit");
  await page.fill("#record-date", "2014-08-20");
  await page.fill("#record-hours", "4");
  await page.fill("#record-note", "第 5 次現場輔導：製程盤查");
  await page.setInputFiles("#record-file", join(root, "tests/fixtures/evidence/bill.pdf"));
  await page.check("#record-signed");
  await page.click("#record-save");
  await see(page, "#duty-site_visits .duty-status.done");
  assert.match(await page.textContent("#duty-site_visits"), /5 \/ 5/);
  assert.match(await page.textContent("#duty-site_visits"), /第 5 次現場輔導/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
