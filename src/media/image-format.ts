import sharp from 'sharp';

/** The formats we decode, named as sharp's `metadata().format` names them. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'heif';

/** ISO-BMFF brands of HEIF still images: HEIC (HEVC) from phones, AVIF (AV1). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);

/**
 * Decides what an upload is from its first bytes, never from its name or declared type:
 * a text file renamed .jpg, an SVG (scriptable, fetches URLs) or a PDF never reaches a decoder.
 * HEIF counts only when the installed libvips can read it (sharp's prebuilt reads AVIF; HEIC
 * needs a libvips with an HEVC decoder, and fails later as undecodable otherwise).
 */
export function sniffImageFormat(input: Buffer): ImageFormat | null {
  if (startsWith(input, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(input, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(input, 0, 4) === 'RIFF' && ascii(input, 8, 4) === 'WEBP') return 'webp';
  if (ascii(input, 4, 4) === 'ftyp' && HEIF_BRANDS.has(ascii(input, 8, 4)) && heifReadable()) return 'heif';
  return null;
}

function heifReadable(): boolean {
  return sharp.format.heif.input.buffer;
}

function startsWith(input: Buffer, offset: number, bytes: number[]): boolean {
  return input.length >= offset + bytes.length && bytes.every((byte, i) => input[offset + i] === byte);
}

function ascii(input: Buffer, offset: number, length: number): string {
  return input.length >= offset + length ? input.toString('latin1', offset, offset + length) : '';
}
