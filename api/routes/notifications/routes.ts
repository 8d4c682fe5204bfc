import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, json, pageQuery, pagination, projectId, uuid } from '../../openapi.js';

export const notification = z
  .object({
    uuid: z.string(),
    bot_id: z.string(),
    heartbeat_id: z.string().nullable(),
    member_id: z.string().nullable(),
    run_key: z.string(),
    title: z.string(),
    body: z.string(),
    delivery_status: z.string(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Notification');

export const readAll = createRoute({
  method: 'get',
  path: '/readall',
  tags: ['Notifications'],
  summary: 'Notifications sent by heartbeats, newest first',
  request: {
    query: z.object({ project_id: projectId, member_id: uuid.optional(), heartbeat_id: uuid.optional(), ...pageQuery }),
  },
  responses: {
    200: json(z.object({ notifications: z.array(notification), pagination }), 'A page of notifications'),
    ...errorResponses,
  },
});
