import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/database';
import type { CatalogueSource } from './domain/catalogue-cache';
import type { MediaStore } from './media/media-store';
import type { AnswerCache } from './http/answer-cache';

/** Everything the app needs, wired once in serve.ts (or a test) and passed to buildApp. */
export type AppDeps = {
  config: Config;
  db: Database;
  catalogue: CatalogueSource;
  logger: Logger;
  media: MediaStore;
  /** Public answers (src/http/answer-cache.ts); serve.ts shares it with the change listener. Default: a new one. */
  answers?: AnswerCache;
};
