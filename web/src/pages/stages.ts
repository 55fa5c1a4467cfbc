// The six stages of the verification guidance (VER-1): kickoff → boundary and scope → data
// collection and calculation → report writing → internal audit → external verification, each
// with its status, a note and its evidence file. A stage is done only after the ones before it,
// and the last one only when the verifier's findings are closed (the server checks both and
// says which). Shown on the inventory's verification page.
import * as api from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { busy, showError, status } from "../ui";

export interface Stage {
  stage: number;
  key: string;
  status: string;
  note: string;
  evidence_id: number | null;
  updated_by: string;
  updated_at: string;
}

export async function stagesPanel(inventoryId: number, orgId: number): Promise<HTMLElement> {
  const stages = (await api.get<{ items: Stage[] }>(`/inventories/${inventoryId}/stages`)).items;
  const body = h("tbody");
  for (const stage of stages) {
    const state = h("select", { "aria-label": t("stage.status_of", { n: stage.stage }), id: `stage-${stage.stage}-status` },
      ["pending", "in_progress", "done"].map((s) => h("option", { value: s, selected: s === stage.status }, t(`stage.${s}` as "stage.done"))));
    const note = h("input", { value: stage.note, "aria-label": t("stage.note_of", { n: stage.stage }), id: `stage-${stage.stage}-note` });
    const file = h("input", { type: "file", "aria-label": t("stage.evidence_of", { n: stage.stage }), id: `stage-${stage.stage}-file` });
    const save = h("button", { class: "small", id: `stage-${stage.stage}-save` }, t("stage.save"));
    const message = h("td", { class: "message" });
    save.addEventListener("click", busy(save, async () => {
      message.replaceChildren();
      try {
        let evidence: number | undefined;
        const chosen = file.files?.[0];
        if (chosen) {
          const uploaded = await api.upload<{ id: number }>(
            `/orgs/${orgId}/evidence?name=${encodeURIComponent(chosen.name)}`, chosen, chosen.type || "application/octet-stream");
          evidence = uploaded.id;
        }
        const saved = await api.patch<Stage>(`/inventories/${inventoryId}/stages/${stage.stage}`, {
          status: state.value, note: note.value.trim(), ...(evidence !== undefined ? { evidence_id: evidence } : {}),
        });
        Object.assign(stage, saved);
        message.append(status(t("stage.saved")));
        evidenceCell.replaceChildren(evidenceLink(stage));
      } catch (error) {
        // The typed note and the chosen status stay as they are.
        showError(message, error);
      }
    }));
    const evidenceCell = h("td", null, evidenceLink(stage), file);
    body.append(h("tr", { class: `stage ${stage.status}`, id: `stage-${stage.stage}` },
      h("th", { scope: "row" }, `${stage.stage}. ${t(`stage.key.${stage.key}` as "stage.key.kickoff")}`),
      h("td", null, state), h("td", null, note), evidenceCell, h("td", null, save), message));
  }
  return h("section", { class: "card", id: "stages" },
    h("h2", null, t("stage.title")), h("p", { class: "hint" }, t("stage.lead")),
    h("table", { class: "grid" },
      h("thead", null, h("tr", null, [t("stage.stage"), t("stage.status"), t("stage.note"), t("stage.evidence"), t("stage.save"), t("stage.result")].map((c) => h("th", { scope: "col" }, c)))),
      body));
}

function evidenceLink(stage: Stage): HTMLElement | string {
  return stage.evidence_id !== null
    ? h("a", { href: `/api/v1/evidence/${stage.evidence_id}/content`, target: "_blank" }, `📎 #${stage.evidence_id}`)
    : "";
}
