import type { Context } from 'koa';
import { etagOf } from './etag';

/** One stored answer: what a handler set on the response, the body already UTF-8 bytes, and their ETag. */
type Answer = { status: number; type: string; headers: [string, string][]; body: Buffer; etag: string };

type Entry = {
  answer: Promise<Answer | null>;
  expires: number;
  /** The catalogue the answer was presented with: a reloaded catalogue starts afresh. */
  catalogue: object;
  bytes: number;
};

/**
 * Finished public list answers kept for a few seconds (docs/scale-out.md, "Public answers"). Maps
 * and apps ask for the same views again and again (a city's default list, the widget's GeoJSON);
 * from the second time a question is asked, its answer is built once and sent as the same bytes
 * until it expires, the catalogue reloads, or anything is written: `invalidate` forgets every
 * answer, and an answer whose build began before the last `invalidate` is never stored, so a
 * write is seen by the next read through this process.
 */
export type AnswerCache = {
  serve(ctx: Context, key: string, catalogue: object, build: () => Promise<void>): Promise<void>;
  invalidate(): void;
};

/**
 * How many distinct questions a process remembers having been asked. An answer is kept only for a
 * question asked before among these: a map or a radius search draws a new box or point for nearly
 * every request, and keeping (hashing, holding, dropping) answers nobody asks for again cost a
 * bbox answer a fifth of its Node CPU (docs/benchmarks.md, "Answers kept from the second asking").
 */
const ASKED_QUESTIONS = 10_000;

/** Answers larger than this are sent but not kept (a 1000-item page is ~0.7 MB). */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
/** What one process keeps in all; the oldest answers go first. */
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;

/** Headers a handler set that the answer must carry again (paging headers); not Koa's own. */
function headersSetBy(ctx: Context, before: Record<string, unknown>): [string, string][] {
  const set: [string, string][] = [];
  for (const [name, value] of Object.entries(ctx.response.headers)) {
    if (name === 'content-type' || name === 'content-length' || typeof value !== 'string') continue;
    if (before[name] !== value) set.push([name, value]);
  }
  return set;
}

/** Runs `build` on `ctx`; its 200 answer as bytes, or null when it answered anything else. */
async function capture(ctx: Context, build: () => Promise<void>): Promise<Answer | null> {
  const before = { ...ctx.response.headers };
  await build();
  const body: unknown = ctx.body;
  if (ctx.status !== 200 || (typeof body !== 'string' && !Buffer.isBuffer(body))) return null;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const answer = {
    status: ctx.status,
    type: ctx.response.get('content-type'),
    headers: headersSetBy(ctx, before),
    body: bytes,
    etag: etagOf(bytes),
  };
  // This first asker gets the same bytes and validator as the next ones.
  send(ctx, answer);
  return answer;
}

/**
 * The answer, or 304 with no body when the client already holds these bytes (`If-None-Match`
 * with this ETag): a poller asking again gets only the headers.
 */
function send(ctx: Context, answer: Answer): void {
  ctx.status = answer.status;
  for (const [name, value] of answer.headers) ctx.set(name, value);
  ctx.type = answer.type;
  ctx.etag = answer.etag;
  if (ctx.fresh) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  ctx.body = answer.body;
}

/** A cache of `ttlSeconds` (0: every request builds its own answer, nothing is kept). */
export function answerCache(ttlSeconds: number): AnswerCache {
  const entries = new Map<string, Entry>();
  const asked = new Set<string>();
  let generation = 0;
  let total = 0;

  /** Whether `key` was asked before (among the last ASKED_QUESTIONS distinct questions); remembers it. */
  const askedBefore = (key: string): boolean => {
    const before = asked.delete(key);
    asked.add(key);
    if (asked.size > ASKED_QUESTIONS) asked.delete(asked.values().next().value as string);
    return before;
  };

  const forget = (key: string, entry: Entry) => {
    if (entries.get(key) !== entry) return;
    entries.delete(key);
    total -= entry.bytes;
  };

  const keep = (key: string, entry: Entry, answer: Answer) => {
    if (entries.get(key) !== entry) return;
    if (answer.body.length > MAX_ANSWER_BYTES) return forget(key, entry);
    entry.bytes = answer.body.length;
    total += entry.bytes;
    for (const [oldKey, old] of entries) {
      if (total <= MAX_TOTAL_BYTES || old === entry) break;
      forget(oldKey, old);
    }
  };

  return {
    async serve(ctx, key, catalogue, build) {
      if (ttlSeconds <= 0) return build();
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expires > now && hit.catalogue === catalogue) {
        const answer = await hit.answer;
        if (answer !== null) return send(ctx, answer);
        // The build it waited for failed or answered otherwise: this request builds its own.
        return build();
      }
      if (hit) forget(key, hit);
      // A question asked for the first time is answered and not kept.
      if (!askedBefore(key)) return build();
      const started = generation;
      let resolve: (answer: Answer | null) => void = () => undefined;
      const entry: Entry = {
        answer: new Promise((done) => (resolve = done)),
        expires: now + ttlSeconds * 1000,
        catalogue,
        bytes: 0,
      };
      entries.set(key, entry);
      let answer: Answer | null = null;
      try {
        answer = await capture(ctx, build);
      } finally {
        resolve(answer);
        if (answer === null || generation !== started) forget(key, entry);
        else keep(key, entry, answer);
      }
    },
    invalidate() {
      generation++;
      entries.clear();
      total = 0;
    },
  };
}
