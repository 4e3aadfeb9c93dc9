import { SMART_SCOPES } from '../../policy/smart-scopes.ts';
import type { Resource } from '../http/fhir-response.ts';
import { SEARCH_SPECS, type SearchableType } from '../search/search-specs.ts';
import { PROFILES, VITALS_SYSTEM } from '../terminology.ts';

/** When this statement last changed (bump it with the capabilities). */
const STATEMENT_DATE = '2026-06-01';

const SUPPORTED_PROFILES: Partial<Record<SearchableType, string[]>> = {
  Observation: [...Object.values(PROFILES), 'http://hl7.org/fhir/uv/cgm/StructureDefinition/cgm-summary'],
};

/**
 * The CapabilityStatement at /fhir/R4/metadata (R4 capabilitystatement.html): what this server
 * reads and searches, with which parameters, its two operations, and how clients authenticate.
 * Built from the same search specs the routes parse with, so it cannot drift from them.
 */
export function capabilityStatement(base: string): Resource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Vitals',
    kind: 'instance',
    software: { name: 'Vitals FHIR facade' },
    implementation: { description: 'Remote patient monitoring readings, lab results, appointments and devices as FHIR R4', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    implementationGuide: ['http://hl7.org/fhir/uv/phd/ImplementationGuide/hl7.fhir.uv.phd', 'http://hl7.org/fhir/uv/cgm/ImplementationGuide/hl7.fhir.uv.cgm'],
    rest: [
      {
        mode: 'server',
        documentation: 'Read and search, per-patient NDJSON export and CGM summaries. Errors are OperationOutcomes. See docs/fhir.md.',
        security: {
          cors: false,
          service: [{ text: 'Bearer API tokens (vt_…) or a portal session' }],
          description: `Send Authorization: Bearer vt_…. Third-party apps hold tokens with SMART v1 scopes (${SMART_SCOPES.join(', ')}); they reach only the patients the token's user may reach.`,
        },
        resource: (Object.keys(SEARCH_SPECS) as SearchableType[]).map((type) => ({
          type,
          ...(SUPPORTED_PROFILES[type] ? { supportedProfile: SUPPORTED_PROFILES[type] } : {}),
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: SEARCH_SPECS[type].params.map((p) => ({ name: p.name, type: p.type === 'reference' ? 'reference' : p.type, documentation: p.description })),
          ...(type === 'Patient'
            ? {
                operation: [
                  { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export', documentation: 'GET Patient/{id}/$export: synchronous NDJSON stream of Patient, Devices and Observations' },
                  { name: 'cgm-summary', definition: `${VITALS_SYSTEM}/OperationDefinition/cgm-summary`, documentation: 'GET Patient/{id}/$cgm-summary?start=&end=: HL7 CGM IG summary Observations' },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}
