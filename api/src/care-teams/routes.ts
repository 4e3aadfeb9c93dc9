/**
 * The caller's own care teams (issue 9): the web panel needs the team ids to ask for each team's
 * worklist, and nothing else named them. Team names and ids are not health data; the list holds
 * only teams the caller is a member of, so it reveals nothing about other teams.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';

export interface CareTeamRouteDeps {
  db: Pick<pg.Pool, 'query'>;
}

export const MyCareTeam = z.object({ id: z.uuid(), name: z.string(), memberRole: z.string() }).openapi('MyCareTeam');

export function careTeamRoutes(deps: CareTeamRouteDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/care-teams',
      tags: ['worklist'],
      summary: 'The care teams I am a member of, by name (empty for patients, proxies and admins)',
      middleware: [requireUser()] as const,
      responses: { 200: jsonContent(z.object({ teams: z.array(MyCareTeam) }), 'my teams, by name') },
    }),
    async (c) => {
      const { rows } = await deps.db.query<z.infer<typeof MyCareTeam>>(
        `SELECT t.id, t.name, m.member_role AS "memberRole" FROM care_team_members m JOIN care_teams t ON t.id = m.care_team_id
          WHERE m.user_id = $1 ORDER BY t.name, t.id`,
        [userOf(c).userId],
      );
      return c.json({ teams: rows }, 200);
    },
  );
  return app;
}
