// Comments on an activity record: the consultant's guidance where the number is ("this bill is
// for two months"), the factory's reply under it. Shown in the entry grid's record panel.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import { busy, showError } from "../ui";

interface Comment {
  id: number;
  text: string;
  created_by: string;
  created_at: string;
}

export async function commentsBox(recordId: number): Promise<HTMLElement> {
  const comments = (await api.get<{ items: Comment[] }>(`/activity/${recordId}/comments`)).items;
  const list = h("ul", { class: "comments" }, comments.map(item));
  const text = h("textarea", { rows: 2 });
  const send = h("button", { class: "small", id: `comment-${recordId}-send` }, t("comment.send"));
  const box = h("div", { class: "comments-box", id: `comments-${recordId}` },
    h("h3", null, t("comment.title", { count: comments.length })), list,
    field(`comment-${recordId}`, t("comment.new"), text), send);
  send.addEventListener("click", busy(send, async () => {
    setFieldError(`comment-${recordId}`, "");
    if (!text.value.trim()) return setFieldError(`comment-${recordId}`, t("ver.need_text"));
    try {
      const made = await api.post<Comment>(`/activity/${recordId}/comments`, { text: text.value.trim() });
      list.append(item(made));
      text.value = "";
    } catch (error) {
      showError(box, error);
    }
  }));
  return box;
}

function item(comment: Comment): HTMLElement {
  return h("li", null, comment.text, h("span", { class: "hint" }, ` — ${comment.created_by} · ${comment.created_at}`));
}
