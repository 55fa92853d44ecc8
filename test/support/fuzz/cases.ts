import { followRefs, isObject, openApiDocument, type OperationInfo } from '../openapi';
import { responseMediaTypes } from './client';
import { MULTIPART_CASES, type MultipartCase } from './multipart';
import type { Baseline } from './targets';
import {
  COOKIE_VALUES,
  FORM_VALUES,
  HEADER_VALUES,
  JSON_BODIES,
  JSON_VALUES,
  NESTED_JSON_VALUES,
  pick,
  URL_VALUES,
  type Malformed,
} from './values';

export type Identity = 'anonymous' | 'api key' | 'admin' | 'resident';
export type Credentials = { apiKey: string; adminToken: string; residentJwt: string };

/** One change to the valid call: which input, and the raw value it gets. */
export type Mutation =
  | { kind: 'none' }
  | { kind: 'path'; name: string; value: Malformed }
  | { kind: 'query'; name: string; pairs: string[]; label: string }
  | { kind: 'header'; name: string; value: Malformed }
  | { kind: 'cookie'; name: string; value: Malformed }
  | { kind: 'json'; field: (string | number)[]; value: Malformed }
  | { kind: 'json body'; body: string | Buffer; type: string; label: string }
  | { kind: 'form'; name: string; pairs: string[]; label: string }
  | { kind: 'multipart'; upload: MultipartCase }
  | { kind: 'method'; method: string };

export type Parameter = { name: string; in: string };

const listed = (node: unknown): unknown[] =>
  isObject(node) && Array.isArray(node.parameters) ? (node.parameters as unknown[]) : [];

/** The operation's parameters and its path's shared ones (the operation's own win by name and place). */
export function parametersOf(op: OperationInfo): Parameter[] {
  const resolve = (p: unknown) => followRefs(op.pointer, p).node as Parameter;
  const own = listed(op.operation).map(resolve);
  const paths = openApiDocument.paths as Record<string, unknown>;
  const shared = listed(paths[op.path])
    .map(resolve)
    .filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  return [...shared, ...own];
}

/** Operations that answer with HTML pages (docs/pages.md): read from their declared media types. */
export const answersHtml = (op: OperationInfo): boolean => responseMediaTypes(op).includes('text/html');

/** Top-level property names of an operation's JSON request body schema (through allOf/if-then). */
export function bodyProperties(op: OperationInfo): string[] {
  const body = op.operation.requestBody;
  if (!isObject(body)) return [];
  const content = (followRefs(op.pointer, body).node as { content?: Record<string, { schema?: unknown }> }).content;
  const names = new Set<string>();
  const walk = (schema: unknown, depth: number) => {
    const node = followRefs(op.pointer, schema).node;
    if (!isObject(node) || depth > 5) return;
    if (isObject(node.properties)) for (const name of Object.keys(node.properties)) names.add(name);
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(node[key])) for (const s of node[key] as unknown[]) walk(s, depth + 1);
    for (const key of ['then', 'else']) walk(node[key], depth + 1);
  };
  for (const media of Object.values(content ?? {})) walk(media.schema, 0);
  return [...names];
}

