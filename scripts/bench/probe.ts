import type { Endpoint } from './endpoints';

export type Probe = { key: string; statuses: string; bytes: number; items: string; problem: string | null };

const TRIES = 20;

/** Items in one response: a JSON array's length, or the count of list elements in GeoReport XML. */
function countItems(body: string, xml: boolean): number {
  if (xml) return (body.match(/<(request|service)>/g) ?? []).length;
  const parsed: unknown = JSON.parse(body);
  return Array.isArray(parsed) ? parsed.length : 1;
}

async function fetchOnce(base: string, endpoint: Endpoint): Promise<{ status: number; body: string }> {
  const request = endpoint.draw();
  const response = await fetch(`${base}${request.path ?? '/'}`, {
    method: request.method ?? 'GET',
    headers: request.headers,
    body: typeof request.body === 'string' ? request.body : undefined,
  });
  return { status: response.status, body: await response.text() };
}

/**
 * Sends a few drawn requests to an endpoint before it is measured: every one must be 2xx, and the
 * item counts show what a run measures (a benchmark of empty pages or error pages is worthless).
 */
export async function probe(base: string, endpoint: Endpoint): Promise<Probe> {
  const statuses = new Map<number, number>();
  const items: number[] = [];
  let bytes = 0;
  let problem: string | null = null;
  for (let i = 0; i < TRIES; i++) {
    const { status, body } = await fetchOnce(base, endpoint);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    bytes += Buffer.byteLength(body);
    if (status >= 200 && status < 300) items.push(countItems(body, endpoint.key.endsWith('.xml')));
    else problem ??= `HTTP ${status}: ${body.slice(0, 300)}`;
  }
  if (problem === null && items.every((n) => n === 0)) problem = 'every response was an empty list';
  const range =
    items.length === 0
      ? '-'
      : `${Math.min(...items)}–${Math.max(...items)} (mean ${(items.reduce((a, b) => a + b, 0) / items.length).toFixed(0)})`;
  return {
    key: endpoint.key,
    statuses: [...statuses].map(([status, n]) => `${status}×${n}`).join(' '),
    bytes: Math.round(bytes / TRIES),
    items: range,
    problem,
  };
}
