import type { ResponseItem } from './questionnaire-schema.ts';

/** FHIR's extension for a signature on a whole QuestionnaireResponse. */
export const SIGNATURE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/questionnaireresponse-signature';
/** ASTM E1762 signature type "Author's Signature" (FHIR signature-type value set). */
const AUTHOR_SIGNATURE = { system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.1', display: "Author's Signature" };

export interface StoredResponse {
  id: string;
  patientId: string;
  questionnaire: { url: string; version: string };
  status: 'completed' | 'amended' | 'entered-in-error';
  items: ResponseItem[];
  authoredAt: Date;
  signerName: string;
  signedAt: Date;
  /** Whether someone other than the patient (a proxy) authored and signed it. */
  onBehalf: boolean;
}

/**
 * A stored response as a FHIR R4 QuestionnaireResponse: `questionnaire` is the form's canonical
 * `url|version`, `authored` the submission time, and the electronic signature (signer and time)
 * travels in the standard signature extension, on behalf of the patient when a proxy signed.
 */
export function toQuestionnaireResponse(r: StoredResponse) {
  const patient = { reference: `Patient/${r.patientId}` };
  const signer = { display: r.signerName };
  return {
    resourceType: 'QuestionnaireResponse' as const,
    id: r.id,
    extension: [
      {
        url: SIGNATURE_EXTENSION,
        valueSignature: { type: [AUTHOR_SIGNATURE], when: r.signedAt.toISOString(), who: signer, ...(r.onBehalf ? { onBehalfOf: patient } : {}) },
      },
    ],
    questionnaire: `${r.questionnaire.url}|${r.questionnaire.version}`,
    status: r.status,
    subject: patient,
    authored: r.authoredAt.toISOString(),
    author: r.onBehalf ? signer : patient,
    item: r.items,
  };
}
