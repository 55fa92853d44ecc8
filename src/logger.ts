import pino, { type Logger } from 'pino';
import type { Config } from './config';

/** JSON logs on stdout; request lines carry `reqId` (see http/request-log.ts). */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'palaute311' } });
}
