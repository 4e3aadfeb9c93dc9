import { randomUUID } from 'node:crypto';
import type { Resource } from '../http/fhir-response.ts';

export interface SearchsetPage {
  /** The FHIR base URL, e.g. https://host/fhir/R4. */
  base: string;
  /** The searched resource type, for the self and next links. */
  resourceType: string;
  /** The parameters that took part in the search. */
  used: URLSearchParams;
  /** Bundle.total, when counted. */
  total?: number | undefined;
  /** The matches of this page. */
  matches: readonly Resource[];
  /** The cursor of the next page, when there is one. */
  nextCursor?: string | undefined;
  /** Warnings about the search (e.g. part of the record left out), as an `outcome` entry. */
  outcome?: Resource | undefined;
}

/**
 * A searchset Bundle (R4 bundle.html, search.html#bundle): `total`, a `self` link and a `next` link
 * while more pages follow, each match with its absolute `fullUrl` and `search.mode = match`.
 */
export function searchsetBundle(page: SearchsetPage): Resource {
  const link = (params: URLSearchParams) => `${page.base}/${page.resourceType}${params.size ? `?${params}` : ''}`;
  const next = page.nextCursor ? new URLSearchParams([...page.used, ['_cursor', page.nextCursor]]) : null;
  const entry = [
    ...page.matches.map((resource) => ({ fullUrl: `${page.base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
    ...(page.outcome ? [{ fullUrl: `urn:uuid:${randomUUID()}`, resource: page.outcome, search: { mode: 'outcome' } }] : []),
  ];
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    type: 'searchset',
    ...(page.total !== undefined ? { total: page.total } : {}),
    link: [{ relation: 'self', url: link(page.used) }, ...(next ? [{ relation: 'next', url: link(next) }] : [])],
    // FHIR JSON has no empty arrays: an empty page has no entry element at all
    ...(entry.length ? { entry } : {}),
  };
}
