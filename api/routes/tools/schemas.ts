/** The connected MCP server object and the bodies of /v1/bot/tool. */
import { z } from '@hono/zod-openapi';
import { id, issue, projectId, text, time, uuid } from '../../openapi.js';
import { outboundUrl } from '../outbound.js';

export const tool = z
  .object({
    uuid: id,
    bot_id: id,
    server_label: z.string(),
    server_url: z.string(),
    header_names: z
      .array(z.string())
      .openapi({ description: 'Names only: header values are secrets and never returned' }),
    created_at: time,
  })
  .openapi('Tool');

/**
 * Header names the connection itself decides: where the request goes (Host), how it is framed or
 * kept (hop-by-hop names), and what a proxy on the way reads. A tool's header may not set them.
 */
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'expect',
]);

export const connectToolBody = z.object({
  project_id: projectId,
  bot_id: uuid,
  server_label: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and -, at most 40'),
  server_url: outboundUrl,
  headers: z
    .record(
      z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'an HTTP header name'),
      text(4_000).superRefine((v, ctx) => {
        if (/[\r\n]/.test(v)) issue(ctx, 'invalid_characters', 'a header value is one line');
      }),
    )
    .superRefine((h, ctx) => {
      if (Object.keys(h).length > 20) issue(ctx, 'too_many_headers', 'at most 20 headers');
      for (const name of Object.keys(h)) {
        if (RESERVED_HEADERS.has(name.toLowerCase())) {
          issue(ctx, 'reserved_header', `${name} is set by the connection, not by a tool's headers`);
        }
      }
    })
    .optional(),
});
export type ConnectToolBody = z.infer<typeof connectToolBody>;

export const toolRef = z.object({ project_id: projectId, tool_id: uuid });
