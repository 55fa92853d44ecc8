import { screenText, type ScreeningKind } from '../screening';
import type { PublicationState } from '../../repositories/admin/moderation-publication';

/**
 * Why a request can never be public, whatever a handler does (the privacy gate, docs/privacy-gate.md §2):
 * the submitter said no, or the service is `never_public`. Null when publishing is possible.
 */
export function publicationRefusal(state: PublicationState, publicId: string): string | null {
  if (!state.consent) return `the submitter of ${publicId} did not consent to publication: it can never be public`;
  if (state.neverPublic) return `the service of ${publicId} is never public: its requests and photos stay internal`;
  return null;
}

export type PublicTextHit = { field: 'title_public' | 'description_public'; kind: ScreeningKind };

/**
 * Screens the texts the public would read, as intake screening does (docs/privacy-gate.md §6): a handler's
 * edit may paste an identifier back, or screening may have held the original for a reason
 * that survived the automatic redaction. Only field and kind are reported, never the match.
 */
export function screenPublicText(title: string | null, description: string | null): PublicTextHit[] {
  const hits = (field: PublicTextHit['field'], text: string | null) =>
    text === null ? [] : screenText(text).map((hit) => ({ field, kind: hit.kind }));
  const all = [...hits('title_public', title), ...hits('description_public', description)];
  return all.filter((hit, index) => all.findIndex((h) => h.field === hit.field && h.kind === hit.kind) === index);
}

export function describeHits(hits: PublicTextHit[]): string {
  return hits.map((hit) => `${hit.field}: ${hit.kind}`).join(', ');
}
