import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey } from '../support/factories';
import { startLocalIssuer, strictSignInEnv, type LocalIssuer } from '../support/jwks';
import { expectValidResponse } from '../support/openapi';

/**
 * Bearer values shaped like a JWT that must never pass as "not signed in": unsigned, mangled
 * or with a `sub` that is not a usable account name. Each is 401 on POST (nothing stored) and
 * on my/requests, with sign-in configured and without it (docs/residents.md: Signed-in residents).
 */
let t: TestContext;
let issuer: LocalIssuer;
let key: string;

const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Claims that would pass every check but the signature. */
const claims = () => ({
  iss: issuer.issuer,
  aud: issuer.audience,
  sub: 'resident-forged',
  exp: Math.floor(Date.now() / 1000) + 600,
});

const FORGERY = /not valid|not signed|algorithm is not accepted/;
const BAD_SUB = /"sub" claim is not accepted/;

const FORGED: [string, () => Promise<string>, RegExp][] = [
  ['an unsigned token (alg none, empty signature)', async () => `${b64({ alg: 'none' })}.${b64(claims())}.`, FORGERY],
  ['an unsigned token with a made-up signature', async () => `${b64({ alg: 'none' })}.${b64(claims())}.c2ln`, FORGERY],
  ['a real token with its signature cut off', async () => (await issuer.sign()).replace(/[^.]+$/, ''), FORGERY],
  [
    'a real token with its payload swapped',
    async () => (await issuer.sign()).replace(/\.[^.]+\./, `.${b64(claims())}.`),
    FORGERY,
  ],
  ['an HMAC token', async () => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims())}.${b64('secret')}`, FORGERY],
  ['three empty parts', async () => '..', FORGERY],
  ['three parts that are not base64url', async () => 'a+b.c/d.e=f', FORGERY],
  ['a token whose sub is an object', () => issuer.sign({ sub: { $ne: 1 } }), BAD_SUB],
  ['a token whose sub is empty', () => issuer.sign({ sub: '' }), BAD_SUB],
  ['a token whose sub is a number', () => issuer.sign({ sub: 12345 }), BAD_SUB],
  ['a token whose sub holds a control character', () => issuer.sign({ sub: 'resident\u0000x' }), BAD_SUB],
  ['a token whose sub is 256 characters long', () => issuer.sign({ sub: 'x'.repeat(256) }), BAD_SUB],
];

beforeAll(async () => {
  issuer = await startLocalIssuer();
  t = await createTestContext(strictSignInEnv(issuer));
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
});
afterAll(async () => {
  await t.close();
  await issuer.close();
});

const post = (on: TestContext, token: string) =>
  on.api
    .post('/open311/v2/requests.json')
    .set('Authorization', `Bearer ${token}`)
    .type('form')
    .send({ api_key: key, service_code: '102', lat: '60.4041', long: '25.1043', description: 'Roskia puistossa.' });

const stored = async () =>
  (
    await t.db.pool.query<{ requests: number; contacts: number }>(
      `SELECT (SELECT count(*)::int FROM service_request) AS requests,
              (SELECT count(*)::int FROM request_contact) AS contacts`,
    )
  ).rows[0];

async function expectRefused(on: TestContext, token: string, reason: RegExp): Promise<void> {
  const before = await stored();
  const created = await post(on, token);
  expect({ status: created.status, description: created.body[0]?.description }).toEqual({
    status: 401,
    description: expect.stringMatching(reason),
  });
  expect(created.headers['www-authenticate']).toBe('Bearer realm="palaute311-residents"');
  expectValidResponse('createRequest', 401, 'json', created.body);
  expect(await stored()).toEqual(before);
  const listed = await on.api.get('/open311/v2/my/requests.json').set('Authorization', `Bearer ${token}`);
  expect(listed.status).toBe(401);
}

describe('forged resident tokens, sign-in configured', () => {
  it.each(FORGED)('when %s is sent, then 401 and nothing is stored', async (_what, make, reason) => {
    await expectRefused(t, await make(), reason);
  });

  it('when the same claims are properly signed, then the request is stored: the refusals are about the forgery', async () => {
    const created = await post(t, await issuer.sign({ sub: 'resident-forged' }));
    expect(created.status).toBe(200);
    const row = await t.db.pool.query(
      `SELECT c.resident_subject FROM request_contact c JOIN service_request r ON r.id = c.request_id
        WHERE r.public_id = $1`,
      [created.body[0].service_request_id],
    );
    expect(row.rows).toEqual([{ resident_subject: 'resident-forged' }]);
  });
});

describe('forged resident tokens, sign-in not configured', () => {
  let plain: TestContext;
  beforeAll(async () => {
    plain = await createTestContext({}, { reset: false });
  });
  afterAll(() => plain.close());

  const unsigned = FORGED.slice(0, 7).map(([what, make]) => [what, make] as const);
  it.each([['a well-signed token', () => issuer.sign()] as const, ...unsigned])(
    'when %s is sent, then 401 says sign-in is not configured and nothing is stored',
    async (_what, make) => {
      await expectRefused(plain, await make(), /not configured/);
    },
  );

  it('when a plain API key is sent as Bearer, then it still works as an API key', async () => {
    const response = await plain.api
      .post('/open311/v2/requests.json')
      .set('Authorization', `Bearer ${key}`)
      .type('form')
      .send({ service_code: '102', lat: '60.4', long: '25.1', description: 'Roskia levällään puistossa.' });
    expect(response.status).toBe(200);
  });
});
