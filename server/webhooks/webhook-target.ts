/**
 * Where a webhook may go. A tenant sets the URL, so without a check the service would POST from inside
 * the network to anything it can reach (metadata endpoints, databases, admin consoles). Refused:
 * loopback, link-local, private (RFC 1918), CGNAT, unique-local and the other special-purpose ranges,
 * in any spelling (IPv4-mapped IPv6 included), judged on the URL when it is set and again on the
 * address actually connected to (guardedLookup), so a name that re-resolves (DNS rebinding) is caught.
 * VIGIL_WEBHOOK_ALLOW_PRIVATE=1 allows them, for development and tests.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: reaches an IPv4 address through a translator
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: carries an IPv4 address
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/** True when an address is not a public unicast one (IPv4-mapped IPv6 is judged as its IPv4). */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return true;
  // BlockList matches ::ffff:a.b.c.d against the IPv4 rules itself; the IPv4-compatible form (::a.b.c.d) it does not.
  const compatible = /^::(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (compatible?.[1]) return true;
  return FORBIDDEN.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

export function privateWebhookTargetsAllowed(): boolean {
  return process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE === '1';
}

const refusal = (host: string, address: string) =>
  `Webhook target ${host} is ${address === host ? 'a' : `${address}, a`} loopback, private or otherwise internal address; only public addresses are allowed (VIGIL_WEBHOOK_ALLOW_PRIVATE=1 allows them for development)`;

/**
 * Checks a webhook URL when it is set: its host if that is an address, else every address the name
 * resolves to now. A name that does not resolve yet is accepted; delivery checks again.
 * Returns the reason for a refusal, or null.
 */
export async function checkWebhookUrl(url: string, timeoutMs = 3_000): Promise<string | null> {
  if (privateWebhookTargetsAllowed()) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isForbiddenAddress(host) ? refusal(host, host) : null;
  if (host === 'localhost' || host.endsWith('.localhost')) return refusal(host, host);
  const addresses = await new Promise<LookupAddress[]>((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs);
    dnsLookup(host, { all: true }, (error, found) => {
      clearTimeout(timer);
      resolve(error ? [] : found);
    });
  });
  const bad = addresses.find((entry) => isForbiddenAddress(entry.address));
  return bad ? refusal(host, bad.address) : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves the name, refuses it if any answer is internal, and hands
 * the socket exactly the addresses it checked, so nothing re-resolves between check and connect.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = privateWebhookTargetsAllowed();
    const bad = allowed ? undefined : addresses.find((entry) => isForbiddenAddress(entry.address));
    if (bad) {
      const refused: NodeJS.ErrnoException = new Error(refusal(hostname, bad.address));
      refused.code = 'EWEBHOOKTARGET';
      return callback(refused, []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

/** The literal-address case, which http.request connects to without calling lookup. */
export function refusedLiteralTarget(url: URL): string | null {
  if (privateWebhookTargetsAllowed()) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) && isForbiddenAddress(host) ? refusal(host, host) : null;
}
