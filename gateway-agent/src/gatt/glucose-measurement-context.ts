import { enumCode, enumName, type ReservedCode } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'glucose_measurement_context';

/** Flags octet (GLS v1.0.1): every bit is defined. */
const FLAG = {
  carbohydrate: 0x01,
  meal: 0x02,
  testerHealth: 0x04,
  exercise: 0x08,
  medication: 0x10,
  medicationLitres: 0x20,
  hba1c: 0x40,
  extendedFlags: 0x80,
} as const;

/** Enumerations of GLS v1.0.1 (0 and values beyond the table are reserved). */
export const CARBOHYDRATE_IDS = { 1: 'breakfast', 2: 'lunch', 3: 'dinner', 4: 'snack', 5: 'drink', 6: 'supper', 7: 'brunch' } as const;
export const MEALS = { 1: 'preprandial', 2: 'postprandial', 3: 'fasting', 4: 'casual', 5: 'bedtime' } as const;
export const TESTERS = { 1: 'self', 2: 'health-care-professional', 3: 'lab-test', 15: 'not-available' } as const;
export const HEALTH = { 1: 'minor-health-issues', 2: 'major-health-issues', 3: 'during-menses', 4: 'under-stress', 5: 'no-health-issues', 15: 'not-available' } as const;
export const MEDICATION_IDS = { 1: 'rapid-acting-insulin', 2: 'short-acting-insulin', 3: 'intermediate-acting-insulin', 4: 'long-acting-insulin', 5: 'pre-mixed-insulin' } as const;

type Named<T> = T[keyof T] | ReservedCode;

/** Decoded Glucose Measurement Context (0x2A34); each group is present only if its flag is set. */
export interface GlucoseMeasurementContextFields {
  /** Sequence number of the Glucose Measurement this context belongs to. */
  sequenceNumber: number;
  /** Extended Flags octet (flag bit 7); all its bits are reserved, so a valid value is 0. */
  extendedFlags?: number;
  carbohydrateId?: Named<typeof CARBOHYDRATE_IDS>;
  /** Carbohydrate in kilograms (with `carbohydrateId`). */
  carbohydrateKg?: MedicalFloat;
  meal?: Named<typeof MEALS>;
  tester?: Named<typeof TESTERS>;
  health?: Named<typeof HEALTH>;
  /** Seconds; 65535 means "overrun". */
  exerciseDurationSeconds?: number;
  exerciseIntensityPercent?: number;
  medicationId?: Named<typeof MEDICATION_IDS>;
  /** In `medicationUnit` (with `medicationId`). */
  medication?: MedicalFloat;
  medicationUnit?: 'kg' | 'L';
  hba1cPercent?: MedicalFloat;
}

/**
 * Decodes a Glucose Measurement Context (GLS v1.0.1; GSS "Glucose Measurement Context").
 * It carries no canonical metric, so `readings` is empty: join it to its measurement with
 * {@link joinGlucoseContexts}.
 * @throws GattDecodeError when truncated, with set extended flags or trailing bytes
 */
export function decodeGlucoseMeasurementContext(value: Uint8Array): DecodeResult<GlucoseMeasurementContextFields> {
  const r = new ByteReader(value, NAME);
  const flags = r.u8('flags');
  const f: GlucoseMeasurementContextFields = { sequenceNumber: r.u16('sequence number') };
  // Field order follows the GSS table: extended flags, carbohydrate, meal, tester-health, exercise, medication, HbA1c.
  if (flags & FLAG.extendedFlags) f.extendedFlags = r.flags('extended flags', 0);
  if (flags & FLAG.carbohydrate) {
    f.carbohydrateId = enumName(CARBOHYDRATE_IDS, r.u8('carbohydrate id'));
    f.carbohydrateKg = r.sfloat('carbohydrate');
  }
  if (flags & FLAG.meal) f.meal = enumName(MEALS, r.u8('meal'));
  if (flags & FLAG.testerHealth) {
    const testerHealth = r.u8('tester-health');
    f.tester = enumName(TESTERS, testerHealth & 0x0f);
    f.health = enumName(HEALTH, testerHealth >> 4);
  }
  if (flags & FLAG.exercise) {
    f.exerciseDurationSeconds = r.u16('exercise duration');
    f.exerciseIntensityPercent = r.u8('exercise intensity');
  }
  if (flags & FLAG.medication) {
    f.medicationId = enumName(MEDICATION_IDS, r.u8('medication id'));
    f.medication = r.sfloat('medication');
    f.medicationUnit = flags & FLAG.medicationLitres ? 'L' : 'kg';
  }
  if (flags & FLAG.hba1c) f.hba1cPercent = r.sfloat('HbA1c');
  r.end();
  return new ReadingCollector().result(NAME, f);
}

