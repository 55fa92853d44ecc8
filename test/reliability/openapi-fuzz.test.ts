import { createTestContext, type TestContext } from '../support/context';
import { startLocalIssuer, type LocalIssuer } from '../support/jwks';
import { listOperations, type OperationInfo } from '../support/openapi';
import {
  errorBodyProblem,
  expectedErrorShape,
  rawClient,
  xmlProblem,
  type RawRequest,
  type RawResponse,
} from '../support/fuzz/client';
import {
  describeMutation,
  identitiesFor,
  identitiesOf,
  mutationsOf,
  type Credentials,
  type Identity,
  type Mutation,
} from '../support/fuzz/cases';
import { startLoggedServer, type LoggedServer } from '../support/fuzz/logged-app';
import { buildRequest } from '../support/fuzz/request';
import { seedFuzzFixture } from '../support/fuzz/fixture';
import { baselines, type Baseline } from '../support/fuzz/targets';
import { pick, seededRandom } from '../support/fuzz/values';

/**
 * Every operation of the OpenAPI document, every path, query and header parameter and body
 * field, with malformed values (test/support/fuzz/values.ts), as anonymous, with an API key and
 * as an admin or resident where the route has them: never a 5xx, and every 4xx a GeoReport
 * error body in the requested format, or an HTML error page for an operation whose error
 * responses the document declares as text/html (docs/pages.md §2). FUZZ_SEED picks the format of each call and the random
 * combinations; a failure prints it so the same run can be repeated.
 */
const SEED = Number(process.env.FUZZ_SEED || 311);
const RANDOM_COMBINATIONS = 600;

let t: TestContext;
let issuer: LocalIssuer;
let served: LoggedServer;
let send: (request: RawRequest) => Promise<RawResponse>;
let credentials: Credentials;
let table: Record<string, Baseline>;
let sent = 0;
/** Operations whose valid call has succeeded once (a single-use link is spent after that). */
const worked = new Set<string>();

beforeAll(async () => {
  issuer = await startLocalIssuer();
  const env = {
    RESIDENT_JWT_ISSUER: issuer.issuer,
    RESIDENT_JWT_AUDIENCE: issuer.audience,
    RESIDENT_JWT_JWKS_URL: issuer.jwksUrl,
    RATE_LIMIT_POSTS_PER_KEY: '0',
    RATE_LIMIT_POSTS_PER_ADDRESS: '0',
    RATE_LIMIT_GETS_PER_ADDRESS: '0',
    // A 503 for a slow similar-requests search is load shedding, not an input fault: on a busy machine, allow time.
    SIMILAR_TIMEOUT_MS: '60000',
    PUBLIC_BASE_URL: 'http://palaute.test',
    SIGN_IN_LINKS_PER_ADDRESS: '0',
    SIGN_IN_LINKS_PER_EMAIL: '0',
  };
  t = await createTestContext(env);
  // The setup POSTs go through the fuzzed server, so their photos are in its media store.
  served = await startLoggedServer(t.db, env);
  send = rawClient(served.server);
  const seeded = await seedFuzzFixture(t.db.pool, served.server, issuer);
  credentials = seeded.credentials;
  table = baselines(seeded.fixture);
}, 120000);

afterAll(async () => {
  await served?.close();
  await issuer?.close();
  await t?.close();
});

type Outcome = { signature: string; line: string };

/** Sends one call; returns why it broke the rule, or null. */
async function probe(
  op: OperationInfo,
  ms: Mutation[],
  identity: Identity,
  format: 'json' | 'xml',
): Promise<Outcome | null> {
  sent += 1;
  const request = buildRequest(op, table[op.operationId], ms, identity, format, credentials, sent);
  const requestId = `fuzz-${sent}`;
  request.headers = { ...request.headers, 'X-Request-Id': requestId };
  const response = await send(request);
  const what = ms.map(describeMutation).join(' + ');
  const baseline = table[op.operationId];
  const valid = ms[0].kind === 'none';
  if (valid && response.status < 400) worked.add(op.operationId);
  // The valid call must work for the most trusted identity, or the bad values never get past the first check.
  const mustWork = valid && identity === identitiesOf(op).at(-1);
  const spent = worked.has(op.operationId) && response.status === baseline.spent;
  const problem =
    response.status >= 500
      ? `${response.status} ${served.errorsOf(requestId).join(' / ').slice(0, 400)}`
      : mustWork && response.status >= 400 && !spent
        ? `the valid call failed: ${response.text.slice(0, 200)}`
        : response.status >= 400 && request.method !== 'HEAD'
          ? errorBodyProblem(response, expectedErrorShape(op, request.path))
          : null;
  if (problem === null) return null;
  return {
    signature: `${op.operationId} | ${what} | ${response.status}`,
    line: `${op.operationId} as ${identity}: ${what} → ${response.status}: ${problem}\n    ${request.method} ${request.path.slice(0, 160)}`,
  };
}

