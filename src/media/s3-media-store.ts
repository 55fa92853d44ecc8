import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { S3Settings } from '../config';
import { assertSafeKey } from './media-keys';
import type { MediaStore } from './media-store';

/** Time to open a connection to the store, and the longest silence on one; then the call fails. */
const CONNECT_TIMEOUT_MS = 5000;
const IDLE_TIMEOUT_MS = 30000;

/**
 * Photos in an S3-compatible bucket (MEDIA_STORE=s3, docs/media-storage.md), readable by every
 * instance. `put` is one PutObject (S3 never shows half an object), `get` and `open` a
 * GetObject (null on NoSuchKey), `delete` a DeleteObject (idempotent there too). Keys get the
 * same check as on the local folder. Checksums are sent and verified only where S3 requires
 * them, as servers other than Amazon's do not all know the newer checksum headers.
 */
export function s3MediaStore(settings: S3Settings): MediaStore {
  const client = new S3Client({
    endpoint: settings.endpoint ?? undefined,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    // A copy: the SDK marks the credentials object it is given, and the configuration is frozen.
    credentials: settings.credentials ? { ...settings.credentials } : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: IDLE_TIMEOUT_MS },
  });
  const object = (key: string) => {
    assertSafeKey(key);
    return { Bucket: settings.bucket, Key: key };
  };

  async function fetch(key: string): Promise<(GetObjectCommandOutput & { Body: Readable }) | null> {
    const location = object(key);
    let found: GetObjectCommandOutput;
    try {
      found = await client.send(new GetObjectCommand(location));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (!(found.Body instanceof Readable)) throw new Error(`S3 GetObject of ${key} returned no Node.js stream`);
    return found as GetObjectCommandOutput & { Body: Readable };
  }

  return {
    async put(key, data, contentType) {
      await client.send(new PutObjectCommand({ ...object(key), Body: data, ContentType: contentType }));
    },

    async get(key) {
      const found = await fetch(key);
      return found ? Buffer.from(await found.Body.transformToByteArray()) : null;
    },

    async open(key) {
      const found = await fetch(key);
      return found ? { body: found.Body, length: found.ContentLength ?? null } : null;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand(object(key)));
    },

    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: settings.bucket }));
      } catch (error) {
        const where = settings.endpoint ?? `Amazon S3 (${settings.region})`;
        throw new Error(`S3 bucket "${settings.bucket}" at ${where} cannot be used: ${describe(error)}`, {
          cause: error,
        });
      }
    },
  };
}

/** NoSuchKey, or a 404 without a body (some servers); but a missing bucket is a fault, not a missing photo. */
function isMissing(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || ($metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket');
}

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message, $metadata } = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = $metadata?.httpStatusCode;
  return [
    name,
    status === undefined ? null : `HTTP ${status}`,
    message && message !== name && message !== 'UnknownError' ? message : null,
  ]
    .filter((part) => part)
    .join(', ');
}