function requireTogether(field: string, values: readonly unknown[]): boolean {
  const present = values.filter((v) => v !== undefined).length;
  if (present !== 0 && present !== values.length) throw new RangeError(`${field} fields go together`);
  return present !== 0;
}

/**
 * Encodes a Glucose Measurement Context (inverse of {@link decodeGlucoseMeasurementContext}).
 * @throws RangeError when a field does not fit or a group is incomplete
 */
export function encodeGlucoseMeasurementContext(f: GlucoseMeasurementContextFields): Uint8Array {
  const carbohydrate = requireTogether('carbohydrateId/carbohydrateKg', [f.carbohydrateId, f.carbohydrateKg]);
  const testerHealth = requireTogether('tester/health', [f.tester, f.health]);
  const exercise = requireTogether('exercise', [f.exerciseDurationSeconds, f.exerciseIntensityPercent]);
  const medication = requireTogether('medication', [f.medicationId, f.medication, f.medicationUnit]);
  const flags =
    (carbohydrate ? FLAG.carbohydrate : 0) |
    (f.meal !== undefined ? FLAG.meal : 0) |
    (testerHealth ? FLAG.testerHealth : 0) |
    (exercise ? FLAG.exercise : 0) |
    (medication ? FLAG.medication : 0) |
    (f.medicationUnit === 'L' ? FLAG.medicationLitres : 0) |
    (f.hba1cPercent !== undefined ? FLAG.hba1c : 0) |
    (f.extendedFlags !== undefined ? FLAG.extendedFlags : 0);
  const w = new ByteWriter().u8(flags, 'flags').u16(f.sequenceNumber, 'sequenceNumber');
  if (f.extendedFlags !== undefined) w.u8(f.extendedFlags, 'extendedFlags');
  if (carbohydrate) w.u8(enumCode(CARBOHYDRATE_IDS, f.carbohydrateId!, 'carbohydrateId'), 'carbohydrateId').sfloat(f.carbohydrateKg!);
  if (f.meal !== undefined) w.u8(enumCode(MEALS, f.meal, 'meal'), 'meal');
  if (testerHealth) {
    const tester = enumCode(TESTERS, f.tester!, 'tester');
    const health = enumCode(HEALTH, f.health!, 'health');
    if (tester > 15 || health > 15) throw new RangeError('tester and health are nibbles (0..15)');
    w.u8(tester | (health << 4), 'tester-health');
  }
  if (exercise) w.u16(f.exerciseDurationSeconds!, 'exerciseDurationSeconds').u8(f.exerciseIntensityPercent!, 'exerciseIntensityPercent');
  if (medication) w.u8(enumCode(MEDICATION_IDS, f.medicationId!, 'medicationId'), 'medicationId').sfloat(f.medication!);
  if (f.hba1cPercent !== undefined) w.sfloat(f.hba1cPercent);
  return w.toBytes();
}

/** Registry entry for 0x2A34. */
export const glucoseMeasurementContextCodec = defineCodec<GlucoseMeasurementContextFields>('2A34', NAME, decodeGlucoseMeasurementContext, encodeGlucoseMeasurementContext);

/** A measurement with the context that shares its sequence number, if one arrived. */
export interface JoinedGlucoseRecord<M, C> {
  measurement: M;
  context?: C;
}

/**
 * Joins contexts to their measurements by sequence number (GLS v1.0.1: a context carries
 * the sequence number of the measurement it follows). Order of measurements is kept.
 * @param measurements - decoded Glucose Measurements (or anything with `fields.sequenceNumber`)
 * @param contexts - decoded Glucose Measurement Contexts
 * @returns the joined records, plus contexts whose measurement is not among `measurements`
 */
export function joinGlucoseContexts<M extends { fields: { sequenceNumber: number } }, C extends { fields: { sequenceNumber: number } }>(
  measurements: readonly M[],
  contexts: readonly C[],
): { records: JoinedGlucoseRecord<M, C>[]; unmatchedContexts: C[] } {
  const bySequence = new Map<number, C>();
  for (const c of contexts) if (!bySequence.has(c.fields.sequenceNumber)) bySequence.set(c.fields.sequenceNumber, c);
  const matched = new Set<number>();
  const records = measurements.map((measurement) => {
    const context = bySequence.get(measurement.fields.sequenceNumber);
    if (context === undefined) return { measurement };
    matched.add(measurement.fields.sequenceNumber);
    return { measurement, context };
  });
  return { records, unmatchedContexts: contexts.filter((c) => !matched.has(c.fields.sequenceNumber)) };
}
