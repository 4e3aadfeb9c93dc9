/** @jsxImportSource hono/jsx/dom */
import { api } from '../lib/api.ts';
import { onReady, pageData } from '../lib/page.ts';
import { fill } from '../lib/ui.tsx';

interface Published {
  id: string;
  resource: { title?: string; name?: string; description?: string };
}
/** A FHIR QuestionnaireResponse; `questionnaire` is the canonical reference of the form answered. */
interface AnsweredResponse {
  questionnaire?: string;
}

onReady(async () => {
  const patientId = pageData('patientId');
  const [forms, answered] = await Promise.all([
    api<{ questionnaires: Published[] }>('GET', '/v1/questionnaires'),
    api<{ responses: AnsweredResponse[] }>('GET', `/v1/patients/${patientId}/questionnaire-responses`),
  ]);
  const sent = new Set(answered.ok ? answered.data.responses.map((r) => r.questionnaire ?? '') : []);
  fill('forms', forms, 'Forms', (d) =>
    d.questionnaires.length ? (
      <ul class="item-list">
        {d.questionnaires.map((q) => (
          <li>
            <span class="item-title">{q.resource.title ?? q.resource.name ?? 'Form'}</span>
            {[...sent].some((ref) => ref.includes(q.id)) ? <span class="badge badge-ok">Sent</span> : null}
            {q.resource.description ? <p class="item-meta">{q.resource.description}</p> : null}
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">No forms to fill in. Thank you.</p>
    ),
  );
});
