import fc from 'fast-check';

/**
 * Hostile JSON for request-body fuzzing: arbitrary values, mutations of a valid example guided by
 * its (OpenAPI / JSON Schema) body schema, and raw malformed bodies. Pure, so any fuzz test can use
 * it; test/reliability/api-body-fuzz.test.ts drives the API with it.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Path = Array<string | number>;
/** A JSON Schema node as @hono/zod-openapi writes it (OpenAPI 3.1). */
export type Schema = { [k: string]: unknown };

/** Keys that hurt code merging request objects into plain objects (prototype pollution). */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where', '$gt'] as const;

/** A property set as an own, enumerable member even for `__proto__`, so JSON.stringify sends it. */
export function withKey(obj: { [k: string]: Json }, key: string, value: Json): { [k: string]: Json } {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

const deepArray = (depth: number): Json => {
  let v: Json = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** Values that are wrong for almost any field: wrong types, edge numbers, bad dates, hostile strings. */
export const WRONG_VALUES: readonly Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  2 ** 31,
  -(2 ** 31) - 1,
  '',
  ' ',
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  'true',
  '2026-13-45',
  '2026-02-30T25:61:00Z',
  '0000-00-00T00:00:00Z',
  '275760-09-13T00:00:00.001Z',
  'yesterday',
  '__not_an_enum_value__',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(10_001),
  'a\u0000b',
  '\u0000',
  '\ud800',
  '😀'.repeat(300),
  'Z̷̢͎a̵l̷g̶o̴',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  [],
  [null],
  {},
  withKey({}, '__proto__', { admin: true }),
  withKey({}, 'constructor', { prototype: { admin: true } }),
  deepArray(2_000),
];

/** Arbitrary JSON documents: small and big, unicode strings, huge numbers, polluting keys, deep nesting. */
export function arbitraryJson(knownKeys: readonly string[] = []): fc.Arbitrary<Json> {
  const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom(...POLLUTING_KEYS, ...(knownKeys.length ? knownKeys : ['id'])));
  const leaf: fc.Arbitrary<Json> = fc.oneof(
    fc.constantFrom(...WRONG_VALUES.filter((v) => typeof v !== 'object' || v === null)),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const tree = fc.letrec<{ node: Json }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 5 }),
      fc.array(fc.tuple(key, tie('node')), { maxLength: 6 }).map((entries) => entries.reduce((o, [k, v]) => withKey(o, k, v), {} as { [k: string]: Json })),
    ),
  })).node;
  return fc.oneof(fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>, tree, fc.constantFrom(...WRONG_VALUES));
}

/** Every path into a JSON value, the root (`[]`) included. */
export function pathsOf(v: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(v)) v.forEach((item, i) => out.push(...pathsOf(item, [...at, i])));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) out.push(...pathsOf(v[k]!, [...at, k]));
  return out;
}

function getAt(v: Json, path: Path): Json | undefined {
  let cur: Json | undefined = v;
  for (const seg of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, Json>)[seg] : undefined;
  return cur;
}

