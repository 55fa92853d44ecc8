/** Values read through TypeORM entities, shaped the way the admin API writes them. */

type Localized = Partial<Record<'fi' | 'sv' | 'en', string>>;

const LANGUAGES = new Set(['fi', 'sv', 'en']);

/** Only fi/sv/en with text: stored objects may carry empty or stray entries from imports. */
export function localized(texts: unknown): Localized {
  if (texts === null || typeof texts !== 'object' || Array.isArray(texts)) return {};
  return Object.fromEntries(
    Object.entries(texts).filter(([key, value]) => LANGUAGES.has(key) && typeof value === 'string' && value !== ''),
  );
}

/** A W3C datetime in UTC, whole seconds (as `w3c()` in SQL: src/repositories/public-scope.ts). */
export function w3cTime(time: Date): string;
export function w3cTime(time: Date | null): string | null;
export function w3cTime(time: Date | null): string | null {
  return time === null ? null : `${time.toISOString().slice(0, 19)}Z`;
}
