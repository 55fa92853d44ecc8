import type { Pool } from 'pg';
import { findApiKeyHolder } from '../repositories/application-repository';
import { forbidden } from './errors';
import { originAllowed, requestOrigin } from './origins';

export type KeyPresented = {
  apiKey: string | undefined;
  /** The request's `Origin` header; undefined when it sent none. */
  origin: string | undefined;
  /**
   * Told the key's origins (null: a server-side key) as soon as the key is known, before the
   * origin check, so the route's CORS answer can follow the key even when the check refuses.
   */
  keyFound?: (allowedOrigins: readonly string[] | null) => void;
};

/**
 * The API key of a POST (docs/open311-dialect.md §11.3): 403 when missing or unknown; a browser
 * key (docs/api.md, "Browser keys") also 403 unless the request's `Origin` is one of its
 * origins. A server-side key is never asked for an origin. Returns the application's id and
 * city: a key's requests go to its city unless `jurisdiction_id` says otherwise (docs/open311-dialect.md §7).
 */
export async function admitApiKey(
  pool: Pool,
  presented: KeyPresented,
): Promise<{ applicationId: number; jurisdictionId: string | null }> {
  const { apiKey, origin } = presented;
  const holder = apiKey === undefined ? null : await findApiKeyHolder(pool, apiKey);
  if (holder === null) throw forbidden(apiKey === undefined ? 'api_key is missing' : 'api_key is not valid');
  presented.keyFound?.(holder.allowedOrigins);
  const admitted = { applicationId: holder.id, jurisdictionId: holder.jurisdictionId };
  if (holder.allowedOrigins === null) return admitted;
  if (origin === undefined) {
    throw forbidden('api_key is a browser key and this request has no Origin header: send it from an allowed web page');
  }
  if (!originAllowed(holder.allowedOrigins, origin)) {
    const named = requestOrigin(origin)?.origin;
    throw forbidden(`api_key is a browser key for other origins, not for ${named ?? 'this malformed Origin header'}`);
  }
  return admitted;
}
