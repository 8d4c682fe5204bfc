/**
 * Where the service may send requests on a user's behalf (webhooks, MCP servers). Secure by
 * default: only http(s); loopback and private networks only when the operator allows them;
 * link-local addresses and cloud metadata endpoints never, since they hand out credentials.
 * Checked when a URL is saved and again when a connection is made, so a name that later
 * resolves elsewhere (DNS rebinding) is refused too.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface OutboundPolicy {
  /** Loopback, private and unique-local addresses are allowed (development, tests, on-premise tools). */
  allowPrivate: boolean;
}

export type Refusal = {
  code: 'outbound_scheme' | 'outbound_forbidden' | 'outbound_private' | 'outbound_unresolvable';
  message: string;
};

/** Host names of cloud metadata services, refused whatever they resolve to. */
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);
/** Metadata addresses outside the link-local ranges (AWS's IPv6 one, Alibaba's). */
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200']);
const FORBIDDEN_RANGES = new Set([
  'linkLocal',
  'unspecified',
  'broadcast',
  'multicast',
  'reserved',
  'benchmarking',
  'amt',
  'as112',
  'deprecated',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
]);
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** What the policy says of one IP address. */
export function classifyAddress(ip: string, policy: OutboundPolicy): Refusal | undefined {
  let address = ipaddr.parse(ip);
  // ::ffff:10.0.0.1 is 10.0.0.1.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  const normalized = address.toNormalizedString();
  const range = address.range();
  if (METADATA_ADDRESSES.has(normalized) || METADATA_ADDRESSES.has(address.toString()) || FORBIDDEN_RANGES.has(range)) {
    return { code: 'outbound_forbidden', message: `${ip} is a ${range} address, which the service never calls` };
  }
  if (PRIVATE_RANGES.has(range) && !policy.allowPrivate) {
    return {
      code: 'outbound_private',
      message: `${ip} is a ${range} address; the operator allows these with OUTBOUND_ALLOW_PRIVATE=true`,
    };
  }
  return undefined;
}

/** The URL's scheme and host name, before any address is looked up. */
export function checkUrlShape(raw: string): Refusal | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'outbound_scheme', message: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { code: 'outbound_scheme', message: `only http and https URLs are called, not ${url.protocol}` };
  }
  if (url.username || url.password)
    return { code: 'outbound_scheme', message: 'credentials in the URL are not accepted; use headers' };
  if (METADATA_HOSTS.has(url.hostname.toLowerCase().replace(/\.$/, ''))) {
    return { code: 'outbound_forbidden', message: `${url.hostname} is a cloud metadata service` };
  }
  return undefined;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/** The whole check: shape, then every address the host resolves to. */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<Refusal | undefined> {
  const shape = checkUrlShape(raw);
  if (shape) return shape;
  const host = bare(new URL(raw).hostname);
  if (isIP(host)) return classifyAddress(host, policy);
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return { code: 'outbound_unresolvable', message: `${host} does not resolve` };
  }
  for (const { address } of addresses) {
    const refusal = classifyAddress(address, policy);
    if (refusal) return { ...refusal, message: `${host} resolves to ${refusal.message}` };
  }
  return undefined;
}
