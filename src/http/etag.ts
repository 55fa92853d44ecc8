import { createHash } from 'node:crypto';

/** A strong validator of some bytes: the first 27 characters of their SHA-256 (base64url), quoted. */
export const etagOf = (bytes: Uint8Array): string =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
