import { z } from '@hono/zod-openapi';
import { projectId, uuid } from '../../openapi.js';

export const tool = z
  .object({
    uuid: z.string(),
    bot_id: z.string(),
    server_label: z.string(),
    server_url: z.string(),
    header_names: z
      .array(z.string())
      .openapi({ description: 'Names only: header values are secrets and never returned' }),
    created_at: z.string(),
  })
  .openapi('Tool');

export const connectToolBody = z.object({
  project_id: projectId,
  bot_id: uuid,
  server_label: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and -, at most 40'),
  server_url: z.url(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type ConnectToolBody = z.infer<typeof connectToolBody>;

export const toolRef = z.object({ project_id: projectId, tool_id: uuid });