/** A copy of `v` with `fn` applied to the value at `path` (undefined deletes it). */
function updateAt(v: Json, path: Path, fn: (old: Json | undefined) => Json | undefined): Json | undefined {
  if (path.length === 0) return fn(v);
  const [head, ...rest] = path;
  if (Array.isArray(v)) {
    const copy = [...v];
    const next = updateAt(copy[head as number] ?? null, rest, fn);
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  if (v && typeof v === 'object') {
    const copy: { [k: string]: Json } = {};
    for (const k of Object.keys(v)) withKey(copy, k, v[k]!);
    const next = updateAt(copy[head as string] ?? null, rest, fn);
    if (next === undefined) delete copy[head as string];
    else withKey(copy, head as string, next);
    return copy;
  }
  return v;
}

/** One change to a valid example. */
export type Mutation =
  | { op: 'replace'; path: Path; value: Json }
  | { op: 'delete'; path: Path }
  | { op: 'add'; path: Path; key: string; value: Json };

export function applyMutation(v: Json, m: Mutation): Json {
  if (m.op === 'replace') return updateAt(v, m.path, () => m.value) ?? null;
  if (m.op === 'delete') return m.path.length === 0 ? null : (updateAt(v, m.path, () => undefined) ?? null);
  return updateAt(v, m.path, (old) => (old && typeof old === 'object' && !Array.isArray(old) ? withKey({ ...old }, m.key, m.value) : old)) ?? null;
}

/**
 * Mutations of a valid example: a field replaced by a wrong or random value, deleted, or an extra
 * (possibly polluting, possibly schema-known but absent) property added.
 */
export function arbitraryMutation(example: Json, schema: Schema | undefined, resolve: (s: Schema | undefined) => Schema | undefined): fc.Arbitrary<Mutation> {
  const paths = pathsOf(example);
  const objectPaths = paths.filter((p) => {
    const v = getAt(example, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const knownKeys = [...new Set(objectPaths.flatMap((p) => Object.keys((resolve(schemaAt(schema, p, resolve))?.properties as object | undefined) ?? {})))];
  const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WRONG_VALUES) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> });
  const path = fc.constantFrom(...paths);
  const arbs: Array<fc.Arbitrary<Mutation>> = [
    fc.record({ op: fc.constant('replace' as const), path, value }),
    fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...(paths.length > 1 ? paths.slice(1) : paths)) }),
  ];
  if (objectPaths.length) {
    arbs.push(fc.record({ op: fc.constant('add' as const), path: fc.constantFrom(...objectPaths), key: fc.constantFrom(...POLLUTING_KEYS, 'unexpected', ...knownKeys), value }));
  }
  return fc.oneof(...arbs);
}

/** The schema of the value at `path`, when it can be told without guessing (undefined otherwise). */
export function schemaAt(schema: Schema | undefined, path: Path, resolve: (s: Schema | undefined) => Schema | undefined): Schema | undefined {
  let cur = resolve(schema);
  for (const seg of path) {
    if (!cur) return undefined;
    if (typeof seg === 'number') cur = resolve(cur.items as Schema | undefined);
    else cur = resolve((cur.properties as Record<string, Schema> | undefined)?.[seg]);
  }
  return cur;
}

const typeOf = (v: Json): string[] => (v === null ? ['null'] : Array.isArray(v) ? ['array'] : typeof v === 'number' ? (Number.isInteger(v) ? ['integer', 'number'] : ['number']) : [typeof v]);

/**
 * Whether `v` certainly breaks `schema` (a resolved JSON Schema node): a wrong type, a value outside
 * an enum or range, a string too long or not matching its pattern. Unions and unknown keywords give
 * false: only certain violations are asserted to be rejected.
 */
export function violates(schema: Schema | undefined, v: Json): boolean {
  if (!schema || schema.anyOf || schema.oneOf || schema.allOf || schema.not) return false;
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types && !typeOf(v).some((t) => types.includes(t))) return true;
  if (Array.isArray(schema.enum) && !schema.enum.includes(v)) return true;
  if ('const' in schema && schema.const !== v) return true;
  if (typeof v === 'string') {
    const len = Math.min(v.length, [...v].length);
    if (typeof schema.maxLength === 'number' && len > schema.maxLength + 1) return true;
    if (typeof schema.minLength === 'number' && Math.max(v.length, [...v].length) < schema.minLength) return true;
    if (schema.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return true;
    if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return true;
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(v))) return true;
  }
  if (typeof v === 'number') {
    if (typeof schema.maximum === 'number' && v > schema.maximum) return true;
    if (typeof schema.minimum === 'number' && v < schema.minimum) return true;
    if (typeof schema.exclusiveMaximum === 'number' && v >= schema.exclusiveMaximum) return true;
    if (typeof schema.exclusiveMinimum === 'number' && v <= schema.exclusiveMinimum) return true;
  }
  return false;
}

