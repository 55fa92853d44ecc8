import type { Context, Next } from 'koa';
import type { AnswerCache } from './answer-cache';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A 4xx: the request was refused before anything was written (docs/api.md, errors leave nothing half-written). */
function refused(status: number): boolean {
  return status >= 400 && status < 500;
}

/**
 * Every write this process serves, through any route (Open311 POST, admin, pages, erasure), drops
 * its public answers before the writer gets its answer, and is announced to the other instances
 * (docs/scale-out.md, "Public answers"). Only refusals are skipped; a 5xx may have written something.
 */
export function writesForgetAnswers(answers: AnswerCache, announce: () => void) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (READS.has(ctx.method)) return next();
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } catch (error) {
      const thrown = (error as { status?: unknown }).status;
      status = typeof thrown === 'number' ? thrown : 500;
      throw error;
    } finally {
      if (!refused(status)) {
        answers.invalidate();
        announce();
      }
    }
  };
}
