import { decompressionBomb, notAnImage, svg } from '../images';

/** One part of a multipart/form-data body; `filename` makes it a file. Raw bytes are sent as they are. */
export type Part = { name: string; data: string | Buffer; filename?: string; type?: string };
export type MultipartCase = { label: string; parts: Part[]; truncated?: boolean };

const BOUNDARY = 'fuzz-boundary-7MA4YWxkTrZu0gW';

/** The smallest valid PNG (1×1): the photo reader must get past its signature before it can fail. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const photo = (data: Buffer, filename = 'kuva.png', type = 'image/png', name = 'media'): Part => ({
  name,
  data,
  filename,
  type,
});

/** Photo uploads that are broken, hostile or over the limits, each added to a valid createRequest form. */
export const MULTIPART_CASES: readonly MultipartCase[] = [
  { label: 'a valid photo', parts: [photo(PNG)] },
  { label: 'a text file as the photo', parts: [photo(notAnImage())] },
  { label: 'a truncated PNG', parts: [photo(PNG.subarray(0, 40))] },
  { label: 'an empty file', parts: [photo(Buffer.alloc(0))] },
  { label: 'an SVG', parts: [photo(svg(), 'kuva.svg', 'image/svg+xml')] },
  { label: 'a decompression bomb', parts: [photo(decompressionBomb())] },
  { label: 'six photos, one over the limit', parts: Array.from({ length: 6 }, () => photo(PNG)) },
  {
    label: 'photo1 … photo9',
    parts: Array.from({ length: 9 }, (_, i) => photo(PNG, 'a.png', 'image/png', `photo${i + 1}`)),
  },
  { label: 'a file name with NUL and controls', parts: [photo(PNG, 'a\u0000\u0001\u001b.png')] },
  { label: 'a file name in invalid UTF-8', parts: [photo(PNG, '\u00ed\u00a0\u0080.png')] },
  { label: 'a file name of 8 kB', parts: [photo(PNG, `${'a'.repeat(8000)}.png`)] },
  { label: 'a file in the description field', parts: [photo(PNG, 'a.png', 'image/png', 'description')] },
  { label: 'a file in an attribute field', parts: [photo(PNG, 'a.png', 'image/png', 'attribute[SIZE]')] },
  { label: 'a field with NUL', parts: [{ name: 'address_string', data: 'Katu\u0000 1' }] },
  {
    label: 'a field in UTF-16',
    parts: [{ name: 'title', data: Buffer.from('otsikko', 'utf16le'), type: 'text/plain; charset=utf-16le' }],
  },
  { label: 'a field of 100 kB', parts: [{ name: 'address_string', data: 'x'.repeat(100 * 1024) }] },
  { label: 'a part without a name', parts: [{ name: '', data: 'x' }] },
  { label: 'a field name with NUL', parts: [{ name: 'a\u0000b', data: 'x' }] },
  { label: 'a body cut off inside a photo', parts: [photo(PNG)], truncated: true },
];

function partHeader(part: Part): string {
  const file = part.filename === undefined ? '' : `; filename="${part.filename}"`;
  const type = part.type === undefined ? '' : `\r\nContent-Type: ${part.type}`;
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${file}${type}\r\n\r\n`;
}

/** The multipart body: `fields` as text parts, then `parts`; header text goes out as latin1 so raw bytes stay raw. */
export function multipartBody(fields: Record<string, string>, c: MultipartCase): { type: string; body: Buffer } {
  const chunks: Buffer[] = [];
  const all: Part[] = [...Object.entries(fields).map(([name, data]) => ({ name, data })), ...c.parts];
  for (const part of all) {
    chunks.push(Buffer.from(partHeader(part), 'latin1'));
    chunks.push(typeof part.data === 'string' ? Buffer.from(part.data) : part.data);
    chunks.push(Buffer.from('\r\n'));
  }
  const body = Buffer.concat(chunks);
  return {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: c.truncated ? body.subarray(0, body.length - 30) : Buffer.concat([body, Buffer.from(`--${BOUNDARY}--\r\n`)]),
  };
}
