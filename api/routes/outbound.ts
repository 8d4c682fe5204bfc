/** The schema of a URL the service calls for a user (webhook, MCP server). */
import { checkUrlShape } from '../../outbound/policy.js';
import { issue, text } from '../openapi.js';

/**
 * A URL the service will call on a user's behalf (a webhook, an MCP server): its shape here; the
 * addresses it resolves to when it is saved (services) and again at each connection (the worker).
 */
export const outboundUrl = text(2_000)
  .superRefine((v, ctx) => {
    const refusal = checkUrlShape(v);
    if (refusal) issue(ctx, refusal.code, refusal.message);
  })
  .openapi({ format: 'uri' });
