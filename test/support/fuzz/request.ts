import type { OperationInfo } from '../openapi';
import type { RawRequest } from './client';
import type { Credentials, Identity, Mutation } from './cases';
import { multipartBody } from './multipart';
import type { Baseline } from './targets';

const MARKER = '__FUZZ_VALUE__';

const encodePairs = (entries: [string, string][]) =>
  entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);

function setAt(target: unknown, field: (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of field.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[field[field.length - 1]] = value;
}

/** The baseline JSON with the mutated fields replaced by raw JSON literals (1e309 stays a number literal). */
function jsonText(json: Record<string, unknown>, ms: Mutation[], extra: Record<string, string>, seq: number): string {
  const body: Record<string, unknown> = { ...structuredClone(json), ...extra };
  const fields = ms.filter((m) => m.kind === 'json');
  fields.forEach((m, index) => setAt(body, m.field, `${MARKER}${index}`));
  let text = JSON.stringify(body).replaceAll('{seq}', String(seq));
  fields.forEach((m, index) => (text = text.replace(`"${MARKER}${index}"`, () => m.value.raw)));
  return text;
}

function pathOf(op: OperationInfo, baseline: Baseline, ms: Mutation[], format: string): string {
  return op.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const m = ms.find((x) => x.kind === 'path' && x.name === name);
    if (m?.kind === 'path') return m.value.raw;
    return name === 'format' ? format : encodeURIComponent(baseline.path?.[name] ?? '');
  });
}

/**
 * The raw HTTP request for one operation, identity and set of mutations (usually one). A GET as `api key` carries
 * `api_key` in the query; createRequest carries it in the body; admin routes get the identity's
 * bearer token (the API key is no handler token, so it must be refused with 401).
 */
export function buildRequest(
  op: OperationInfo,
  baseline: Baseline,
  ms: Mutation[],
  identity: Identity,
  format: 'json' | 'xml',
  credentials: Credentials,
  seq = 0,
): RawRequest {
  const admin = op.path.startsWith('/admin/');
  const headers: Record<string, string> = {};
  if (admin && identity === 'admin') headers.Authorization = `Bearer ${credentials.adminToken}`;
  if (admin && identity === 'api key') headers.Authorization = `Bearer ${credentials.apiKey}`;
  if (identity === 'resident') headers.Authorization = `Bearer ${credentials.residentJwt}`;
  const keyed = !admin && identity !== 'anonymous';
  const mutated = (name: string) => ms.some((m) => (m.kind === 'query' || m.kind === 'form') && m.name === name);
  const of = <K extends Mutation['kind']>(kind: K) =>
    ms.filter((m): m is Extract<Mutation, { kind: K }> => m.kind === kind);
  const wholeBody = of('json body')[0];
  const upload = of('multipart')[0];

  const query = encodePairs(Object.entries(baseline.query ?? {}).filter(([name]) => !mutated(name)));
  for (const m of of('query')) query.push(...m.pairs);
  if (keyed && op.method === 'get' && !mutated('api_key')) query.push(`api_key=${credentials.apiKey}`);
  const path = pathOf(op, baseline, ms, format) + (query.length > 0 ? `?${query.join('&')}` : '');

  const key: Record<string, string> = keyed ? { api_key: credentials.apiKey } : {};
  let body: string | Buffer | undefined;
  if (upload !== undefined && baseline.form !== undefined) {
    const multipart = multipartBody({ ...baseline.form, ...key }, upload.upload);
    headers['Content-Type'] = multipart.type;
    body = multipart.body;
  } else if (wholeBody !== undefined && (baseline.json !== undefined || baseline.form !== undefined)) {
    headers['Content-Type'] = wholeBody.type;
    body = wholeBody.body;
  } else if (baseline.form !== undefined && of('json').length === 0) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const pairs = encodePairs(Object.entries({ ...baseline.form, ...key }).filter(([name]) => !mutated(name)));
    for (const m of of('form')) pairs.push(...m.pairs);
    body = pairs.join('&');
  } else if (baseline.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = jsonText(baseline.json, ms, baseline.form !== undefined ? key : {}, seq);
  }
  const cookies = Object.entries(baseline.cookie ?? {})
    .filter(([name]) => !of('cookie').some((m) => m.name === name))
    .map(([name, value]) => `${name}=${value}`);
  for (const m of of('cookie')) cookies.push(`${m.name}=${m.value.raw}`);
  if (cookies.length > 0) headers.Cookie = cookies.join('; ');
  // Headers last, so that a fuzzed Authorization or Content-Type replaces the identity's or the body's.
  for (const m of of('header')) headers[m.name] = m.value.raw;
  return { method: of('method')[0]?.method ?? op.method.toUpperCase(), path, headers, body };
}
