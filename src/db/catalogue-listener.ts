import { Client } from 'pg';
import type { Logger } from 'pino';
import { PUBLIC_CHANNEL } from './public-changes';

/** The channel a catalogue change notifies at commit (beginCatalogueChange, src/repositories/admin/catalogue-changes.ts). */
export const CATALOGUE_CHANNEL = 'palaute311_catalogue';

/** How the listener's connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'palaute311 catalogue listener';

export type CatalogueListener = { stop(): Promise<void> };

type ListenerOptions = {
  /** The primary (DATABASE_URL): a hot standby delivers no notifications. */
  url: string;
  /** Called for every catalogue notification, and after each (re)connection, which may have missed some. */
  onChange(): void;
  /** Likewise for writes announced on PUBLIC_CHANNEL (src/db/public-changes.ts); not listened for when absent. */
  onPublicChange?(): void;
  logger: Logger;
  /** Wait before reconnecting after the connection is lost or cannot be opened. */
  retryMs?: number;
};

/**
 * Keeps one connection per process LISTENing for catalogue changes made by any instance, so a
 * change shows everywhere at once instead of after CATALOGUE_CACHE_SECONDS (docs/scale-out.md,
 * "Caches across instances"), and for announced writes, which drop the public answers kept for
 * PUBLIC_CACHE_SECONDS ("Public answers"). If the connection is lost it is opened again every `retryMs`;
 * meanwhile the cache's TTL still bounds how stale the catalogue gets.
 */
export function listenForCatalogueChanges(options: ListenerOptions): CatalogueListener {
  const retryMs = options.retryMs ?? 1000;
  let client: Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  let warned = false;

  const lost = (current: Client, error?: unknown) => {
    if (client !== current) return;
    client = null;
    current.end().catch(() => undefined);
    if (stopped) return;
    if (!warned) {
      warned = true;
      const reason = error instanceof Error ? error.message : 'connection ended';
      options.logger.warn({ reason }, 'catalogue listener: connection lost; the cache TTL applies until it is back');
    }
    retry = setTimeout(connect, retryMs);
    retry.unref();
  };

  async function connect(): Promise<void> {
    retry = null;
    if (stopped) return;
    const current = new Client({ connectionString: options.url, application_name: LISTENER_APPLICATION_NAME });
    client = current;
    current.on('notification', (message) => {
      if (message.channel === CATALOGUE_CHANNEL) options.onChange();
      if (message.channel === PUBLIC_CHANNEL) options.onPublicChange?.();
    });
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current));
    try {
      await current.connect();
      await current.query(`LISTEN ${CATALOGUE_CHANNEL}`);
      if (options.onPublicChange) await current.query(`LISTEN ${PUBLIC_CHANNEL}`);
    } catch (error) {
      lost(current, error);
      return;
    }
    if (client !== current) return;
    if (warned) options.logger.info('catalogue listener: connected again');
    warned = false;
    options.onChange();
    options.onPublicChange?.();
  }

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