function report(outcomes: Outcome[]): string[] {
  const seen = new Map<string, string>();
  for (const o of outcomes) if (!seen.has(o.signature)) seen.set(o.signature, o.line);
  return [...seen.values()];
}

const longInUrl = (m: Mutation) =>
  (m.kind === 'query' && m.pairs.join('&').length > 1000) ||
  ((m.kind === 'path' || m.kind === 'header') && m.value.raw.length > 1000);

/** A seed per operation, so that one operation's run can be repeated on its own. */
const seedOf = (operationId: string) =>
  [...operationId].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), SEED);

it('when the document is walked, then every operation has a valid call to start from', () => {
  expect(
    listOperations()
      .filter((op) => table[op.operationId] === undefined)
      .map((op) => op.operationId),
  ).toEqual([]);
});

describe.each(listOperations().map((op) => [op.operationId, op] as const))('%s', (_operationId, op) => {
  it('when each input in turn is malformed, then no answer is a 5xx and every 4xx is a GeoReport error or an HTML error page', async () => {
    const random = seededRandom(seedOf(op.operationId));
    const outcomes: Outcome[] = [];
    for (const m of mutationsOf(op, table[op.operationId])) {
      for (const identity of identitiesFor(op, m, random)) {
        const outcome = await probe(op, [m], identity, random() < 0.5 ? 'json' : 'xml');
        if (outcome) outcomes.push(outcome);
      }
    }
    expect(report(outcomes)).toEqual([]);
  }, 300000);
});

it('when random operations get several malformed inputs at once, then no answer is a 5xx and every 4xx is a GeoReport error or an HTML error page', async () => {
  const operations = listOperations();
  const random = seededRandom(SEED);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < RANDOM_COMBINATIONS; i += 1) {
    const op = pick(random, operations);
    // Long values are tried alone above; together they would pass Node's 16 KiB header limit (431 before the app).
    const all = mutationsOf(op, table[op.operationId]).filter((m) => m.kind !== 'none' && !longInUrl(m));
    if (all.length === 0) continue;
    const chosen: Mutation[] = [];
    for (let n = 0; n < 2 + Math.floor(random() * 3); n += 1) {
      const m = pick(random, all);
      // One value per input: two changes to the same field or path segment would overwrite each other.
      const key = (x: Mutation) =>
        x.kind === 'json' ? `json ${x.field[0]}` : `${x.kind} ${'name' in x ? x.name : ''}`;
      if (!chosen.some((c) => key(c) === key(m))) chosen.push(m);
    }
    const outcome = await probe(op, chosen, pick(random, identitiesOf(op)), random() < 0.5 ? 'json' : 'xml');
    if (outcome) outcomes.push(outcome);
  }
  expect(report(outcomes)).toEqual([]);
}, 300000);

it('when the fuzzing is over, then every read answers without a 5xx and every XML answer parses', async () => {
  const problems: string[] = [];
  for (const op of listOperations().filter((o) => o.method === 'get')) {
    for (const format of ['json', 'xml'] as const) {
      const identity = identitiesOf(op).at(-1) as Identity;
      const request = buildRequest(op, table[op.operationId], [{ kind: 'none' }], identity, format, credentials);
      const response = await send(request);
      sent += 1;
      if (response.status >= 500) problems.push(`${op.operationId} ${request.path} → ${response.status}`);
      const problem = /xml/.test(String(response.headers['content-type'])) ? xmlProblem(response.text) : null;
      if (problem !== null) problems.push(`${op.operationId} ${request.path}: ${problem}`);
    }
  }
  process.stdout.write(`openapi fuzz: ${sent} requests in all (FUZZ_SEED=${SEED})\n`);
  expect(problems).toEqual([]);
}, 120000);
