import { EntitySchema } from 'typeorm';
import { bigserialId, optionalTimestamp, stampedNow } from './columns';

/**
 * A sign-in link sent by e-mail ("My feedback" without a city sign-in): only its token's hash,
 * the lower-cased address it was asked for, its expiry and when it was used (once).
 */
export type SignInLinkRecord = {
  id: string;
  tokenHash: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
};

export const SignInLinkEntity = new EntitySchema<SignInLinkRecord>({
  name: 'sign_in_link',
  columns: {
    id: bigserialId,
    tokenHash: { type: 'text', unique: true },
    email: { type: 'text' },
    createdAt: stampedNow,
    expiresAt: { type: 'timestamptz' },
    usedAt: optionalTimestamp,
  },
  indices: [{ name: 'sign_in_link_expires', columns: ['expiresAt'] }],
});

/** A resident's session opened with a sign-in link: the cookie's hash and the address it shows. */
export type ResidentSessionRecord = {
  id: string;
  sessionHash: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
};

export const ResidentSessionEntity = new EntitySchema<ResidentSessionRecord>({
  name: 'resident_session',
  columns: {
    id: bigserialId,
    sessionHash: { type: 'text', unique: true },
    email: { type: 'text' },
    createdAt: stampedNow,
    expiresAt: { type: 'timestamptz' },
  },
  indices: [{ name: 'resident_session_expires', columns: ['expiresAt'] }],
});
