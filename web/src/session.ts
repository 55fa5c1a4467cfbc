// Who is logged in: the user of GET /auth/me and the organizations the caller may read.
import * as api from "./api";

export interface Membership {
  id: number;
  organization_id: number | null;
  role: string;
}
/// A user as GET /users lists them, with every membership.
export interface User {
  id: number;
  email: string;
  name: string;
  memberships: Membership[];
}
/// The caller as /auth/login and /auth/me give it: the principal's organization and role
/// (the administrator membership first, else the first one) and, for a consultant, the
/// factories assigned to its consultancy.
export interface Caller {
  id: number;
  login: string;
  name: string;
  org: string;
  role: string;
  assigned: string[];
}
export interface Organization {
  id: number;
  kind: string;
  name: string;
  name_en: string;
  tax_id: string;
  details: Record<string, string>;
}

let user: Caller | null = null;

export function current(): Caller | null {
  return user;
}

export async function refresh(): Promise<Caller | null> {
  try {
    user = (await api.get<{ user: Caller }>("/auth/me")).user;
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 401) user = null;
    else throw error;
  }
  return user;
}

export async function login(login: string, password: string): Promise<Caller> {
  const answer = await api.post<{ user: Caller; csrf_token: string }>("/auth/login", { login, password });
  api.setCsrf(answer.csrf_token);
  user = answer.user;
  return answer.user;
}

export async function logout(): Promise<void> {
  try {
    await api.post("/auth/logout");
  } finally {
    user = null;
  }
}

/// The caller's role: factory, supplier, consultant, verifier or administrator.
export function hasRole(role: string): boolean {
  return user?.role === role;
}

/// The caller's own organization (its store id), or null.
export function ownOrg(): number | null {
  return user?.org ? Number(user.org) : null;
}

export async function organizations(): Promise<Organization[]> {
  return (await api.get<{ items: Organization[] }>("/orgs")).items;
}
