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
 * It runs outside the error middleware (src/app.ts), so every error has become a status by then.
 */
export function writesForgetAnswers(answers: AnswerCache, announce: () => void) {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    if (READS.has(ctx.method) || refused(ctx.status)) return;
    answers.invalidate();
    announce();
  };
}
