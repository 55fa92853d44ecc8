import { createHmac, timingSafeEqual } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { headers: IncomingHttpHeaders; raw: string; body: Record<string, unknown>; signed: boolean };

export type Receiver = {
  url: string;
  port: number;
  received: Received[];
  /** Statuses to answer, one per POST, then 200. */
  answers: number[];
  /** Milliseconds to wait before answering. */
  delayMs: number;
  close(): Promise<void>;
};

/** Checks `X-Palaute-Signature` as a receiver would: HMAC-SHA256 of the raw body, compared in constant time. */
export function verifySignature(secret: string, raw: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(raw, 'utf8').digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A city's case system as a real local HTTP server on 127.0.0.1 (nothing of ours is mocked):
 * it records every POST and whether its signature checks out with `secret`. `port` 0 picks a
 * free port; a given port brings a receiver up where one was down.
 */
export async function startReceiver(secret: string, port = 0): Promise<Receiver> {
  const receiver: Omit<Receiver, 'url' | 'port' | 'close'> = { received: [], answers: [], delayMs: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({
        headers: request.headers,
        raw,
        body: JSON.parse(raw) as Record<string, unknown>,
        signed: verifySignature(secret, raw, request.headers['x-palaute-signature']),
      });
      const status = receiver.answers.shift() ?? 200;
      setTimeout(() => response.writeHead(status).end(status < 300 ? 'ok' : 'no'), receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${bound}/palaute-hook`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A port where nothing listens (a receiver that is down): bound once, then closed. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
