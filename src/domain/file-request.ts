import type { Pool } from 'pg';
import type { Config } from '../config';
import { composeAcknowledgement } from '../mail/enqueue';
import type { MediaStore } from '../media/media-store';
import type { PhotoQueue } from '../media/photo-queue';
import { discardPhotos, storeUploads } from '../media/store-uploads';
import type { Upload } from '../media/upload';
import { insertRequest, reserveRequestNumber } from '../repositories/request-write-repository';
import type { Jurisdiction, Locale, Service } from './catalogue';
import type { CatalogueSource } from './catalogue-cache';
import type { Intake } from './intake-channel';
import { parseNewRequest } from './parse-new-request';
import type { CheckedBody } from './params';
import type { Resident } from './resident';

export type SubmitDeps = {
  pool: Pool;
  catalogue: CatalogueSource;
  media: MediaStore;
  photoQueue: PhotoQueue;
  config: Pick<
    Config,
    'descriptionMinLength' | 'descriptionMaxLength' | 'publicBaseUrl' | 'mediaMaxPixels' | 'defaultJurisdiction'
  >;
};

/** What filing needs; a submission with photos brings the process's photo queue with them. */
export type FileDeps = Pick<SubmitDeps, 'pool' | 'media' | 'config'>;

/** A new request whose city and category are settled: what the resident (or a handler for them) sent. */
export type Filing = {
  jurisdiction: Jurisdiction;
  service: Service;
  body: CheckedBody;
  locale: Locale;
  /** The client application that sent it; null when a handler took it in (`intake`). */
  applicationId: number | null;
  /** The verified resident, whose subject becomes the account id; null when anonymous. */
  resident: Resident | null;
  /** Uploaded photos and the queue that decodes them; null when none can come (staff intake). */
  photos: { uploads: Upload[]; queue: PhotoQueue } | null;
  /** Set when a handler took the request in for a resident (docs/staff-intake.md). */
  intake: Intake | null;
};

export type Filed = {
  publicId: string;
  /** The batch token, for services that hand out tokens instead of ids. */
  token: string | null;
  serviceNotice: string;
  /** The submitter's private tracking token: returned once, stored hashed. */
  trackingToken: string | null;
  visibility: 'pending' | 'public';
};

/**
 * The one way a request is created, whoever sends it (docs/open311-dialect.md §11.5,
 * docs/staff-intake.md): every field rule and the screening, the photos; then the request's
 * number is reserved, its acknowledgement composed with that id, and one statement stores both
 * (two round trips in all, no explicit transaction). Photos stored before a failed write are
 * removed again here, the one place that stored them.
 */
export async function fileRequest(deps: FileDeps, filing: Filing): Promise<Filed> {
  const { config } = deps;
  const { jurisdiction, resident } = filing;
  const parsed = parseNewRequest(filing.body, filing.service, jurisdiction, filing.locale, filing.applicationId, {
    descriptionMin: config.descriptionMinLength,
    descriptionMax: config.descriptionMaxLength,
  });
  // The account is the verified token's subject, never a posted account_id (docs/open311-dialect.md §15.3).
  const withResident =
    resident === null ? parsed : { ...parsed, resident, contact: { ...parsed.contact, accountId: resident.subject } };
  const request = { ...withResident, intake: filing.intake };
  const given = filing.photos;
  const photos =
    given === null
      ? []
      : await storeUploads(deps.media, given.uploads, { maxPixels: config.mediaMaxPixels }, given.queue);
  try {
    const publicId = await reserveRequestNumber(deps.pool, jurisdiction.id, request.receivedAt);
    const email = request.contact.email;
    // The tracking link opens at the city's own address when it has one (docs/domain-model.md, "Cities").
    const baseUrl = jurisdiction.publicBaseUrl ?? config.publicBaseUrl;
    const acknowledgement =
      email === null
        ? null
        : composeAcknowledgement(baseUrl, {
            publicId,
            locale: request.locale,
            email,
            trackingToken: request.trackingToken,
            notice: request.serviceNotice,
            cityNames: jurisdiction.names,
          });
    const created = await insertRequest(deps.pool, { request, publicId, photos, acknowledgement });
    return {
      publicId: created.publicId,
      token: created.token,
      serviceNotice: request.serviceNotice,
      trackingToken: request.trackingToken,
      visibility: request.visibility,
    };
  } catch (error) {
    await discardPhotos(deps.media, photos);
    throw error;
  }
}
