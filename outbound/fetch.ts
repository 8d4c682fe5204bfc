/**
 * `fetch` for requests made on a user's behalf: the policy is applied to every connection before
 * it is made (a name when it is looked up, an address literal when it is dialled), so a name that
 * resolved to a public address when saved and to a private one now is refused, and so is a
 * redirect to a literal. Redirects are followed here, hop by hop (see redirects.ts).
 */
import { lookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { checkUrlShape, classifyAddress, type OutboundPolicy } from './policy.js';
import { followRedirects } from './redirects.js';

/** A request refused by the outbound policy. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const bare = (host: string) => host.replace(/^\[|\]$/g, '');

/** An undici dispatcher whose every connection goes only where the policy allows. */
export function vettedDispatcher(policy: OutboundPolicy): Agent {
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
  const connect = buildConnector({ lookup: vettedLookup as never });
  return new Agent({
    connect(options, callback) {
      // Node dials an address literal without a lookup: it is vetted here, before it is dialled.
      const host = bare(options.hostname);
      const refusal = isIP(host) ? classifyAddress(host, policy) : undefined;
      if (refusal) return callback(new OutboundRefusedError(refusal.message), null);
      connect(options, (err, socket) => {
        if (err) return callback(err, null);
        // What was dialled is what was vetted; the connected address is checked all the same.
        const late = socket!.remoteAddress ? classifyAddress(socket!.remoteAddress, policy) : undefined;
        if (!late) return callback(null, socket!);
        socket!.destroy();
        callback(new OutboundRefusedError(late.message), null);
      });
    },
  });
}

export function createOutboundFetch(policy: OutboundPolicy): typeof fetch {
  const dispatcher = vettedDispatcher(policy);
  const hop = async (url: URL, init: RequestInit): Promise<Response> => {
    const shape = checkUrlShape(url.toString());
    if (shape) throw new OutboundRefusedError(shape.message);
    const host = bare(url.hostname);
    const refusal = isIP(host) ? classifyAddress(host, policy) : undefined;
    if (refusal) throw new OutboundRefusedError(refusal.message);
    return (await undiciFetch(url, { ...init, redirect: 'manual', dispatcher } as never)) as unknown as Response;
  };
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input.toString());
    const merged: RequestInit = {
      method: request?.method,
      headers: request?.headers,
      signal: request?.signal,
      ...init,
    };
    return followRedirects(url, merged, hop, (message) => new OutboundRefusedError(message));
  }) as typeof fetch;
}
