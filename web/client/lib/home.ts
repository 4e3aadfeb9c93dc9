/** Where each kind of user starts; the server's page routes (web/src/routes.tsx) use it too. */
export function homeFor(role: string): string {
  if (role === 'clinician') return '/app/clinic';
  if (role === 'admin') return '/app/admin/queues';
  return role === 'patient' || role === 'proxy' ? '/app' : '/app/help';
}

/** The `next` page after sign-in, only if it is one of ours: never an open redirect. */
export function safeNext(raw: string | null): string | null {
  return raw && /^\/app(\/[A-Za-z0-9/_-]*)?$/.test(raw) ? raw : null;
}
