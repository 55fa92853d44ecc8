import { stripDisallowed } from './text-rules';

/**
 * GeoReport v2 XML from the canonical response object (docs/open311-dialect.md §4):
 * the JSON shape is the "Spark" mapping of this XML, so one walk over the same object
 * serves both. Hand-written because xml2js's Builder is ~10x slower on 1000-request lists
 * (docs/architecture.md §6); tests parse the output back with xml2js.
 */
export const SINGULAR: Readonly<Record<string, string>> = Object.freeze({
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  locales: 'locale',
  service_request_updates: 'request_update',
  similar_requests: 'similar_request',
  media_urls: 'media_url',
  groups: 'group',
  notes: 'note',
  tasks: 'task',
  log: 'entry',
});

// XML 1.0 forbids most control characters. Input refuses them (src/http/text-rules.ts); rows
// written before that rule lose them here, exactly as JSON does in render.ts.
/* eslint-disable no-control-regex */
const NEEDS_WORK = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/* eslint-enable no-control-regex */

export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return stripDisallowed(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = SINGULAR[name];
    if (child === undefined) throw new Error(`no singular element name for list "${name}"`);
    let out = `<${name}>`;
    for (const item of value) out += element(child, item);
    return `${out}</${name}>`;
  }
  if (typeof value === 'object') {
    let out = `<${name}>`;
    for (const key in value as Record<string, unknown>) {
      out += element(key, (value as Record<string, unknown>)[key]);
    }
    return `${out}</${name}>`;
  }
  return `<${name}>${typeof value === 'string' ? escapeXml(value) : String(value)}</${name}>`;
}

/** Serialises a canonical response under its GeoReport root element. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}
