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
  'as112v6',
  'deprecated',
  'deprecatedOrchid',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
  'discard',
  'segmentRouting',
]);
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat', 'deprecatedSiteLocal']);

const v4 = (bytes: number[]) => new ipaddr.IPv4(bytes);

/**
 * The IPv4 addresses an IPv6 address carries, which is where a packet to it ends up: IPv4-mapped
 * and -translated (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4
 * (2002:aabb:ccdd::) and Teredo (its server, and its client with the bits inverted).
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const b = address.toByteArray();
  const last = b.slice(12, 16);
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return [v4(last)];
    case 'rfc6052':
      // 64:ff9b::/96 carries the address in its last 32 bits; the local-use 64:ff9b:1::/48 is
      // private by definition, classed by its prefix below.
      return address.parts[2] === 0 ? [v4(last)] : [];
    case '6to4':
      return [v4(b.slice(2, 6))];
    case 'teredo':
      return [v4(b.slice(4, 8)), v4(last.map((x) => x ^ 0xff))];
    default:
      // ::a.b.c.d (IPv4-compatible, deprecated); not :: or ::1, which have ranges of their own.
      return b.slice(0, 12).every((x) => x === 0) && address.range() === 'unicast' ? [v4(last)] : [];
  }
}

/** The range name of one address, IPv4 or IPv6. */
function rangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (address.kind() === 'ipv6' && address.range() === 'rfc6052' && (address as ipaddr.IPv6).parts[2] !== 0)
    return 'private';
  return address.range();
}

function classifyOne(ip: string, address: ipaddr.IPv4 | ipaddr.IPv6, policy: OutboundPolicy): Refusal | undefined {
  const range = rangeOf(address);
  const normalized = address.toNormalizedString();
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

/** What the policy says of one IP address: an IPv6 address that carries an IPv4 one is both. */
export function classifyAddress(ip: string, policy: OutboundPolicy): Refusal | undefined {
  const address = ipaddr.parse(ip);
  const carried = address.kind() === 'ipv6' ? embeddedIPv4(address as ipaddr.IPv6) : [];
  for (const inner of carried) {
    const refusal = classifyOne(inner.toString(), inner, policy);
    if (refusal) return { ...refusal, message: `${ip} is ${inner.toString()} in IPv6 form: ${refusal.message}` };
  }
  // An IPv6 address that carries a public IPv4 one is as public as that one.
  return carried.length > 0 ? undefined : classifyOne(ip, address, policy);
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
