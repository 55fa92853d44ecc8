import { ApiError } from '../../domain/errors';
import { hashSecret } from '../../domain/secrets';
import type { LimitStore } from '../../http/limit-store';

const HOUR = 3600;

export type SignInLimits = {
  /** Counts a request for a link from `address`; over the limit, 429 with Retry-After. */
  address(address: string): Promise<void>;
  /** Counts a request for a link to `email`; false over the limit (the caller sends nothing). */
  email(email: string): Promise<boolean>;
};

/**
 * Requests for sign-in links per hour per client address and per e-mail address, counted where
 * `store` keeps them like the other limits (src/http/rate-limit.ts): per process on the embedded
 * database, shared by every process with DATABASE_URL; 0 turns one off. Over the address limit
 * the caller gets a 429; over the e-mail limit it gets the usual answer and no mail, so the limit
 * never tells whether an address is known. Addresses are counted by their hash.
 */
export function signInLimits(store: LimitStore, perAddress: number, perEmail: number): SignInLimits {
  const byAddress =
    perAddress > 0 ? store.limiter({ keyPrefix: 'sign-in-address', points: perAddress, duration: HOUR }) : null;
  const byEmail = perEmail > 0 ? store.limiter({ keyPrefix: 'sign-in-email', points: perEmail, duration: HOUR }) : null;
  return {
    async address(address) {
      const over = byAddress === null ? null : await byAddress(address);
      if (over === null) return;
      const seconds = Math.max(1, Math.ceil(over.msBeforeNext / 1000));
      throw new ApiError(429, [`too many sign-in links asked from this address: try again in ${seconds} s`], {
        'Retry-After': String(seconds),
      });
    },
    async email(email) {
      return byEmail === null || (await byEmail(hashSecret(email))) === null;
    },
  };
}
