import { readingId } from '../../../common/src/reading-id.ts';
import type { WireReading } from '../../../common/src/wire/readings.ts';

/** Start of the synthetic readings' measurement times (2026-01-01T00:00:00Z). */
const EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * Test fixture: the `index`th glucose reading of a synthetic meter, with a deterministic id, so a
 * test (or a child process) can recompute exactly what it appended from the index alone.
 */
export function makeReading(index: number, deviceId = 'meter-1', measuredAtMs = EPOCH_MS + index * 60_000): WireReading {
  return {
    id: readingId(deviceId, '2A18', { sequence: index }),
    deviceId,
    characteristic: '2A18',
    sequence: index,
    measuredAt: new Date(measuredAtMs).toISOString(),
    values: [{ metric: 'glucose', value: 90 + (index % 60), unit: 'mg/dL' }],
    context: { meal: index % 2 === 0 ? 'preprandial' : 'postprandial' },
  };
}

/** Readings `from` .. `from + count - 1`. */
export function makeReadings(from: number, count: number, deviceId?: string): WireReading[] {
  return Array.from({ length: count }, (_, i) => makeReading(from + i, deviceId));
}
