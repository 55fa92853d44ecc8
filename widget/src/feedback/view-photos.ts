import { html, type TemplateResult } from 'lit';
import { fill, sizeText } from '../i18n/strings';
import { controlId, describedBy, fieldError, hintId, invalid } from './field';
import type { FormView } from './view-model';

/**
 * Photos (`media`): a file input, the previews with a remove button each, and the server's
 * limits (MEDIA_MAX_FILES, MEDIA_MAX_BYTES from /widget/config.json) said and checked before
 * anything is sent.
 */
export function photoFields(view: FormView): TemplateResult {
  const { s, config } = view;
  const key = 'media';
  const limits = { count: config.media.max_files, size: sizeText(config.media.max_bytes, view.locale) };
  const full = view.photos.length >= config.media.max_files;
  return html`<fieldset class="group photos ${view.errorFor(key) ? 'has-error' : ''}">
    <legend>${s.photosLegend}</legend>
    <p class="hint" id=${hintId(key)}>${fill(s.photosHint, limits)}</p>
    ${fieldError(view, key)}
    <label for=${controlId(key)} class="file-label">${s.addPhotos}</label>
    <input
      id=${controlId(key)}
      name=${key}
      type="file"
      accept=${config.media.types.join(',')}
      multiple
      ?disabled=${full}
      aria-invalid=${invalid(view, key)}
      aria-describedby=${describedBy(view, key, true)}
      @change=${(event: Event) => {
        const input = event.target as HTMLInputElement;
        view.addPhotos(input.files);
        input.value = '';
      }}
    />
    <ul class="previews">
      ${view.photos.map(
        (photo) =>
          html`<li>
            <img src=${photo.url} alt=${fill(s.photoAlt, { name: photo.file.name })} />
            <span class="photo-name">${photo.file.name} (${sizeText(photo.file.size, view.locale)})</span>
            <button type="button" class="button secondary" @click=${() => view.removePhoto(photo.id)}>
              ${fill(s.removePhoto, { name: photo.file.name })}
            </button>
          </li>`,
      )}
    </ul>
  </fieldset>`;
}
