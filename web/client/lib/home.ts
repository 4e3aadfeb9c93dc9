/** Where each kind of user starts (mirrors web/src/routes.tsx homeFor). */
export function homeFor(role: string): string {
  return role === 'clinician' ? '/app/clinic' : role === 'patient' ? '/app' : '/app/help';
}

/** The `next` page after sign-in, only if it is one of ours: never an open redirect. */
export function safeNext(raw: string | null): string | null {
  return raw && /^\/app(\/[A-Za-z0-9/_-]*)?$/.test(raw) ? raw : null;
}
