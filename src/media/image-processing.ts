import sharp, { type Metadata, type OutputInfo, type Sharp, type SharpOptions } from 'sharp';
import { MediaError } from './errors';
import { sniffImageFormat } from './image-format';

/** Per-deployment limits; the byte and count limits live in the multipart reader. */
export type ImageLimits = { maxPixels: number; maxDimension?: number };

/** What we store: always a fresh JPEG carrying no metadata from the submitter's device. */
export type ProcessedImage = {
  full: Buffer;
  thumbnail: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
};

export const DEFAULT_MAX_DIMENSION = 2048;
export const THUMBNAIL_DIMENSION = 320;
const JPEG_QUALITY = 82;
const TIMEOUT_SECONDS = 30;
const UNSUPPORTED = 'The photo is not a supported image (JPEG, PNG or WebP)';
const UNDECODABLE = 'The photo could not be decoded; it may be damaged or truncated';

// Every upload is a different image, so libvips' operation cache only holds on to memory; and
// photos are decoded one at a time (the photo queue) on one libvips thread, which bounds the
// working memory of a decode to about one image's strips (docs/benchmarks.md: Memory).
sharp.cache(false);
sharp.concurrency(1);

/**
 * Turns an untrusted upload into a photo safe to publish (docs/privacy-gate.md §7):
 * - verified by content (magic bytes, then the decoder's own verdict), never by name or type;
 * - dimensions checked from the header BEFORE any pixel is decoded, so a few-KB file that
 *   claims 20000×20000 pixels (a decompression bomb) costs nothing; sharp's
 *   `limitInputPixels` backs this up should a header lie;
 * - auto-oriented from EXIF, then re-encoded as JPEG with NO metadata: EXIF (GPS, camera,
 *   serial numbers, time), XMP, IPTC and ICC are all dropped, because sharp writes metadata
 *   only when asked to with `keepMetadata`/`withMetadata`, which we never call;
 * - scaled so the long side is at most `maxDimension` (2048), plus a 320 px thumbnail.
 * Every refusal is a MediaError with a message for the submitter.
 */
export async function processUpload(input: Buffer, limits: ImageLimits): Promise<ProcessedImage> {
  if (!Number.isSafeInteger(limits.maxPixels) || limits.maxPixels <= 0) {
    throw new Error('ImageLimits.maxPixels must be a positive integer');
  }
  const format = sniffImageFormat(input);
  if (format === null) throw new MediaError(UNSUPPORTED);

  const options: SharpOptions = { limitInputPixels: limits.maxPixels, failOn: 'error' };
  const metadata = await readHeader(input);
  if (metadata.format !== format) throw new MediaError(UNSUPPORTED);
  refuseTooManyPixels(metadata.width, metadata.height, limits.maxPixels);

  const oriented = sharp(input, options)
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .timeout({ seconds: TIMEOUT_SECONDS });
  try {
    // The upload is decoded once; the thumbnail comes from the small re-encoded copy, which
    // holds no metadata either and needs a fraction of the memory and time.
    const full = await encodeJpeg(oriented, limits.maxDimension ?? DEFAULT_MAX_DIMENSION);
    const thumbnail = await encodeJpeg(sharp(full.data, { failOn: 'error' }), THUMBNAIL_DIMENSION);
    return {
      full: full.data,
      thumbnail: thumbnail.data,
      contentType: 'image/jpeg',
      width: full.info.width,
      height: full.info.height,
      bytes: full.data.length,
    };
  } catch (error) {
    throw translateSharpError(error, limits.maxPixels);
  }
}

/** Header only, no pixels: unlimited here so the pixel-limit message can name the dimensions. */
async function readHeader(input: Buffer): Promise<Metadata> {
  try {
    return await sharp(input, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    throw new MediaError(UNDECODABLE);
  }
}

function refuseTooManyPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new MediaError(
      `The photo is ${width}×${height} pixels (${megapixels(width * height)}), ` +
        `more than the limit of ${maxPixels} pixels (${megapixels(maxPixels)})`,
    );
  }
}

async function encodeJpeg(pipeline: Sharp, longSide: number): Promise<{ data: Buffer; info: OutputInfo }> {
  return pipeline
    .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer({ resolveWithObject: true });
}

/** Decoder failures are the upload's fault (damaged, lying header, too slow), so they are 400s. */
function translateSharpError(error: unknown, maxPixels: number): Error {
  const message = error instanceof Error ? error.message : '';
  if (/pixel limit/i.test(message)) {
    return new MediaError(`The photo has more than the limit of ${maxPixels} pixels (${megapixels(maxPixels)})`);
  }
  if (/timeout/i.test(message)) {
    return new MediaError('The photo took too long to process');
  }
  return new MediaError(UNDECODABLE);
}

function megapixels(pixels: number): string {
  return `${Number((pixels / 1e6).toFixed(1))} megapixels`;
}
