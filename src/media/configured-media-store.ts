import type { Config } from '../config';
import { localMediaStore } from './local-media-store';
import type { MediaStore } from './media-store';

/** The store MEDIA_STORE names (docs/media-storage.md): the local folder, or the S3 bucket. */
export function configuredMediaStore(config: Config): MediaStore {
  if (config.s3 === null) return localMediaStore(config.mediaDir);
  // The AWS SDK (several MB resident) loads only in a process that stores photos in a bucket.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { s3MediaStore } = require('./s3-media-store') as typeof import('./s3-media-store');
  return s3MediaStore(config.s3);
}
