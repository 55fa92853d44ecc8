import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | null = null;

/**
 * prom-client's default Node metrics (CPU, memory, event loop lag, GC, handles) with the
 * `palaute311_` prefix. They describe the process, not one app, so they live in one registry
 * per process, made on first use: an app built twice (tests) does not start a second GC
 * observer and event-loop monitor.
 */
export function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'palaute311_' });
  }
  return processRegistry;
}
