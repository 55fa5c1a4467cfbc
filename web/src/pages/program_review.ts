// The technical review meeting (DEM-8): the office names the attending reviewers and the
// applications; each reviewer, signed in on their own device, scores every application item by
// item on its mode's rubric and ranks it; the office sees the ranking form the core computes
// (quorum, qualification, rank sum, first places, total score, lots) and exports the table.
import * as api from "../api";
import { clear, download, h } from "../dom";
import { t } from "../i18n";
import * as session from "../session";
import { busy, showError, status } from "../ui";
import type { Application } from "./program_types";

interface Meeting {
  id: number;
  date: string;
  committee: number;
  reviewers: string[];
  applications: number[];
  application_details: { id: number; applicant: string; mode: string; guidance_unit: string; satellites: number }[];
  scores: { reviewer: string; application_id: number; rank: number; items: Record<string, number> }[];
  rubrics: { mode: string; items: { id: string; name: string; group: string; max: number; satellite_points: boolean }[]; total: number }[];
  quorum: boolean;
  you: string;
}

interface Ranked {
  application: string;
  position: number;
  rank_sum: number;
  first_places: number;
  total_score: number;
  decided_by: string;
  qualified: boolean;
  passes: number;
}
interface Ranking {
  modes: { mode: string; qualified: Ranked[]; not_qualified: Ranked[] }[];
  names: Record<string, string>;
}

export async function meetingsPage(main: HTMLElement, programId: string): Promise<void> {
  const meetings = (await api.get<{ items: Meeting[] }>(`/programs/${programId}/meetings`)).items;
  const applications = (await api.get<{ items: Application[] }>(`/programs/${programId}/applications`)).items;
  const date = h("input", { type: "date", id: "meeting-date" });
  const committee = h("input", { type: "number", min: "1", id: "meeting-committee" });
  const reviewers = h("textarea", { rows: 3, id: "meeting-reviewers", placeholder: "reviewer1@example.test" });
  const picks = applications.filter((a) => a.eligible).map((a) => ({ a, box: h("input", { type: "checkbox", value: String(a.id), id: `meeting-app-${a.id}` }) }));
  const create = h("button", { class: "primary", id: "meeting-create" }, t("review.create"));
  const message = h("div");
  create.addEventListener("click", busy(create, async () => {
    clear(message);
    try {
      const made = await api.post<Meeting>(`/programs/${programId}/meetings`, {
        date: date.value, committee: Number(committee.value),
        reviewers: reviewers.value.split(/[\s,]+/).filter(Boolean),
        applications: picks.filter((p) => p.box.checked).map((p) => p.a.id),
      });
      location.hash = `#/programs/${programId}/meetings/${made.id}`;
    } catch (error) {
      showError(message, error);
    }
  }));
  main.append(h("h1", null, t("review.title")),
    h("ul", { id: "meeting-list" }, meetings.map((m) => h("li", null, h("a", { href: `#/programs/${programId}/meetings/${m.id}` }, `${m.date} · ${t("review.reviewers_n", { n: m.reviewers.length })} · ${t("review.applications_n", { n: m.applications.length })}`)))),
    h("section", { class: "card" }, h("h2", null, t("review.new")),
      h("label", { for: "meeting-date" }, t("review.date")), date,
      h("label", { for: "meeting-committee" }, t("review.committee")), committee,
      h("label", { for: "meeting-reviewers" }, t("review.reviewers")), reviewers,
      h("fieldset", null, h("legend", null, t("review.applications")),
        picks.map((p) => h("label", { class: "check" }, p.box, ` ${p.a.id} ${p.a.applicant} (${p.a.service})`))),
      create, message));
}

export async function meetingPage(main: HTMLElement, programId: string, meetingId: number): Promise<void> {
  const meeting = await api.get<Meeting>(`/programs/${programId}/meetings/${meetingId}`);
  const me = session.current()?.login ?? meeting.you;
  main.append(h("h1", null, t("review.meeting", { date: meeting.date })),
    h("p", { id: "meeting-quorum", class: meeting.quorum ? "" : "bad" },
      t(meeting.quorum ? "review.quorum_ok" : "review.quorum_missing", { n: meeting.reviewers.length, of: meeting.committee })));
  if (meeting.reviewers.includes(me)) main.append(scoreSheet(meeting, programId, me));
  main.append(rankingSection(programId, meetingId));
}

