import { createHash } from 'node:crypto';

/**
 * The pages' one stylesheet, served from our own origin at /pages/pages.css (docs/pages.md §2):
 * kept in code so the build carries it without a copy step. Contrast at least 4.5:1, visible
 * focus, nothing hidden from a screen reader that a sighted reader sees.
 */
export const PAGES_CSS = `:root {
  --ink: #1b1b1b;
  --muted: #4a4a4a;
  --paper: #ffffff;
  --tint: #f3f6f9;
  --line: #c9d2db;
  --brand: #0b4f8a;
  --brand-ink: #ffffff;
  --focus: #ffbf47;
  --ok: #0d6b3a;
  --warn: #8a4b00;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5;
  color: var(--ink);
  background: var(--paper);
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
main { flex: 1; padding-top: 1rem; }
main:focus { outline: none; }
.wrap { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
a { color: var(--brand); text-underline-offset: 0.15em; }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
}
.skip-link { position: absolute; left: 0.5rem; top: -4rem; padding: 0.5rem 1rem; background: var(--paper); color: var(--brand); z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.site-header { background: var(--brand); color: var(--brand-ink); }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.site-name { color: var(--brand-ink); font-weight: 700; font-size: 1.15rem; text-decoration: none; }
.site-name:hover { text-decoration: underline; }
.languages ul { list-style: none; display: flex; gap: 0.75rem; margin: 0; padding: 0; }
.languages a { color: var(--brand-ink); }
.languages a[aria-current="page"] { font-weight: 700; text-decoration: none; }
.site-footer { border-top: 1px solid var(--line); background: var(--tint); color: var(--muted); margin-top: 2rem; font-size: 0.9rem; }
.site-footer p { margin: 1rem 0; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1.5rem 0 0.5rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
.lead { font-size: 1.1rem; }
.request-id { color: var(--muted); margin: 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 1rem; background: var(--tint); border: 1px solid var(--line); font-weight: 600; }
.status-open { border-color: var(--brand); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; margin: 1rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 30rem) {
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 0.5rem; }
}
.answer { border-left: 4px solid var(--brand); background: var(--tint); padding: 0.75rem 1rem; margin: 1rem 0; }
.answer p { margin: 0; }
.history { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
.history li { position: relative; padding: 0 0 1rem 1.25rem; }
.history li::before { content: ""; position: absolute; left: -0.4rem; top: 0.45rem; width: 0.7rem; height: 0.7rem; border-radius: 50%; background: var(--brand); }
.history time { color: var(--muted); font-size: 0.9rem; display: block; }
.photos { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.75rem; }
.photos img { width: 100%; height: auto; display: block; border: 1px solid var(--line); }
palaute-location, palaute-map { display: block; }
palaute-location:not(:defined), palaute-map:not(:defined) { display: none; }
palaute-location:defined, palaute-map:defined { margin: 1rem 0; }
palaute-feedback { display: block; margin: 1rem 0; }
.notice { padding: 0.75rem 1rem; border: 2px solid var(--line); margin: 1rem 0; }
.notice p { margin: 0; }
.notice-ok { border-color: var(--ok); color: var(--ok); }
.notice-warn { border-color: var(--warn); color: var(--warn); }
.notice-info { border-color: var(--brand); }
.error-details { color: var(--warn); }
form.details { background: var(--tint); border: 1px solid var(--line); padding: 1rem; margin: 1rem 0; }
form.details > p:first-child { margin-top: 0; }
.field { margin: 0 0 1rem; }
.field label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { display: block; color: var(--muted); font-size: 0.9rem; margin-bottom: 0.25rem; }
textarea { width: 100%; min-height: 8rem; font: inherit; padding: 0.5rem; border: 2px solid var(--muted); border-radius: 0; }
input[type="file"] { font: inherit; max-width: 100%; }
input[type="email"] { width: 100%; max-width: 30rem; font: inherit; padding: 0.5rem; border: 2px solid var(--muted); border-radius: 0; }
input[aria-invalid="true"] { border-color: var(--warn); }
.field-error { display: block; color: var(--warn); font-weight: 600; margin-bottom: 0.25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.my-feedback { list-style: none; padding: 0; margin: 0; }
.my-item { border: 1px solid var(--line); padding: 0 1rem 0.5rem; margin: 1rem 0; }
.my-item h2 { margin-top: 1rem; }
.my-item h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
.my-item .request-id { white-space: nowrap; font-size: 1rem; }
.sign-out { margin: 1rem 0; }
.sign-out button { background: var(--paper); color: var(--brand); border: 2px solid var(--brand); padding: 0.4rem 1rem; }
.sign-out button:hover { background: var(--tint); }
button { font: inherit; font-weight: 600; padding: 0.6rem 1.2rem; background: var(--brand); color: var(--brand-ink); border: 0; cursor: pointer; }
button:hover { background: #083b67; }
pre { background: var(--tint); border: 1px solid var(--line); padding: 0.75rem; font-size: 0.9rem;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.links { padding-left: 1.25rem; }
`;

/** A strong validator for caches: the stylesheet changes only with a new release. */
export const PAGES_CSS_ETAG = `"${createHash('sha256').update(PAGES_CSS).digest('base64url').slice(0, 27)}"`;
