import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReadingsBatch } from './readings.ts';
import { readingId, uuidv5 } from '../reading-id.ts';

describe('MQTT wire schema', () => {
  it('accepts the documented example batch', () => {
    const example = JSON.parse(readFileSync('docs/examples/readings-batch.json', 'utf8'));
    expect(ReadingsBatch.safeParse(example).success).toBe(true);
  });
});

describe('reading ids', () => {
  it('implement RFC 9562 UUIDv5 (DNS namespace test vector)', () => {
    // python: uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com') == 2ed6657d-e927-568b-95e1-2665a8aea6a2
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('are deterministic per device, characteristic and sequence', () => {
    expect(readingId('GM-1', '2a18', { sequence: 5 })).toBe(readingId('GM-1', '2A18', { sequence: 5 }));
    expect(readingId('GM-1', '2A18', { sequence: 5 })).not.toBe(readingId('GM-1', '2A18', { sequence: 6 }));
    expect(readingId('BP-1', '2A35', { deviceTime: '2026-01-01T08:00:00' })).not.toBe(readingId('BP-1', '2A35', { deviceTime: '2026-01-01T08:00:01' }));
  });
});
