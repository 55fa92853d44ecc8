import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { hostOf, refusedAddress, refusedHostName } from '../domain/webhook-target';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The connection's own name resolution, checked (src/domain/webhook-target.ts): the address
 * the socket connects to is the one checked, so a name that changed its answer since the
 * webhook was saved (DNS rebinding) cannot lead a delivery to a metadata address.
 */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.map((entry) => refusedAddress(entry.address)).find((reason) => reason !== null);
    if (refused) return callback(Object.assign(new Error(`refused target: ${refused}`), { code: 'EREFUSED' }), []);
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}

export type Answer = { status: number };

/**
 * POSTs `body` to `url` and resolves with the answer's status (the body is read and dropped);
 * rejects on a refused target, a connection failure or after `timeoutMs` in all. Redirects are
 * not followed: a 3xx is an answer like any other non-2xx.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Answer> {
  const target = new URL(url);
  const host = hostOf(target);
  const refused = refusedHostName(host) ?? (isIP(host) ? refusedAddress(host) : null);
  if (refused !== null) return Promise.reject(new Error(`refused target: ${refused}`));
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        lookup: guardedLookup as unknown as typeof lookup,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    request.on('error', (error) =>
      reject(error.name === 'AbortError' ? new Error(`no answer in ${timeoutMs} ms`) : error),
    );
    request.end(body);
  });
}
