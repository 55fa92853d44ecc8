import { createHash } from 'node:crypto';

/**
 * One-way store for random secrets we generate (API keys, tracking tokens): they carry
 * 192–256 random bits, so a plain SHA-256 is enough; no slow password hash is needed.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
