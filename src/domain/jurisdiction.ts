import { badRequest, notFound } from './errors';
import type { Catalogue, Jurisdiction } from './catalogue';

/**
 * GeoReport `jurisdiction_id` (docs/open311-dialect.md §7): optional while the deployment serves one
 * municipality, required (400) when it serves several; unknown is 404.
 */
export function resolveJurisdiction(catalogue: Catalogue, requested: string | undefined): Jurisdiction {
  if (requested !== undefined) {
    const found = catalogue.jurisdictions.get(requested);
    if (!found) throw notFound(`jurisdiction_id "${requested}" is not served here`);
    return found;
  }
  if (catalogue.jurisdictions.size === 1) return catalogue.jurisdictions.values().next().value as Jurisdiction;
  if (catalogue.jurisdictions.size === 0) throw notFound('no municipality is configured on this server yet');
  const ids = [...catalogue.jurisdictions.keys()].join(', ');
  throw badRequest(`jurisdiction_id is required: this server serves several municipalities (${ids})`);
}
