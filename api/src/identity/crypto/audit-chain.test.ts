import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditRecord, JsonValue } from './audit-chain.ts';
import { GENESIS_HASH, appendEntry, canonicalJson, entryHash, verifyChain } from './audit-chain.ts';
import { CanonicalJsonError } from './errors.ts';

function buildChain(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < length; i++) {
    records.push(
      appendEntry(records.at(-1) ?? null, {
        actor: `clinician-${i % 3}`,
        patient: i % 4 === 0 ? null : `patient-${i}`,
        action: 'observation.read',
        resource: `observation/${i}`,
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        reason: i % 2 ? 'care team' : null,
        requestId: `req-${i}`,
      }),
    );
  }
  return records;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ z: null, y: 'é"' }], c: true })).toBe('{"a":[{"y":"é\\"","z":null}],"b":1,"c":true}');
  });

  it('does not depend on key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null))), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        return canonicalJson(object) === canonicalJson(reversed) && JSON.parse(canonicalJson(object)) !== undefined;
      }),
    );
  });

  it('refuses values JSON.stringify would silently drop or convert', () => {
    expect(() => canonicalJson({ a: undefined } as unknown as JsonValue)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(Number.NaN)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(new Date() as unknown as JsonValue)).toThrow(CanonicalJsonError);
  });
});

describe('entryHash', () => {
  const [first] = buildChain(1) as [AuditRecord];

  it('is SHA-256 hex over prevHash and the canonical JSON of the hashed fields', () => {
    const { prevHash, hash, ...entry } = first;
    const expected = createHash('sha256')
      .update(prevHash + canonicalJson(entry))
      .digest('hex');
    expect(entryHash(GENESIS_HASH, first)).toBe(expected);
    expect(hash).toBe(expected);
  });

  it('ignores fields outside the entry, such as a database id', () => {
    const withId = { ...first, id: 99 } as AuditEntry;
    expect(entryHash(GENESIS_HASH, withId)).toBe(first.hash);
  });

  it('refuses a prevHash that is not 64 lowercase hex characters', () => {
    expect(() => entryHash('abc', first)).toThrow(CanonicalJsonError);
    expect(() => entryHash(GENESIS_HASH.toUpperCase().replace(/0/g, 'A'), first)).toThrow(CanonicalJsonError);
  });
});

describe('appendEntry', () => {
  it('numbers from 1 and links each record to the one before', () => {
    const chain = buildChain(3);
    expect(chain.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    expect(chain[1]!.prevHash).toBe(chain[0]!.hash);
    expect(chain[2]!.prevHash).toBe(chain[1]!.hash);
  });
});

describe('verifyChain', () => {
  const chain = buildChain(6);

  it('accepts an intact chain, an empty one, and a slice from a known anchor', () => {
    expect(verifyChain(chain)).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
    expect(verifyChain(chain.slice(3), chain[2]!)).toEqual({ ok: true });
  });

  it('detects an altered entry', () => {
    const tampered = chain.map((r, i) => (i === 2 ? { ...r, actor: 'someone-else' } : r));
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAt: 2, reason: 'hash_mismatch' });
  });

  it('detects an altered entry whose own hash was recomputed, at the next record', () => {
    const altered = { ...chain[2]!, reason: 'covering tracks' };
    altered.hash = entryHash(altered.prevHash, altered);
    const tampered = chain.map((r, i) => (i === 2 ? altered : r));
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAt: 3, reason: 'prev_mismatch' });
  });

  it('detects an altered stored hash', () => {
    const tampered = chain.map((r, i) => (i === 4 ? { ...r, hash: 'f'.repeat(64) } : r));
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAt: 4, reason: 'hash_mismatch' });
  });

  it('detects a deleted entry', () => {
    const tampered = chain.filter((_, i) => i !== 3);
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAt: 3, reason: 'sequence_gap' });
    expect(verifyChain(chain.slice(1))).toEqual({ ok: false, brokenAt: 0, reason: 'sequence_gap' });
  });

  it('detects a deleted entry even when the later ones were renumbered', () => {
    const tampered = chain.filter((_, i) => i !== 3).map((r, i) => ({ ...r, seq: i + 1 }));
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAt: 3, reason: 'prev_mismatch' });
  });

  it('detects reordered entries', () => {
    const swapped = [...chain];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyChain(swapped)).toEqual({ ok: false, brokenAt: 1, reason: 'sequence_gap' });
  });

  it('detects reordered entries even when they were renumbered', () => {
    const swapped = [...chain];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    const renumbered = swapped.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(verifyChain(renumbered)).toEqual({ ok: false, brokenAt: 1, reason: 'prev_mismatch' });
  });

  it('detects a renumbered entry, since the sequence number is hashed', () => {
    const moved = { ...chain[3]!, seq: 10 };
    expect(verifyChain([moved], { seq: 9, hash: moved.prevHash })).toEqual({ ok: false, brokenAt: 0, reason: 'hash_mismatch' });
  });

  it('detects an inserted entry', () => {
    const forged = appendEntry(chain[2]!, { ...chain[3]!, actor: 'forger' });
    const tampered = [...chain.slice(0, 3), forged, ...chain.slice(3).map((r) => ({ ...r, seq: r.seq + 1 }))];
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAt: 4, reason: 'prev_mismatch' });
  });

  it('cannot see a truncated tail by itself: the head must be checked against a copy kept elsewhere', () => {
    const truncated = chain.slice(0, -2);
    expect(verifyChain(truncated)).toEqual({ ok: true });
    expect(truncated.at(-1)!.hash).not.toBe(chain.at(-1)!.hash);
  });
});
