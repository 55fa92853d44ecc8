import { startLocalS3, type LocalS3 } from './s3-server';

/** The photo stores the photo tests run against: the local folder, and a bucket on a local S3 server. */
export const MEDIA_STORES = ['local', 's3'] as const;
export type MediaStoreKind = (typeof MEDIA_STORES)[number];

/** What a test file's context needs for one store: the variables to pass, and the S3 server if any. */
export type TestMediaStore = { env: Record<string, string>; s3: LocalS3 | null; close(): Promise<void> };

export async function startMediaStore(kind: MediaStoreKind): Promise<TestMediaStore> {
  if (kind === 'local') return { env: {}, s3: null, close: async () => undefined };
  const s3 = await startLocalS3();
  return { env: s3.env, s3, close: () => s3.close() };
}
