import type { Role } from '../../api/src/auth/principal.ts';

export interface NavItem {
  href: string;
  label: string;
}

/**
 * The sections each kind of user sees, in the order people look for them. Labels are plain words
 * ("Test results", not "Labs"): many of our patients are new to portals.
 */
export const NAV: Record<'patient' | 'clinician' | 'admin', NavItem[]> = {
  patient: [
    { href: '/app', label: 'Home' },
    { href: '/app/appointments', label: 'Appointments' },
    { href: '/app/messages', label: 'Messages' },
    { href: '/app/results', label: 'Test results' },
    { href: '/app/glucose', label: 'Blood sugar' },
    { href: '/app/blood-pressure', label: 'Blood pressure' },
    { href: '/app/summary', label: 'Health summary' },
    { href: '/app/medications', label: 'Medicines' },
    { href: '/app/billing', label: 'Billing' },
    { href: '/app/forms', label: 'Forms' },
    { href: '/app/privacy', label: 'Sharing and security' },
    { href: '/app/access-log', label: 'Who viewed my record' },
    { href: '/app/help', label: 'Help' },
  ],
  clinician: [
    { href: '/app/clinic', label: 'My patients' },
    { href: '/app/clinic/alerts', label: 'Alerts' },
    { href: '/app/clinic/messages', label: 'Messages' },
    { href: '/app/help', label: 'Help' },
  ],
  admin: [
    { href: '/app/admin/queues', label: 'Job queues' },
    { href: '/app/help', label: 'Help' },
  ],
};

/** Navigation for a role; proxies get the help pages only for now (see docs/web.md). */
export function navFor(role: Role | undefined): NavItem[] {
  if (role === 'patient') return NAV.patient;
  if (role === 'clinician') return NAV.clinician;
  if (role === 'admin') return NAV.admin;
  return [{ href: '/app', label: 'Home' }, { href: '/app/help', label: 'Help' }];
}

/** The nav item a path belongs to (longest matching prefix), for `aria-current`. */
export function currentNavHref(items: NavItem[], path: string): string | undefined {
  return items
    .filter((i) => path === i.href || path.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}
