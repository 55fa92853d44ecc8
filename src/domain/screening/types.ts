/** What the screening recognises; each kind has its own redaction label and hold reason. */
export type ScreeningKind = 'personal_identity_code' | 'iban' | 'phone_number' | 'email' | 'payment_card';

/** One recognised identifier: `start`/`end` are UTF-16 offsets (`text.slice(start, end)`). */
export type ScreeningHit = { kind: ScreeningKind; start: number; end: number };
