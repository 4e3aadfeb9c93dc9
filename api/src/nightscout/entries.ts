/**
 * Nightscout API v1 entries (https://github.com/nightscout/cgm-remote-monitor, lib/api/entries):
 * what uploaders post and followers read, and how they map to the platform's readings. Nightscout
 * `sgv` values are always mg/dL (its `units` setting is for display only), which is the canonical
 * glucose unit, so values pass through unconverted.
 */
import { z } from '@hono/zod-openapi';
import { readingId } from '../../../common/src/reading-id.ts';
import type { WireReading } from '../../../common/src/wire/readings.ts';

/** The GATT characteristic of CGM measurements: Nightscout glucose is sensor glucose. */
export const NIGHTSCOUT_CHARACTERISTIC = '2AA7';

export const Direction = z.enum(['DoubleUp', 'SingleUp', 'FortyFiveUp', 'Flat', 'FortyFiveDown', 'SingleDown', 'DoubleDown', 'NOT COMPUTABLE', 'RATE OUT OF RANGE', 'NONE']);
export type Direction = z.infer<typeof Direction>;

/** One uploaded entry, as xDrip+, Loop, AndroidAPS and Spike send them; unknown fields are ignored. */
export const UploadedEntry = z
  .object({
    type: z.string().max(16).optional().openapi({ description: 'sgv (sensor glucose) is stored; mbg, cal and others are ignored' }),
    sgv: z.number().optional().openapi({ description: 'Sensor glucose, mg/dL' }),
    date: z.coerce.number().int().positive().openapi({ description: 'Measurement time, epoch milliseconds' }),
    dateString: z.string().max(40).optional(),
    direction: z.string().max(32).optional(),
    device: z.string().max(100).optional().openapi({ description: 'The uploader, e.g. xDrip-DexcomG6' }),
    noise: z.number().optional(),
    filtered: z.number().optional(),
    unfiltered: z.number().optional(),
    rssi: z.number().optional(),
    delta: z.number().optional(),
  })
  .openapi('NightscoutUploadedEntry');
export type UploadedEntry = z.infer<typeof UploadedEntry>;

/** Nightscout accepts a single entry or an array of them. */
export const UploadBody = z.union([z.array(UploadedEntry).max(10_000), UploadedEntry]);

export const NightscoutEntry = z
  .object({
    _id: z.string().openapi({ description: '24 hex characters (Nightscout ids are MongoDB ObjectIds), from the reading id' }),
    type: z.literal('sgv'),
    sgv: z.number().int(),
    date: z.number().int(),
    dateString: z.string(),
    mills: z.number().int(),
    sysTime: z.string(),
    utcOffset: z.number().int(),
    direction: Direction,
    delta: z.number().optional(),
    device: z.string(),
    noise: z.number().optional(),
  })
  .openapi('NightscoutEntry');
export type NightscoutEntry = z.infer<typeof NightscoutEntry>;

/** A stored CGM reading as the entries query reads it. */
export interface SgvRow {
  readingId: string;
  /** epoch ms */
  date: number;
  /** mg/dL */
  value: number;
  /** The uploader's name for a Nightscout upload, else the device's manufacturer and model. */
  device: string;
  direction: string | null;
  noise: number | null;
}

/** Whether an uploaded entry is a sensor glucose value this server stores. */
export const isSgv = (e: UploadedEntry): e is UploadedEntry & { sgv: number } => (e.type === undefined || e.type === 'sgv') && typeof e.sgv === 'number';

/** The wall-clock part of a Nightscout dateString (`2026-06-01T07:55:00.000+0200`), the device's local time. */
function localTimeOf(dateString: string | undefined): string | undefined {
  return /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(dateString ?? '')?.[1];
}

/**
 * An uploaded sgv entry as a wire reading of the patient's virtual Nightscout device. The id is
 * deterministic from the device and the entry's `date`, so an uploader that sends the same entry
 * again (they all do, after a network error) stores nothing twice.
 */
export function entryToReading(e: UploadedEntry & { sgv: number }, deviceKey: string): WireReading {
  const local = localTimeOf(e.dateString);
  const direction = Direction.safeParse(e.direction);
  return {
    id: readingId(deviceKey, NIGHTSCOUT_CHARACTERISTIC, { deviceTime: `ns:${e.date}` }),
    deviceId: deviceKey,
    characteristic: NIGHTSCOUT_CHARACTERISTIC,
    measuredAt: new Date(e.date).toISOString(),
    ...(local ? { deviceTime: local } : {}),
    values: [{ metric: 'glucose', value: e.sgv, unit: 'mg/dL' }],
    context: {
      source: 'nightscout',
      ...(e.device ? { uploader: e.device.slice(0, 200) } : {}),
      ...(direction.success ? { direction: direction.data } : {}),
      ...(e.noise !== undefined ? { noise: e.noise } : {}),
    },
  };
}

/** Nightscout `_id`s are 24 hex characters: the reading id's first 96 bits. */
export const entryId = (readingId: string) => readingId.replaceAll('-', '').slice(0, 24);

/**
 * The trend arrow from the rate of change (mg/dL per minute) against the previous reading, with
 * Dexcom's bands, when the reading carried none: `NONE` without a reading in the last 15 minutes.
 */
export function directionOf(rateMgDlPerMin: number | null): Direction {
  if (rateMgDlPerMin === null) return 'NONE';
  const r = rateMgDlPerMin;
  if (r > 3) return 'DoubleUp';
  if (r > 2) return 'SingleUp';
  if (r > 1) return 'FortyFiveUp';
  if (r >= -1) return 'Flat';
  if (r >= -2) return 'FortyFiveDown';
  if (r >= -3) return 'SingleDown';
  return 'DoubleDown';
}

const GAP_FOR_DELTA_MS = 15 * 60_000;

/**
 * Readings (newest first) as Nightscout entries, each with its delta and direction against the
 * reading after it in the list (the older one); `older` is the reading just before the oldest.
 */
export function toEntries(rows: readonly SgvRow[], older?: SgvRow): NightscoutEntry[] {
  return rows.map((r, i) => {
    const prev = rows[i + 1] ?? older;
    const near = prev && r.date - prev.date > 0 && r.date - prev.date <= GAP_FOR_DELTA_MS ? prev : null;
    const delta = near ? Math.round((r.value - near.value) * 10) / 10 : undefined;
    const direction = Direction.safeParse(r.direction);
    const iso = new Date(r.date).toISOString();
    return {
      _id: entryId(r.readingId),
      type: 'sgv',
      sgv: Math.round(r.value),
      date: r.date,
      dateString: iso,
      mills: r.date,
      sysTime: iso,
      utcOffset: 0,
      direction: direction.success ? direction.data : directionOf(near ? (r.value - near.value) / ((r.date - near.date) / 60_000) : null),
      ...(delta !== undefined ? { delta } : {}),
      device: r.device,
      ...(r.noise !== null ? { noise: r.noise } : {}),
    };
  });
}
