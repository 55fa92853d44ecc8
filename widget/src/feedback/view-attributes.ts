import { html, nothing, type TemplateResult } from 'lit';
import type { Attribute } from '../api';
import { controlId, describedBy, fieldError, hint, invalid, requiredMark } from './field';
import type { FormView } from './view-model';

/** A list answer with few choices is a radio group; a long list is a select. */
const RADIO_LIMIT = 6;

export const attributeKey = (attribute: Attribute): string => `attribute[${attribute.code}]`;

/** A group of radios or checkboxes: a fieldset whose legend is the question. */
function choiceGroup(view: FormView, attribute: Attribute, type: 'radio' | 'checkbox'): TemplateResult {
  const key = attributeKey(attribute);
  // A multivaluelist answers with repeated attribute[CODE][] (docs/open311-dialect.md §11.4).
  const name = type === 'checkbox' ? `${key}[]` : key;
  return html`<fieldset
    class="field choices ${view.errorFor(key) ? 'has-error' : ''}"
    id=${controlId(key)}
    tabindex="-1"
    aria-describedby=${describedBy(view, key, Boolean(attribute.datatype_description))}
  >
    <legend>${attribute.description} ${requiredMark(attribute.required)}</legend>
    ${hint(key, attribute.datatype_description)} ${fieldError(view, key)}
    ${(attribute.values ?? []).map(
      (value, index) =>
        html`<div class="choice">
          <input
            type=${type}
            id=${`${controlId(key)}-${index}`}
            name=${name}
            value=${value.key}
            ?required=${type === 'radio' && attribute.required}
            aria-invalid=${invalid(view, key)}
          />
          <label for=${`${controlId(key)}-${index}`}>${value.name}</label>
        </div>`,
    )}
  </fieldset>`;
}

function control(view: FormView, attribute: Attribute): TemplateResult {
  const key = attributeKey(attribute);
  const common = {
    id: controlId(key),
    describedBy: describedBy(view, key, Boolean(attribute.datatype_description)),
  };
  switch (attribute.datatype) {
    case 'text':
      return html`<textarea
        id=${common.id}
        name=${key}
        rows="3"
        ?required=${attribute.required}
        aria-invalid=${invalid(view, key)}
        aria-describedby=${common.describedBy}
      ></textarea>`;
    case 'singlevaluelist':
      return html`<select
        id=${common.id}
        name=${key}
        ?required=${attribute.required}
        aria-invalid=${invalid(view, key)}
        aria-describedby=${common.describedBy}
      >
        <option value="">–</option>
        ${(attribute.values ?? []).map((value) => html`<option value=${value.key}>${value.name}</option>`)}
      </select>`;
    default: {
      const types = { number: 'number', datetime: 'datetime-local', string: 'text' } as const;
      return html`<input
        id=${common.id}
        name=${key}
        type=${types[attribute.datatype as keyof typeof types] ?? 'text'}
        step=${attribute.datatype === 'number' ? 'any' : nothing}
        ?required=${attribute.required}
        aria-invalid=${invalid(view, key)}
        aria-describedby=${common.describedBy}
      />`;
    }
  }
}

/**
 * One question of the service definition (GeoReport datatypes string, text, number, datetime,
 * singlevaluelist, multivaluelist); an informational attribute (`variable` false) is text only.
 */
function attributeField(view: FormView, attribute: Attribute): TemplateResult {
  if (!attribute.variable) return html`<p class="notice">${attribute.description}</p>`;
  const values = attribute.values ?? [];
  if (attribute.datatype === 'multivaluelist') return choiceGroup(view, attribute, 'checkbox');
  if (attribute.datatype === 'singlevaluelist' && values.length <= RADIO_LIMIT) {
    return choiceGroup(view, attribute, 'radio');
  }
  const key = attributeKey(attribute);
  return html`<div class="field ${view.errorFor(key) ? 'has-error' : ''}">
    <label for=${controlId(key)}>${attribute.description} ${requiredMark(attribute.required)}</label>
    ${hint(key, attribute.datatype_description)} ${fieldError(view, key)} ${control(view, attribute)}
  </div>`;
}

/** The chosen category's questions, in their `order`, as one fieldset. */
export function attributeFields(view: FormView): TemplateResult | typeof nothing {
  const attributes = [...(view.definition?.attributes ?? [])].sort((a, b) => a.order - b.order);
  if (attributes.length === 0) return nothing;
  return html`<fieldset class="group">
    <legend>${view.s.detailsLegend}</legend>
    ${attributes.map((attribute) => attributeField(view, attribute))}
  </fieldset>`;
}
