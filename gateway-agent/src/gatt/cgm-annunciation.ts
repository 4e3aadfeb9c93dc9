import { bitNames, bitsFromNames, type ReservedBit } from './bit-names.ts';

/**
 * Bits of the CGM Sensor Status Annunciation (CGMS v1.0.2; GSS "CGM Measurement"),
 * shared by CGM Status (0x2AA9). Three octets: Status (bits 0–7), Cal/Temp (8–15), Warning
 * (16–23). Bit 14 "calibration pending" is in the GSS but not the 2014 XML definition.
 */
export const CGM_ANNUNCIATION_BITS = [
  'session-stopped',
  'device-battery-low',
  'sensor-type-incorrect',
  'sensor-malfunction',
  'device-specific-alert',
  'general-device-fault',
  undefined,
  undefined,
  'time-synchronization-required',
  'calibration-not-allowed',
  'calibration-recommended',
  'calibration-required',
  'sensor-temperature-too-high',
  'sensor-temperature-too-low',
  'calibration-pending',
  undefined,
  'result-below-patient-low',
  'result-above-patient-high',
  'result-below-hypo',
  'result-above-hyper',
  'rate-of-decrease-exceeded',
  'rate-of-increase-exceeded',
  'result-below-device-range',
  'result-above-device-range',
] as const;

/** A named annunciation bit; a reserved one is `bitN` with N its index in the 24-bit field. */
export type CgmAnnunciation = Exclude<(typeof CGM_ANNUNCIATION_BITS)[number], undefined> | ReservedBit;

/** The three annunciation octets, by their index in the 24-bit field. */
export const CGM_OCTET = { status: 0, calTemp: 1, warning: 2 } as const;

/** Names of the bits set in one annunciation octet. */
export function annunciationOctetNames(octetIndex: number, octet: number): CgmAnnunciation[] {
  return bitNames(CGM_ANNUNCIATION_BITS, octet * 2 ** (8 * octetIndex), 24);
}

/**
 * The octet value of names that must all belong to that octet.
 * @throws RangeError for a name of another octet or an unknown one
 */
export function annunciationOctetValue(octetIndex: number, names: readonly CgmAnnunciation[], field: string): number {
  const value = bitsFromNames(CGM_ANNUNCIATION_BITS, names, 24, field) / 2 ** (8 * octetIndex);
  if (!Number.isInteger(value) || value > 0xff) throw new RangeError(`${field}: flags of another octet`);
  return value;
}

/** Names of all bits set in the 24-bit field (CGM Status). */
export function annunciationNames(value: number): CgmAnnunciation[] {
  return bitNames(CGM_ANNUNCIATION_BITS, value, 24);
}

/** The 24-bit value of names (CGM Status). */
export function annunciationValue(names: readonly CgmAnnunciation[], field: string): number {
  return bitsFromNames(CGM_ANNUNCIATION_BITS, names, 24, field);
}
