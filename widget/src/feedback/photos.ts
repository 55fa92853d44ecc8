import { fill, sizeText, type Lang, type Strings } from '../i18n/strings';
import type { WidgetConfig } from '../widget-config';
import type { FieldError, Photo } from './view-model';

let nextId = 1;

/**
 * Adds chosen files as photos with previews, checked against the service's limits first (type,
 * size, count) so that nothing is sent only to be refused; refused files are named in errors.
 */
export function addPhotos(
  current: Photo[],
  files: FileList | null,
  limits: WidgetConfig['media'],
  s: Strings,
  lang: Lang,
): { photos: Photo[]; errors: FieldError[] } {
  const photos = [...current];
  const errors: FieldError[] = [];
  for (const file of Array.from(files ?? [])) {
    if (!limits.types.includes(file.type)) {
      errors.push({ key: 'media', text: fill(s.photoWrongType, { name: file.name }) });
    } else if (file.size > limits.max_bytes) {
      errors.push({
        key: 'media',
        text: fill(s.photoTooLarge, { name: file.name, size: sizeText(limits.max_bytes, lang) }),
      });
    } else if (photos.length >= limits.max_files) {
      errors.push({ key: 'media', text: fill(s.tooManyPhotos, { count: limits.max_files }) });
      break;
    } else {
      photos.push({ id: nextId++, file, url: URL.createObjectURL(file) });
    }
  }
  return { photos, errors: errors.slice(0, 1).concat(errors.slice(1).filter((e) => e.text !== errors[0].text)) };
}

/** Frees the previews' object URLs. */
export function releasePhotos(photos: Photo[]): void {
  for (const photo of photos) URL.revokeObjectURL(photo.url);
}
