import { describe, expect, it } from 'vitest';
import { bloodPressureProblems, fhirSchemaValidator, vitalSignsProblems } from '../testing/fhir-validation.ts';
import { readingObservation, type ReadingGroup } from './reading-observation.ts';

const validate = fhirSchemaValidator();
const base: Omit<ReadingGroup, 'group' | 'values'> = {
  readingId: '1b4e28ba-2fa1-51d2-883f-0016d3cca427',
  patientId: '00000000-0000-4000-8000-000000000101',
  measuredAt: '2026-05-31T07:30:00.000Z',
  receivedAt: '2026-05-31T07:30:04.120Z',
  deviceId: '00000000-0000-4000-8000-000000000301',
  deviceType: 'bp_cuff',
  deviceName: 'Omron BP7000',
  gatewayId: 'gw-demo-1',
  characteristic: '2A35',
  deviceTime: '2026-05-31T03:30:00',
  flags: null,
};
const v = (metric: ReadingGroup['values'][number]['metric'], value: number, unit: string, original?: [number, string]) => ({ metric, value, unit, originalValue: original?.[0] ?? null, originalUnit: original?.[1] ?? null });

describe('reading Observation', () => {
  it('groups a BP reading into the 85354-9 panel with systolic and diastolic components', () => {
    const o = readingObservation({ ...base, group: 'bp', values: [v('systolic', 128, 'mm[Hg]'), v('diastolic', 82, 'mm[Hg]'), v('mean_arterial', 97, 'mm[Hg]')] });
    expect(validate(o)).toEqual([]);
    expect(bloodPressureProblems(o)).toEqual([]);
    expect(o).toMatchObject({
      id: `${base.readingId}-bp`,
      meta: { profile: ['http://hl7.org/fhir/StructureDefinition/vitalsigns', 'http://hl7.org/fhir/StructureDefinition/bp'] },
      effectiveDateTime: base.measuredAt,
      issued: base.receivedAt,
      device: { reference: `Device/${base.deviceId}` },
      subject: { reference: `Patient/${base.patientId}` },
    });
    expect(o.valueQuantity).toBeUndefined();
    expect((o.component as Array<{ code: { coding: Array<{ code: string }> } }>).map((c) => c.code.coding[0]!.code)).toEqual(['8480-6', '8462-4', '8478-0']);
    expect(o.extension).toContainEqual({ url: 'http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice', valueReference: { identifier: { system: 'https://vitals.example.org/fhir/sid/gateway-id', value: 'gw-demo-1' }, display: 'Gateway gw-demo-1' } });
  });

  it('states a missing diastolic as absent instead of dropping the component', () => {
    const o = readingObservation({ ...base, group: 'bp', values: [v('systolic', 128, 'mm[Hg]')] });
    expect(validate(o)).toEqual([]);
    expect(bloodPressureProblems(o)).toEqual([]);
    expect((o.component as unknown[])[1]).toMatchObject({ dataAbsentReason: { coding: [{ code: 'unknown' }] } });
  });

  it('codes SpO2 with 2708-6 as the oxygensat profile requires, with a UCUM %', () => {
    const o = readingObservation({ ...base, deviceType: 'pulse_oximeter', characteristic: '2A5E', group: 'spo2', values: [v('spo2', 97, '%')] });
    expect(validate(o)).toEqual([]);
    expect(vitalSignsProblems(o)).toEqual([]);
    expect((o.code as { coding: Array<{ code: string }> }).coding.map((c) => c.code)).toEqual(['59408-5', '2708-6']);
    expect(o.valueQuantity).toEqual({ value: 97, unit: '%', system: 'http://unitsofmeasure.org', code: '%' });
  });

  it('uses the interstitial LOINC and the CGM IG profile for CGM glucose, laboratory category', () => {
    const o = readingObservation({ ...base, deviceType: 'cgm', characteristic: '2AA7', group: 'glucose', deviceTime: null, values: [v('glucose', 131, 'mg/dL', [7.27, 'mmol/L'])] });
    expect(validate(o)).toEqual([]);
    expect(o.code).toMatchObject({ coding: [{ system: 'http://loinc.org', code: '99504-3' }] });
    expect(o.meta).toMatchObject({ profile: ['http://hl7.org/fhir/uv/cgm/StructureDefinition/cgm-sensor-reading-mass-per-volume'] });
    expect((o.category as Array<{ coding: Array<{ code: string }> }>).map((c) => c.coding[0]!.code)).toEqual(['laboratory', 'phd-observation']);
    expect(o.extension).toContainEqual({ url: 'https://vitals.example.org/fhir/StructureDefinition/original-quantity', valueQuantity: { value: 7.27, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' } });
  });

  it('uses blood glucose 2339-0 for a meter, and writes no null or empty element', () => {
    const o = readingObservation({ ...base, deviceType: 'glucose_meter', characteristic: '2A18', group: 'glucose', gatewayId: null, deviceName: null, deviceTime: null, values: [v('glucose', 104, 'mg/dL')] });
    expect(validate(o)).toEqual([]);
    expect(o.code).toMatchObject({ coding: [{ code: '2339-0' }] });
    expect(o.extension).toBeUndefined();
    expect(JSON.stringify(o)).not.toMatch(/null|\[\]/);
  });

  it('keeps device flags as a note, and every vital sign passes the profile checks', () => {
    for (const [group, metric, value, unit] of [
      ['heart-rate', 'heart_rate', 71, '/min'],
      ['body-weight', 'body_weight', 81.2, 'kg'],
      ['body-temperature', 'body_temperature', 36.9, 'Cel'],
    ] as const) {
      const o = readingObservation({ ...base, group, flags: ['irregular-pulse'], values: [v(metric, value, unit)] });
      expect(validate(o), group).toEqual([]);
      expect(vitalSignsProblems(o), group).toEqual([]);
      expect(o.note).toEqual([{ text: 'Device flags: irregular-pulse' }]);
    }
  });
});

describe('the FHIR schema check itself', () => {
  it('rejects what the official R4 schema forbids (unknown element, bad id, wrong type)', () => {
    const good = readingObservation({ ...base, group: 'heart-rate', values: [v('heart_rate', 71, '/min')] });
    expect(validate({ ...good, colour: 'red' })).not.toEqual([]);
    expect(validate({ ...good, id: 'has_underscore' })).not.toEqual([]);
    expect(validate({ ...good, status: 42 })).not.toEqual([]);
    expect(vitalSignsProblems({ ...good, category: [] })).toContain('no vital-signs category');
  });
});
