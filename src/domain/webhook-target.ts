import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { badRequest } from './errors';

/**
 * Where a webhook may point (docs/webhooks.md, "Targets"): `http` or `https` only, and never
 * a link-local or cloud-metadata address, checked on every address the host name resolves
 * to, when the webhook is saved and again on every delivery's own connection. Private and
 * loopback addresses are allowed: a city's case system usually sits on its internal network.
 */
const REFUSED = new BlockList();
REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
REFUSED.addAddress('100.100.100.200', 'ipv4');
REFUSED.addAddress('0.0.0.0', 'ipv4');
REFUSED.addSubnet('fe80::', 10, 'ipv6');
REFUSED.addAddress('fd00:ec2::254', 'ipv6');
REFUSED.addAddress('::', 'ipv6');

const REFUSED_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data']);

/** An IPv4-mapped IPv6 address (`::ffff:169.254.169.254`) is checked as the IPv4 address it is. */
function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Why this resolved address may not be a webhook target, or null. */
export function refusedAddress(address: string): string | null {
  const { address: ip, family } = plain(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  return REFUSED.check(ip, family) ? `${address} is a link-local or cloud-metadata address` : null;
}

/** Why this host name may not be a webhook target, or null. */
export function refusedHostName(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  return REFUSED_NAMES.has(name) ? `${host} is a cloud-metadata host` : null;
}

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

/** Checks the URL's form only: http(s), no credentials, a host; a 400 naming the problem. */
export function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest(`url: "${text}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badRequest(`url: only http and https targets are allowed, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username !== '' || url.password !== '')
    throw badRequest('url: user names and passwords do not belong in the URL');
  if (url.hash !== '') throw badRequest('url: a target URL has no #fragment');
  const refused = refusedHostName(hostOf(url)) ?? (isIP(hostOf(url)) ? refusedAddress(hostOf(url)) : null);
  if (refused !== null) throw badRequest(`url: ${refused}`);
  return url;
}

/**
 * Checks a target before it is saved: its form, then every address its host resolves to. A
 * host that does not resolve is a 400 too: a typo is better caught now than at 3 a.m.
 */
export async function checkTarget(text: string, timeoutMs = 5000): Promise<string> {
  const url = parseTargetUrl(text);
  const host = hostOf(url);
  if (isIP(host)) return url.toString();
  let addresses: { address: string }[];
  try {
    addresses = await Promise.race([
      lookup(host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
  } catch {
    throw badRequest(`url: the host ${host} does not resolve`);
  }
  const refused = addresses.map((entry) => refusedAddress(entry.address)).filter((reason) => reason !== null);
  if (refused.length > 0) throw badRequest(`url: ${host} resolves to ${refused.join(', ')}`);
  return url.toString();
}
