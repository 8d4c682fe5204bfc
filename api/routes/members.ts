import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth.js';
import { ApiError } from '../errors.js';
import { toMember } from '../mappers.js';
import { errorResponses, json } from '../openapi.js';
import { createMemberBody, listQuery, member, memberRef, pagination } from '../schemas.js';
import type { HeartbeatDeps } from '../services/heartbeats.js';
import { projectPage } from '../../db/queries/pages.js';

const tags = ['Members'];

export function memberRoutes(deps: HeartbeatDeps) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/create',
      tags,
      summary: 'Add a subscriber (member) to the project',
      request: { body: json(createMemberBody) },
      responses: { 200: json(z.object({ member }), 'The member'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const row = await deps.db
        .insertInto('members')
        .values({
          project_id: c.get('owner').project.id,
          name: body.name ?? null,
          email: body.email ?? null,
          external_id: body.external_id ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return c.json({ member: toMember(row) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readall',
      tags,
      summary: "List the project's subscribers",
      request: { query: listQuery },
      responses: {
        200: json(z.object({ members: z.array(member), pagination }), 'A page of members'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const projectId = c.get('owner').project.id;
      const { rows, pagination } = await projectPage(deps.db, 'members', projectId, q);
      return c.json({ members: rows.map(toMember), pagination }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/delete',
      tags,
      summary: 'Remove a subscriber',
      request: { query: memberRef },
      responses: { 200: json(z.object({ deleted: z.boolean(), member }), 'The removed member'), ...errorResponses },
    }),
    async (c) => {
      const row = await deps.db
        .deleteFrom('members')
        .where('id', '=', c.req.valid('query').member_id)
        .where('project_id', '=', c.get('owner').project.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new ApiError('member_not_found', 'No member with that member_id in this project.');
      return c.json({ deleted: true, member: toMember(row) }, 200);
    },
  );
  return app;
}
