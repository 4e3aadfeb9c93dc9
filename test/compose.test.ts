import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { parseEnv } from '../common/src/config.ts';
import { IngestConfigSchema } from '../ingest/src/config.ts';
import { ApiConfigSchema } from '../api/src/config.ts';
import { AlertsConfigSchema } from '../alerts/src/config.ts';
import { GatewayConfigSchema } from '../gateway-agent/src/config.ts';

/** Entry point → the config schema it reads. */
const ENTRY_SCHEMAS: Record<string, z.ZodObject> = {
  'ingest/src/main.ts': IngestConfigSchema,
  'api/src/main.ts': ApiConfigSchema,
  'alerts/src/main.ts': AlertsConfigSchema,
  'gateway-agent/src/main.ts': GatewayConfigSchema,
};

/** Resolve compose's `${VAR:-default}` interpolation the way compose does with VAR unset. */
const interpolate = (v: string) => v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

type Service = { build?: unknown; image?: string; command?: string[]; environment?: Record<string, string | number> };
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  const built = Object.entries(compose.services).filter(([, s]) => s.build);

  it('runs TimescaleDB, Redis and every deployable', () => {
    expect(compose.services.timescaledb?.image).toMatch(/^timescale\/timescaledb:/);
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    const entries = built.map(([, s]) => s.command?.find((a) => a.endsWith('.ts')));
    for (const entry of Object.keys(ENTRY_SCHEMAS)) expect(entries).toContain(entry);
  });

  it.each(built)('%s: command exists and its environment satisfies its config schema', (_name, service) => {
    const entry = service.command?.find((a) => a.endsWith('.ts'));
    expect(entry, 'command names a .ts entry point').toBeDefined();
    expect(existsSync(entry!), `${entry} exists`).toBe(true);
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
    if (entry === 'db/src/cli.ts') {
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\//);
      return;
    }
    const schema = ENTRY_SCHEMAS[entry!];
    expect(schema, `${entry} has a config schema`).toBeDefined();
    expect(() => parseEnv(schema!, env)).not.toThrow();
    // every variable set in compose is one the service reads: a typo would be silently ignored
    const known = Object.keys(schema!.shape);
    for (const key of Object.keys(env)) expect(known, `${key} is read by ${entry}`).toContain(key);
  });
});
