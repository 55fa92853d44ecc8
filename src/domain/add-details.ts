import type { Pool } from 'pg';
import type { Config } from '../config';
import type { MediaStore } from '../media/media-store';
import type { PhotoQueue } from '../media/photo-queue';
import { discardPhotos, storeUploads } from '../media/store-uploads';
import type { Upload } from '../media/upload';
import { insertDetails, lockDetailsTarget, type DetailsTarget } from '../repositories/request-details-repository';
import { withTransaction } from '../repositories/transaction';
import { badRequest, conflict, notFound } from './errors';
import { redactText, screenText } from './screening';
import { hashSecret } from './secrets';

export type AddDetailsDeps = {
  pool: Pool;
  media: MediaStore;
  photoQueue: PhotoQueue;
  config: Pick<Config, 'descriptionMaxLength' | 'mediaMaxPixels' | 'mediaMaxFiles'>;
};

export type DetailsSubmission = {
  publicId: string;
  trackingToken: string;
  /** The added text, trimmed; null or empty when only a photo is added. */
  text: string | null;
  uploads: Upload[];
};

export type AddedDetails = { eventId: string; photos: number; public: boolean };

/** Why adding details was refused, for a page to say in the reader's language. */
export const DETAILS_REFUSALS = {
  closed: 'the request is closed: details can no longer be added',
  empty: 'write some details or choose a photo',
} as const;

const unknown = (publicId: string) => notFound(`service_request_id "${publicId}" was not found`);

function checkText(text: string | null, uploads: Upload[], max: number): string | null {
  const value = text === null || text.trim() === '' ? null : text.trim();
  if (value === null && uploads.length === 0) throw badRequest(DETAILS_REFUSALS.empty);
  const length = value === null ? 0 : [...value].length;
  if (length > max) throw badRequest(`details must be at most ${max} characters, got ${length}`);
  return value;
}

function checkTarget(target: DetailsTarget | null, submission: DetailsSubmission, maxFiles: number): DetailsTarget {
  if (target === null) throw unknown(submission.publicId);
  if (target.status === 'closed') throw conflict(DETAILS_REFUSALS.closed);
  const total = target.photo_count + submission.uploads.length;
  if (submission.uploads.length > 0 && total > maxFiles) {
    throw badRequest(`at most ${maxFiles} photos per request: this one has ${target.photo_count} already`);
  }
  return target;
}

/**
 * The submitter adds details or photos to their own request with its tracking token
 * (docs/pages.md §4). The text gets the same screening as a new request's description; the
 * photos go through the same pipeline (verified, re-encoded without metadata, stored). One
 * transaction holds the request row, checks the token and that the request is still open, and
 * writes the `resident_added_details` event and the photos together. Both become public only as
 * a new request's would: the request passes the gate now, its category publishes at once, and
 * screening found nothing; otherwise they wait for a handler, who sees them in the request's
 * events. A wrong id or token is the same 404 as an unknown request; nothing stays half-written.
 */
export async function addDetails(deps: AddDetailsDeps, submission: DetailsSubmission): Promise<AddedDetails> {
  const { config } = deps;
  const text = checkText(submission.text, submission.uploads, config.descriptionMaxLength);
  const tokenHash = hashSecret(submission.trackingToken);
  // A cheap look before any photo is decoded: unknown and closed requests are refused at once.
  await withTransaction(deps.pool, async (client) =>
    checkTarget(await lockDetailsTarget(client, submission.publicId, tokenHash), submission, config.mediaMaxFiles),
  );
  const hits = text === null ? [] : screenText(text);
  const photos = await storeUploads(
    deps.media,
    submission.uploads,
    { maxPixels: config.mediaMaxPixels },
    deps.photoQueue,
  );
  try {
    return await withTransaction(deps.pool, async (client) => {
      const target = checkTarget(
        await lockDetailsTarget(client, submission.publicId, tokenHash),
        submission,
        config.mediaMaxFiles,
      );
      const isPublic = target.public_now && target.moderation === 'auto' && hits.length === 0;
      const eventId = await insertDetails(
        client,
        {
          requestId: target.id,
          public: isPublic,
          detailedStatus: target.detailed_status,
          publicText: text === null || hits.length === 0 ? text : redactText(text, hits, target.locale),
          data: { text, screening_hits: hits.map((hit) => hit.kind), photos: photos.map((p) => p.publicId) },
        },
        photos,
      );
      return { eventId, photos: photos.length, public: isPublic };
    });
  } catch (error) {
    await discardPhotos(deps.media, photos);
    throw error;
  }
}
