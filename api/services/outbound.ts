/** Refuses a URL for a webhook or MCP server that points where the outbound policy forbids. */
import { checkOutboundUrl } from '../../outbound/policy.js';
import type { ServiceDeps } from '../deps.js';
import { invalidField } from '../errors.js';

/** A URL the service will call for the user must point where the outbound policy allows. */
export async function requireAllowedUrl(deps: ServiceDeps, field: string, url: string): Promise<void> {
  const refusal = await checkOutboundUrl(url, deps.outbound);
  if (refusal) throw invalidField(field, refusal.code, refusal.message);
}
