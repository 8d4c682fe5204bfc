/** The API key object /v1/key answers with. */
import { z } from '@hono/zod-openapi';
import { KEY_SCOPES } from '../../../domain/access.js';
import { id, int } from '../../openapi.js';

export const apiKey = z
  .object({
    key: z.object({
      prefix: z.string().openapi({ description: 'The first characters of the key, as the admin command lists it' }),
      name: z.string().nullable(),
      scope: z.enum(KEY_SCOPES).openapi({
        description:
          '`full`: everything; `heartbeats:write`: reads everything, changes and runs heartbeats; `heartbeats:read`: reads everything',
      }),
      bot_id: id
        .nullable()
        .openapi({ description: 'A `heartbeats:write` key bound to this bot changes its heartbeats only' }),
      access: z.string().openapi({ description: 'What the key may do, in words' }),
    }),
    project: z.object({
      id,
      name: z.string(),
      plan: z.string(),
      rate_limit_per_minute: int.openapi({ description: 'Requests per minute, REST and MCP together' }),
    }),
  })
  .openapi('ApiKey');
