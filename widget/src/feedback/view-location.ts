import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { fill } from '../i18n/strings';
import { controlId, describedBy, errorId, fieldError, hintId, invalid, textInput } from './field';
import type { FormView } from './view-model';

export const MAP_ID = 'f-map';
const KEYS_ID = 'f-map-keys';

function coordinate(view: FormView, which: 'lat' | 'long'): TemplateResult {
  return html`<div class="field coordinate">
    <label for=${controlId(which)}>${which === 'lat' ? view.s.lat : view.s.long}</label>
    <input
      id=${controlId(which)}
      name=${which}
      type="text"
      inputmode="decimal"
      autocomplete="off"
      .value=${live(which === 'lat' ? view.latText : view.longText)}
      aria-invalid=${invalid(view, 'location')}
      aria-describedby=${`${hintId('coordinates')}${view.errorFor('location') ? ` ${errorId('location')}` : ''}`}
      @change=${(event: Event) => view.setCoordinate(which, (event.target as HTMLInputElement).value)}
    />
  </div>`;
}

function pointStatus(view: FormView): TemplateResult {
  const { point } = view;
  return html`<p class="point-status" role="status">
    ${point === null ? view.s.noPoint : fill(view.s.pointChosen, { lat: point.lat, long: point.long })}
  </p>`;
}

/**
 * Where the matter is, by the category's location rule (`coords_or_address`, `coords`; `none`
 * shows nothing): the map, "use my location", the address, and the point as coordinates, the
 * keyboard and no-map way (docs/widget.md, "Keyboard").
 */
export function locationFields(view: FormView): TemplateResult | typeof nothing {
  if (view.service === null || view.locationRule === 'none') return nothing;
  const { s } = view;
  const required = view.locationRule === 'coords';
  return html`<fieldset
    class="group location ${view.errorFor('location') ? 'has-error' : ''}"
    aria-describedby=${describedBy(view, 'location', true)}
  >
    <legend>${s.locationLegend} <span class="req" aria-hidden="true">*</span></legend>
    <p class="hint" id=${hintId('location')}>${required ? s.locationHintPoint : s.locationHintEither}</p>
    ${fieldError(view, 'location')}
    ${
      view.mapState === 'failed'
        ? html`<p class="notice" role="status">${s.mapUnavailable}</p>`
        : html`<p class="hint" id=${KEYS_ID}>${s.mapKeys}</p>
            <div class="map" id=${MAP_ID}></div>`
    }
    ${pointStatus(view)}
    <div class="actions">
      <button type="button" class="button secondary" @click=${() => view.locate()}>
        ${view.locating === 'busy' ? s.locating : s.useMyLocation}
      </button>
      ${
        view.point === null
          ? nothing
          : html`<button type="button" class="button secondary" @click=${() => view.clearPoint()}>
              ${s.removePoint}
            </button>`
      }
    </div>
    ${view.locating === 'failed' ? html`<p class="error-message" role="alert">${s.locateFailed}</p>` : nothing}
    ${textInput(view, 'address_string', s.address, { autocomplete: 'street-address', hint: s.addressHint })}
    <details class="coordinates" ?open=${view.mapState === 'failed'}>
      <summary>${s.coordinates}</summary>
      <p class="hint" id=${hintId('coordinates')}>${s.coordinatesHint}</p>
      <div class="pair">${coordinate(view, 'lat')} ${coordinate(view, 'long')}</div>
    </details>
  </fieldset>`;
}

export const MAP_KEYS_ID = KEYS_ID;
