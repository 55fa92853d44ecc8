import pino from 'pino';
import { createTransport } from 'nodemailer';
import type supertest from 'supertest';
import { hashSecret } from '../../src/domain/secrets';
import { startMailWorker } from '../../src/mail/worker';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createApiKey, plantRequest } from '../support/factories';
import { header, startLocalSmtp } from '../support/smtp';

/**
 * "My feedback" by e-mail link (docs/residents.md, "My feedback by e-mail link"): asking for a
 * link never tells whether an address is known, a link works once and expires, the session
 * shows exactly the requests of its address (published or not) and nothing of anybody else's,
 * and nothing of it reaches a public output.
 */

const ANNA = 'Anna.Asukas@Example.FI';
const OTHER = 'bertil@example.fi';
const UNKNOWN = 'nobody@example.fi';
const ORIGIN = 'http://palaute.test';

let t: TestContext;
let c: TestCatalogue;
let client = 0;

beforeAll(async () => {
  // Each call comes from its own client address (X-Forwarded-For) and the e-mail limit is off here:
  // the limits have their own app below.
  t = await createTestContext({ TRUST_PROXY: 'true', SIGN_IN_LINKS_PER_EMAIL: '0' });
  c = await seedCatalogue(t.db.pool);
  const key = await createApiKey(t.db.pool);
  // Anna's newest request comes through the real API, the address stored exactly as she typed it.
  await plantRequest(t.db.pool, {
    serviceId: c.pothole,
    publicId: '2025-900001',
    email: 'anna.asukas@example.fi',
    title: 'Kuoppa koulun edessä',
    description: 'Annan julkaistu palaute kuopasta.',
    requestedAt: '2026-01-05T10:00:00Z',
  });
  await plantRequest(t.db.pool, {
    serviceId: c.litter,
    publicId: '2025-900002',
    email: 'ANNA.ASUKAS@EXAMPLE.FI',
    description: 'Annan julkaisematon palaute roskista.',
    visibility: 'pending',
    requestedAt: '2026-01-06T10:00:00Z',
  });
  await plantRequest(t.db.pool, {
    serviceId: c.health,
    publicId: '2025-900003',
    email: 'anna.asukas@example.fi',
    description: 'Annan palaute terveysasemasta, ei koskaan julkinen.',
    consent: false,
    requestedAt: '2026-01-07T10:00:00Z',
  });
  await plantRequest(t.db.pool, {
    serviceId: c.pothole,
    publicId: '2025-900004',
    email: OTHER,
    phone: '+358401234567',
    description: 'Bertilin oma palaute, ei Annalle.',
    requestedAt: '2026-01-08T10:00:00Z',
  });
  await plantRequest(t.db.pool, {
    serviceId: c.pothole,
    publicId: '2025-900005',
    description: 'Nimetön palaute ilman osoitetta.',
    requestedAt: '2026-01-09T10:00:00Z',
  });
  const posted = await t.api.post('/open311/v2/requests.json').type('form').send({
    api_key: key,
    service_code: '102',
    lat: '60.4041',
    long: '25.1043',
    description: 'Annan uusin palaute API:n kautta.',
    email: ANNA,
    locale: 'sv',
  });
  expect(posted.status).toBe(200);
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, note, actor)
     SELECT id, now(), 'answered', true, 'open', 'IN_PROCESS', 'Korjaamme kuopan ensi viikolla.', 'handler'
       FROM service_request WHERE public_id = '2025-900001'
     UNION ALL
     SELECT id, now(), 'note', false, 'open', 'IN_PROCESS', 'SISÄINEN MUISTIINPANO urakoitsijalle', 'handler'
       FROM service_request WHERE public_id = '2025-900001'`,
  );
}, 60000);

afterAll(() => t.close());

/** A request from its own client address, as a browser on our page sends it. */
function from(request: supertest.Test, address = `10.0.0.${++client}`): supertest.Test {
  return request.set('X-Forwarded-For', address).set('Origin', ORIGIN);
}

const askLink = (email: string, query = '?lang=fi', address?: string) =>
  from(t.api.post(`/my/sign-in${query}`).type('form').send({ email }), address);

async function outbox(): Promise<{ recipient: string; locale: string; subject: string; body: string; kind: string }[]> {
  return (
    await t.db.pool.query(
      `SELECT recipient, locale, subject, body, kind FROM outbox WHERE kind = 'sign_in_link' ORDER BY id`,
    )
  ).rows;
}

const clearOutbox = () => t.db.pool.query(`DELETE FROM outbox WHERE kind = 'sign_in_link'`);

const linkIn = (body: string): string => {
  const match = /http:\/\/palaute\.test\/my\/sign-in\/([A-Za-z0-9_-]{43})/.exec(body);
  if (match === null) throw new Error(`no sign-in link in: ${body}`);
  return match[1];
};

/** Asks for a link for Anna and returns its token. */
async function annasToken(): Promise<string> {
  await clearOutbox();
  expect((await askLink(ANNA)).status).toBe(200);
  const [message] = await outbox();
  return linkIn(message.body);
}

/** Signs Anna in and returns the session cookie as the browser sends it back. */
async function signIn(): Promise<string> {
  const token = await annasToken();
  const answer = await from(t.api.post(`/my/sign-in/${token}?lang=fi`));
  expect(answer.status).toBe(303);
  const cookie = String(answer.headers['set-cookie']?.[0] ?? '');
  return cookie.split(';')[0];
}

describe('asking for a sign-in link', () => {
  it('when a known address asks (in any case), then one message with a single link is queued to the stored address', async () => {
    await clearOutbox();
    const answer = await askLink('  ANNA.asukas@example.fi ');
    expect(answer.status).toBe(200);
    const messages = await outbox();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ recipient: ANNA, locale: 'fi', kind: 'sign_in_link' });
    expect(messages[0].body).toContain('30 minuutin');
    linkIn(messages[0].body);
    const links = await t.db.pool.query(`SELECT email, token_hash FROM sign_in_link ORDER BY id`);
    expect(links.rows.at(-1)).toMatchObject({ email: 'anna.asukas@example.fi' });
    expect(links.rows.at(-1).token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(messages[0].body).not.toContain(links.rows.at(-1).token_hash);
  });

  it('when an unknown address asks, then nothing is queued or stored and the answer is identical', async () => {
    await clearOutbox();
    const before = (await t.db.pool.query('SELECT count(*)::int AS n FROM sign_in_link')).rows[0].n;
    const known = await askLink(ANNA);
    const unknown = await askLink(UNKNOWN);
    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    for (const name of ['content-type', 'cache-control', 'referrer-policy', 'content-security-policy']) {
      expect(unknown.headers[name]).toBe(known.headers[name]);
    }
    expect(unknown.headers['set-cookie']).toBeUndefined();
    expect(await outbox()).toHaveLength(1);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM sign_in_link')).rows[0].n).toBe(before + 1);
    expect(JSON.stringify((await t.db.pool.query('SELECT * FROM sign_in_link')).rows)).not.toContain(UNKNOWN);
    expect(known.text).not.toMatch(/anna\.asukas/i);
  });

  it('when the page gives no language, then the message is in the language of the newest request; with ?lang=en, in English', async () => {
    await clearOutbox();
    await askLink(ANNA, '');
    await askLink(ANNA, '?lang=en');
    const [plain, english] = await outbox();
    expect(plain.locale).toBe('sv');
    expect(plain.subject).toBe('Inloggningslänk till din respons');
    expect(english.locale).toBe('en');
    expect(english.body).toContain('within 30 minutes');
  });

  it('when the address is malformed, then the form comes back with a 400 naming the problem and nothing is queued', async () => {
    await clearOutbox();
    const answer = await askLink('not-an-address');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('aria-invalid="true"');
    expect(answer.text).toContain('nimi@esimerkki.fi');
    expect(await outbox()).toHaveLength(0);
  });

  it('when the worker runs, then the link arrives over SMTP without a request header', async () => {
    const smtp = await startLocalSmtp();
    try {
      await t.db.pool.query(`UPDATE outbox SET sent_at = now()`);
      await askLink(ANNA);
      const worker = startMailWorker(
        {
          pool: t.db.pool,
          transport: createTransport(smtp.url),
          logger: pino({ level: 'silent' }),
          config: {
            mailFrom: 'x <x@palaute.test>',
            mailPollMs: 1000,
            mailMaxAttempts: 3,
            mailRetryBaseMs: 1,
            mailLeaseMs: 60000,
          },
        },
        false,
      );
      expect(await worker.runOnce()).toBe(1);
      await worker.stop();
      expect(smtp.received).toHaveLength(1);
      // The mail library writes the domain in lower case; the local part is kept as given.
      expect(smtp.received[0].to).toEqual(['Anna.Asukas@example.fi']);
      linkIn(smtp.received[0].text);
      expect(header(smtp.received[0].raw, 'X-Palaute311-Request')).toBeUndefined();
    } finally {
      await smtp.close();
    }
  });
});

describe('using a sign-in link', () => {
  it('when the link is opened, then a page with a sign-in button shows and the link is not used', async () => {
    const token = await annasToken();
    for (let i = 0; i < 2; i += 1) {
      const page = await t.api.get(`/my/sign-in/${token}?lang=en`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`<form method="post" action="/my/sign-in/${token}?lang=en">`);
      expect(page.headers['cache-control']).toBe('private, no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await from(t.api.post(`/my/sign-in/${token}`))).status).toBe(303);
  });

  it('when the button is pressed, then a session cookie is set (HttpOnly, SameSite=Lax, Path=/my) and it goes to /my; a second use is refused', async () => {
    const token = await annasToken();
    const first = await from(t.api.post(`/my/sign-in/${token}?lang=sv`));
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/my?lang=sv');
    const cookie = String(first.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/^palaute_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('; Path=/my');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Lax');
    expect(cookie).toContain('; Max-Age=43200');
    expect(cookie).not.toContain('Secure');
    const stored = await t.db.pool.query('SELECT session_hash FROM resident_session');
    expect(JSON.stringify(stored.rows)).not.toContain(cookie.split(';')[0].split('=')[1]);

    const second = await from(t.api.post(`/my/sign-in/${token}?lang=sv`));
    expect(second.status).toBe(410);
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(second.text).toContain('Länken gäller inte längre');
    expect(second.text).toContain('action="/my/sign-in?lang=sv"');
    expect((await t.api.get(`/my/sign-in/${token}`)).status).toBe(410);
  });

  it('when two uses race, then exactly one opens a session', async () => {
    const token = await annasToken();
    const answers = await Promise.all([1, 2, 3].map(() => from(t.api.post(`/my/sign-in/${token}`))));
    expect(answers.map((a) => a.status).sort()).toEqual([303, 410, 410]);
  });

  it('when the link has expired, is unknown or malformed, then it is refused with 410 and the form', async () => {
    const token = await annasToken();
    await t.db.pool.query(`UPDATE sign_in_link SET expires_at = now() - interval '1 second'`);
    for (const candidate of [token, 'A'.repeat(43), 'short', 'x'.repeat(300)]) {
      const shown = await t.api.get(`/my/sign-in/${candidate}?lang=fi`);
      expect(shown.status).toBe(410);
      expect(shown.text).toContain('Linkki ei ole enää voimassa');
      expect(shown.text).toContain('name="email"');
      expect((await from(t.api.post(`/my/sign-in/${candidate}`))).status).toBe(410);
    }
  });

  it('when the service is public on https, then the cookie is Secure', async () => {
    const secure = await createTestContext({ PUBLIC_BASE_URL: 'https://palaute.test' }, { reset: false });
    try {
      await clearOutbox();
      await secure.api.post('/my/sign-in').type('form').send({ email: ANNA });
      const token = /\/my\/sign-in\/([A-Za-z0-9_-]{43})/.exec((await outbox())[0].body)?.[1];
      const answer = await secure.api.post(`/my/sign-in/${token}`).set('Origin', 'https://palaute.test');
      expect(answer.status).toBe(303);
      expect(String(answer.headers['set-cookie']?.[0])).toMatch(/; Secure$/);
    } finally {
      await secure.close();
    }
  });
});

describe('the list of my feedback', () => {
  it('when signed in, then /my lists exactly the requests of that address, published or not, newest first', async () => {
    const cookie = await signIn();
    const page = await t.api.get('/my?lang=fi').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const ids = [...page.text.matchAll(/<h2 id="fb-([0-9-]+)"/g)].map((m) => m[1]);
    const newest = (await t.db.pool.query(`SELECT public_id FROM service_request ORDER BY id DESC LIMIT 1`)).rows[0]
      .public_id;
    expect(ids).toEqual([newest, '2025-900003', '2025-900002', '2025-900001']);
    expect(page.text).toContain('Annan julkaisematon palaute roskista.');
    expect(page.text).toContain('Annan palaute terveysasemasta, ei koskaan julkinen.');
    expect(page.text).toContain('Korjaamme kuopan ensi viikolla.');
    expect(page.text).toContain('Käsittelyssä');
    expect(page.text).toContain('Kuoppa koulun edessä');
    expect(page.text).toContain('href="/requests/2025-900001?lang=fi"');
    expect(page.text).not.toContain('href="/requests/2025-900002');
    expect(page.text).toContain('Ei julkaistu');
    expect(page.text).toContain('action="/my/sign-out?lang=fi"');
  });

  it('when signed in, then nothing of other residents, internal notes or the address itself is on the page', async () => {
    const cookie = await signIn();
    const page = await t.api.get('/my?lang=en').set('Cookie', cookie);
    for (const secret of ['Bertil', 'bertil', '2025-900004', '2025-900005', 'Nimetön', '+358401234567', 'SISÄINEN']) {
      expect(page.text).not.toContain(secret);
    }
    expect(page.text).not.toMatch(/anna\.asukas|example\.fi/i);
  });

  it('when not signed in, or the cookie is unknown or its session has ended, then /my shows the form', async () => {
    const cookie = await signIn();
    for (const sent of [undefined, 'palaute_session=nonsense', `palaute_session=${'B'.repeat(43)}`]) {
      const request = t.api.get('/my?lang=en');
      const page = sent === undefined ? await request : await request.set('Cookie', sent);
      expect(page.status).toBe(200);
      expect(page.text).toContain('action="/my/sign-in?lang=en"');
      expect(page.text).not.toContain('fb-20');
      expect(page.headers['cache-control']).toBe('private, no-store');
    }
    await t.db.pool.query(`UPDATE resident_session SET expires_at = now() - interval '1 second'`);
    expect((await t.api.get('/my').set('Cookie', cookie)).text).not.toContain('fb-20');
  });

  it('when signing out, then the session is gone, the cookie cleared and /my shows the form', async () => {
    const cookie = await signIn();
    const out = await from(t.api.post('/my/sign-out?lang=fi')).set('Cookie', cookie);
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/my?lang=fi');
    expect(String(out.headers['set-cookie']?.[0])).toMatch(/^palaute_session=; Path=\/my; Max-Age=0; HttpOnly/);
    const hash = hashSecret(cookie.split('=')[1]);
    expect((await t.db.pool.query('SELECT 1 FROM resident_session WHERE session_hash = $1', [hash])).rowCount).toBe(0);
    expect((await t.api.get('/my').set('Cookie', cookie)).text).not.toContain('fb-20');
  });
});

describe('limits and cross-site forms', () => {
  /** An app with the default limits (5 links an hour per e-mail address, 20 per client address). */
  let limited: TestContext;
  beforeAll(async () => {
    limited = await createTestContext({ TRUST_PROXY: 'true' }, { reset: false });
  });
  afterAll(() => limited.close());

  const askLimited = (email: string, address: string) =>
    limited.api.post('/my/sign-in?lang=en').set('X-Forwarded-For', address).type('form').send({ email });

  it('when one e-mail address asks more than 5 times an hour, then the answer stays the same and no more mail is queued', async () => {
    await clearOutbox();
    const answers: supertest.Response[] = [];
    for (let i = 0; i < 7; i += 1) answers.push(await askLimited(OTHER, `10.1.0.${i}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await outbox()).toHaveLength(5);
    // Another address is counted apart.
    await askLimited(ANNA, '10.1.1.1');
    expect(await outbox()).toHaveLength(6);
  });

  it('when one client address asks more than 20 times an hour, then it gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last: supertest.Response | undefined;
    for (let i = 0; i < 21; i += 1) {
      last = await askLimited(`someone${i}@example.fi`, '192.0.2.7');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.headers['content-type']).toMatch(/^text\/html/);
    expect(last?.text).toContain('Too many requests');
    expect((await askLimited('someone@example.fi', '192.0.2.8')).status).toBe(200);
  });

  it('when a form is posted from another site, then it is refused with 403 and nothing happens', async () => {
    await clearOutbox();
    const cookie = await signIn();
    const token = await annasToken();
    const evil = { Origin: 'https://evil.example' };
    expect((await t.api.post('/my/sign-in').set(evil).type('form').send({ email: ANNA })).status).toBe(403);
    expect((await t.api.post('/my/sign-in').set('Origin', 'null').type('form').send({ email: ANNA })).status).toBe(403);
    const crossSite = t.api.post('/my/sign-in').set('Sec-Fetch-Site', 'cross-site').type('form');
    expect((await crossSite.send({ email: ANNA })).status).toBe(403);
    expect(await outbox()).toHaveLength(1);
    const sameSite = t.api.post('/my/sign-in').set('Sec-Fetch-Site', 'same-site').set('X-Forwarded-For', '10.2.0.2');
    expect((await sameSite.type('form').send({ email: ANNA })).status).toBe(403);
    expect(await outbox()).toHaveLength(1);
    // Our pages send no Referer, so a browser's own POST says `Origin: null` with `Sec-Fetch-Site: same-origin`.
    const ours = t.api
      .post('/my/sign-in')
      .set({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-For': '10.2.0.1' });
    expect((await ours.type('form').send({ email: ANNA })).status).toBe(200);
    expect(await outbox()).toHaveLength(2);
    expect((await t.api.post(`/my/sign-in/${token}`).set(evil)).status).toBe(403);
    expect((await from(t.api.post(`/my/sign-in/${token}`))).status).toBe(303);
    const out = await t.api.post('/my/sign-out').set(evil).set('Cookie', cookie);
    expect(out.status).toBe(403);
    expect(out.headers['content-type']).toMatch(/^text\/html/);
    expect((await t.api.get('/my').set('Cookie', cookie)).text).toContain('fb-2025-900001');
  });
});

describe('public outputs', () => {
  it('when every public list and feed is read, then no address, link token or session appears', async () => {
    const cookie = await signIn();
    const token = await annasToken();
    const secrets = [/anna\.asukas/i, /bertil@/i, new RegExp(token), new RegExp(cookie.split('=')[1])];
    const paths = [
      '/open311/v2/requests.json?extensions=true',
      '/open311/v2/requests.xml?extensions=true',
      '/open311/v2/requests/2025-900001.json?extensions=true',
      '/open311/v2/requests.geojson',
      '/open311/v2/servicerequestupdates.json?service_request_id=2025-900001',
      '/feeds/requests.rss',
      '/feeds/requests.atom',
      '/requests/2025-900001',
    ];
    for (const path of paths) {
      const answer = await t.api.get(path);
      expect(answer.status).toBe(200);
      const seen = answer.text + JSON.stringify(answer.headers);
      for (const secret of secrets) expect(`${path}: ${seen}`).not.toMatch(secret);
    }
  });
});
