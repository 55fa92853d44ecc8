import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { render } from '../http/render';

/** GeoReport service discovery (docs/open311-dialect.md §9), with Helsinki's `locales`. */
export async function getDiscovery(ctx: Context, deps: AppDeps): Promise<void> {
  const catalogue = await deps.catalogue.get();
  render(ctx, 'discovery', {
    changeset: catalogue.changeset,
    contact: deps.config.apiContact,
    key_service: deps.config.keyService,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${deps.config.publicBaseUrl}/open311/v2`,
        changeset: catalogue.changeset,
        type: deps.config.endpointType,
        formats: ['text/xml', 'application/json'],
        locales: ['fi_FI', 'sv_FI', 'en_GB'],
      },
    ],
  });
}
