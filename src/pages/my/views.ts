import type { Locale } from '../../domain/catalogue';
import type { MyFeedback, MyFeedbackItem } from '../../residents/my-feedback';
import { html, type Html } from '../html';
import { languageLinks, layout } from '../layout';
import { MY_TEXTS } from './texts';

/**
 * The "My feedback" pages (docs/residents.md, "My feedback by e-mail link"): the form that asks
 * for a link, its one answer, the page a link opens, and the resident's list. Never the address.
 */

const DATE_TAGS: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

function when(at: Date, lang: Locale): Html {
  const text = new Intl.DateTimeFormat(DATE_TAGS[lang], {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return html`<time datetime="${at.toISOString()}">${text}</time>`;
}

function page(lang: Locale, path: string, title: string, body: Html, query = new URLSearchParams()): Html {
  return layout({ lang, title, body, languages: languageLinks(path, query) });
}

/** The form asking for a link; `error` says what was wrong with the address typed. */
export function signInForm(lang: Locale, error: string | null = null, heading: 'h1' | 'h2' = 'h2'): Html {
  const t = MY_TEXTS[lang];
  const described = error === null ? 'email-hint' : 'email-hint email-error';
  return html`<form class="details" method="post" action="/my/sign-in?lang=${lang}" novalidate>
    ${heading === 'h2' ? html`<h2>${t.askAgain}</h2>` : null}
    <div class="field">
      <label for="email">${t.emailLabel}</label>
      <span class="hint" id="email-hint">${t.emailHint}</span>
      ${error === null ? null : html`<span class="field-error" id="email-error">${error}</span>`}
      <input
        type="email"
        id="email"
        name="email"
        autocomplete="email"
        required
        aria-describedby="${described}"
        ${error === null ? '' : html` aria-invalid="true"`}
      />
    </div>
    <button type="submit">${t.send}</button>
  </form>`;
}

export function formPage(lang: Locale, error: string | null = null): Html {
  const t = MY_TEXTS[lang];
  const body = html`<h1>${t.title}</h1>
    <p class="lead">${t.intro}</p>
    ${signInForm(lang, error, 'h1')}`;
  return page(lang, '/my', t.title, body);
}

/** The one answer to a request for a link, whether or not the address is known. */
export function sentPage(lang: Locale, minutes: number): Html {
  const t = MY_TEXTS[lang];
  const body = html`<h1>${t.sentTitle}</h1>
    <div class="notice notice-ok" role="status"><p>${t.sentText(minutes)}</p></div>
    <p>${t.sentSpam}</p>
    <p><a href="/my?lang=${lang}">${t.askAgain}</a></p>`;
  return page(lang, '/my', t.sentTitle, body);
}

/** What a link opens: a button that uses it (a GET never does: mail scanners open links). */
export function linkPage(lang: Locale, token: string): Html {
  const t = MY_TEXTS[lang];
  const body = html`<h1>${t.linkTitle}</h1>
    <p>${t.linkText}</p>
    <form method="post" action="/my/sign-in/${token}?lang=${lang}">
      <button type="submit">${t.signIn}</button>
    </form>`;
  return page(lang, `/my/sign-in/${token}`, t.linkTitle, body);
}

export function invalidLinkPage(lang: Locale): Html {
  const t = MY_TEXTS[lang];
  const body = html`<h1>${t.invalidTitle}</h1>
    <p>${t.invalidText}</p>
    ${signInForm(lang)}`;
  return page(lang, '/my', t.invalidTitle, body);
}

function item(lang: Locale, feedback: MyFeedbackItem): Html {
  const t = MY_TEXTS[lang];
  const heading = `fb-${feedback.id}`;
  return html`<li>
    <article class="my-item" aria-labelledby="${heading}">
      <h2 id="${heading}">${feedback.title ?? feedback.category} <span class="request-id">${feedback.id}</span></h2>
      <dl class="facts">
        <dt>${t.category}</dt>
        <dd>${feedback.category}</dd>
        <dt>${t.received}</dt>
        <dd>${when(feedback.receivedAt, lang)}</dd>
        <dt>${t.status}</dt>
        <dd><span class="status${feedback.closed ? '' : ' status-open'}">${feedback.status}</span></dd>
        ${
          feedback.address === null
            ? null
            : html`<dt>${t.address}</dt>
                <dd>${feedback.address}</dd>`
        }
      </dl>
      ${
        feedback.published
          ? html`<p>
              <a href="/requests/${feedback.id}?lang=${lang}"
                >${t.publicPage}<span class="visually-hidden"> ${feedback.id}</span></a
              >
            </p>`
          : html`<p class="notice notice-info">${t.notPublished}</p>`
      }
      <h3>${t.yourText}</h3>
      <p class="text">${feedback.description}</p>
      <h3>${t.answers}</h3>
      ${
        feedback.history.length === 0
          ? html`<p>${t.noAnswers}</p>`
          : html`<ol class="history">
              ${feedback.history.map(
                (step) =>
                  html`<li>
                    ${when(step.at, lang)}<strong>${step.status}</strong>${
                      step.note === null ? null : html`<p class="text">${step.note}</p>`
                    }
                  </li>`,
              )}
            </ol>`
      }
    </article>
  </li>`;
}

/** The signed-in resident's requests, newest first, with a way to sign out. */
export function listPage(lang: Locale, feedback: MyFeedback): Html {
  const t = MY_TEXTS[lang];
  const body = html`<h1>${t.title}</h1>
    <p class="lead">${t.listIntro}</p>
    <form class="sign-out" method="post" action="/my/sign-out?lang=${lang}">
      <button type="submit">${t.signOut}</button>
    </form>
    <p>${feedback.items.length === 0 ? t.empty : t.count(feedback.items.length, feedback.total)}</p>
    ${
      feedback.items.length === 0
        ? null
        : html`<ol class="my-feedback">
            ${feedback.items.map((f) => item(lang, f))}
          </ol>`
    }`;
  return page(lang, '/my', t.title, body);
}
