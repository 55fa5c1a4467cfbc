// The program API's shapes (src/server/routes/program*.cpp) and the status words of the queue.
import { t } from "../i18n";

export interface FormField {
  id: string;
  label: string;
  type: string;
  key: string;
  required: boolean;
  options: string[];
}
export interface Service {
  id: string;
  name: string;
  quota: number | null;
  fee_ntd: number | null;
  deadline: string | null;
  forms: string[];
}
export interface RubricItem {
  id: string;
  group: string;
  name: string;
  max: number;
  satellite_points: boolean;
}
export interface Definition {
  id: string;
  name: string;
  year: number;
  sponsor: string;
  deadline: string | null;
  services: Service[];
  modes: { id: string; name: string; forms: string[] }[];
  forms: { id: string; name: string; fields: FormField[] }[];
  rubrics: { mode: string; items: RubricItem[]; total: number }[];
}
export interface Finding {
  rule: string;
  code: string;
  reason: string;
  field: string;
}
export interface Request {
  id: number;
  document: string;
  requested: string;
  due: string;
  received: string | null;
}
export interface Application {
  id: number;
  applicant: string;
  service: string;
  organization_id: number | null;
  submitted_at: string;
  accepted_on: string | null;
  approved_on: string | null;
  eligible: boolean;
  refusals: Finding[];
  incomplete: Finding[];
  requests: Request[];
  status: string | null;
  position: number | null;
  status_reason: string;
  priority: string;
}

/// "accepted 2026-12-06", "waiting list no. 1", … in the page's language.
export function statusLabel(a: Application): string {
  if (a.approved_on) return t("program.st.approved", { date: a.approved_on });
  if (a.accepted_on) return t("program.st.accepted_on", { date: a.accepted_on });
  switch (a.status) {
    case "accepted":
      return t("program.st.within_quota", { n: a.position ?? 0 });
    case "waiting":
      return t("program.st.waiting", { n: a.position ?? 0 });
    case "awaiting_documents":
      return t("program.st.awaiting");
    case "withdrawn":
      return t("program.st.withdrawn");
    case "refused":
      return t("program.st.refused");
    default:
      return "—";
  }
}
