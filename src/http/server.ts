import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type Koa from 'koa';
import { toXml } from './xml';

/** Node's own bare answers to the other client errors (kept, since a listener replaces them). */
const NODE_ANSWERS: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
};

/** How often Node looks for requests past their time (its default is every 30 s). */
const CHECK_INTERVAL_MS = 1000;

function timeoutResponse(url: string | undefined, seconds: number): string {
  const errors = [{ code: 408, description: `request not received within ${seconds} s` }];
  // GeoReport chooses the format by path suffix; nothing else of the request is trusted here.
  const xml = /\.xml(?:\?|$)/.test(url ?? '');
  const body = xml ? toXml('errors', errors) : JSON.stringify(errors);
  return [
    'HTTP/1.1 408 Request Timeout',
    `Content-Type: ${xml ? 'text/xml' : 'application/json'}; charset=utf-8`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * The HTTP server of the app with a time budget for each request: a client that has not sent
 * its headers and whole body within `requestTimeoutSeconds` gets 408 (a GeoReport error in the
 * format its path asked for) and its socket is closed, so slow senders cannot hold sockets
 * for Node's default 300 s. The budget covers receiving the request, not producing the answer.
 */
export function createHttpServer(app: Koa, requestTimeoutSeconds: number): http.Server {
  const ms = requestTimeoutSeconds * 1000;
  const server = http.createServer(
    { requestTimeout: ms, headersTimeout: ms, connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, ms) },
    app.callback(),
  );
  const inFlight = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight.set(req.socket, { req, res });
    res.once('close', () => {
      if (inFlight.get(req.socket)?.res === res) inFlight.delete(req.socket);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const current = inFlight.get(socket);
    // As Node does without a listener: answer only when nothing of a response has been sent.
    if (socket.writable && !current?.res.headersSent) {
      socket.write(
        error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? timeoutResponse(current?.req.url, requestTimeoutSeconds)
          : `HTTP/1.1 ${NODE_ANSWERS[error.code ?? ''] ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`,
      );
    }
    socket.destroy();
  });
  return server;
}
