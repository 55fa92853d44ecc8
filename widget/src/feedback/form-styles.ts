import { css } from 'lit';

/** The form's layout: one column that holds at 320 px and at 200 % zoom (rem and %, no fixed widths). */
export const formStyles = css`
  form,
  .result {
    max-width: 44rem;
  }
  .group {
    margin: 0 0 calc(var(--_space) * 1.25);
    padding: 0.75rem var(--_space) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  legend {
    padding: 0 0.25em;
    font-weight: 700;
    font-size: 1.1em;
  }
  .choices legend {
    font-size: 1em;
  }
  .field {
    margin: 0 0 var(--_space);
  }
  .field.choices {
    border: 0;
    padding: 0;
    min-width: 0;
  }
  label {
    display: block;
    font-weight: 600;
  }
  input:not([type='checkbox']):not([type='radio']):not([type='file']),
  select,
  textarea {
    display: block;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.45em 0.6em;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_text);
    font: inherit;
  }
  textarea {
    min-height: 7rem;
    resize: vertical;
  }
  input[type='file'] {
    max-width: 100%;
    font: inherit;
  }
  .choice,
  .consent {
    display: flex;
    align-items: flex-start;
    gap: 0.6em;
    margin: 0.35em 0;
  }
  .choice label,
  .consent label {
    font-weight: 400;
  }
  .field.consent {
    margin: calc(var(--_space) * 1.25) 0;
  }
  input[type='checkbox'],
  input[type='radio'] {
    flex: none;
    width: 1.4rem;
    height: 1.4rem;
    margin: 0.1rem 0 0;
    accent-color: var(--_primary);
  }
  .req {
    color: var(--_error);
    font-weight: 700;
  }
  .has-error > input,
  .has-error > select,
  .has-error > textarea,
  .group.has-error {
    border-color: var(--_error);
    border-width: 3px;
  }
  .error-message {
    margin: 0.25em 0;
    color: var(--_error);
    font-weight: 700;
  }
  .summary {
    margin: 0 0 var(--_space);
    padding: var(--_space);
    border: 4px solid var(--_error);
    border-radius: var(--_radius);
  }
  .summary h2,
  .result h2 {
    margin: 0 0 0.5em;
    font-size: 1.25em;
  }
  .summary ul {
    margin: 0;
    padding-left: 1.2em;
  }
  .summary a {
    color: var(--_error);
    font-weight: 700;
  }
  .category {
    margin-bottom: calc(var(--_space) * 1.25);
  }
  .category > label {
    font-size: 1.15em;
  }
  .category-description p {
    margin: 0.4em 0 0;
  }
  .badge {
    display: inline-block;
    padding: 0.1em 0.5em;
    border: 2px solid var(--_text);
    border-radius: var(--_radius);
    font-weight: 700;
  }
  .map {
    height: var(--palaute-map-height, 18rem);
    margin: 0.5em 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin: 0.5em 0 var(--_space);
  }
  .pair {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
  }
  .pair > .field {
    flex: 1 1 12rem;
    min-width: 0;
  }
  summary {
    cursor: pointer;
    color: var(--_primary);
    text-decoration: underline;
    margin-bottom: 0.5em;
  }
  .previews {
    list-style: none;
    margin: 0.5em 0 0;
    padding: 0;
  }
  .previews li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin: 0.5em 0;
  }
  .previews img {
    width: 4.5rem;
    height: 4.5rem;
    object-fit: cover;
    border-radius: var(--_radius);
  }
  .photo-name {
    flex: 1 1 8rem;
    overflow-wrap: anywhere;
  }
  .similar {
    margin: 0 0 var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    border-radius: var(--_radius);
  }
  .similar h3 {
    margin: 0 0 0.25em;
    font-size: 1.1em;
  }
  .similar ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .similar li {
    margin: 0.75em 0 0;
    padding-top: 0.75em;
    border-top: 1px solid var(--_border);
  }
  .similar li p {
    margin: 0.2em 0;
  }
  .similar-title {
    font-weight: 700;
  }
  .answer {
    margin: 0.4em 0;
    padding: 0.4em 0.7em;
    border-left: 4px solid var(--_primary);
    background: var(--_background);
  }
  .answer p {
    margin: 0;
  }
  .result {
    padding: var(--_space);
    border: 3px solid var(--_closed);
    border-radius: var(--_radius);
  }
  .tracking {
    overflow-wrap: anywhere;
  }
`;
