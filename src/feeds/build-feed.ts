import type { Feed as FeedClass, Item } from 'feed' with { 'resolution-mode': 'import' };
import { Builder, parseStringPromise } from 'xml2js';
import type { Locale } from '../domain/catalogue';
import { STATUS_LABELS } from '../domain/status-labels';
import { stripDisallowed } from '../http/text-rules';
import type { PublicRequest } from '../open311/present-request';
import { FEED_TEXTS } from './feed-texts';

// `feed` is ESM-only; Node 20 loads it through require(esm).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Feed } = require('feed') as { Feed: typeof FeedClass };

export type FeedKind = 'rss' | 'atom';

export type FeedInput = {
  title: string;
  locale: Locale;
  selfUrl: string;
  siteUrl: string;
  requestUrl: (id: string) => string;
  requests: PublicRequest[];
};

const GEORSS = 'http://www.georss.org/georss';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/** HTML body of one item: the public text, where, the status, the answer and the public history. */
function itemContent(request: PublicRequest, locale: Locale): string {
  const t = FEED_TEXTS[locale];
  const ext = request.extended_attributes;
  const parts = [`<p>${escapeHtml(request.description)}</p>`];
  if (request.address) parts.push(`<p>${t.place}: ${escapeHtml(request.address)}</p>`);
  if (ext) parts.push(`<p>${t.status}: ${escapeHtml(ext.status_descriptive_name)}</p>`);
  if (request.status_notes) parts.push(`<p>${t.answer}: ${escapeHtml(request.status_notes)}</p>`);
  const history = (ext?.log ?? []).filter((entry) => entry.note);
  if (history.length > 0) {
    const entries = history.map(
      (entry) => `<li>${entry.time} ${STATUS_LABELS[entry.status][locale]}: ${escapeHtml(entry.note ?? '')}</li>`,
    );
    parts.push(`<p>${t.history}:</p><ul>${entries.join('')}</ul>`);
  }
  return parts.join('');
}

function item(request: PublicRequest, input: FeedInput): Item {
  const title =
    request.extended_attributes?.title || `${request.service_name}${request.address ? `, ${request.address}` : ''}`;
  return {
    title,
    id: input.requestUrl(request.service_request_id),
    link: input.requestUrl(request.service_request_id),
    date: new Date(request.updated_datetime),
    published: new Date(request.requested_datetime),
    description: request.description,
    content: itemContent(request, input.locale),
    category: [{ name: request.service_name, term: request.service_code }],
    ...(request.media_url ? { image: { url: request.media_url, type: 'image/jpeg' } } : {}),
  };
}

type XmlNode = Record<string, unknown> & { $?: Record<string, string> };

/**
 * GeoRSS-Simple `<georss:point>lat long</georss:point>` on each located item. The feed library
 * has no GeoRSS support, so its output is parsed and rebuilt with the namespace added.
 */
async function addGeoRss(xml: string, kind: FeedKind, requests: PublicRequest[], input: FeedInput): Promise<string> {
  const doc = (await parseStringPromise(xml)) as Record<string, XmlNode>;
  const root = kind === 'rss' ? doc.rss : doc.feed;
  root.$ = { ...root.$, 'xmlns:georss': GEORSS };
  const items = (kind === 'rss' ? (root.channel as XmlNode[])[0].item : root.entry) as XmlNode[] | undefined;
  const points = new Map(
    requests
      .filter((r) => r.lat !== null && r.long !== null)
      .map((r) => [input.requestUrl(r.service_request_id), `${r.lat} ${r.long}`]),
  );
  for (const node of items ?? []) {
    const id = kind === 'rss' ? (node.guid as (string | { _: string })[])[0] : (node.id as string[])[0];
    const key = typeof id === 'string' ? id : id._;
    const point = points.get(key);
    if (point) node['georss:point'] = [point];
  }
  return new Builder({ xmldec: { version: '1.0', encoding: 'utf-8' }, cdata: true }).buildObject(doc);
}

/** An RSS 2.0 or Atom 1.0 document of the given public requests (newest first). */
export async function buildFeed(kind: FeedKind, input: FeedInput): Promise<string> {
  const t = FEED_TEXTS[input.locale];
  const newest = input.requests[0];
  const feed = new Feed({
    id: input.selfUrl,
    title: input.title,
    description: t.description,
    link: input.siteUrl,
    language: input.locale,
    updated: newest ? new Date(newest.updated_datetime) : new Date(0),
    generator: 'palaute311',
    feedLinks: kind === 'rss' ? { rss: input.selfUrl } : { atom: input.selfUrl },
    copyright: '',
  });
  for (const request of input.requests) feed.addItem(item(request, input));
  // The feed library writes text as given; characters XML cannot carry (rows stored before the
  // input rule, src/http/text-rules.ts) are dropped here as in every other output.
  return addGeoRss(stripDisallowed(kind === 'rss' ? feed.rss2() : feed.atom1()), kind, input.requests, input);
}
