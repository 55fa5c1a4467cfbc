// What the browser tests share: a demo database and `carbonledger serve --web web/dist` on a
// free port in a private folder, Debian's chromium through playwright-core (no browser download),
// log-in through the form, and readers for the files the app downloads (openpyxl and pdftotext).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/// Starts the server on a fresh copy of the demo workspace; { url, dir, stop }.
export async function startServer(bin) {
  const dir = mkdtempSync(join(tmpdir(), "cl-e2e-"));
  const db = `sqlite:${join(dir, "demo.db")}`;
  execFileSync(bin, ["demo", "setup", "--db", db], { cwd: root, stdio: "ignore" });
  const server = spawn(bin, ["serve", "--db", db, "--port", "0", "--threads", "8", "--web", join(root, "web/dist"),
    "--access-log", join(dir, "access.log")], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((ok, fail) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(seen);
      if (match) ok(match[1]);
    });
    server.on("exit", (code) => fail(new Error(`serve stopped with ${code}: ${seen}`)));
    setTimeout(() => fail(new Error("serve did not start in 20 s")), 20_000);
  });
  return {
    url,
    dir,
    stop() {
      server.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CL_CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
}

/// A new browser context (its own cookies) logged in as `login`, in language `lang`.
export async function loginAs(browser, url, login, password, lang = "zh-TW") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addInitScript((l) => localStorage.setItem("cl_lang", l), lang);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.problems = problems;
  await page.goto(`${url}/#/login`);
  await page.fill("#login-email", login);
  await page.fill("#login-password", password);
  await page.click("form button[type=submit]");
  await page.waitForFunction(() => location.hash !== "#/login");
  // Let the start page finish (its requests and any redirect) before the test navigates on.
  await page.waitForLoadState("networkidle");
  return page;
}

/// The demo users' passwords are "<local part> passphrase 1" (data/demo/workspace.json).
export const demoPassword = (login) => `${login.split("@")[0]} passphrase 1`;

/// Cells of a workbook as { "sheet!A1": value } read with Debian's openpyxl.
export function readXlsx(path, cells) {
  const script = `
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], data_only=True)
out = {}
for ref in json.loads(sys.argv[2]):
    sheet, cell = ref.split("!")
    out[ref] = book[sheet][cell].value
print(json.dumps(out, ensure_ascii=False))`;
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, path, JSON.stringify(cells)]).toString());
}

/// Fills the template as a user does: the pre-filled row of a source (A) gets the first entry's
/// period (B), amount (E), unit (F) and bill (G); further entries go in new rows below the last.
/// Returns how many pre-filled rows were found.
export function fillTemplate(path, out, entries) {
  const script = `
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["活動數據"]
last = 2
prefilled = {}
for row in range(3, sheet.max_row + 1):
    if sheet.cell(row, 1).value:
        last = row
        prefilled.setdefault(sheet.cell(row, 1).value, row)
found = 0
for e in json.loads(sys.argv[3]):
    row = prefilled.pop(e["source"], None)
    if row is None:
        last += 1
        row = last
    else:
        found += 1
    for col, value in ((1, e["source"]), (2, e["period"]), (5, e["amount"]), (6, e["unit"]), (7, e.get("evidence", ""))):
        sheet.cell(row, col).value = value
book.save(sys.argv[2])
print(found)`;
  return Number(execFileSync("/usr/bin/python3", ["-c", script, path, out, JSON.stringify(entries)]).toString());
}

export function pdfText(path) {
  return execFileSync("pdftotext", ["-layout", path, "-"]).toString();
}

/// Waits for `selector`; on failure the error carries what the page shows (its messages).
export async function see(page, selector, timeout = 15_000) {
  try {
    await page.waitForSelector(selector, { timeout });
  } catch (error) {
    const shown = await page.textContent("main").catch(() => "(no page)");
    throw new Error(`${selector} did not appear on ${page.url()}; the page shows: ${shown}`);
  }
}

/// The server and browser of one test file: started before its tests, stopped after them.
/// `CL_BIN` names the carbonledger binary (default build-dev's).
export function useServer() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(process.env.CL_BIN ?? join(root, "build-dev/src/cli/carbonledger"));
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}
