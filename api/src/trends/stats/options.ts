/**
 * Options handling shared by the reports.
 */

/**
 * Defaults overlaid with the options given, where an option explicitly set to `undefined` keeps
 * its default (a plain spread would replace the default with `undefined`).
 */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...defaults, ...given } as D & O;
}
