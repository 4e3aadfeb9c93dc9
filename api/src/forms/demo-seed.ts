import type pg from 'pg';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { seedRows } from '../portal-records/seed-rows.ts';
import { BP_TECHNIQUE, CONSENT_DOCUMENTS, PHQ9 } from './demo-forms.ts';
import type { Questionnaire, ResponseItem } from './questionnaire-schema.ts';
import { normaliseResponse } from './response-validator.ts';

const [maria, james, aiko] = PATIENTS;
const userOf = (patientId: string) => USERS.find((u) => u.patientId === patientId)!;

export const DEMO_QUESTIONNAIRE_IDS = { phq9: demoId(40, 1), bpTechnique: demoId(40, 2) };
export const DEMO_CONSENT_DOCUMENT_IDS = Object.fromEntries(CONSENT_DOCUMENTS.map((d, i) => [d.kind, demoId(41, i + 1)])) as Record<(typeof CONSENT_DOCUMENTS)[number]['kind'], string>;

const questionnaire = (id: string, q: Questionnaire, category: string | null) => ({ id, url: q.url, version: q.version, title: q.title, status: q.status, category, resource: q });

const consent = (n: number, patientId: string, kind: keyof typeof DEMO_CONSENT_DOCUMENT_IDS, signedAt: string, revoked?: { at: string; note: string }) => ({
  id: demoId(42, n),
  patient_id: patientId,
  document_id: DEMO_CONSENT_DOCUMENT_IDS[kind],
  kind,
  signed_at: signedAt,
  signed_by: userOf(patientId).id,
  signer_name: userOf(patientId).displayName,
  ended_at: revoked?.at ?? null,
  ended_by: revoked ? userOf(patientId).id : null,
  ended_how: revoked ? 'revoked' : null,
  end_note: revoked?.note ?? null,
});

const yes = (...linkIds: string[]): ResponseItem[] => linkIds.map((linkId) => ({ linkId, answer: [{ valueBoolean: true }] }));
const MARIAS_BP_CHECK: ResponseItem[] = [
  { linkId: 'measured-on', answer: [{ valueDate: '2026-05-19' }] },
  ...yes('rested', 'no-stimulants', 'empty-bladder', 'posture', 'arm-at-heart', 'bare-arm', 'no-talking'),
  { linkId: 'cuff-size', answer: [{ valueCoding: { system: 'https://vitals.example.org/fhir/CodeSystem/bp-cuff-size', code: 'adult' } }] },
  { linkId: 'arm', answer: [{ valueString: 'left' }] },
  { linkId: 'readings-taken', answer: [{ valueInteger: 2 }] },
];
const MARIAS_PHQ9: ResponseItem[] = PHQ9.item.map((i, n) => ({ linkId: i.linkId, answer: [{ valueCoding: { system: 'http://loinc.org', code: n === 9 ? 'LA6573-5' : n < 3 ? 'LA6569-3' : 'LA6568-5' } }] }));

const response = (n: number, questionnaireId: string, q: Questionnaire, items: ResponseItem[], at: string) => ({
  id: demoId(43, n),
  patient_id: maria.id,
  questionnaire_id: questionnaireId,
  items: normaliseResponse(q, items),
  authored_at: at,
  author_id: userOf(maria.id).id,
  signer_name: userOf(maria.id).displayName,
  signed_at: at,
});

/** The PHQ-9 and BP checklist, consent documents, Maria's answers and consents (one revoked), James's and Aiko's RPM consent. Idempotent. */
export async function seed(db: pg.Pool): Promise<void> {
  await seedRows(db, 'questionnaires', [questionnaire(DEMO_QUESTIONNAIRE_IDS.phq9, PHQ9, 'behavioral_health'), questionnaire(DEMO_QUESTIONNAIRE_IDS.bpTechnique, BP_TECHNIQUE, null)]);
  await seedRows(db, 'consent_documents', CONSENT_DOCUMENTS.map((d) => ({ id: DEMO_CONSENT_DOCUMENT_IDS[d.kind], kind: d.kind, version: 1, title: d.title, body: d.body })));
  await seedRows(db, 'consents', [
    consent(1, maria.id, 'rpm_program', '2026-01-10T15:00:00Z'),
    consent(2, maria.id, 'telehealth', '2026-01-10T15:01:00Z'),
    consent(3, maria.id, 'data_sharing', '2026-01-10T15:02:00Z', { at: '2026-03-01T10:30:00Z', note: 'I prefer to share records myself.' }),
    consent(4, james.id, 'rpm_program', '2026-02-03T16:20:00Z'),
    consent(5, aiko.id, 'rpm_program', '2026-02-11T09:45:00Z'),
  ]);
  await seedRows(db, 'questionnaire_responses', [
    response(1, DEMO_QUESTIONNAIRE_IDS.bpTechnique, BP_TECHNIQUE, MARIAS_BP_CHECK, '2026-05-20T08:15:00Z'),
    response(2, DEMO_QUESTIONNAIRE_IDS.phq9, PHQ9, MARIAS_PHQ9, '2026-05-12T14:05:00Z'),
  ]);
}

/** A valid BP checklist answer set, for tests and the authorization matrix. */
export const VALID_BP_CHECK = MARIAS_BP_CHECK;
