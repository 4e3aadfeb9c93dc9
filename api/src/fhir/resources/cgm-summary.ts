/**
 * The glucose report (api/src/trends/stats/glucose-report.ts) as the HL7 CGM IG summary: a
 * CGM Summary Observation whose members are the mean glucose, times in ranges, GMI, CV, days of
 * wear and sensor active percentage Observations, returned together in a `collection` Bundle.
 * They are computed on request, never stored, so they have no ids of their own: each entry has a
 * deterministic `urn:uuid` (same patient and period ⇒ same uuid), which the members' references use.
 *
 * @see https://hl7.org/fhir/uv/cgm/ (STU 1)
 */
import { uuidv5 } from '../../../../common/src/reading-id.ts';
import type { GlucoseReport, RangeShare } from '../../trends/stats/schemas.ts';
import type { Resource } from '../http/fhir-response.ts';
import { DATA_ABSENT_REASON, LOINC, OBSERVATION_CATEGORY, UCUM_DISPLAY } from '../terminology.ts';
import { present, ref, ucumQuantity } from './fhir-json.ts';

const CGM_IG = 'http://hl7.org/fhir/uv/cgm';
const SUMMARY_CODE_SYSTEM = `${CGM_IG}/CodeSystem/cgm-summary-codes-temporary`;
/** Namespace of the summary entries' name-based uuids (fixed; changing it changes every uuid). */
const SUMMARY_NAMESPACE = 'c1f7e0a4-9d3b-4f57-8b8e-2c6f0f3e5a91';

/** The CGM IG summary codes (LOINC, as the IG's profiles fix them). */
export const CGM_SUMMARY_CODES = {
  summary: { system: SUMMARY_CODE_SYSTEM, code: 'cgm-summary', display: 'CGM Summary Report' },
  meanGlucose: { system: LOINC, code: '97507-8', display: 'Average glucose [Mass/volume] in Interstitial fluid during Reporting Period' },
  timesInRanges: { system: LOINC, code: '106793-3', display: 'Continuous glucose monitoring time in ranges panel' },
  timeVeryLow: { system: LOINC, code: '104642-4', display: 'Time below range, very low (level 2)' },
  timeLow: { system: LOINC, code: '104641-6', display: 'Time below range, low (level 1)' },
  timeInTarget: { system: LOINC, code: '97510-2', display: 'Time in range' },
  timeHigh: { system: LOINC, code: '104640-8', display: 'Time above range, high (level 1)' },
  timeVeryHigh: { system: LOINC, code: '104639-0', display: 'Time above range, very high (level 2)' },
  gmi: { system: LOINC, code: '97506-0', display: 'Glucose management indicator' },
  cv: { system: LOINC, code: '104638-2', display: 'Coefficient of variation of glucose' },
  daysOfWear: { system: LOINC, code: '104636-6', display: 'Continuous glucose monitoring duration of use' },
  sensorActive: { system: LOINC, code: '104637-4', display: 'Continuous glucose monitoring sensor wear time active' },
} as const;

type Code = (typeof CGM_SUMMARY_CODES)[keyof typeof CGM_SUMMARY_CODES];

export interface CgmSummaryInput {
  patientId: string;
  report: GlucoseReport;
  /** First and last local dates of the period (the IG's effectivePeriod is in dates). */
  startDate: string;
  endDate: string;
  /** When the summary was computed. */
  issued: Date;
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;
const concept = (c: Code) => ({ coding: [{ ...c }], text: c.display });
const absent = { dataAbsentReason: { coding: [{ system: DATA_ABSENT_REASON, code: 'unknown', display: 'Unknown' }], text: 'no CGM readings in the period' } };

/** valueQuantity when there is a value, else a dataAbsentReason (FHIR never writes null). */
function valueOrAbsent(value: number | null | undefined, places: number, unit: string) {
  return value === null || value === undefined ? absent : { valueQuantity: ucumQuantity(round(value, places), unit, UCUM_DISPLAY) };
}

function percentComponent(c: Code, share: RangeShare) {
  return { code: concept(c), ...valueOrAbsent(share.percent, 2, '%') };
}

/** The collection Bundle of the CGM IG summary Observations for one period. */
export function cgmSummaryBundle(input: CgmSummaryInput): Resource {
  const { report } = input;
  const name = (part: string) => uuidv5(`${input.patientId}|${report.period.from}|${report.period.to}|${part}`, SUMMARY_NAMESPACE);
  const base = (part: string, code: Code, profile: string, hasValue: boolean) => ({
    fullUrl: `urn:uuid:${name(part)}`,
    resource: {
      resourceType: 'Observation',
      ...(hasValue ? { meta: { profile: [`${CGM_IG}/StructureDefinition/${profile}`] } } : {}),
      status: 'final',
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] }],
      code: concept(code),
      subject: ref('Patient', input.patientId),
      effectivePeriod: { start: input.startDate, end: input.endDate },
      issued: input.issued.toISOString(),
    },
  });
  const t = report.targets;
  const members = [
    { ...base('mean', CGM_SUMMARY_CODES.meanGlucose, 'cgm-summary-mean-glucose-mass-per-volume', report.meanGlucose !== null), value: valueOrAbsent(report.meanGlucose, 1, 'mg/dL') },
    {
      ...base('ranges', CGM_SUMMARY_CODES.timesInRanges, 'cgm-summary-times-in-ranges', report.count > 0),
      value: {
        component: [
          percentComponent(CGM_SUMMARY_CODES.timeVeryLow, report.ranges.belowLevel2),
          percentComponent(CGM_SUMMARY_CODES.timeLow, report.ranges.belowLevel1),
          percentComponent(CGM_SUMMARY_CODES.timeInTarget, report.ranges.inRange),
          percentComponent(CGM_SUMMARY_CODES.timeHigh, report.ranges.aboveLevel1),
          percentComponent(CGM_SUMMARY_CODES.timeVeryHigh, report.ranges.aboveLevel2),
        ],
        note: [{ text: `Ranges (mg/dL): very low < ${t.veryLowBelow}, low ${t.veryLowBelow}–<${t.lowBelow}, target ${t.lowBelow}–${t.highAbove}, high >${t.highAbove}–${t.veryHighAbove}, very high > ${t.veryHighAbove}` }],
      },
    },
    { ...base('gmi', CGM_SUMMARY_CODES.gmi, 'cgm-summary-gmi', report.gmi !== null), value: valueOrAbsent(report.gmi?.percent, 2, '%') },
    { ...base('cv', CGM_SUMMARY_CODES.cv, 'cgm-summary-coefficient-of-variation', report.cvPercent !== null), value: valueOrAbsent(report.cvPercent, 2, '%') },
    { ...base('days', CGM_SUMMARY_CODES.daysOfWear, 'cgm-summary-days-of-wear', true), value: valueOrAbsent(report.daysWithData, 0, 'd') },
    { ...base('active', CGM_SUMMARY_CODES.sensorActive, 'cgm-summary-sensor-active-percentage', true), value: valueOrAbsent(report.cgmActivePercent, 2, '%') },
  ].map((m) => ({ fullUrl: m.fullUrl, resource: { ...m.resource, ...m.value } }));
  const summary = base('summary', CGM_SUMMARY_CODES.summary, 'cgm-summary', true);
  const notes = report.sufficientData ? null : [{ text: `Insufficient CGM data for the consensus report: ${report.insufficientReasons.join(', ')}` }];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: input.issued.toISOString(),
    entry: [{ fullUrl: summary.fullUrl, resource: present({ ...summary.resource, note: notes, hasMember: members.map((m) => ({ reference: m.fullUrl })) }) }, ...members],
  };
}
