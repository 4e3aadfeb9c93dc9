import type { Child } from 'hono/jsx';
import type { PageSession } from '../viewer.ts';

/** Who may open a page; anyone else signed in is sent to their own home page. */
export type Audience = 'patient' | 'clinician' | 'admin' | 'signed-in' | 'anyone';

export interface PageProps {
  session: PageSession;
  path: string;
  params: Record<string, string>;
}

/** One page of the portal: its route pattern, who it is for, and its server-rendered shell. */
export interface PageDef {
  path: string;
  audience: Audience;
  /** Returns null when the page does not exist (e.g. an unknown help topic). */
  render: (props: PageProps) => Child | null;
}
