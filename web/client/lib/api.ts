/**
 * The browser's one way to call the API: same-origin cookies, the CSRF header on every change,
 * problem+json turned into a plain-language message, and sign-in when the session has ended.
 */

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
  [k: string]: unknown;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: Problem; unavailable: boolean };

/** The token the server put in the page, replaced after sign-in (a new session has a new token). */
function csrfMeta(): HTMLMetaElement {
  let meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]');
  if (!meta) {
    meta = document.createElement('meta');
    meta.name = 'csrf-token';
    document.head.append(meta);
  }
  return meta;
}

export function setCsrfToken(token: string): void {
  csrfMeta().content = token;
}

/**
 * A 404 from the router itself (not from a route saying "no such alert") means the feature's API
 * is not deployed here yet: the page says so instead of failing.
 */
function isMissingRoute(status: number, problem: Problem): boolean {
  return status === 404 && problem.detail === 'no such resource';
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (method !== 'GET') headers['x-csrf-token'] = csrfMeta().content;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    return { ok: false, status: 0, problem: { status: 0, detail: 'We could not reach Vitals. Check your internet connection and try again.' }, unavailable: false };
  }
  if (res.status === 401 && !path.startsWith('/v1/auth/')) {
    // the session ended (idle timeout): sign in again and come back here
    location.assign(`/signin?next=${encodeURIComponent(location.pathname)}`);
    return { ok: false, status: 401, problem: { status: 401, detail: 'Please sign in again.' }, unavailable: false };
  }
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (res.ok) return { ok: true, status: res.status, data: parsed as T };
  const problem: Problem = parsed && typeof parsed === 'object' ? { status: res.status, ...(parsed as object) } : { status: res.status };
  return { ok: false, status: res.status, problem, unavailable: isMissingRoute(res.status, problem) || res.status === 503 };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A sentence for people: the API's own detail when it has one (they are written for users). */
export function problemText(p: Problem): string {
  if (p.status === 403) return p.detail ? capitalise(p.detail) + '.' : 'You do not have access to this.';
  if (p.status === 429) return 'Too many tries. Please wait a few minutes and try again.';
  if (p.status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  const first = p.errors?.[0]?.message;
  const text = p.detail && p.detail !== 'the request is not valid' ? p.detail : first ?? p.detail ?? 'That did not work. Please try again.';
  return capitalise(text) + (/[.!?]$/.test(text) ? '' : '.');
}

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
