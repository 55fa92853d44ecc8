import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import type { Jurisdiction } from '../domain/catalogue';
import { render } from '../http/render';

/**
 * GeoReport service discovery (docs/open311-dialect.md §9), with Helsinki's `locales`. The first
 * endpoint is the deployment's own, which answers for the default city; when several cities are
 * served, each active one follows with its `jurisdiction_id` [palaute311] and its own address.
 */
export async function getDiscovery(ctx: Context, deps: AppDeps): Promise<void> {
  const catalogue = await deps.catalogue.get();
  const endpoint = (baseUrl: string) => ({
    specification: 'http://wiki.open311.org/GeoReport_v2',
    url: `${baseUrl}/open311/v2`,
    changeset: catalogue.changeset,
    type: deps.config.endpointType,
    formats: ['text/xml', 'application/json'],
    locales: ['fi_FI', 'sv_FI', 'en_GB'],
  });
  const cities = [...catalogue.jurisdictions.values()].filter((j) => j.active);
  const perCity = (city: Jurisdiction) => ({
    ...endpoint(city.publicBaseUrl ?? deps.config.publicBaseUrl),
    jurisdiction_id: city.id,
  });
  render(ctx, 'discovery', {
    changeset: catalogue.changeset,
    contact: deps.config.apiContact,
    key_service: deps.config.keyService,
    endpoints: [endpoint(deps.config.publicBaseUrl), ...(cities.length > 1 ? cities.map(perCity) : [])],
  });
}
