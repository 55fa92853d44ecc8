import { findService, type Catalogue, type Jurisdiction } from './catalogue';
import { notFound } from './errors';
import { numberParam, textParam, type Params } from './params';

export type SimilarQuery = {
  jurisdictionId: string;
  serviceId: number;
  lat: number;
  long: number;
  radius: number;
  text: string | null;
  limit: number;
};

/**
 * Bounds on the work one call may cost (docs/residents.md: Already reported?). Only the first
 * SIMILAR_TEXT_CHARS characters of the text (and of each stored text) are compared: trigram
 * similarity rebuilds both trigram sets for every candidate, so its cost grows with the text,
 * and a report's gist is in its opening sentences. Only the SIMILAR_CANDIDATES nearest open
 * requests are ranked.
 */
export const SIMILAR_TEXT_CHARS = 200;
export const SIMILAR_CANDIDATES = 100;

/** The first `count` characters (code points, as PostgreSQL's left() counts): never half a surrogate pair. */
const firstChars = (text: string, count: number): string =>
  text.length <= count ? text : Array.from(text).slice(0, count).join('');

/**
 * "Has this been reported already?": a service, a point, optionally the text being written.
 * The parameter layer has checked them against `getSimilarRequests` (required, ranges, defaults).
 */
export function parseSimilarQuery(params: Params, catalogue: Catalogue, jurisdiction: Jurisdiction): SimilarQuery {
  const code = textParam(params, 'service_code') as string;
  const service = findService(catalogue, jurisdiction.id, code);
  if (service === undefined || !service.active) {
    throw notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);
  }
  const text = textParam(params, 'description') ?? '';
  return {
    jurisdictionId: jurisdiction.id,
    serviceId: service.id,
    lat: numberParam(params, 'lat') as number,
    long: numberParam(params, 'long') as number,
    radius: numberParam(params, 'radius') as number,
    text: text.length >= 3 ? firstChars(text, SIMILAR_TEXT_CHARS) : null,
    limit: numberParam(params, 'limit') as number,
  };
}
