// The JSON API of `carbonledger serve` (docs/api/openapi.yaml). The session is an HttpOnly
// cookie; writes carry the CSRF token from the login answer (kept for the tab's life) or, after
// a reload, from the readable cl_csrf cookie. Errors come back as ApiError with the server's
// {code, message, where} and any diagnostics, so a form can show each at its field.
export interface Where {
  file?: string;
  row?: number;
  field?: string;
  record?: string;
}
export interface Diagnostic {
  code: string;
  message: string;
  severity?: string;
  where?: Where;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly where: Where = {},
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}

let csrf = sessionStorage.getItem("cl_csrf") ?? "";

export function setCsrf(token: string): void {
  csrf = token;
  sessionStorage.setItem("cl_csrf", token);
}

/// The cookie first (a log-in in another tab renews it), the login answer's token otherwise.
function csrfToken(): string {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("cl_csrf="));
  return cookie ? decodeURIComponent(cookie.slice("cl_csrf=".length)) : csrf;
}

export interface RequestOptions {
  body?: unknown;
  raw?: Blob | string;
  contentType?: string;
  reason?: string;
}

async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers["Content-Type"] = options.contentType ?? "application/octet-stream";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  if (options.reason) headers["X-Reason"] = encodeURIComponent(options.reason);
  const response = await fetch(`/api/v1${path}`, { method, headers, body, credentials: "same-origin" });
  if (!response.ok) {
    let payload: Record<string, unknown> = {};
    try {
      payload = await response.json();
    } catch {
      /* not JSON: keep the status line */
    }
    const error = (payload.error ?? payload) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      String(error.code ?? `http.${response.status}`),
      String(error.message ?? response.statusText),
      (error.where as Where) ?? {},
      ((payload.diagnostics ?? error.diagnostics) as Diagnostic[]) ?? [],
    );
  }
  return response;
}

export async function get<T>(path: string): Promise<T> {
  return (await send("GET", path)).json() as Promise<T>;
}
export async function post<T>(path: string, body?: unknown, reason?: string): Promise<T> {
  return (await send("POST", path, { body: body ?? {}, reason })).json() as Promise<T>;
}
export async function put<T>(path: string, body: unknown, reason?: string): Promise<T> {
  return (await send("PUT", path, { body, reason })).json() as Promise<T>;
}
export async function patch<T>(path: string, body: unknown, reason?: string): Promise<T> {
  return (await send("PATCH", path, { body, reason })).json() as Promise<T>;
}
export async function del(path: string, reason?: string): Promise<void> {
  await send("DELETE", path, { reason });
}
export async function upload<T>(path: string, data: Blob | string, contentType: string): Promise<T> {
  return (await send("POST", path, { raw: data, contentType })).json() as Promise<T>;
}
/// A POST whose answer is a file (e.g. a workbook computed from the body).
export async function postBlob(path: string, body: unknown): Promise<Blob> {
  return (await send("POST", path, { body })).blob();
}
export async function blob(path: string): Promise<Blob> {
  return (await send("GET", path)).blob();
}
