import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Test images made in memory, so no binary fixtures are committed and every test can say
 * exactly what is inside the file it uploads.
 */

const RED = { r: 220, g: 30, b: 30 };
const BLUE = { r: 30, g: 30, b: 220 };

/** Private data a phone would embed; tests assert none of it survives processing. */
export const PRIVATE_MARKERS = { make: 'PalauteTestCam', model: 'Leaky Phone 3000', creator: 'Matti Meikäläinen' };

/**
 * A 200×100 JPEG, left half red and right half blue, whose EXIF says "rotate 90° clockwise"
 * (orientation 6) and carries camera make/model and a real GPS IFD (Helsinki, 60.17 N 24.93 E),
 * plus an XMP packet naming the photographer and an ICC profile.
 */
export async function jpegWithGpsExif(): Promise<Buffer> {
  const blueHalf = await sharp({ create: { width: 100, height: 100, channels: 3, background: BLUE } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 200, height: 100, channels: 3, background: RED } })
    .composite([{ input: blueHalf, left: 100, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: PRIVATE_MARKERS.make, Model: PRIVATE_MARKERS.model },
      IFD2: { DateTimeOriginal: '2026:05:02 11:02:07' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '60/1 10/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '24/1 56/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .withXmp(xmpNaming(PRIVATE_MARKERS.creator))
    .toBuffer();
}

export async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: RED } })
    .jpeg()
    .toBuffer();
}

/** Blurred noise compresses and decodes like a real camera photo, unlike a flat colour. */
export async function photoLikeJpeg(width: number, height: number): Promise<Buffer> {
  const noise = await sharp({
    create: { width, height, channels: 3, background: RED, noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(noise.data, { raw: noise.info }).blur(1.5).jpeg({ quality: 92 }).toBuffer();
}

/** A PNG whose left half is fully transparent (JPEG has no alpha, so it must be flattened). */
export async function png(width: number, height: number): Promise<Buffer> {
  const clearWidth = Math.floor(width / 2);
  return sharp({ create: { width: width - clearWidth, height, channels: 4, background: { ...BLUE, alpha: 1 } } })
    .extend({ left: clearWidth, background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
}

export async function webp(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: BLUE } })
    .webp()
    .toBuffer();
}

export async function avif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: BLUE } })
    .avif()
    .toBuffer();
}

/**
 * A valid PNG of 20000×20000 pixels (400 megapixels, 1.2 GB once decoded to RGB) in about
 * 50 KB: 1-bit greyscale rows of zeros deflate about 1000:1.
 */
export function decompressionBomb(side = 20000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const rowBytes = 1 + Math.ceil(side / 8);
  const pixels = deflateSync(Buffer.alloc(rowBytes * side), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Real images in formats we do not take (GIF, TIFF): refused even though sharp could read them. */
export async function unsupportedImage(format: 'gif' | 'tiff'): Promise<Buffer> {
  return sharp({ create: { width: 60, height: 40, channels: 3, background: RED } })
    .toFormat(format)
    .toBuffer();
}

export function notAnImage(): Buffer {
  return Buffer.from('Dear city, the pothole on Mannerheimintie is back.\n', 'utf8');
}

/** SVG is never accepted: it is XML that can script, link out and embed other files. */
export function svg(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' +
      '<rect width="100" height="100" fill="red"/><script>alert(1)</script></svg>',
    'utf8',
  );
}

export function pdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function xmpNaming(creator: string): string {
  return (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    `<dc:creator><rdf:Seq><rdf:li>${creator}</rdf:li></rdf:Seq></dc:creator>` +
    '</rdf:Description></rdf:RDF></x:xmpmeta>'
  );
}
