import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { createTestContext, type TestContext } from './context';

/**
 * Browser tests in real headless Chromium (Debian's package), driven by playwright-core, against
 * the app listening on a loopback port. Nothing is skipped: without Chromium the tests fail and
 * say how to install it.
 *
 *   const browser = await launchBrowser();
 *   const { t, server } = await startApp();          // createTestContext + a real port
 *   const page = await browser.newPage();
 *   const watch = await watchPage(page);            // page errors, console errors, CSP violations
 *   await page.goto(`${server.url}/…`);
 *   expect(formatViolations(await runAxe(page))).toBe('');
 *   await saveScreenshot(page, 'form-1280');         // test/browser/screenshots/form-1280.png
 *   watch.expectClean();
 *
 * `waitUntil(check, what)` polls a condition (jest has no expect.poll).
 */

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '..', 'browser', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium from /usr/bin/chromium; a clear failure when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Chromium: apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export type LocalServer = {
  /** `http://127.0.0.1:PORT` (or the host asked for), without a trailing slash. */
  url: string;
  port: number;
  /** Sets (or replaces) what answers the requests. */
  use(handler: http.RequestListener): void;
  close(): Promise<void>;
};

/** An HTTP server on a free loopback port; its handler may be set after it listens. */
export async function listen(handler?: http.RequestListener, host = '127.0.0.1'): Promise<LocalServer> {
  let current: http.RequestListener = handler ?? ((_req, res) => res.writeHead(503).end());
  const server = http.createServer((req, res) => current(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    use: (next) => (current = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The app of a test context on a loopback port. */
export const serveApp = (t: Pick<TestContext, 'app'>): Promise<LocalServer> => listen(t.app.callback());

/**
 * A test context whose app listens on a loopback port that PUBLIC_BASE_URL names (so photo URLs
 * and links in answers point at it). `env` goes to createTestContext.
 */
export async function startApp(env: Record<string, string> = {}): Promise<{ t: TestContext; server: LocalServer }> {
  const server = await listen();
  const t = await createTestContext({ PUBLIC_BASE_URL: server.url, ...env });
  server.use(t.app.callback());
  return { t, server };
}

export type StaticFile = { body: string | Buffer; type: string; headers?: Record<string, string> };
export type StaticRoutes = Record<string, StaticFile | ((url: URL) => StaticFile | null)>;

/**
 * A tiny static server, e.g. a host page on another origin than the app (`localhost` against the
 * app's `127.0.0.1`). A route is a path; a function route gets the URL (query included) and may
 * answer null for 404. `/favicon.ico` answers 204.
 */
export async function serveFiles(routes: StaticRoutes, host = 'localhost'): Promise<LocalServer> {
  return listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    const route =
      routes[url.pathname] ??
      Object.entries(routes).find(([p]) => p.endsWith('*') && url.pathname.startsWith(p.slice(0, -1)))?.[1];
    const file = typeof route === 'function' ? route(url) : route;
    if (!file) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store', ...file.headers }).end(file.body);
  }, host);
}

export type PageWatch = {
  /** Everything that went wrong so far: page errors, console errors, CSP violations, failed requests. */
  problems(): string[];
  /** Every URL the page asked for. */
  requests(): string[];
  /** Throws, listing the problems, when there are any. */
  expectClean(): void;
};

/** Watches a page from before its first script, so nothing that goes wrong passes unseen. */
export async function watchPage(page: Page): Promise<PageWatch> {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => {
    if (!request.failure()?.errorText.includes('ERR_ABORTED')) {
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
    }
  });
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber), true);`,
  });
  return {
    problems: () => [...problems],
    requests: () => [...requests],
    expectClean() {
      if (problems.length > 0) throw new Error(`the page had problems:\n  ${problems.join('\n  ')}`);
    },
  };
}

/** Waits until `check` holds (polled every 50 ms), or fails naming `what`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary: string }[];
};

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's WCAG 2.1 A and AA rules on the whole document, open shadow roots included. The
 * source is evaluated through the DevTools protocol, so the page's CSP stays as strict as it is.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    type Axe = { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
    const scope = globalThis as unknown as { axe: Axe; document: unknown };
    const result = await scope.axe.run(scope.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, WCAG_AA);
}

/** Violations as lines a person can act on; '' when there are none. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) =>
      [
        `${v.id} (${v.impact ?? 'no impact'}): ${v.help}`,
        ...v.nodes.map(
          (n) =>
            `    at ${JSON.stringify(n.target)}: ${n.html.slice(0, 200)}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`,
        ),
      ].join('\n'),
    )
    .join('\n');
}

/**
 * A full-page screenshot saved as `test/browser/screenshots/<name>.png`, reduced to a palette so
 * that it stays small enough to commit. Returns the file's path.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const png = await page.screenshot({ fullPage: true });
  await sharp(png).png({ palette: true, colours: 128, compressionLevel: 9, effort: 10 }).toFile(file);
  return file;
}
