import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { findService, pick, type Locale, type Service } from '../domain/catalogue';
import { NEVER_PUBLIC_NOTE } from '../domain/status-labels';
import { withoutSuffix } from '../http/format';
import { notFound } from '../domain/errors';
import { render } from '../http/render';
import { queryParams } from '../http/validate-params';
import { openScope } from './scope';

function presentService(service: Service, locale: Locale, fallback: Locale) {
  const description = pick(service.descriptions, locale, fallback) ?? '';
  const keywords = pick(service.keywords, locale, fallback);
  return {
    service_code: service.code,
    service_name: pick(service.names, locale, fallback) ?? service.code,
    // never_public categories say so to people (description) and to FixMyStreet (keyword `private`).
    description: service.neverPublic ? `${description} ${NEVER_PUBLIC_NOTE[locale]}`.trim() : description,
    metadata: service.attributes.length > 0,
    type: service.type,
    keywords: service.neverPublic ? [keywords, 'private'].filter(Boolean).join(',') : keywords,
    group: pick(service.groups, locale, fallback),
  };
}

/** GET services (docs/open311-dialect.md §10): the active categories of one municipality. */
export async function getServices(ctx: Context, deps: AppDeps): Promise<void> {
  const { catalogue, jurisdiction, locale, fields } = await openScope(ctx, deps);
  queryParams('getServices', fields);
  const services = (catalogue.services.get(jurisdiction.id) ?? []).filter((s) => s.active);
  render(
    ctx,
    'services',
    services.map((s) => presentService(s, locale, jurisdiction.defaultLocale)),
  );
}

/** GET services/{code} (docs/open311-dialect.md §10): the service definition; empty when it has no attributes. */
export async function getServiceDefinition(ctx: Context, deps: AppDeps): Promise<void> {
  const { catalogue, jurisdiction, locale, fields } = await openScope(ctx, deps);
  queryParams('getServiceDefinition', fields);
  const code = withoutSuffix(ctx.params.file);
  const service = findService(catalogue, jurisdiction.id, code);
  if (!service || !service.active) throw notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);
  const fallback = jurisdiction.defaultLocale;
  render(ctx, 'service_definition', {
    service_code: service.code,
    attributes: service.attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: pick(a.datatypeDescriptions, locale, fallback) || null,
      order: a.order,
      description: pick(a.descriptions, locale, fallback) ?? '',
      ...(a.datatype.endsWith('valuelist')
        ? { values: a.values.map((v) => ({ key: v.key, name: pick(v.names, locale, fallback) ?? v.key })) }
        : {}),
    })),
  });
}
