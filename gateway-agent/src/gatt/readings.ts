import { METRICS, type Metric } from '../../../common/src/metrics.ts';
import type { MedicalFloat } from './sfloat.ts';
import type { DecodeResult, GattReading } from './types.ts';
import { clean, type UnitConversion } from './units.ts';

/** Where a reading happened, in the device's terms. */
export interface ReadingKey {
  deviceTime?: string | undefined;
  sequence?: number | undefined;
}

/**
 * Collects the readings of one decoded value. A special SFLOAT/FLOAT never becomes a reading:
 * it becomes a flag `special:<field>:<value>` instead, so the agent can say why a reading is missing.
 */
export class ReadingCollector {
  readonly #readings: GattReading[] = [];
  readonly #flags: string[] = [];

  /** @param key - time and sequence shared by every reading of this value */
  constructor(private readonly key: ReadingKey = {}) {}

  /**
   * Adds a reading of `metric` unless the value is special.
   * @param field - the field name, used in the flag when the value is special
   * @param value - the value in the unit it was sent in
   * @param conversion - how to reach the canonical unit, when the sent unit is not it
   * @param key - overrides the shared time/sequence (CGM records each have their own time)
   */
  add(metric: Metric, field: string, value: MedicalFloat | number, conversion?: UnitConversion, key: ReadingKey = this.key): void {
    const wire = typeof value === 'number' ? value : value.kind === 'number' ? value.value : undefined;
    if (wire === undefined) {
      this.flag(`special:${field}:${(value as { special: string }).special}`);
      return;
    }
    const reading: GattReading = { metric, value: conversion ? clean(conversion.toCanonical(wire)) : wire, unit: METRICS[metric].unit };
    if (conversion) {
      reading.originalValue = clean(conversion.toOriginal(wire));
      reading.originalUnit = conversion.originalUnit;
    }
    if (key.deviceTime !== undefined) reading.deviceTime = key.deviceTime;
    if (key.sequence !== undefined) reading.sequence = key.sequence;
    this.#readings.push(reading);
  }

  /** Records why something is not (or not fully) a reading. */
  flag(flag: string): void {
    this.#flags.push(flag);
  }

  /** The decode result, with `flags` omitted when there are none. */
  result<F extends object>(characteristic: string, fields: F): DecodeResult<F> {
    const result: DecodeResult<F> = { characteristic, fields, readings: this.#readings };
    if (this.#flags.length > 0) result.flags = this.#flags;
    return result;
  }
}
