// Product footprint studies and their supply chain as the API gives them (issue 7):
// GET /orgs/{org}/footprint-studies, /footprint-studies/{id}[/result|/chain|/pact],
// /supply-requests[/{id}]. The server computes with the core; the pages only show.
import * as api from "./api";

export interface Study {
  id: number;
  organization_id: number;
  code: string;
  product_name: string;
  pact_id: string;
  updated_at: string;
  document?: Record<string, unknown>;
}

export interface Dqr {
  technological: number;
  temporal: number;
  geographical: number;
  completeness: number;
  reliability: number;
  coverage_percent?: number;
}

export interface Line {
  id: string;
  stage: string;
  description: string;
  amount: number;
  unit: string;
  source_kind: string;
  source: string;
  kg_co2e_per_unit: number;
  kg_co2e: number;
  primary_fraction: number;
}

export interface SupplierUsed {
  id: string;
  supplier: string;
  part: string;
  declared_unit: string;
  pcf: number;
  unitary_amount: number;
  date: string;
  source: "document" | "supply_chain";
  request_id?: number;
  primary_data_share?: number;
  dqr?: Dqr;
}

export interface Result {
  study: string;
  product: string;
  profile: string;
  boundary: string;
  declared_unit: string;
  total_kg_co2e: number;
  biogenic_co2: number;
  stages: { stage: string; kg_co2e: number }[];
  lines: Line[];
  gases: Record<string, number>;
  gases_unspecified: number;
  hot_spots: string[];
  primary_data_share: number;
  data_quality?: Dqr;
  report_wording: string;
  suppliers: SupplierUsed[];
  warnings: api.Diagnostic[];
}

export type Status = "invited" | "in_progress" | "submitted" | "accepted" | "needs_correction";

export interface SupplyRequest {
  id: number;
  study_id: number;
  organization_id: number;
  supplier_key: string;
  supplier_name: string;
  part: string;
  contact: string;
  invite_code?: string;
  supplier_org_id: number | null;
  status: Status;
  note: string;
  reminder_count: number;
  reminded_at: string;
  footprint: { created?: string; pcf?: { pCfExcludingBiogenic?: string; declaredUnit?: string; primaryDataShare?: string } } | null;
  shared_at: string;
  customer_name?: string;
  supplier_org_name?: string;
  product_name?: string;
  /// The customer's view: the latest invitation or reminder mail (null: no e-mail contact).
  mail?: Mail | null;
}

export interface Mail {
  kind: "invitation" | "reminder";
  status: "queued" | "sent" | "failed";
  recipient: string;
  attempts: number;
  last_error: string;
  sent_at: string;
  created_at: string;
}

export const studies = async (org: number) =>
  (await api.get<{ items: Study[] }>(`/orgs/${org}/footprint-studies`)).items;
export const study = (id: number) => api.get<Study>(`/footprint-studies/${id}`);
export const result = (id: number) => api.get<Result>(`/footprint-studies/${id}/result`);
export const chain = (id: number) =>
  api.get<{ items: SupplyRequest[]; by_status: Record<Status, number>; product_name: string; mail_server: boolean }>(
    `/footprint-studies/${id}/chain`);
export const myRequests = async () => (await api.get<{ items: SupplyRequest[] }>("/supply-requests")).items;

/// The link a supplier opens to join (the code is the invitation).
export function inviteLink(code: string): string {
  return `${location.origin}${location.pathname}#/supply/join/${code}`;
}

/// Sample statistics of a Monte Carlo (kg CO2e per declared unit).
export interface Spread {
  nominal: number;
  mean: number;
  sd: number;
  p2_5: number;
  p5: number;
  p50: number;
  p95: number;
  p97_5: number;
}

export interface MonteCarlo {
  study_id: number;
  declared_unit: string;
  draws: number;
  seed: number;
  uncertain_lines: number;
  total: Spread;
  stages: (Spread & { stage: string })[];
  values?: number[];
}

/// The study's uncertainty by Monte Carlo (the server runs at most 20,000 draws).
export const montecarlo = (id: number, n: number, seed: number, draws = true) =>
  api.get<MonteCarlo>(`/footprint-studies/${id}/montecarlo?n=${n}&seed=${seed}&draws=${draws}`);

/// Replaces the study's document (the server reads it as the CLI reads a file: 422 listing every
/// problem with the line as `where.record` and the field; nothing is saved then).
export const saveStudy = (id: number, document: Record<string, unknown>, reason?: string) =>
  api.put<Study>(`/footprint-studies/${id}`, document, reason);
