import { html, type TemplateResult } from 'lit';
import { controlId, textInput } from './field';
import type { FormView } from './view-model';

/** Publication consent, ticked by default as on Finnish city forms (docs/api.md, "Consent"). */
export function consentField(view: FormView): TemplateResult {
  const key = 'publication_consent';
  return html`<div class="field consent">
    <input type="checkbox" id=${controlId(key)} name=${key} value="true" checked />
    <label for=${controlId(key)}>${view.s.consent}</label>
  </div>`;
}

/** Contact details: optional, write-only, never published (docs/privacy-gate.md). */
export function contactFields(view: FormView): TemplateResult {
  const { s } = view;
  return html`<fieldset class="group contact" aria-describedby="f-contact-hint">
    <legend>${s.contactLegend}</legend>
    <p class="hint" id="f-contact-hint">${s.contactHint}</p>
    ${textInput(view, 'email', s.email, { type: 'email', autocomplete: 'email' })}
    ${textInput(view, 'phone', s.phone, { type: 'tel', autocomplete: 'tel' })}
    <div class="pair">
      ${textInput(view, 'first_name', s.firstName, { autocomplete: 'given-name' })}
      ${textInput(view, 'last_name', s.lastName, { autocomplete: 'family-name' })}
    </div>
  </fieldset>`;
}
