import type pg from 'pg';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../common/src/errors/index.ts';
import { UnprocessableError } from '../portal-records/errors.ts';
import { iso } from '../portal-records/http.ts';
import { visibleFilter, type Visibility } from '../portal-records/visibility.ts';
import { toQuestionnaireResponse } from './questionnaire-response.ts';
import type { Questionnaire, ResponseItem } from './questionnaire-schema.ts';
import { normaliseResponse, validateResponse } from './response-validator.ts';

interface QuestionnaireRow {
  id: string;
  category: string | null;
  created_at: Date;
  resource: Questionnaire;
  current: boolean;
}

const toPublished = (r: QuestionnaireRow) => ({ id: r.id, category: r.category as 'behavioral_health' | null, current: r.current, publishedAt: iso(r.created_at), resource: r.resource });

/** The current version of each active form (the one published last). */
export async function listQuestionnaires(db: pg.Pool) {
  const { rows } = await db.query<QuestionnaireRow>(
    `SELECT *, true AS current FROM (SELECT DISTINCT ON (url) id, category, created_at, resource, status FROM questionnaires ORDER BY url, created_at DESC, id DESC) latest
      WHERE status = 'active' ORDER BY resource->>'title'`,
  );
  return rows.map(toPublished);
}

/**
 * One published version, and whether it is the current one of its form (the last published).
 *
 * @throws NotFoundError for an unknown id
 */
export async function getQuestionnaire(db: pg.Pool, id: string) {
  const { rows } = await db.query<QuestionnaireRow>(
    `SELECT q.id, q.category, q.created_at, q.resource,
            q.id = (SELECT l.id FROM questionnaires l WHERE l.url = q.url ORDER BY l.created_at DESC, l.id DESC LIMIT 1) AS current
       FROM questionnaires q WHERE q.id = $1`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError('no such questionnaire');
  return toPublished(rows[0]);
}

/**
 * Publish a version of a form. A published (url, version) never changes: a change is a new version.
 *
 * @throws ConflictError when the version exists
 */
export async function publishQuestionnaire(db: pg.Pool, q: Questionnaire, category: string | null) {
  const { rows } = await db.query<QuestionnaireRow>(
    `INSERT INTO questionnaires (url, version, title, status, category, resource) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (url, version) DO NOTHING RETURNING id, category, created_at, resource, true AS current`,
    [q.url, q.version, q.title, q.status, category, JSON.stringify(q)],
  );
  if (!rows[0]) throw new ConflictError(`version ${q.version} of ${q.url} is already published; publish a new version`);
  return toPublished(rows[0]);
}

interface ResponseRow {
  id: string;
  patient_id: string;
  status: 'completed';
  items: ResponseItem[];
  authored_at: Date;
  signer_name: string;
  signed_at: Date;
  on_behalf: boolean;
  url: string;
  version: string;
}

const toResource = (r: ResponseRow) =>
  toQuestionnaireResponse({ id: r.id, patientId: r.patient_id, questionnaire: { url: r.url, version: r.version }, status: r.status, items: r.items, authoredAt: r.authored_at, signerName: r.signer_name, signedAt: r.signed_at, onBehalf: r.on_behalf });

const RESPONSE_SELECT = `
  SELECT r.id, r.patient_id, r.status, r.items, r.authored_at, r.signer_name, r.signed_at, u.patient_id IS DISTINCT FROM r.patient_id AS on_behalf, q.url, q.version
    FROM questionnaire_responses r JOIN questionnaires q ON q.id = r.questionnaire_id JOIN users u ON u.id = r.author_id`;

/** A patient's questionnaire responses, limited to the forms the viewer may see. */
export function patientResponses(db: pg.Pool, patientId: string, visibility: Visibility) {
  return {
    async list() {
      const f = visibleFilter(visibility, { category: 'q.category' }, 2);
      const { rows } = await db.query<ResponseRow>(`${RESPONSE_SELECT} WHERE r.patient_id = $1 AND ${f.sql} ORDER BY r.authored_at DESC`, [patientId, ...f.params]);
      return rows.map(toResource);
    },

    /**
     * Validate, store and sign a response: authored and signed now by `authorId`.
     *
     * @throws NotFoundError for an unknown questionnaire
     * @throws ForbiddenError for a form whose category is hidden from the viewer
     * @throws ConflictError for a form that is not active, or not the current version
     * @throws UnprocessableError listing every answer that does not fit the form
     */
    async submit(questionnaireId: string, items: ResponseItem[], authorId: string, now: Date) {
      const q = await getQuestionnaire(db, questionnaireId);
      if (q.category && visibility.hiddenCategories.includes(q.category)) throw new ForbiddenError('this form is in a category the patient has not shared with you');
      if (!q.current) throw new ConflictError('a newer version of this form exists: answer that one');
      if (q.resource.status !== 'active') throw new ConflictError(`this form is ${q.resource.status}`);
      const issues = validateResponse(q.resource, items);
      if (issues.length) throw new UnprocessableError('some answers do not fit the form', { type: 'invalid-response', errors: issues.map((i) => ({ path: `item.${i.linkId}`, message: i.message })) });
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO questionnaire_responses (patient_id, questionnaire_id, items, authored_at, author_id, signer_name, signed_at)
         SELECT $1, $2, $3, $4, u.id, u.display_name, $4 FROM users u WHERE u.id = $5 RETURNING id`,
        [patientId, questionnaireId, JSON.stringify(normaliseResponse(q.resource, items)), now, authorId],
      );
      const stored = await db.query<ResponseRow>(`${RESPONSE_SELECT} WHERE r.id = $1`, [rows[0]!.id]);
      return toResource(stored.rows[0]!);
    },
  };
}
