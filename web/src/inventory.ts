// Inventory data the pages share: the inventory, its organization, sources, activity records,
// and the stored or freshly computed result (docs/formats/inventory.md, `inventory compute`).
import * as api from "./api";
import type { Organization } from "./session";

export interface Inventory {
  id: number;
  organization_id: number;
  year: number;
  base_year: number;
  boundary: string;
  gwp_set: string;
}
export interface Facility {
  id: number;
  organization_id: number;
  code: string;
  name: string;
  details: Record<string, unknown>;
}
export interface Source {
  id: number;
  inventory_id: number;
  facility_id: number;
  code: string;
  name: string;
  type: string;
  factor: string;
  definition: Record<string, unknown>;
}
export interface ActivityRecord {
  id: number;
  source_id: number;
  source: string;
  code: string;
  period: string;
  amount: number;
  unit: string;
  evidence: string;
  evidence_id: number | null;
  note: string;
}
export type Result = Record<string, unknown> & {
  total_co2e_kg?: number;
  category_co2e_kg?: number[];
};

export const getInventory = (id: number) => api.get<Inventory>(`/inventories/${id}`);
export const getOrganization = (id: number) => api.get<Organization>(`/orgs/${id}`);
export const listInventories = async (org: number) =>
  (await api.get<{ items: Inventory[] }>(`/orgs/${org}/inventories`)).items;
export const listFacilities = async (org: number) =>
  (await api.get<{ items: Facility[] }>(`/orgs/${org}/facilities`)).items;
export const listSources = async (inventory: number) =>
  (await api.get<{ items: Source[] }>(`/inventories/${inventory}/sources`)).items;

/// Every activity record of an inventory, page by page.
export async function listActivity(inventory: number, query = ""): Promise<ActivityRecord[]> {
  const out: ActivityRecord[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const page: { items: ActivityRecord[]; next_offset: number | null } = await api.get(
      `/inventories/${inventory}/activity?limit=500&offset=${offset}${query ? `&${query}` : ""}`,
    );
    out.push(...page.items);
    offset = page.next_offset;
  }
  return out;
}

/// The stored result, or null when the inventory was never computed.
export async function storedResult(inventory: number): Promise<Result | null> {
  try {
    return await api.get<Result>(`/inventories/${inventory}/result`);
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 404) return null;
    throw error;
  }
}

export const compute = (inventory: number) => api.post<Result>(`/inventories/${inventory}/compute`);
