import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Parser } from 'xml2js';
import { followRefs, isObject, xmlToSpark, type OperationInfo } from '../openapi';

export type RawRequest = {
  method: string;
  /** Path and query exactly as sent: percent-encodings stay as written, nothing is re-encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
};

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** All of a response, its body read as UTF-8 text. */
export function readResponse(response: http.IncomingMessage): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () =>
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      }),
    );
    response.on('error', reject);
  });
}

/** A keep-alive HTTP/1.1 client for one loopback server; node:http sends the path untouched. */
export function rawClient(server: http.Server): (request: RawRequest) => Promise<RawResponse> {
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (request) =>
    new Promise((resolve, reject) => {
      const body = request.body ?? '';
      const outgoing = http.request(
        {
          host: '127.0.0.1',
          port,
          agent,
          method: request.method,
          path: request.path,
          headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(body)) },
        },
        (response) => readResponse(response).then(resolve, reject),
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
}

export type ErrorShape = 'open311-json' | 'open311-xml' | 'admin' | 'html';

const isError = (status: string) => /^[45]/.test(status) || status === 'default';

/** The media types an operation declares for its responses, or only for its errors (4xx, 5xx, default). */
export function responseMediaTypes(op: OperationInfo, only: 'all' | 'errors' = 'all'): string[] {
  const responses = isObject(op.operation.responses) ? op.operation.responses : {};
  return Object.entries(responses)
    .filter(([status]) => only === 'all' || isError(status))
    .flatMap(([, response]) => {
      const node = followRefs(op.pointer, response).node;
      return isObject(node) && isObject(node.content) ? Object.keys(node.content) : [];
    });
}

/**
 * The error body a call must get, as the document declares it: an operation whose errors are
 * HTML answers every error as an HTML page (docs/pages.md §2); otherwise admin `{errors}`,
 * Open311 XML for `.xml`, else the Open311 JSON list.
 */
export function expectedErrorShape(op: OperationInfo, path: string): ErrorShape {
  if (responseMediaTypes(op, 'errors').includes('text/html')) return 'html';
  const pathname = path.split('?')[0];
  if (pathname.startsWith('/admin/')) return 'admin';
  return pathname.endsWith('.xml') && pathname.startsWith('/open311/') ? 'open311-xml' : 'open311-json';
}

/** A Node stack frame, or a source path of ours or of a dependency: never in a page. */
const STACK_TRACE = /\n\s*at \S.*:\d+:\d+|node_modules\/|\/src\/\S+\.[jt]s\b/;

/** Why `response` is not an HTML error page (docs/pages.md §2), or null when it is one. */
function htmlPageProblem(response: RawResponse): string | null {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('text/html')) return `Content-Type "${type}" is not text/html`;
  if (!/^<!doctype html>/i.test(response.text.trimStart())) return 'the body is not an HTML document';
  if (!/<h1[ >]/.test(response.text)) return 'the page has no heading';
  const trace = STACK_TRACE.exec(response.text);
  return trace === null ? null : `the page shows a stack trace: ${trace[0].trim().slice(0, 80)}`;
}

function errorList(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return 'not a non-empty list';
  for (const item of value) {
    if (!isObject(item)) return 'an item is not an object';
    if (!/^[1-5]\d\d$/.test(String(item.code))) return `code ${JSON.stringify(item.code)} is not an HTTP status`;
    if (typeof item.description !== 'string' || item.description.trim() === '') return 'a description is empty';
  }
  return null;
}

/** Why `response` is not a GeoReport error body of the expected shape, or null when it is one. */
export function errorBodyProblem(response: RawResponse, shape: ErrorShape): string | null {
  if (shape === 'html') return htmlPageProblem(response);
  const type = String(response.headers['content-type'] ?? '');
  if (shape === 'open311-xml') {
    if (!type.startsWith('text/xml')) return `Content-Type "${type}" is not text/xml`;
    try {
      const { root, value } = xmlToSpark(response.text);
      if (root !== 'errors') return `XML root <${root}> is not <errors>`;
      return errorList(value);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (!type.startsWith('application/json')) return `Content-Type "${type}" is not application/json`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch {
    return 'the body is not JSON';
  }
  if (shape === 'admin') {
    if (!isObject(parsed) || Object.keys(parsed).join() !== 'errors') return 'not {"errors": [...]}';
    return errorList(parsed.errors);
  }
  return errorList(parsed);
}

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding these characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why an XML, RSS or Atom body would break a strict XML parser, or null when it would not. */
export function xmlProblem(text: string): string | null {
  const bad = NOT_XML.exec(text);
  if (bad) return `U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index} is not allowed in XML`;
  let problem: string | null = null;
  new Parser({ strict: true }).parseString(text, (error: Error | null) => {
    problem = error ? error.message.split('\n')[0] : null;
  });
  return problem;
}
