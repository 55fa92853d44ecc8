import escapeHtml from 'escape-html';

/** Markup that is already safe to send: only `html` and `trustedHtml` make one. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function fill(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(fill).join('');
  return escapeHtml(String(part));
}

/**
 * The pages' one way to write markup (docs/pages.md §1): every interpolated value is escaped unless
 * it is itself `Html`; arrays are joined; null, undefined and false leave nothing.
 */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let text = strings[0];
  parts.forEach((part, i) => {
    text += fill(part) + strings[i + 1];
  });
  return new Html(text);
}

/** Markup written by our own code, never by a resident (e.g. a constant SVG). */
export function trustedHtml(text: string): Html {
  return new Html(text);
}
