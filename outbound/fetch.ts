/**
 * `fetch` for requests made on a user's behalf: the policy is applied to the address each
 * connection actually goes to (undici's connector looks the name up, the policy vets the result),
 * so a name that resolved to a public address when saved and to a private one now is refused.
 */
import { lookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { checkUrlShape, classifyAddress, type OutboundPolicy } from './policy.js';

/** A request refused by the outbound policy. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export function createOutboundFetch(policy: OutboundPolicy): typeof fetch {
  const vettedLookup = (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const { address } of addresses) {
        const refusal = classifyAddress(address, policy);
        if (refusal) return callback(new OutboundRefusedError(`${hostname}: ${refusal.message}`), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const dispatcher = new Agent({ connect: { lookup: vettedLookup as never } });
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' || input instanceof URL ? new URL(input) : new URL(input.url);
    const shape = checkUrlShape(url.toString());
    if (shape) throw new OutboundRefusedError(shape.message);
    // An address literal is connected to without a lookup: vet it here.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const refusal = classifyAddress(host, policy);
      if (refusal) throw new OutboundRefusedError(refusal.message);
    }
    return undiciFetch(input as never, { ...(init as object), dispatcher } as never) as unknown as Response;
  }) as typeof fetch;
}