/** Every leaf of a JSON value, as a path of keys and indexes. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, [...at, index]));
  if (isObject(value)) return Object.entries(value).flatMap(([key, item]) => leaves(item, [...at, key]));
  return [at];
}

const samePath = (a: (string | number)[], b: (string | number)[]) => a.join('\u0001') === b.join('\u0001');

/** The mutations of one operation: each input of the document (and each baseline body leaf) gets every bad value. */
export function mutationsOf(op: OperationInfo, baseline: Baseline): Mutation[] {
  const out: Mutation[] = [{ kind: 'none' }];
  const parameters = parametersOf(op);
  for (const p of parameters.filter((p) => p.in === 'path')) {
    for (const value of URL_VALUES) out.push({ kind: 'path', name: p.name, value });
  }
  const queryNames = parameters.filter((p) => p.in === 'query').map((p) => p.name);
  // An operation without parameters still gets an unknown one: it must be ignored or refused, never crash.
  if (queryNames.length === 0 && op.method === 'get') queryNames.push('x');
  for (const name of queryNames) {
    for (const value of URL_VALUES)
      out.push({ kind: 'query', name, pairs: [`${name}=${value.raw}`], label: value.label });
    out.push({ kind: 'query', name, pairs: [`${name}=1`, `${name}=2`], label: 'repeated' });
    out.push({ kind: 'query', name, pairs: [`${name}[]=1`], label: 'array brackets' });
    out.push({ kind: 'query', name, pairs: [`${name}[a][b]=1`], label: 'object brackets' });
    out.push({ kind: 'query', name, pairs: [name], label: 'no = sign' });
  }
  const headers = parameters.filter((p) => p.in === 'header').map((p) => p.name);
  if (op.path.startsWith('/admin/') || op.operationId === 'createRequest' || op.operationId === 'getMyRequests') {
    headers.push('Authorization');
  }
  // Pages pick their language from Accept-Language; their forms check where they were posted from.
  if (answersHtml(op)) headers.push('Accept-Language');
  if (answersHtml(op) && op.method === 'post') headers.push('Origin', 'Sec-Fetch-Site');
  for (const name of headers) for (const value of HEADER_VALUES) out.push({ kind: 'header', name, value });
  for (const p of parameters.filter((p) => p.in === 'cookie')) {
    for (const value of COOKIE_VALUES) out.push({ kind: 'cookie', name: p.name, value });
  }
  if (baseline.json !== undefined) {
    const fields = leaves(baseline.json);
    for (const name of bodyProperties(op)) if (!fields.some((f) => samePath(f, [name]))) fields.push([name]);
    for (const field of fields) {
      for (const value of field.length > 1 ? NESTED_JSON_VALUES : JSON_VALUES) out.push({ kind: 'json', field, value });
    }
  }
  if (baseline.form !== undefined) {
    const names = new Set([...Object.keys(baseline.form), ...bodyProperties(op)]);
    for (const extra of ['attribute[SIZE][]', 'attribute[NOPE]', 'attribute[]', 'media_url[]']) names.add(extra);
    for (const name of names) {
      for (const value of FORM_VALUES)
        out.push({ kind: 'form', name, pairs: [`${name}=${value.raw}`], label: value.label });
      out.push({ kind: 'form', name, pairs: [`${name}=1`, `${name}=2`], label: 'repeated' });
      out.push({ kind: 'form', name, pairs: [`${name}[a]=1`], label: 'object brackets' });
    }
    for (const upload of MULTIPART_CASES) out.push({ kind: 'multipart', upload });
  }
  // Whole bodies that are wrong as a whole: for JSON and for form bodies alike.
  if (baseline.json !== undefined || baseline.form !== undefined) {
    for (const b of JSON_BODIES) out.push({ kind: 'json body', body: b.body, type: b.type, label: b.label });
  }
  // A method the route does not have: 405 (or 404) as a GeoReport error, never a crash.
  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'HEAD'].filter((x) => x !== op.method.toUpperCase())) {
    out.push({ kind: 'method', method });
  }
  return out;
}

/** The identities an operation is called as: admin routes also as an admin, resident routes as a resident. */
export function identitiesOf(op: OperationInfo): Identity[] {
  if (op.path.startsWith('/admin/')) return ['anonymous', 'api key', 'admin'];
  if (op.operationId === 'getMyRequests' || op.operationId === 'createRequest') {
    return ['anonymous', 'api key', 'resident'];
  }
  return ['anonymous', 'api key'];
}

/**
 * Who sends one mutation. The valid call goes out as every identity. Admin routes check the
 * token before anything else, so bad queries and bodies go out as the admin only; createRequest's
 * bad bodies with an API key (read the same way for everybody); any other change as one
 * identity picked by the seeded generator.
 */
export function identitiesFor(op: OperationInfo, m: Mutation, random: () => number): Identity[] {
  const all = identitiesOf(op);
  if (m.kind === 'none') return all;
  if (op.path.startsWith('/admin/')) return m.kind === 'path' || m.kind === 'header' ? all : ['admin'];
  if (m.kind === 'form' || m.kind === 'json' || m.kind === 'json body' || m.kind === 'multipart') return ['api key'];
  return [pick(random, all)];
}

export function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case 'none':
      return 'the valid call';
    case 'path':
      return `path ${m.name} = ${m.value.label}`;
    case 'header':
      return `header ${m.name}: ${m.value.label}`;
    case 'cookie':
      return `cookie ${m.name} = ${m.value.label}`;
    case 'json':
      return `JSON ${m.field.join('.')} = ${m.value.label}`;
    case 'json body':
      return `JSON body: ${m.label}`;
    case 'multipart':
      return `multipart: ${m.upload.label}`;
    case 'method':
      return `method ${m.method}`;
    default:
      return `${m.kind} ${m.name}: ${m.label}`;
  }
}
