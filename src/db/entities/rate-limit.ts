import { EntitySchema } from 'typeorm';

/**
 * One rate-limit counter shared by every process (docs/scale-out.md, "Rate limits"): the key is
 * the limit's prefix and a hash, `expire` the end of its window in epoch milliseconds (a bigint
 * comes back from pg as a string).
 */
export type RateLimitRecord = { key: string; points: number; expire: string | null };

export const RateLimitEntity = new EntitySchema<RateLimitRecord>({
  name: 'rate_limit',
  columns: {
    key: { type: 'varchar', length: 255, primary: true },
    points: { type: 'int', default: 0 },
    expire: { type: 'bigint', nullable: true },
  },
});
