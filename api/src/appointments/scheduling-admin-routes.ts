import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser } from '../auth/require.ts';
import { ownClinic } from '../clinic-config/own-clinic.ts';
import type { AppEnv } from '../http/env.ts';
import { createRouter } from '../http/openapi-app.ts';
import { catalogRepo, type CatalogRepo } from './catalog-repo.ts';
import type { AppointmentRouteDeps } from './route-deps.ts';
import { CreateLocation, CreateProvider, CreateTemplate, CreateVisitType, GenerateResult, GenerateSlots, Location, Provider, SetVisitForms, Template, VisitForm, VisitType } from './schemas.ts';
import { generateSlots } from './slot-generation.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } } } });
const tags = ['scheduling administration'];
const adminOnly = requireUser({ roles: ['admin'] });
const BASE = '/v1/admin/scheduling';

/**
 * The clinic administrator's scheduling set-up: providers (clinicians who can be booked),
 * locations, visit types and the forms due before them, weekly availability templates, and slot
 * generation on demand (the maintenance job also runs it hourly). Every change is audited.
 */
export function schedulingAdminRoutes(deps: AppointmentRouteDeps) {
  const app = createRouter();
  const repoOf = (c: Context<AppEnv>) => catalogRepo(deps.db, ownClinic(c));
  const audit = (c: Context<AppEnv>, action: string, resource: string) => auditRequest(c, deps, { action, resource });

  /** POST a new catalog item: created in the admin's clinic, audited, answered 201. */
  const creates = <In extends z.ZodType, Out extends z.ZodType>(path: string, input: In, output: Out, kind: string, description: string, make: (repo: CatalogRepo, body: z.infer<In>) => Promise<z.infer<Out> & { id: string }>) =>
    app.openapi(createRoute({ method: 'post', path: `${BASE}/${path}`, tags, middleware: [adminOnly] as const, request: body(input), responses: { 201: json(output, description) } }), async (c) => {
      // a generic route cannot name its body type to Hono; the schema above has validated it
      const row = await make(repoOf(c), c.req.valid('json' as never) as z.infer<In>);
      await audit(c, `scheduling.${kind}.create`, `${kind}/${row.id}`);
      return c.json(row, 201);
    });

  creates('providers', CreateProvider, Provider, 'provider', 'the clinician can now be booked', (repo, p) => repo.createProvider(p));
  creates('locations', CreateLocation, Location, 'location', 'created', (repo, l) => repo.createLocation(l));
  creates('visit-types', CreateVisitType, VisitType, 'visit_type', 'created; link its pre-visit forms with PUT …/forms', (repo, v) => repo.createVisitType(v));
  app.openapi(
    createRoute({
      method: 'put',
      path: `${BASE}/visit-types/{visitTypeId}/forms`,
      tags,
      middleware: [adminOnly] as const,
      request: { params: z.object({ visitTypeId: z.uuid() }), ...body(SetVisitForms) },
      responses: { 200: json(z.object({ forms: z.array(VisitForm) }), 'the forms now due before visits of this type') },
    }),
    async (c) => {
      const { visitTypeId } = c.req.valid('param');
      const forms = await repoOf(c).setVisitForms(visitTypeId, c.req.valid('json').forms);
      await audit(c, 'scheduling.visit_type.forms', `visit_type/${visitTypeId}`);
      return c.json({ forms }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: `${BASE}/templates`, tags, middleware: [adminOnly] as const, responses: { 200: json(z.object({ templates: z.array(Template) }), 'active templates first') } }),
    async (c) => c.json({ templates: await repoOf(c).listTemplates() }, 200),
  );
  creates('templates', CreateTemplate, Template, 'template', 'created; its slots appear at the next generation', (repo, t) => repo.createTemplate(t));
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${BASE}/templates/{templateId}`,
      tags,
      middleware: [adminOnly] as const,
      request: { params: z.object({ templateId: z.uuid() }) },
      responses: { 200: json(z.object({ removed: z.number().int() }), 'stopped; its future slots nobody booked are removed (booked visits stay)') },
    }),
    async (c) => {
      const { templateId } = c.req.valid('param');
      const removed = await repoOf(c).deactivateTemplate(templateId, deps.clock.now());
      await audit(c, 'scheduling.template.stop', `template/${templateId}`);
      return c.json({ removed }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: `${BASE}/slots/generate`, tags, middleware: [adminOnly] as const, request: body(GenerateSlots), responses: { 200: json(GenerateResult, 'slots materialised for the coming weeks (idempotent)') } }),
    async (c) => {
      const clinicId = ownClinic(c);
      const result = await generateSlots(deps.db, { now: deps.clock.now(), weeks: c.req.valid('json').weeks, clinicId });
      await audit(c, 'scheduling.slots.generate', `clinic/${clinicId}`);
      return c.json(result, 200);
    },
  );
  return app;
}
