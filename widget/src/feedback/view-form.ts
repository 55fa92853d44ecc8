import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../i18n/strings';
import { controlId, describedBy, fieldError, invalid, requiredMark } from './field';
import { attributeFields } from './view-attributes';
import { categoryField } from './view-category';
import { consentField, contactFields } from './view-contact';
import { locationFields } from './view-location';
import { photoFields } from './view-photos';
import { similarList } from './view-similar';
import type { FormView } from './view-model';

export const SUMMARY_ID = 'f-summary';
export const RESULT_ID = 'f-result';

/** The error summary: focused after a failed send, each error a link to its field. */
function summary(view: FormView): TemplateResult | typeof nothing {
  if (view.errors.length === 0) return nothing;
  return html`<div class="summary" id=${SUMMARY_ID} tabindex="-1" role="group" aria-labelledby="f-summary-heading">
    <h2 id="f-summary-heading">${view.s.errorSummary}</h2>
    <ul>
      ${view.errors.map((error) =>
        error.key === null
          ? html`<li>${error.text}</li>`
          : html`<li>
              <a
                href=${`#${controlId(error.key)}`}
                @click=${(event: Event) => {
                  event.preventDefault();
                  view.focusField(error.key as string);
                }}
                >${error.text}</a
              >
            </li>`,
      )}
    </ul>
  </div>`;
}

function descriptionField(view: FormView): TemplateResult {
  const key = 'description';
  const hint = fill(view.s.descriptionHint, { min: view.config.description.min_length });
  return html`<div class="field ${view.errorFor(key) ? 'has-error' : ''}">
    <label for=${controlId(key)}>${view.s.description} ${requiredMark(true)}</label>
    <p class="hint" id=${`${controlId(key)}-hint`}>${hint}</p>
    ${fieldError(view, key)}
    <textarea
      id=${controlId(key)}
      name=${key}
      rows="6"
      required
      maxlength=${view.config.description.max_length}
      aria-invalid=${invalid(view, key)}
      aria-describedby=${describedBy(view, key, true)}
    ></textarea>
  </div>`;
}

/** The whole form; every control is named after the GeoReport field it sends. */
export function feedbackForm(
  view: FormView,
  handlers: { submit(event: Event): void; pageUrl(id: string): string },
): TemplateResult {
  return html`<form novalidate @submit=${handlers.submit} aria-busy=${view.sending ? 'true' : 'false'}>
    ${summary(view)}
    <p class="hint">${view.s.requiredNote}</p>
    ${categoryField(view)} ${attributeFields(view)} ${descriptionField(view)} ${locationFields(view)}
    ${similarList(view, handlers.pageUrl)} ${photoFields(view)} ${contactFields(view)} ${consentField(view)}
    <button type="submit" class="button" aria-disabled=${view.sending ? 'true' : 'false'}>
      ${view.sending ? view.s.sending : view.s.submit}
    </button>
    <p class="vh" role="status">${view.sending ? view.s.sending : ''}</p>
  </form>`;
}

export type Result = { id: string | null; notice: string | null; trackingUrl: string | null };

/** After sending: the notice (the five-working-day promise) and the private tracking link. */
export function resultPanel(view: FormView, result: Result, again: () => void): TemplateResult {
  const { s } = view;
  return html`<div class="result" id=${RESULT_ID} tabindex="-1" role="group" aria-labelledby="f-result-heading">
    <h2 id="f-result-heading">${s.thanks}</h2>
    ${result.notice ? html`<p>${result.notice}</p>` : nothing}
    ${result.id ? html`<p>${fill(s.yourNumber, { id: result.id })}</p>` : nothing}
    ${
      result.trackingUrl
        ? html`<p class="tracking"><a href=${result.trackingUrl}>${s.followYours}</a></p>
            <p class="hint">${s.keepLink}</p>`
        : nothing
    }
    <button type="button" class="button secondary" @click=${again}>${s.sendAnother}</button>
  </div>`;
}
