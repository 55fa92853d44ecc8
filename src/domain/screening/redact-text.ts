import { REDACTION_LABELS, type RedactionLocale } from './redaction-labels';
import { type ScreeningHit } from './types';

/**
 * Builds the public version of a screened text: every hit span is replaced by its localised
 * label. Handlers keep the original; only the published copy is redacted. Hits may come in any
 * order; a span overlapping an earlier one is redacted from where the earlier one ended.
 */
export function redactText(text: string, hits: readonly ScreeningHit[], locale: RedactionLocale): string {
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const hit of sorted) {
    const end = Math.min(hit.end, text.length);
    if (end <= cursor) continue;
    result += text.slice(cursor, Math.max(hit.start, cursor)) + REDACTION_LABELS[hit.kind][locale];
    cursor = end;
  }
  return result + text.slice(cursor);
}
