import { createHmac, randomBytes } from 'node:crypto';

/** `X-Palaute-Signature` (docs/webhooks.md): `sha256=` and the hex HMAC-SHA256 of the raw body with the secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** A new webhook's secret when the admin gives none: 256 random bits, URL-safe. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
