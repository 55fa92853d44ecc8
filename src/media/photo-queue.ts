import fastq from 'fastq';
import { ApiError } from '../domain/errors';

/**
 * Bounds the memory that photo uploads can take in one process (README: Configuration,
 * MEDIA_QUEUE_LENGTH). A photo request holds its uploaded bytes from the moment its body is
 * read until its photos are stored, and decoding one large photo takes hundreds of MB inside
 * libvips; so:
 * - `admit` lets at most `1 + queueLength` photo requests in at once and refuses the next one
 *   with 503 and Retry-After before its body is read, instead of letting memory grow;
 * - `run` does the image work of one request at a time, in arrival order (fastq).
 */
export type PhotoQueue = {
  admit<T>(work: () => Promise<T>): Promise<T>;
  run<T>(job: () => Promise<T>): Promise<T>;
  /** For /metrics (docs/metrics.md): requests admitted, their limit, and image jobs waiting. */
  load(): { admitted: number; capacity: number; waiting: number };
};

/** Seconds one photo request is assumed to take before any has been measured. */
const FIRST_GUESS_SECONDS = 2;
const MAX_RETRY_AFTER_SECONDS = 120;
/** Weight of the newest duration in the running average that Retry-After is estimated from. */
const SMOOTHING = 0.3;

/** `onRefused` is told of every 503 (counted in /metrics). */
export function photoQueue(queueLength: number, onRefused: () => void = () => undefined): PhotoQueue {
  const capacity = 1 + queueLength;
  const work = fastq.promise((job: () => Promise<unknown>) => job(), 1);
  let admitted = 0;
  let secondsPerRequest = FIRST_GUESS_SECONDS;

  const full = () => {
    const seconds = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(secondsPerRequest * admitted)));
    return new ApiError(503, [`too many photo uploads in progress: try again in ${seconds} s`], {
      'Retry-After': String(seconds),
    });
  };

  return {
    async admit(task) {
      if (admitted >= capacity) {
        onRefused();
        throw full();
      }
      admitted += 1;
      const started = Date.now();
      try {
        return await task();
      } finally {
        admitted -= 1;
        secondsPerRequest = (1 - SMOOTHING) * secondsPerRequest + (SMOOTHING * (Date.now() - started)) / 1000;
      }
    },
    run: (job) => work.push(job) as Promise<Awaited<ReturnType<typeof job>>>,
    load: () => ({ admitted, capacity, waiting: work.length() }),
  };
}
