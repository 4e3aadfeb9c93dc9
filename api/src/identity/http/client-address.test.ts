import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

const addressSeenBy = async (hops: number, headers: Record<string, string> = {}, env?: unknown) => {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, hops)));
  return (await app.request('/', { headers }, env)).text();
};

describe('clientAddress', () => {
  const socket = { incoming: { socket: { remoteAddress: '10.0.0.7' } } };

  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims', async () => {
    expect(await addressSeenBy(0, { 'x-forwarded-for': '1.2.3.4' }, socket)).toBe('10.0.0.7');
  });

  it('takes the address the trusted proxy appended, not what the client wrote', async () => {
    expect(await addressSeenBy(1, { 'x-forwarded-for': 'spoofed, 198.51.100.9' }, socket)).toBe('198.51.100.9');
    expect(await addressSeenBy(2, { 'x-forwarded-for': 'spoofed, 198.51.100.9, 10.0.0.2' }, socket)).toBe('198.51.100.9');
  });

  it('falls back to the peer when the header is missing or shorter than the hops', async () => {
    expect(await addressSeenBy(2, { 'x-forwarded-for': '198.51.100.9' }, socket)).toBe('10.0.0.7');
    expect(await addressSeenBy(1, {}, socket)).toBe('10.0.0.7');
  });

  it('is "unknown" without a socket (app.request in tests)', async () => {
    expect(await addressSeenBy(0)).toBe('unknown');
  });
});
