import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser } from '../auth/require.ts';
import { clinicFor, ownClinic } from '../clinic-config/own-clinic.ts';
import { createRouter } from '../http/openapi-app.ts';
import { appointmentAccess, selfScheduling } from './appointment-access.ts';
import { catalogRepo } from './catalog-repo.ts';
import type { AppointmentRouteDeps } from './route-deps.ts';
import { Catalog, Slot, SlotQuery } from './schemas.ts';
import { searchOpenSlots, toSlot, type SlotSearch } from './slot-search.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['appointments'];
const Slots = z.object({ slots: z.array(Slot) });

/** What can be booked (providers, locations, visit types) and the open slots to book. */
export function slotRoutes(deps: AppointmentRouteDeps) {
  const app = createRouter();
  const search = async (q: z.infer<typeof SlotQuery>, where: Pick<SlotSearch, 'clinicId' | 'forPatient'>) =>
    (await searchOpenSlots(deps.db, { ...q, ...where, now: deps.clock.now() })).map(toSlot);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scheduling/catalog',
      tags,
      middleware: [requireUser()] as const,
      request: { query: z.object({ patientId: z.uuid().optional().describe("the patient whose clinic's catalog is shown (proxies); default: your own clinic") }) },
      responses: { 200: json(Catalog, 'providers, locations and visit types (with their pre-visit forms)') },
    }),
    async (c) => c.json(await catalogRepo(deps.db, await clinicFor(c, deps, c.req.valid('query').patientId)).catalog(), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/appointment-slots',
      tags,
      summary: 'Open slots in your clinic (staff)',
      middleware: [requireUser({ roles: ['clinician', 'admin'] })] as const,
      request: { query: SlotQuery },
      responses: { 200: json(Slots, 'open slots, soonest first, with no patient cutoff applied') },
    }),
    async (c) => {
      const clinicId = ownClinic(c);
      const slots = await search(c.req.valid('query'), { clinicId, forPatient: null });
      await auditRequest(c, deps, { action: 'appointment_slots.search', resource: `clinic/${clinicId}` });
      return c.json({ slots }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/patients/{patientId}/appointment-slots',
      tags,
      summary: 'Open slots this patient can book',
      middleware: selfScheduling(deps),
      request: { params: z.object({ patientId: z.uuid() }), query: SlotQuery },
      responses: { 200: json(Slots, "open slots at the patient's clinic; for patients and proxies only those still bookable online (past the visit type's cutoff)") },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const { actor } = await appointmentAccess(c, deps, patientId, { action: 'appointment_slots.read', resource: 'appointment_slots' });
      const { rows } = await deps.db.query<{ clinic_id: string }>('SELECT clinic_id FROM patients WHERE id = $1', [patientId]);
      if (!rows[0]) throw new NotFoundError('no such patient');
      const slots = await search(c.req.valid('query'), { clinicId: rows[0].clinic_id, forPatient: actor.mode === 'patient' ? { patientId } : null });
      return c.json({ slots }, 200);
    },
  );
  return app;
}
