import { z } from '@hono/zod-openapi';
import { pageQuery, projectId, uuid } from '../../openapi.js';
import { flag } from '../heartbeats/schemas.js';

export const bot = z
  .object({
    uuid: z.string(),
    name: z.string(),
    model: z.string(),
    instruction: z.string(),
    status: z.number(),
    heartbeat: z.boolean(),
    webhook_url: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Bot');

export const botWithSecret = z.object({
  bot,
  webhook_secret: z.string().optional().openapi({ description: 'Shown once, when a webhook URL is set' }),
});

export const createBotBody = z.object({
  project_id: projectId,
  name: z.string().trim().min(1).max(200),
  model: z.string().trim().min(1).max(200).default('gpt-4o-mini'),
  instruction: z.string().max(20_000).default(''),
  status: z.union([z.literal(0), z.literal(1)]).default(1),
  heartbeat: flag.optional(),
  webhook_url: z.url().nullable().optional(),
});
export type CreateBotBody = z.infer<typeof createBotBody>;

export const updateBotBody = z.object({
  project_id: projectId,
  bot_id: uuid,
  name: z.string().trim().min(1).max(200).optional(),
  model: z.string().trim().min(1).max(200).optional(),
  instruction: z.string().max(20_000).optional(),
  status: z.union([z.literal(0), z.literal(1)]).optional(),
  heartbeat: flag.optional(),
  webhook_url: z.url().nullable().optional(),
});
export type UpdateBotBody = z.infer<typeof updateBotBody>;

export const botRef = z.object({ project_id: projectId, bot_id: uuid });
export const listQuery = z.object({ project_id: projectId, ...pageQuery });
