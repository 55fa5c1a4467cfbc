// Writes docs/screenshots/<lang>-<page>.png: the main pages on the demo workspace in zh-TW and
// English, for the README. Run after building (scripts/build_web.sh):
//   CL_BIN=build-dev/src/cli/carbonledger node web/e2e/screenshots.mjs
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { root, startServer, launch, loginAs, demoPassword, see } from "./harness.mjs";

const bin = process.env.CL_BIN ?? join(root, "build-dev/src/cli/carbonledger");
const out = join(root, "docs/screenshots");
mkdirSync(out, { recursive: true });
const server = await startServer(bin);
const browser = await launch();
const shots = [
  ["factory@demo.test", "dashboard", "/#/inv/1", "#kpi-total"],
  ["factory@demo.test", "entry", "/#/inv/1/entry", "#entry-grid"],
  ["factory@demo.test", "setup", "/#/org/2/setup", "#step-org"],
  ["factory@demo.test", "import", "/#/inv/1/import", "#download-template"],
  ["factory@demo.test", "outputs", "/#/inv/1/outputs", "#out-register"],
  ["factory@demo.test", "verification", "/#/inv/1/versions", "#stages"],
  ["factory@demo.test", "reductions", "/#/inv/1/reductions", "#reduction-form"],
  ["factory@demo.test", "cbam", "/#/inv/1/cbam", "main input"],
  ["factory@demo.test", "carbonfee", "/#/inv/1/carbonfee", "main input"],
  ["consultant@demo.test", "portfolio", "/#/", "#portfolio"],
  ["verifier@demo.test", "verifier", "/#/inv/1/v/1", "#finding-form"],
  ["admin@demo.test", "admin", "/#/admin", "#user-form"],
];
try {
  for (const lang of ["zh-TW", "en"]) {
    for (const [login, name, path, ready] of shots) {
      const page = await loginAs(browser, server.url, login, demoPassword(login), lang);
      await page.goto(`${server.url}${path}`);
      await see(page, ready);
      await page.waitForTimeout(800);  // charts finish their animation
      await page.screenshot({ path: join(out, `${lang}-${name}.png`), fullPage: name !== "entry" });
      await page.context().close();
      console.log(`screenshots: ${lang}-${name}.png`);
    }
  }
} finally {
  await browser.close();
  server.stop();
}
