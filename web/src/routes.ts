// The pages by path. Each render(main, ...captures) fills <main>.
import { loginPage } from "./pages/login";
import { homePage } from "./pages/home";
import { orgPage } from "./pages/org";
import { setupPage } from "./pages/setup";
import { entryPage } from "./pages/entry";
import { importPage } from "./pages/import";
import { dashboardPage } from "./pages/dashboard";
import { outputsPage } from "./pages/outputs";
import { versionsPage } from "./pages/versions";
import { studyVersionsPage } from "./pages/footprint_versions";
import { verifyPage, versionReviewPage } from "./pages/verify";
import { adminPage } from "./pages/admin";
import { reductionsPage } from "./pages/reductions";
import { auditPage } from "./pages/audit";
import { cbamPage } from "./pages/cbam";
import { carbonfeePage } from "./pages/carbonfee";
import { offsetsPage } from "./pages/offsets";
import { offsetProjectPage } from "./pages/offset_project";
import { offsetLedgerPage } from "./pages/offset_ledger";
import { supportPage } from "./pages/support";
import { studiesPage, studyPage } from "./pages/footprint";
import { studyEditPage } from "./pages/footprint_edit";
import { chainPage } from "./pages/chain";
import { supplierPage } from "./pages/supplier";
import { programsPage, applyPage } from "./pages/program";
import { intakePage } from "./pages/program_office";
import { meetingsPage, meetingPage } from "./pages/program_review";
import { casePage } from "./pages/program_case";
import { fundingCasePage, fundingSummaryPage } from "./pages/program_funding";
import { casesPage, followUpsPage } from "./pages/program_followup";

export interface Route {
  pattern: RegExp;
  render: (main: HTMLElement, ...captures: string[]) => Promise<void> | void;
}

export const routes: Route[] = [
  { pattern: /^\/login$/, render: loginPage },
  { pattern: /^\/$/, render: homePage },
  { pattern: /^\/org\/(\d+)$/, render: (m, id) => orgPage(m, Number(id)) },
  { pattern: /^\/org\/(\d+)\/setup$/, render: (m, id) => setupPage(m, Number(id)) },
  { pattern: /^\/org\/(\d+)\/offsets$/, render: (m, id) => offsetsPage(m, Number(id)) },
  { pattern: /^\/org\/(\d+)\/offset-ledger$/, render: (m, id) => offsetLedgerPage(m, Number(id)) },
  { pattern: /^\/org\/(\d+)\/support$/, render: (m, id) => supportPage(m, Number(id)) },
  { pattern: /^\/offset\/(\d+)$/, render: (m, id) => offsetProjectPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)$/, render: (m, id) => dashboardPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)\/entry$/, render: (m, id) => entryPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)\/import$/, render: (m, id) => importPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)\/outputs$/, render: (m, id) => outputsPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)\/versions$/, render: (m, id) => versionsPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)\/reductions$/, render: (m, id) => reductionsPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)\/cbam$/, render: (m, id) => cbamPage(m, Number(id)) },
  { pattern: /^\/inv\/(\d+)\/carbonfee$/, render: (m, id) => carbonfeePage(m, Number(id)) },
  { pattern: /^\/org\/(\d+)\/footprints$/, render: (m, id) => studiesPage(m, Number(id)) },
  { pattern: /^\/fp\/(\d+)$/, render: (m, id) => studyPage(m, Number(id)) },
  { pattern: /^\/fp\/(\d+)\/chain$/, render: (m, id) => chainPage(m, Number(id)) },
  { pattern: /^\/fp\/(\d+)\/versions$/, render: (m, id) => studyVersionsPage(m, Number(id)) },
  { pattern: /^\/fp\/(\d+)\/edit$/, render: (m, id) => studyEditPage(m, Number(id)) },
  { pattern: /^\/supply$/, render: (m) => supplierPage(m) },
  { pattern: /^\/supply\/join\/(inv_[0-9a-f]{32})$/, render: (m, code) => supplierPage(m, code) },
  { pattern: /^\/verify$/, render: verifyPage },
  {
    pattern: /^\/inv\/(\d+)\/v\/(\d+)$/,
    render: (m, id, version) => versionReviewPage(m, Number(id), Number(version)),
  },
  { pattern: /^\/admin$/, render: adminPage },
  { pattern: /^\/audit$/, render: auditPage },
  { pattern: /^\/programs$/, render: programsPage },
  { pattern: /^\/programs\/([\w.-]+)\/apply$/, render: (m, id) => applyPage(m, id) },
  { pattern: /^\/programs\/([\w.-]+)\/intake$/, render: (m, id) => intakePage(m, id) },
  { pattern: /^\/programs\/([\w.-]+)\/meetings$/, render: (m, id) => meetingsPage(m, id) },
  { pattern: /^\/programs\/([\w.-]+)\/meetings\/(\d+)$/, render: (m, id, mid) => meetingPage(m, id, Number(mid)) },
  { pattern: /^\/programs\/([\w.-]+)\/cases$/, render: (m, id) => casesPage(m, id) },
  { pattern: /^\/programs\/([\w.-]+)\/follow-ups$/, render: (m, id) => followUpsPage(m, id) },
  { pattern: /^\/programs\/([\w.-]+)\/cases\/(\d+)$/, render: (m, id, cid) => casePage(m, id, Number(cid)) },
  { pattern: /^\/programs\/([\w.-]+)\/cases\/(\d+)\/funding$/, render: (m, id, cid) => fundingCasePage(m, id, Number(cid)) },
  { pattern: /^\/programs\/([\w.-]+)\/funding$/, render: (m, id) => fundingSummaryPage(m, id) },
];
