/** One GeoReport error as the service sends it: `[{ code, description }]` (docs/api.md). */
export type GeoReportError = { code: number; description: string };

/** A failed call: the HTTP status (0 when the network failed) and the service's errors, if any. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly errors: GeoReportError[],
  ) {
    super(errors.map((e) => e.description).join('; ') || `HTTP ${status}`);
  }
}

function asErrors(body: unknown): GeoReportError[] {
  if (!Array.isArray(body)) return [];
  return body
    .filter((e): e is GeoReportError => typeof e === 'object' && e !== null && typeof e.description === 'string')
    .map((e) => ({ code: Number(e.code), description: e.description }));
}

/** The body of a successful call and its headers (the paging headers of a list). */
export async function callWithHeaders<T>(url: string, init: RequestInit = {}): Promise<{ body: T; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', ...init });
  } catch {
    throw new ApiFailure(0, []);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiFailure(response.status, asErrors(body));
  return { body: body as T, headers: response.headers };
}

/** fetch that turns a network failure or a non-2xx answer into an ApiFailure carrying the errors. */
export const call = async <T>(url: string, init: RequestInit = {}): Promise<T> =>
  (await callWithHeaders<T>(url, init)).body;

/** `base/path?query` with empty and undefined values left out. */
export function urlOf(base: string, path: string, query: Record<string, string | number | undefined> = {}): string {
  const url = new URL(`${base}/${path}`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  return url.href;
}

/** GeoReport `services.json` entry. */
export type Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
};

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** GeoReport service definition attribute. */
export type Attribute = {
  variable: boolean;
  code: string;
  datatype: Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
};

export type ServiceDefinition = { service_code: string; attributes: Attribute[] };

/** A category whose feedback is never public says so with the keyword `private` (docs/api.md). */
export const isNeverPublic = (service: Service): boolean =>
  (service.keywords ?? '').split(',').some((k) => k.trim() === 'private');

/** A public request as `requests.json?extensions=true` and the GeoJSON properties carry it. */
export type PublicRequest = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  address: string | null;
  requested_datetime: string;
  media_url: string | null;
  extended_attributes?: { title: string | null; status_descriptive_name: string; media_urls: string[] };
};
