import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import type pg from 'pg';
import { ASSIGNED_FROM, CARE_TEAMS, CLINIC, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEVICES, GATEWAYS, PATIENTS, USERS } from './seed-data.ts';

/** Gateway and API tokens are high-entropy secrets, so a fast hash is enough (no brute force). */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Insert the demo clinic. Idempotent: fixed ids and ON CONFLICT DO NOTHING, so running it on every
 * start is harmless. One transaction, so a half-seeded database is never seen.
 */
export async function seedDemo(db: pg.Pool): Promise<void> {
  // OWASP argon2id parameters; computed once for all demo users
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 });
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query('INSERT INTO clinics (id, name, timezone) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [CLINIC.id, CLINIC.name, CLINIC.timezone]);
    for (const t of CARE_TEAMS) {
      await c.query('INSERT INTO care_teams (id, clinic_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [t.id, CLINIC.id, t.name]);
    }
    for (const p of PATIENTS) {
      await c.query(
        `INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date, sex, timezone, email, conditions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [p.id, CLINIC.id, p.mrn, p.given, p.family, p.birthDate, p.sex, CLINIC.timezone, p.email, p.conditions],
      );
      for (const suffix of p.teams) {
        await c.query('INSERT INTO care_team_patients (care_team_id, patient_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [`00000000-0000-4000-8000-0000000000${suffix}`, p.id]);
      }
    }
    for (const u of USERS) {
      await c.query(
        `INSERT INTO users (id, clinic_id, email, display_name, role, patient_id, password_hash, email_verified_at, totp_secret, mfa_enrolled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8, CASE WHEN $8::text IS NULL THEN NULL ELSE now() END) ON CONFLICT DO NOTHING`,
        [u.id, CLINIC.id, u.email, u.displayName, u.role, u.patientId ?? null, passwordHash, u.mfa ? DEMO_TOTP_SECRET : null],
      );
      for (const m of u.teams ?? []) {
        await c.query('INSERT INTO care_team_members (care_team_id, user_id, member_role, tier) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [m.teamId, u.id, m.memberRole, m.tier]);
      }
    }
    for (const g of GATEWAYS) {
      await c.query('INSERT INTO gateways (id, clinic_id, label, token_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [g.id, CLINIC.id, g.label, tokenHash(g.token)]);
    }
    for (const d of DEVICES) {
      await c.query(
        `INSERT INTO devices (id, clinic_id, device_key, type, manufacturer, model, serial, ble_address, gateway_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [d.id, CLINIC.id, d.key, d.type, d.manufacturer, d.model, d.serial, d.bleAddress, d.gatewayId],
      );
      await c.query(
        `INSERT INTO device_assignments (device_id, patient_id, valid)
         SELECT $1, $2, tstzrange($3, NULL) WHERE NOT EXISTS (SELECT 1 FROM device_assignments WHERE device_id = $1)`,
        [d.id, d.patientId, ASSIGNED_FROM],
      );
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
  await runFeatureSeeds(db);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Each feature fills its own part of the demo from `<deployable>/src/<feature>/demo-seed.ts`
 * exporting `seed(db)` (idempotent), so features add demo data without editing this file.
 * They run in path order after the core seed.
 */
async function runFeatureSeeds(db: pg.Pool): Promise<void> {
  const files: string[] = [];
  for (const deployable of ['api', 'alerts']) {
    const src = path.join(ROOT, deployable, 'src');
    for (const feature of (await readdir(src, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const file = path.join(src, feature, 'demo-seed.ts');
      if ((await readdir(path.join(src, feature))).includes('demo-seed.ts')) files.push(file);
    }
  }
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as { seed?: (db: pg.Pool) => Promise<void> };
    if (typeof mod.seed !== 'function') throw new Error(`${file} must export seed(db)`);
    await mod.seed(db);
  }
}
