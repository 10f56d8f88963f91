import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** What a webhook may target: ROSTER_WEBHOOKS_ALLOW_HTTP and ROSTER_WEBHOOKS_ALLOW_PRIVATE. */
export interface TargetPolicy {
  readonly allowHttp: boolean;
  readonly allowPrivate: boolean;
}

export const STRICT_TARGETS: TargetPolicy = { allowHttp: false, allowPrivate: false };

/** Why a target is refused; the service turns it into an admin message, delivery into its log. */
export class TargetRefused extends Error {
  constructor(
    readonly reason: 'badUrl' | 'notHttps' | 'privateAddress',
    readonly detail: string,
  ) {
    super(detail);
  }
}

// Addresses that reach this machine, its links or a private network: a webhook pointed at
// them would let an administrator probe the inside of the deployment (SSRF).
const REFUSED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4],
] as const) {
  REFUSED.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 of any IPv4 address
] as const) {
  REFUSED.addSubnet(net, bits, 'ipv6');
}

/** Whether an address is loopback, link-local, private, unique-local or otherwise not public. */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return REFUSED.check(mapped, 'ipv4');
  const family = isIP(bare);
  if (family === 0) return true;
  return REFUSED.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Checks a webhook URL's form: absolute, `https:` (or `http:` when allowed), no
 * credentials; an address literal must be public unless private ones are allowed.
 *
 * @throws TargetRefused
 */
export function checkTargetUrl(text: string, policy: TargetPolicy): URL {
  if (!URL.canParse(text)) throw new TargetRefused('badUrl', `"${text.slice(0, 200)}" is not an absolute URL`);
  const url = new URL(text);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new TargetRefused(
      'notHttps',
      policy.allowHttp ? 'A webhook URL must be http:// or https://' : 'A webhook URL must be https://',
    );
  }
  if (url.username || url.password) throw new TargetRefused('badUrl', 'A webhook URL may not hold a user or password');
  if (text.length > 2000) throw new TargetRefused('badUrl', 'A webhook URL has at most 2000 characters');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !policy.allowPrivate && isRefusedAddress(host)) {
    throw new TargetRefused('privateAddress', `${host} is a loopback, link-local or private address`);
  }
  return url;
}

/** A resolved address to connect to. */
export interface CheckedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Every address the URL's host resolves to, each checked: one refused address refuses
 * them all (a name that resolves to a public and a private address is refused). The
 * caller connects to these addresses, not to the name again, so a second answer to the
 * same question (DNS rebinding) cannot swap in another.
 *
 * @throws TargetRefused, or the resolver's error
 */
export async function resolveTarget(url: URL, policy: TargetPolicy): Promise<CheckedAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const found =
    literal !== 0 ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true });
  const addresses = found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }) as const);
  if (!policy.allowPrivate) {
    const refused = addresses.find((a) => isRefusedAddress(a.address));
    if (refused) {
      throw new TargetRefused(
        'privateAddress',
        `${host} resolves to ${refused.address}, a loopback, link-local or private address`,
      );
    }
  }
  if (addresses.length === 0) throw new TargetRefused('badUrl', `${host} resolves to no address`);
  return addresses;
}
