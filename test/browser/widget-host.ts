import sharp from 'sharp';
import { serveFiles, startApp, type LocalServer } from '../support/browser';
import type { TestContext } from '../support/context';

/**
 * A city web page on its own origin (`http://localhost:PORT`, the app being on
 * `http://127.0.0.1:PORT`) that embeds the widget in two lines under a strict
 * Content-Security-Policy: no inline script or style, scripts and API calls only from the app,
 * images from itself (its map tiles), the app (photos) and blob: (photo previews).
 */
export type WidgetHost = {
  t: TestContext;
  app: LocalServer;
  pages: LocalServer;
  /** URL of a host page showing `body` (markup using the widget's elements) in `lang`, under `title`. */
  pageUrl(body: string, lang?: string, title?: string): string;
  close(): Promise<void>;
};

const PAGE_CSS = `body { margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }`;

/** A map-like tile (streets on a pale ground): the closed network cannot reach real tiles. */
async function tile(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
    <rect width="256" height="256" fill="#eef0e6"/>
    <rect x="20" y="30" width="90" height="70" fill="#dfe8d2"/><rect x="150" y="150" width="80" height="80" fill="#cfe3c4"/>
    <path d="M0 128H256M128 0V256" stroke="#ffffff" stroke-width="10"/>
    <path d="M0 128H256M128 0V256" stroke="#d8d8d0" stroke-width="1"/></svg>`;
  return sharp(Buffer.from(svg)).png({ palette: true }).toBuffer();
}

export function strictCsp(appUrl: string): string {
  return [
    "default-src 'none'",
    `script-src ${appUrl}`,
    `connect-src ${appUrl}`,
    `img-src 'self' ${appUrl} blob:`,
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const TITLES: Record<string, string> = { fi: 'Anna palautetta', sv: 'Ge respons', en: 'Give feedback' };

/** Starts the app (tiles from the host page's origin) and the host page server. */
export async function startWidgetHost(env: Record<string, string> = {}): Promise<WidgetHost> {
  const png = await tile();
  const bodies = new Map<string, { body: string; lang: string; title: string }>();
  let appUrl = '';
  const pages = await serveFiles({
    '/page.css': { body: PAGE_CSS, type: 'text/css' },
    '/tiles/*': { body: png, type: 'image/png' },
    '/page': (url) => {
      const page = bodies.get(url.searchParams.get('id') ?? '');
      if (!page) return null;
      const html = `<!doctype html>
<html lang="${page.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="stylesheet" href="/page.css">
<script type="module" src="${appUrl}/widget/palaute.js"></script>
</head><body><main><h1>${page.title}</h1>
${page.body}
</main></body></html>`;
      return {
        body: html,
        type: 'text/html; charset=utf-8',
        headers: { 'Content-Security-Policy': strictCsp(appUrl) },
      };
    },
  });
  const { t, server: app } = await startApp({ MAP_TILE_URL: `${pages.url}/tiles/{z}/{x}/{y}.png`, ...env });
  appUrl = app.url;
  return {
    t,
    app,
    pages,
    pageUrl(body, lang = 'fi', title = TITLES[lang] ?? 'Palaute') {
      const id = String(bodies.size + 1);
      bodies.set(id, { body, lang, title });
      return `${pages.url}/page?id=${id}`;
    },
    async close() {
      await pages.close();
      await app.close();
      await t.close();
    },
  };
}
