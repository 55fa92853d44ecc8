import { findService, type Catalogue, type Jurisdiction } from './catalogue';
import { badRequest, notFound } from '../http/errors';
import { first, firstOf, type Fields } from '../http/fields';
import { coordinate, integer } from './parse-request-query';

export type SimilarQuery = {
  jurisdictionId: string;
  serviceId: number;
  lat: number;
  long: number;
  radius: number;
  text: string | null;
  limit: number;
};

export const SIMILAR_DEFAULT_RADIUS = 200;
export const SIMILAR_MAX_RADIUS = 2000;

/** "Has this been reported already?": a service, a point, optionally the text being written. */
export function parseSimilarQuery(fields: Fields, catalogue: Catalogue, jurisdiction: Jurisdiction): SimilarQuery {
  const code = first(fields, 'service_code');
  const lat = first(fields, 'lat');
  const long = first(fields, 'long');
  const missing = [
    ['service_code', code],
    ['lat', lat],
    ['long', long],
  ].filter(([, value]) => value === undefined || value === '');
  if (missing.length > 0) throw badRequest(...missing.map(([name]) => `${name} is required`));
  const service = findService(catalogue, jurisdiction.id, code as string);
  if (service === undefined || !service.active) {
    throw notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);
  }
  const text = (firstOf(fields, 'description', 'q') ?? '').trim();
  if (text.length > 5000) throw badRequest('description may be at most 5000 characters');
  return {
    jurisdictionId: jurisdiction.id,
    serviceId: service.id,
    lat: coordinate('lat', lat as string, 90),
    long: coordinate('long', long as string, 180),
    radius: integer('radius', first(fields, 'radius'), 10, SIMILAR_MAX_RADIUS, SIMILAR_DEFAULT_RADIUS),
    text: text.length >= 3 ? text : null,
    limit: integer('limit', first(fields, 'limit'), 1, 20, 5),
  };
}
