import { css } from 'lit';

/**
 * The theme every element shares: city pages restyle the widget through these custom properties
 * (docs/widget.md, "Theming"); the defaults meet WCAG 2.1 AA contrast on white.
 */
export const themeStyles = css`
  :host {
    --_primary: var(--palaute-color-primary, #0057a3);
    --_on-primary: var(--palaute-color-on-primary, #ffffff);
    --_text: var(--palaute-color-text, #1b1b1b);
    --_muted: var(--palaute-color-muted, #4a4a4a);
    --_background: var(--palaute-color-background, #ffffff);
    --_surface: var(--palaute-color-surface, #f3f5f7);
    --_border: var(--palaute-color-border, #6e6e6e);
    --_error: var(--palaute-color-error, #b3261e);
    --_focus: var(--palaute-color-focus, #ffbf47);
    --_open: var(--palaute-color-open, #b54700);
    --_closed: var(--palaute-color-closed, #2f6f3e);
    --_radius: var(--palaute-radius, 4px);
    --_space: var(--palaute-spacing, 1rem);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_background);
    font: var(--palaute-font, inherit);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .vh {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  a {
    color: var(--_primary);
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: 0 0 0 5px var(--_text);
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-height: 2.75rem;
    padding: 0.5em 1em;
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .button.secondary {
    background: var(--_background);
    color: var(--_primary);
  }
  .button[aria-disabled='true'] {
    opacity: 0.75;
    cursor: progress;
  }
  .hint {
    margin: 0.25em 0 0.5em;
    color: var(--_muted);
  }
  .notice {
    margin: 0.5em 0;
    padding: 0.75em;
    border-left: 4px solid var(--_primary);
    background: var(--_surface);
  }
  .status-open,
  .status-closed {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    font-weight: 600;
  }
  .status-open::before,
  .status-closed::before {
    content: '';
    display: inline-block;
    width: 0.9em;
    height: 0.9em;
    border-radius: 50%;
    border: 3px solid var(--_open);
    background: var(--_open);
  }
  .status-closed::before {
    border-color: var(--_closed);
    background: var(--_background);
  }
`;
