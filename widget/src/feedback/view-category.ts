import { html, nothing, type TemplateResult } from 'lit';
import { isNeverPublic, type Service } from '../api';
import { controlId, describedBy, fieldError, hintId, invalid, requiredMark } from './field';
import type { FormView } from './view-model';

/** Categories by their `group`, in the service's order; ungrouped ones last. */
function grouped(services: Service[]): [string | null, Service[]][] {
  const groups = new Map<string | null, Service[]>();
  for (const service of services) {
    const list = groups.get(service.group) ?? [];
    list.push(service);
    groups.set(service.group, list);
  }
  return [...groups].sort(([a], [b]) => Number(a === null) - Number(b === null));
}

function option(view: FormView, service: Service): TemplateResult {
  const label = isNeverPublic(service) ? `${service.service_name} (${view.s.neverPublic})` : service.service_name;
  const selected = view.service?.service_code === service.service_code;
  return html`<option value=${service.service_code} ?selected=${selected}>${label}</option>`;
}

/**
 * The category: one select grouped by `group` (optgroups), and the chosen category's description
 * under it, which says when its feedback is never published (keyword `private`, docs/api.md).
 */
export function categoryField(view: FormView): TemplateResult {
  const key = 'service_code';
  const chosen = view.service;
  return html`<div class="field category ${view.errorFor(key) ? 'has-error' : ''}">
    <label for=${controlId(key)}>${view.s.categoryLabel} ${requiredMark(true)}</label>
    ${fieldError(view, key)}
    <select
      id=${controlId(key)}
      name=${key}
      required
      aria-invalid=${invalid(view, key)}
      aria-describedby=${describedBy(view, key, chosen !== null)}
      @change=${(event: Event) => view.chooseService((event.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${chosen === null}>${view.s.categoryChoose}</option>
      ${grouped(view.services).map(([group, services]) =>
        group === null
          ? services.map((service) => option(view, service))
          : html`<optgroup label=${group}>${services.map((service) => option(view, service))}</optgroup>`,
      )}
    </select>
    ${
      chosen === null
        ? nothing
        : html`<div class="category-description" id=${hintId(key)}>
            ${isNeverPublic(chosen) ? html`<p class="badge">${view.s.neverPublic}</p>` : nothing}
            <p>${chosen.description}</p>
          </div>`
    }
  </div>`;
}
