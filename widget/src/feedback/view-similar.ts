import { html, nothing, type TemplateResult } from 'lit';
import { fill } from '../i18n/strings';
import type { FormView } from './view-model';

const short = (text: string, max = 200): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * "Already reported?": once a category and a point are chosen, the open public requests nearby,
 * each with its status, latest answer and a link to follow it (the service's request page).
 */
export function similarList(view: FormView, pageUrl: (id: string) => string): TemplateResult {
  const { s } = view;
  // The live region stays in the page so that screen readers announce new finds.
  return html`<div class="similar-region" aria-live="polite">
    ${
      view.similar.length === 0
        ? nothing
        : html`<section class="similar" aria-labelledby="f-similar-heading">
            <h3 id="f-similar-heading">${s.similarHeading}</h3>
            <p>${s.similarIntro}</p>
            <p class="vh">${fill(s.similarFound, { count: view.similar.length })}</p>
            <ul>
              ${view.similar.map(
                (item) =>
                  html`<li>
                    <p class="similar-title">${item.title ?? item.serviceName}</p>
                    <p>
                      <span class="status-open">${item.status}</span>
                      · ${fill(s.distance, { metres: item.distance })}
                    </p>
                    <p>${short(item.description)}</p>
                    ${
                      item.answer
                        ? html`<div class="answer">
                            <strong>${s.answer}</strong>
                            <p>${short(item.answer, 400)}</p>
                          </div>`
                        : nothing
                    }
                    <a href=${pageUrl(item.id)} target="_blank" rel="noopener"
                      >${s.follow}<span class="vh">: ${item.id}</span></a
                    >
                  </li>`,
              )}
            </ul>
          </section>`
    }
  </div>`;
}
