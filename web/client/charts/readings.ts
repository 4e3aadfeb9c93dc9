import { api, type ApiResult } from '../lib/api.ts';

export interface Reading {
  readingId: string;
  measuredAt: string;
  value: number;
  unit: string;
  deviceId: string;
}

interface ReadingsPage {
  items: Reading[];
  nextCursor: string | null;
}

/** At most this many pages (1,000 readings each): 30 days of a 5-minute CGM is 9 pages. */
const MAX_PAGES = 12;

/** Every reading of one metric in [from, to), oldest first, following the API's cursor. */
export async function fetchReadings(patientId: string, metric: string, period: { from: string; to: string }): Promise<ApiResult<Reading[]>> {
  const items: Reading[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const q: URLSearchParams = new URLSearchParams({ metric, from: period.from, to: period.to, limit: '1000', order: 'asc', ...(cursor ? { cursor } : {}) });
    const r: ApiResult<ReadingsPage> = await api<ReadingsPage>('GET', `/v1/patients/${patientId}/readings?${q}`);
    if (!r.ok) return r;
    items.push(...r.data.items);
    cursor = r.data.nextCursor;
    if (!cursor) break;
  }
  return { ok: true, status: 200, data: items };
}

/** The newest reading of a metric in the last `days` days, or null. */
export async function latestReading(patientId: string, metric: string, days = 90): Promise<ApiResult<Reading | null>> {
  const q = new URLSearchParams({ metric, from: new Date(Date.now() - days * 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), limit: '1', order: 'desc' });
  const r = await api<ReadingsPage>('GET', `/v1/patients/${patientId}/readings?${q}`);
  return r.ok ? { ...r, data: r.data.items[0] ?? null } : r;
}
