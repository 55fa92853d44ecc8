import { parse, type HTMLElement } from 'node-html-parser';
import type { Response } from 'supertest';

/**
 * Reading our pages back as a browser would see them (node-html-parser), and the headers every
 * page must carry (docs/pages.md §2).
 */
export function parsePage(response: Response): HTMLElement {
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  // <pre> is ordinary markup to a browser (node-html-parser would keep it as raw text by default).
  return parse(response.text, { blockTextElements: { script: true, style: true } });
}

/** The words a reader sees, whitespace collapsed (no markup, no attribute values). */
export const visibleText = (root: HTMLElement): string => root.textContent.replace(/\s+/g, ' ').trim();

/** Every page: the strict policy (no inline script or style anywhere), nosniff, no framing. */
export function expectPageHeaders(response: Response): void {
  const csp = response.headers['content-security-policy'] as string;
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
}

/** No inline script, no inline style and no event handler attribute anywhere in the document. */
export function expectNoInlineCode(root: HTMLElement): void {
  for (const script of root.querySelectorAll('script')) {
    expect(script.getAttribute('src')).toBe('/widget/palaute.js');
    expect(script.textContent.trim()).toBe('');
  }
  expect(root.querySelectorAll('style')).toHaveLength(0);
  for (const element of root.querySelectorAll('*')) {
    for (const name of Object.keys(element.attributes)) {
      expect(name.toLowerCase().startsWith('on') || name.toLowerCase() === 'style').toBe(false);
    }
  }
}

/** The private own-view headers: never stored, never sent on as a Referer. */
export function expectPrivate(response: Response): void {
  expect(response.headers['cache-control']).toBe('private, no-store');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
}
