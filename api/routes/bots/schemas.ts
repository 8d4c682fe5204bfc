/** The bot object and the bodies and queries of /v1/bot, as zod schemas with OpenAPI names. */
import { z } from '@hono/zod-openapi';
import { id, pageQuery, projectId, text, time, uuid } from '../../openapi.js';
import { flag } from '../heartbeats/schemas.js';
import { outboundUrl } from '../outbound.js';
import { ALERT_EVENTS } from '../../../domain/alerts.js';

const alertEvents = z
  .array(z.enum(ALERT_EVENTS))
  .max(ALERT_EVENTS.length)
  .openapi({
    description:
      'Alert events sent to the webhook (signed and retried like notifications): a run failed, occurrences were missed, a run reported needs_attention, a heartbeat paused itself after its errors in a row, a budget ran out.',
    example: ['heartbeat.auto_paused', 'run.failed'],
  });

export const bot = z
  .object({
    uuid: id,
    name: z.string(),
    model: z.string(),
    instruction: z.string(),
    status: z.union([z.literal(0), z.literal(1)]),
    heartbeat: z.boolean(),
    webhook_url: z.string().nullable(),
    alert_events: alertEvents,
    created_at: time,
    updated_at: time,
  })
  .openapi('Bot');

export const botWithSecret = z.object({
  bot,
  webhook_secret: z.string().optional().openapi({ description: 'Shown once, when a webhook URL is set' }),
});

export const createBotBody = z.object({
  project_id: projectId,
  name: text(200).trim().min(1),
  model: text(200).trim().min(1).default('gpt-4o-mini'),
  instruction: text(20_000).default(''),
  status: z.union([z.literal(0), z.literal(1)]).default(1),
  heartbeat: flag.optional(),
  webhook_url: outboundUrl.nullable().optional(),
  alert_events: alertEvents.optional(),
});
export type CreateBotBody = z.infer<typeof createBotBody>;

export const updateBotBody = z.object({
  project_id: projectId,
  bot_id: uuid,
  name: text(200).trim().min(1).optional(),
  model: text(200).trim().min(1).optional(),
  instruction: text(20_000).optional(),
  status: z.union([z.literal(0), z.literal(1)]).optional(),
  heartbeat: flag.optional(),
  webhook_url: outboundUrl.nullable().optional(),
  alert_events: alertEvents.optional(),
});
export type UpdateBotBody = z.infer<typeof updateBotBody>;

export const botRef = z.object({ project_id: projectId, bot_id: uuid });
export const listQuery = z.object({ project_id: projectId, ...pageQuery });
