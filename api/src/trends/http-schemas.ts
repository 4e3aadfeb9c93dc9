/**
 * Request and response schemas of the trends routes: the one source of their validation, their
 * TypeScript types and their OpenAPI description. Report bodies are the statistics' own schemas
 * (stats/schemas.ts). Anything malformed is a 400 problem before a handler runs.
 */
import { z } from '@hono/zod-openapi';
import { METRIC_NAMES } from '../../../common/src/metrics.ts';
import { BpReport, BucketSize, ComplianceReport, GlucoseReport, TrendSlot } from './stats/schemas.ts';

export const PatientParams = z.object({ patientId: z.uuid().openapi({ param: { name: 'patientId', in: 'path' } }) });

export const MetricName = z.enum(METRIC_NAMES).openapi({ description: 'Canonical metric (docs/mqtt-protocol.md)', example: 'glucose' });

const instantParam = (description: string) => z.iso.datetime({ offset: true }).optional().openapi({ description, example: '2026-05-01T00:00:00Z' });

/** `from`/`to`: ISO 8601 instants with a zone; the period is `[from, to)`. */
const Range = {
  from: instantParam('Start of the period (inclusive), ISO 8601 with offset'),
  to: instantParam('End of the period (exclusive), ISO 8601 with offset'),
};

const flag = (description: string) => z.enum(['true', 'false']).default('false').openapi({ description });

export const ReadingsQuery = z.object({
  metric: MetricName,
  ...Range,
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: 'Rows per page, 1–1000' }),
  order: z.enum(['asc', 'desc']).default('asc').openapi({ description: 'By measurement time (then reading id)' }),
  cursor: z.string().max(400).optional().openapi({ description: 'nextCursor of the previous page' }),
});

export const Reading = z
  .object({
    readingId: z.uuid(),
    measuredAt: z.iso.datetime(),
    receivedAt: z.iso.datetime(),
    value: z.number(),
    unit: z.string(),
    originalValue: z.number().nullable(),
    originalUnit: z.string().nullable(),
    deviceId: z.uuid(),
    characteristic: z.string().nullable(),
    flags: z.array(z.string()),
    context: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('Reading');

export const ReadingsPage = z
  .object({ metric: MetricName, items: z.array(Reading), nextCursor: z.string().nullable().openapi({ description: 'null on the last page' }) })
  .openapi('ReadingsPage');

export const TrendQuery = z.object({
  metric: MetricName,
  bucket: BucketSize.openapi({ description: '15m and 1h are UTC-aligned; 1d and 1w are the patient’s local days and Monday weeks' }),
  ...Range,
  fill: flag('true: every bucket of the range, empty ones with count 0 and null statistics'),
});

export const Trend = z
  .object({
    metric: MetricName,
    unit: z.string(),
    bucket: BucketSize,
    timeZone: z.string(),
    from: z.iso.datetime().openapi({ description: 'Start of the first bucket (the range is widened to whole buckets)' }),
    to: z.iso.datetime().openapi({ description: 'End of the last bucket, exclusive' }),
    source: z.enum(['rollup', 'raw', 'rollup+raw']).openapi({ description: 'What answered: rollups, raw readings, or rollups with buckets holding new data recomputed raw' }),
    buckets: z.array(TrendSlot),
  })
  .openapi('Trend');

export const GlucoseReportQuery = z.object({
  ...Range,
  source: z.enum(['cgm', 'all']).default('cgm').openapi({ description: 'cgm: readings of CGM devices only (the consensus metrics are defined for CGM); all: meters too' }),
  agpBinMinutes: z.enum(['15', '30', '60']).default('15').openapi({ description: 'AGP time-of-day bin width' }),
  sensorIntervalMinutes: z.coerce.number().int().min(1).max(60).default(5).openapi({ description: 'Minutes between CGM readings, for CGM active time' }),
});

export const GlucoseReportResponse = GlucoseReport.openapi('GlucoseReport');

export const BpReportQuery = z.object({ ...Range });

export const BpReportResponse = BpReport.extend({ from: z.iso.datetime(), to: z.iso.datetime() }).openapi('BpReport');

export const ComplianceReportResponse = ComplianceReport.openapi('ComplianceReport');

export const ClinicComplianceQuery = z.object({ all: flag('true: every monitored patient; false: only those at risk of missing 16 days') });

export const ClinicComplianceRow = z
  .object({
    patientId: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    mrn: z.string(),
    timeZone: z.string(),
    monitoringSince: z.iso.date(),
    current: ComplianceReport.shape.current.unwrap(),
  })
  .openapi('ClinicComplianceRow');

export const ClinicCompliance = z
  .object({ asOf: z.iso.datetime(), requiredDays: z.number().int(), periodDays: z.number().int(), patients: z.array(ClinicComplianceRow) })
  .openapi('ClinicCompliance');
