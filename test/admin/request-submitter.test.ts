import { createTestContext, type TestContext } from '../support/context';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey } from '../support/factories';
import { startLocalIssuer, strictSignInEnv, type LocalIssuer } from '../support/jwks';
import { expectValidResponse } from '../support/openapi';

/**
 * Who sent a request (AdminSubmitter): handlers see whether it came from a verified resident
 * sign-in (issuer and subject) or carries only an unchecked `account_id`. The privacy gate
 * (docs/privacy-gate.md): neither the subject, the issuer nor the account id ever shows in a
 * public output, walked here with planted values.
 */
const SUBJECT = 'SUBJECT-LEAK-7q2w';
const ACCOUNT = 'ACCOUNT-LEAK-9z8x';

let t: TestContext;
let issuer: LocalIssuer;
let admin: TestHandler;
let key: string;
const ids = { verified: '', claimed: '', anonymous: '' };

const post = (token: string | null, fields: Record<string, string> = {}) => {
  const call = t.api.post('/open311/v2/requests.json').type('form');
  if (token !== null) call.set('Authorization', `Bearer ${token}`);
  return call.send({
    api_key: key,
    service_code: '102',
    lat: '60.4041',
    long: '25.1043',
    description: 'Roskia levällään puiston laidalla.',
    ...fields,
  });
};

beforeAll(async () => {
  issuer = await startLocalIssuer();
  t = await createTestContext(strictSignInEnv(issuer));
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
  admin = await createHandler(t.db.pool, 'admin');
  const posted = async (call: ReturnType<typeof post>) => {
    const response = await call;
    expect(response.status).toBe(200);
    return response.body[0].service_request_id as string;
  };
  ids.verified = await posted(post(await issuer.sign({ sub: SUBJECT }), { account_id: 'ignored-claim' }));
  ids.claimed = await posted(post(null, { account_id: ACCOUNT }));
  ids.anonymous = await posted(post(null));
  // A public answer on each, so the updates feed has entries for them.
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
     SELECT id, 'status_changed', true, 'open', 'IN_PROCESS', 'Työ aloitettu', 'handler' FROM service_request`,
  );
});
afterAll(async () => {
  await t.close();
  await issuer.close();
});

const detail = async (id: string) => {
  const response = await t.api.get(`/admin/v1/requests/${id}`).set(admin.auth);
  expect(response.status).toBe(200);
  expectValidResponse('adminGetRequest', 200, 'json', response.body);
  return response.body;
};

describe('who sent a request, in the admin view', () => {
  it('when a signed-in resident sent it, then submitter is verified with the issuer and subject of their token', async () => {
    expect((await detail(ids.verified)).submitter).toEqual({ verified: true, issuer: issuer.issuer, subject: SUBJECT });
  });

  it('when only an account_id came with it, then submitter is unverified with that account_id', async () => {
    const body = await detail(ids.claimed);
    expect(body.submitter).toEqual({ verified: false, account_id: ACCOUNT });
    expect(body.contact.account_id).toBe(ACCOUNT);
  });

  it('when neither came with it, then submitter is null', async () => {
    expect((await detail(ids.anonymous)).submitter).toBeNull();
  });
});

describe('the privacy gate for submitters', () => {
  it('when every public output is read, then no subject, issuer or account_id appears, though the requests do', async () => {
    const secrets = [SUBJECT, ACCOUNT, issuer.issuer, 'ignored-claim', '/realms/city'];
    // Each path with a request id its answer must hold: proof that the records are there.
    const paths: [string, string][] = [
      ...['json', 'xml'].flatMap((f): [string, string][] => [
        [`/open311/v2/requests.${f}`, ids.verified],
        [`/open311/v2/requests.${f}?extensions=true`, ids.claimed],
        [`/open311/v2/servicerequestupdates.${f}`, ids.verified],
        ...Object.values(ids).flatMap((id): [string, string][] => [
          [`/open311/v2/requests/${id}.${f}?extensions=true`, id],
          [`/open311/v2/servicerequestupdates.${f}?service_request_id=${id}`, id],
        ]),
      ]),
      ['/open311/v2/requests.geojson', ids.verified],
      ['/open311/v2/requests.geojson?extensions=true', ids.claimed],
      ['/feeds/requests.rss', ids.verified],
      ['/feeds/requests.atom', ids.claimed],
      ...Object.values(ids).map((id): [string, string] => [`/requests/${id}`, id]),
    ];
    for (const [path, id] of paths) {
      const response = await t.api.get(path);
      expect([path, response.status]).toEqual([path, 200]);
      const text = response.text;
      if (!text.includes(id)) throw new Error(`${path} does not show ${id}`);
      for (const secret of secrets) {
        if (text.includes(secret)) throw new Error(`${path} leaked "${secret}"`);
      }
    }
  });
});
