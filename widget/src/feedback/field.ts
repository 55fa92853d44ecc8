import { html, nothing, type TemplateResult } from 'lit';
import type { FieldKey, FormView } from './view-model';

/** The id of the control that receives focus for a field (links of the error summary point here). */
export const controlId = (key: FieldKey): string => `f-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0)}`)}`;
export const hintId = (key: FieldKey): string => `${controlId(key)}-hint`;
export const errorId = (key: FieldKey): string => `${controlId(key)}-error`;

/** `aria-describedby` for a control: its hint (when it has one) and its error (when there is one). */
export function describedBy(view: FormView, key: FieldKey, hasHint: boolean): string | typeof nothing {
  const ids = [hasHint ? hintId(key) : '', view.errorFor(key) ? errorId(key) : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : nothing;
}

export const invalid = (view: FormView, key: FieldKey): 'true' | typeof nothing =>
  view.errorFor(key) ? 'true' : nothing;

/** The visible `*` of a required field; assistive technology hears `required` from the control. */
export const requiredMark = (required: boolean): TemplateResult | typeof nothing =>
  required ? html`<span class="req" aria-hidden="true">*</span>` : nothing;

export const hint = (key: FieldKey, text: string | null | undefined): TemplateResult | typeof nothing =>
  text ? html`<p class="hint" id=${hintId(key)}>${text}</p>` : nothing;

/** The error message beside a field, prefixed "Error:" for screen readers. */
export function fieldError(view: FormView, key: FieldKey): TemplateResult | typeof nothing {
  const text = view.errorFor(key);
  return text
    ? html`<p class="error-message" id=${errorId(key)}><span class="vh">${view.s.errorPrefix}</span> ${text}</p>`
    : nothing;
}

/** A labelled text input, GeoReport-named. */
export function textInput(
  view: FormView,
  key: FieldKey,
  label: string,
  options: { type?: string; autocomplete?: string; hint?: string; required?: boolean; inputmode?: string } = {},
): TemplateResult {
  return html`<div class="field ${view.errorFor(key) ? 'has-error' : ''}">
    <label for=${controlId(key)}>${label} ${requiredMark(options.required ?? false)}</label>
    ${hint(key, options.hint)} ${fieldError(view, key)}
    <input
      id=${controlId(key)}
      name=${key}
      type=${options.type ?? 'text'}
      autocomplete=${options.autocomplete ?? 'off'}
      inputmode=${options.inputmode ?? nothing}
      ?required=${options.required ?? false}
      aria-invalid=${invalid(view, key)}
      aria-describedby=${describedBy(view, key, Boolean(options.hint))}
    />
  </div>`;
}