/** Whether a mutation of a valid example certainly makes it invalid for the body schema. */
export function mutationBreaksSchema(schema: Schema | undefined, example: Json, m: Mutation, resolve: (s: Schema | undefined) => Schema | undefined): boolean {
  if (m.op === 'replace') return violates(schemaAt(schema, m.path, resolve), m.value);
  if (m.op === 'delete') {
    const parent = schemaAt(schema, m.path.slice(0, -1), resolve);
    const key = m.path.at(-1);
    return typeof key === 'string' && !!parent && !parent.anyOf && !parent.oneOf && Array.isArray(parent.required) && parent.required.includes(key) && getAt(example, m.path) !== undefined;
  }
  // an extra property breaks only a closed object; a known one only when its value is wrong
  const obj = schemaAt(schema, m.path, resolve);
  if (!obj || obj.anyOf || obj.oneOf) return false;
  const known = (obj.properties as Record<string, Schema> | undefined)?.[m.key];
  if (known) return violates(resolve(known), m.value);
  return obj.additionalProperties === false;
}

/**
 * Raw bodies that are not JSON, or not the JSON they look like. `invalid`: no JSON body schema
 * can accept it (a byte-order mark and duplicate keys are legal JSON, so those may pass).
 */
export function malformedBodies(example: Json | undefined): Array<{ name: string; body: string; invalid: boolean }> {
  const valid = JSON.stringify(example ?? {});
  const outOfRange = valid.replace(/(?<=[:[,])-?\d+(\.\d+)?(?=[,}\]])/g, '1e400');
  const members = valid.startsWith('{') && valid !== '{}' ? valid.slice(1, -1) : undefined;
  return [
    { name: 'invalid JSON', body: '{"a":', invalid: true },
    { name: 'single quotes', body: "{'a': 1}", invalid: true },
    { name: 'trailing garbage', body: `${valid}garbage`, invalid: true },
    { name: 'truncated example', body: valid.slice(0, Math.max(1, Math.floor(valid.length / 2))), invalid: true },
    { name: 'bare NaN', body: 'NaN', invalid: true },
    { name: 'NUL byte', body: '\u0000', invalid: true },
    // JSON.parse reads 1e400 as Infinity, which no number schema allows
    { name: 'numbers out of double range', body: outOfRange, invalid: outOfRange !== valid },
    { name: 'byte-order mark', body: `\ufeff${valid}`, invalid: false },
    { name: 'deep nesting', body: '['.repeat(100_000) + ']'.repeat(100_000), invalid: true },
    { name: 'duplicate keys', body: members ? `{${members},${members}}` : '{"a":1,"a":2}', invalid: false },
  ];
}

/** Every way `value` certainly breaks `schema`, as `path: reason` (see `violates`). */
export function schemaViolations(schema: Schema | undefined, value: Json, resolve: (s: Schema | undefined) => Schema | undefined, at = '$'): string[] {
  const s = resolve(schema);
  if (!s) return [];
  if (violates(s, value)) return [`${at}: ${JSON.stringify(value).slice(0, 80)} does not fit ${JSON.stringify(s).slice(0, 200)}`];
  const out: string[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...schemaViolations(s.items as Schema | undefined, v, resolve, `${at}[${i}]`)));
  else if (value && typeof value === 'object' && !s.anyOf && !s.oneOf) {
    for (const key of (s.required as string[] | undefined) ?? []) if (!(key in value)) out.push(`${at}.${key}: required but missing`);
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(value)) out.push(...schemaViolations(props[k], v, resolve, `${at}.${k}`));
  }
  return out;
}

/** Content types that are not the declared JSON, each with a body of that kind. */
export const WRONG_CONTENT_TYPES: ReadonlyArray<{ contentType: string; body: (valid: string) => string }> = [
  { contentType: 'text/plain', body: (v) => v },
  { contentType: 'application/x-www-form-urlencoded', body: () => 'a=1&__proto__[admin]=1' },
  { contentType: 'multipart/form-data; boundary=x', body: () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' },
  { contentType: 'application/xml', body: () => '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>' },
];
