// The offset-project API's shapes (docs/api/openapi.yaml, src/server/routes/offsets.cpp) and
// the requests the pages send.
import * as api from "../api";

export const STAGES = [
  "feasibility",
  "plan",
  "validation",
  "registration",
  "monitoring_report",
  "verification",
  "credit_application",
  "issued",
] as const;
export type StageId = (typeof STAGES)[number];

export interface Parameter {
  id: string;
  name: string;
  unit: string;
  source: string;
  frequency: string;
  monitored: boolean;
  sampled: boolean;
  default?: number;
  min?: number;
  max?: number;
}
export interface Method {
  id: string;
  title: string;
  kind: string;
  category: string;
  document: string;
  version: string;
  grid_bases: string[];
  conditions: { id: string; text: string; checked_on: string | null }[];
  parameters: Parameter[];
}
export interface Catalogue {
  methods: Method[];
  scale_limits: { max_energy_saving_mwh_per_year: number; max_reduction_t_per_year: number; source: string; verified: boolean };
}
export interface ProjectSummary {
  id: number;
  organization_id: number;
  code: string;
  name: string;
  type: "planned" | "programmatic";
  method: string;
  definition: Record<string, unknown>;
  stage: StageId | null;
  reduction_t?: number;
  credits_t?: number;
  error?: string;
}
export interface StageRecord {
  id: number;
  seq: number;
  stage: StageId;
  date: string;
  responsible: string;
  documents: string[];
  evidence_id: number | null;
  note: string;
}
export interface PeriodRecord {
  id: number;
  sub_project: string;
  period: string;
  from: string;
  to: string;
  parameters: Record<string, unknown>;
  sampled: Record<string, unknown>;
}
export interface CalcLine {
  symbol: string;
  description: string;
  formula: string;
  value: number;
  unit: string;
}
export interface PeriodResult {
  period: string;
  from: string;
  to: string;
  baseline_t: number;
  project_t: number;
  leakage_t: number;
  reduction_t: number;
  credits_t: number;
  lines: CalcLine[];
}
export interface Part {
  id: string;
  owner: string;
  periods: PeriodResult[];
}
export interface Project extends ProjectSummary {
  stages: StageRecord[];
  periods: PeriodRecord[];
  computed?: { parts?: Part[]; sub_projects?: Part[]; totals: { reduction_t: number; credits_t: number } };
  next_stages?: { stage: StageId; title: string }[];
  can_write: boolean;
}
export interface CreditBlock {
  first: number;
  last: number;
  project: string;
  period: string;
  holder: string;
  status: "active" | "used" | "retired";
  purpose: string | null;
  reference: string;
}
export interface LedgerEvent {
  id: number;
  action: string;
  project: string;
  period: string;
  from: string;
  to: string;
  purpose: string;
  reference: string;
  quantity: number;
  serial_first: number | null;
  serial_last: number | null;
  created_at: string;
}
export interface Ledger {
  issued: number;
  blocks: CreditBlock[];
  balances: Record<string, { active: number; used: number; retired: number }>;
  verified: { project: string; period: string; reduction_t: number; verification: string; issued: number }[];
  events: LedgerEvent[];
  can_move: boolean;
}

export const catalogue = () => api.get<Catalogue>("/offset-methods");
export const listProjects = (org: number) => api.get<{ items: ProjectSummary[] }>(`/orgs/${org}/offset-projects`);
export const getProject = (id: number) => api.get<Project>(`/offset-projects/${id}`);
export const getLedger = (org: number) => api.get<Ledger>(`/orgs/${org}/offset-ledger`);
