/**
 * FHIR JSON forbids null values and empty arrays (R4 json.html): an element is either present
 * with content or absent. Builders assemble objects with optional parts and pass them here.
 */
export function present<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))) as never;
}

/** A UCUM quantity with the display unit people read and the code machines compare. */
export function ucumQuantity(value: number, code: string, display: Record<string, string>): Record<string, unknown> {
  return { value, unit: display[code] ?? code, system: 'http://unitsofmeasure.org', code };
}

/** A reference to a resource of this server. */
export const ref = (type: string, id: string, display?: string | null) => present({ reference: `${type}/${id}`, display });
