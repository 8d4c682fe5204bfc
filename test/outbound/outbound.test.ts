/**
 * Requests made on a user's behalf go only where the outbound policy allows: every hop of a
 * redirect, every address form, and without a credential on a hop to another origin.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../../activities/notifications.js';
import { createOutboundFetch, OutboundRefusedError } from '../../outbound/fetch.js';
import { classifyAddress } from '../../outbound/policy.js';
import { testSecrets } from '../helpers/stack.js';

const strict = { allowPrivate: false };

describe('addresses that carry another address', () => {
  it('are classed by the IPv4 address they carry', () => {
    const forms = (v4: string, hex: string) => [
      `::ffff:${v4}`, // IPv4-mapped
      `::${hex}`, // IPv4-compatible
      `64:ff9b::${hex}`, // NAT64
      `2002:${hex}::1`, // 6to4
      `2001:0:808:808::${hex
        .split(':')
        .map((h) => (0xffff ^ parseInt(h, 16)).toString(16))
        .join(':')}`, // Teredo: the client's address, bits inverted
    ];
    for (const ip of forms('169.254.169.254', 'a9fe:a9fe'))
      expect(classifyAddress(ip, { allowPrivate: true })?.code, ip).toBe('outbound_forbidden');
    for (const ip of [...forms('127.0.0.1', '7f00:1'), ...forms('10.0.0.1', 'a00:1')])
      expect(classifyAddress(ip, strict)?.code, ip).toBe('outbound_private');
    for (const ip of forms('8.8.8.8', '808:808')) expect(classifyAddress(ip, strict), ip).toBeUndefined();
  });
});

interface Hit {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback server that answers by path: `/to?url=…&status=…` redirects, anything else 204. */
async function recorder(): Promise<{ server: Server; port: number; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url!, 'http://x');
    hits.push({ path: url.pathname, method: req.method!, headers: req.headers, body });
    if (url.pathname === '/to') {
      return res
        .writeHead(Number(url.searchParams.get('status') ?? 307), { location: url.searchParams.get('url')! })
        .end();
    }
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, hits };
}

let a: Awaited<ReturnType<typeof recorder>>;
let b: Awaited<ReturnType<typeof recorder>>;
let closedPort: number;
beforeAll(async () => {
  [a, b] = await Promise.all([recorder(), recorder()]);
  const probe = await recorder();
  closedPort = probe.port;
  await new Promise((r) => probe.server.close(r));
});
afterAll(async () => {
  for (const s of [a, b]) await new Promise((r) => s?.server.close(r));
});

const redirectTo = (target: string, status = 307) =>
  `http://127.0.0.1:${a.port}/to?status=${status}&url=${encodeURIComponent(target)}`;
const permissive = createOutboundFetch({ allowPrivate: true });

describe('redirects', () => {
  it('are vetted hop by hop: a redirect to an address literal the policy refuses is not followed', async () => {
    // 0.0.0.0 (unspecified, never called) reaches this machine's servers when dialled.
    const before = b.hits.length;
    await expect(
      permissive(redirectTo(`http://0.0.0.0:${b.port}/metadata`), { method: 'POST', body: 'signed' }),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(b.hits.length).toBe(before);
  });

  it('carry no credential to another origin, and keep them within one', async () => {
    const headers = {
      'content-type': 'application/json',
      authorization: 'Bearer secret',
      'x-api-key': 'mcp-secret',
      'webhook-signature': 'v1,sig',
      'idempotency-key': 'k',
    };
    const other = await permissive(redirectTo(`http://localhost:${b.port}/hook`), {
      method: 'POST',
      headers,
      body: '{"a":1}',
    });
    expect(other.status).toBe(204);
    const arrived = b.hits.at(-1)!;
    expect(arrived).toMatchObject({ path: '/hook', method: 'POST', body: '{"a":1}' });
    expect(arrived.headers['content-type']).toBe('application/json');
    for (const name of ['authorization', 'x-api-key', 'webhook-signature', 'idempotency-key'])
      expect(arrived.headers[name], name).toBeUndefined();

    await permissive(redirectTo(`http://127.0.0.1:${a.port}/same`), { method: 'POST', headers, body: '{}' });
    expect(a.hits.at(-1)!.headers['x-api-key']).toBe('mcp-secret');
  });

  it('stop after five hops', async () => {
    let url = `http://127.0.0.1:${b.port}/end`;
    for (let i = 0; i < 6; i++) url = redirectTo(url, 302);
    await expect(permissive(url)).rejects.toThrow(/more than 5 redirects/);
  });
});

describe('a webhook that redirects to a refused address', () => {
  it('gets the same delivery status whether a server listens there or not: no port scanner', async () => {
    const statuses: string[] = [];
    for (const port of [b.port, closedPort]) {
      let status = 'stored';
      await postSigned(
        { fetch: permissive, secrets: testSecrets },
        {
          kind: 'notification',
          url: redirectTo(`http://0.0.0.0:${port}/`),
          sealedSecret: testSecrets.seal('whsec_' + Buffer.alloc(24, 1).toString('base64'), 'webhook_secret'),
          id: `n-${port}`,
          body: '{}',
          setStatus: async (s) => void (status = s),
        },
      ).catch(() => undefined);
      statuses.push(status);
    }
    expect(statuses).toEqual(['refused', 'refused']);
  });
});
