/**
 * FHIR `token` search parameters (R4 search.html#token): `[system]|[code]`, with `code` alone
 * matching any system and `system|` any code of that system. A comma separates alternatives.
 */
export interface TokenMatch {
  /** undefined: any system; null: no system (the `|code` form). */
  system: string | null | undefined;
  /** undefined: any code in the system. */
  code: string | undefined;
}

export function parseTokenParam(raw: string): TokenMatch[] {
  return raw
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const bar = part.indexOf('|');
      if (bar < 0) return { system: undefined, code: part };
      const system = part.slice(0, bar);
      const code = part.slice(bar + 1);
      return { system: system === '' ? null : system, code: code === '' ? undefined : code };
    });
}

/** Whether a coding matches one of the alternatives. */
export function tokenMatches(alternatives: readonly TokenMatch[], coding: { system: string; code: string }): boolean {
  return alternatives.some((t) => (t.system === undefined || t.system === coding.system) && (t.code === undefined || t.code === coding.code));
}
