import { css, html, type TemplateResult } from 'lit';
import type { Strings } from '../i18n/strings';
import type { RequestFeature } from './requests-map';

/**
 * The same requests as the map shows, as a list: for screen reader and keyboard users, and for
 * anyone when the map cannot load.
 */
export function requestList(features: RequestFeature[], s: Strings, pageUrl: (id: string) => string): TemplateResult {
  return html`<details class="list">
    <summary>${s.showList} (${features.length})</summary>
    <ul>
      ${features.map(({ properties: r }) => {
        const status = r.status === 'open' ? s.statusOpen : s.statusClosed;
        return html`<li>
          <a href=${pageUrl(r.service_request_id)}>${r.extended_attributes?.title ?? r.service_name}</a>
          <span class=${`status-${r.status}`}>${status}</span>
          <span class="list-category">${r.service_name}${r.address ? ` · ${r.address}` : ''}</span>
        </li>`;
      })}
    </ul>
  </details>`;
}

export const mapElementStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    margin-bottom: 0.5em;
  }
  .filters label {
    font-weight: 600;
  }
  select {
    min-height: 2.75rem;
    max-width: 100%;
    padding: 0.4em 0.5em;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_text);
    font: inherit;
  }
  .toggle {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  input[type='checkbox'] {
    width: 1.3rem;
    height: 1.3rem;
    margin: 0;
    accent-color: var(--_primary);
  }
  .map {
    height: var(--palaute-map-height, 28rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0.5em 0 0;
  }
  .cluster-sample {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.8em;
    height: 1.8em;
    vertical-align: middle;
    margin-right: 0.2em;
    border: 3px solid rgba(0, 87, 163, 0.25);
    border-radius: 50%;
    background: #fff;
    box-shadow: inset 0 0 0 2px var(--_primary);
    font-size: 0.8em;
    font-weight: 700;
  }
  .count {
    margin: 0.25em 0;
  }
  .list summary {
    cursor: pointer;
    color: var(--_primary);
    text-decoration: underline;
  }
  .list ul {
    margin: 0.5em 0;
    padding-left: 1.2em;
  }
  .list li {
    margin: 0.35em 0;
  }
  .list li > * + * {
    margin-left: 0.5em;
  }
  .list-category {
    color: var(--_muted);
  }
`;