function scoreSheet(meeting: Meeting, programId: string, me: string): HTMLElement {
  const section = h("section", { class: "card", id: "score-sheet" }, h("h2", null, t("review.my_scores")));
  for (const app of meeting.application_details) {
    const rubric = meeting.rubrics.find((r) => r.mode === app.mode);
    if (!rubric) continue;
    const mine = meeting.scores.find((s) => s.reviewer === me && s.application_id === app.id);
    const inputs = rubric.items.filter((i) => !i.satellite_points).map((item) => ({
      item,
      el: h("input", { type: "number", step: "any", min: "0", max: String(item.max), id: `score-${app.id}-${item.id}`, value: mine?.items[item.id] ?? "" }),
    }));
    const rank = h("input", { type: "number", min: "1", step: "1", id: `rank-${app.id}`, value: mine?.rank ?? "" });
    const save = h("button", { class: "primary", id: `score-save-${app.id}` }, t("review.save"));
    const out = h("div", { id: `score-result-${app.id}` });
    save.addEventListener("click", busy(save, async () => {
      clear(out);
      const items: Record<string, number> = {};
      for (const { item, el } of inputs) if (el.value !== "") items[item.id] = Number(el.value);
      try {
        await api.put(`/programs/${programId}/meetings/${meeting.id}/scores/${app.id}`, { rank: Number(rank.value), items });
        out.append(status(t("review.saved")));
      } catch (error) {
        showError(out, error);
      }
    }));
    section.append(h("fieldset", { id: `score-${app.id}` },
      h("legend", null, `${app.id} ${app.applicant} · ${app.mode} · ${app.guidance_unit} · ${t("review.satellites", { n: app.satellites })}`),
      h("table", { class: "grid" }, h("tbody", null, inputs.map(({ item, el }) =>
        h("tr", null, h("td", null, item.group), h("td", null, h("label", { for: el.id }, item.name)), h("td", null, el), h("td", { class: "num" }, `/ ${item.max}`))))),
      h("label", { for: rank.id }, t("review.rank")), rank, save, out));
  }
  return section;
}

function rankingSection(programId: string, meetingId: number): HTMLElement {
  const box = h("div", { id: "ranking" });
  const compute = h("button", { id: "ranking-compute" }, t("review.compute"));
  const exportButton = h("button", { id: "ranking-export" }, t("review.export"));
  compute.addEventListener("click", busy(compute, async () => {
    clear(box);
    try {
      const ranking = await api.get<Ranking>(`/programs/${programId}/meetings/${meetingId}/ranking`);
      for (const mode of ranking.modes) {
        box.append(h("h3", null, mode.mode), h("table", { class: "grid", id: `ranking-${mode.mode}` },
          h("thead", null, h("tr", null, [t("review.position"), t("program.id"), t("program.applicant"), t("review.rank_sum"), t("review.firsts"), t("review.total"), t("review.decided_by")].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, [...mode.qualified, ...mode.not_qualified].map((r) => h("tr", { class: r.qualified ? "" : "bad" },
            h("td", { class: "num" }, r.qualified ? r.position : t("review.not_qualified")), h("td", null, r.application), h("td", null, ranking.names[r.application] ?? ""),
            h("td", { class: "num" }, r.rank_sum), h("td", { class: "num" }, r.first_places), h("td", { class: "num" }, r.total_score), h("td", null, r.decided_by))))));
      }
    } catch (error) {
      showError(box, error);
    }
  }));
  exportButton.addEventListener("click", busy(exportButton, async () => {
    try {
      download(await api.blob(`/programs/${programId}/meetings/${meetingId}/ranking?format=xlsx`), `ranking-${meetingId}.xlsx`);
    } catch (error) {
      showError(box, error);
    }
  }));
  return h("section", { class: "card" }, h("h2", null, t("review.ranking")), compute, " ", exportButton, box);
}
