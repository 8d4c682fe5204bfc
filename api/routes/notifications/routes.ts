/** The notification object and the /v1/bot/notification/readall route. */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, id, json, pageQuery, pagination, projectId, text, time, uuid } from '../../openapi.js';

export const notification = z
  .object({
    uuid: id,
    bot_id: id,
    heartbeat_id: id.nullable(),
    member_id: id.nullable(),
    run_key: z.string(),
    title: z.string(),
    body: z.string(),
    delivery_status: z.string().openapi({
      description: 'stored (not delivered yet), delivered, suppressed, refused (outbound policy), rejected_<status>',
    }),
    suppressed: z.boolean().openapi({
      description: "Kept but not sent: the heartbeat's notify_policy held back its run's notifications",
    }),
    delivered_at: time.nullable(),
    created_at: time,
  })
  .openapi('Notification');

export const readAll = createRoute({
  operationId: 'fetchNotifications',
  method: 'get',
  path: '/readall',
  tags: ['Notifications'],
  summary: 'Notifications sent by heartbeats, newest first',
  request: {
    query: z.object({
      project_id: projectId,
      member_id: uuid.optional(),
      heartbeat_id: uuid.optional(),
      run_key: text(300).optional().openapi({ description: 'Only those one run sent' }),
      ...pageQuery,
    }),
  },
  responses: {
    200: json(z.object({ notifications: z.array(notification), pagination }), 'A page of notifications'),
    ...errorResponses,
  },
});
