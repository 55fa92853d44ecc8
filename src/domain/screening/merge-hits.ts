import { type ScreeningHit, type ScreeningKind } from './types';

/** Checksummed kinds are more certain than a phone number that merely fits a numbering plan. */
const SPECIFICITY: Readonly<Record<ScreeningKind, number>> = {
  personal_identity_code: 0,
  iban: 1,
  payment_card: 2,
  email: 3,
  phone_number: 4,
};

/** The hit that names an overlapping cluster: the longest, then the most specific. */
function strongest(cluster: readonly ScreeningHit[]): ScreeningHit {
  return [...cluster].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || SPECIFICITY[a.kind] - SPECIFICITY[b.kind],
  )[0];
}

/**
 * Resolves overlaps between detectors (a phone number found inside an IBAN, digits of an identity
 * code inside an e-mail address): each cluster of overlapping hits becomes one hit of the
 * strongest kind covering the whole cluster, so that no detected character escapes redaction.
 * Returns hits sorted by start and non-overlapping.
 */
export function mergeHits(hits: readonly ScreeningHit[]): ScreeningHit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: ScreeningHit[] = [];
  let cluster: ScreeningHit[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 0) return;
    const start = cluster[0].start;
    merged.push({ kind: strongest(cluster).kind, start, end: clusterEnd });
  };
  for (const hit of sorted) {
    if (hit.start >= clusterEnd) {
      flush();
      cluster = [];
    }
    cluster.push(hit);
    clusterEnd = Math.max(clusterEnd, hit.end);
  }
  flush();
  return merged;
}
