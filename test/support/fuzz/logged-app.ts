import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { Database } from '../../../src/db/database';
import { cachedCatalogue } from '../../../src/domain/catalogue-cache';
import { localMediaStore } from '../../../src/media/local-media-store';
import { loadCatalogue } from '../../../src/repositories/catalogue-repository';

export type LoggedServer = {
  server: http.Server;
  /** The error log lines of one request, by its X-Request-Id (so a 500 can show its cause). */
  errorsOf(requestId: string): string[];
  close(): Promise<void>;
};

/**
 * The app of test/support/context.ts on a listening loopback server, with its error log kept in
 * memory by request id instead of written to stderr.
 */
export async function startLoggedServer(db: Database, env: Record<string, string>): Promise<LoggedServer> {
  const config = loadConfig({ CATALOGUE_CACHE_SECONDS: '0', COUNT_CACHE_SECONDS: '0', PUBLIC_CACHE_SECONDS: '0', ...env });
  const lines = new Map<string, string[]>();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { reqId?: string; msg?: string; err?: { message?: string; stack?: string } };
        const key = entry.reqId ?? '';
        const text = `${entry.msg ?? ''}: ${entry.err?.stack?.split('\n').slice(0, 3).join(' | ') ?? ''}`;
        lines.set(key, [...(lines.get(key) ?? []), text]);
      }
      done();
    },
  });
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-fuzz-media-'));
  const media = localMediaStore(mediaDir);
  const catalogue = cachedCatalogue(() => loadCatalogue(db.pool), config.catalogueCacheSeconds);
  const app = buildApp({ config, db, catalogue, media, logger: pino({ level: 'error' }, sink) });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    errorsOf: (requestId) => lines.get(requestId) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.rmSync(mediaDir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
