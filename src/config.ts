import { availableParallelism } from 'node:os';

/**
 * The only reader of process.env. Every setting is parsed and checked here at start-up,
 * so a bad value stops the process with a message naming the variable (README: Configuration).
 */
export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | null;
  /** A read replica for the public reads (docs/scale-out.md, "Read replicas"); null = the primary serves them. */
  databaseReadUrl: string | null;
  dataDir: string;
  dbPoolSize: number;
  /** The replica pool's size per process; unused without DATABASE_READ_URL. */
  dbReadPoolSize: number;
  publicBaseUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  loadExampleData: boolean;
  descriptionMinLength: number;
  descriptionMaxLength: number;
  catalogueCacheSeconds: number;
  countCacheSeconds: number;
  /** How long a process keeps a finished public list answer (src/http/answer-cache.ts); 0 = off. */
  publicCacheSeconds: number;
  defaultLocale: 'fi' | 'sv' | 'en';
  /** The city of a public call that names none and that no key, host or boundary places; null = the first created. */
  defaultJurisdiction: string | null;
  endpointType: 'production' | 'test';
  apiContact: string;
  keyService: string;
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  mediaDir: string;
  /** Where photo bytes live (docs/media-storage.md): `local` is mediaDir, `s3` the bucket in `s3`. */
  mediaStore: 'local' | 's3';
  /** The S3-compatible bucket when mediaStore is `s3`; null otherwise. */
  s3: S3Settings | null;
  mediaMaxFiles: number;
  mediaMaxBytes: number;
  mediaMaxPixels: number;
  /** Photo requests a process holds besides the one being decoded; more get 503. */
  mediaQueueLength: number;
  rateLimitPostsPerKey: number;
  rateLimitPostsPerAddress: number;
  /** Public GETs per minute per client address; 0 = off. */
  rateLimitGetsPerAddress: number;
  /** With DATABASE_URL: how often a process adds its public GET counts to the shared ones (docs/scale-out.md). */
  rateLimitSyncMs: number;
  /** Time a client has to send a whole request (headers and body); then 408 and the socket closes. */
  requestTimeoutSeconds: number;
  /** PostgreSQL statement_timeout of one similar-requests search; then 503. */
  similarTimeoutMs: number;
  /** Signed-in residents: bearer JWTs from the city's OpenID Connect broker; null = off. */
  residentJwt: Readonly<{
    issuer: string;
    audience: string;
    jwksUrl: string;
    clockToleranceSeconds: number;
    /** Least time between JWKS refetches triggered by an unknown key id (key rotation). */
    jwksCooldownSeconds: number;
  }> | null;
  /** Outgoing e-mail: null keeps messages in the outbox (readable by admins). */
  smtpUrl: string | null;
  mailFrom: string;
  mailPollMs: number;
  mailMaxAttempts: number;
  mailRetryBaseMs: number;
  mailLeaseMs: number;
  /** "My feedback" by e-mail link: how long a link works, how long its session lasts. */
  signInLinkMinutes: number;
  signInSessionHours: number;
  /** Sign-in links asked per hour per e-mail address and per client address; 0 = off. */
  signInLinksPerEmail: number;
  signInLinksPerAddress: number;
  /** Where a start with no active admin writes the new bootstrap admin's token; null = no bootstrap. */
  bootstrapAdminTokenFile: string | null;
  /** The web widget's map (docs/widget.md): tile URL template, its attribution (HTML), first view. */
  map: Readonly<{ tileUrl: string; attribution: string; lat: number; long: number; zoom: number; maxZoom: number }>;
  /** Handler sign-in with the city's OpenID Connect provider (docs/handler-sign-in.md); null = off. */
  handlerJwt: Readonly<{
    issuer: string;
    audience: string;
    jwksUrl: string;
    clockToleranceSeconds: number;
    jwksCooldownSeconds: number;
    /** The claim that names the person: `sub`, or `oid` (Entra ID's object id, the same for every app). */
    subjectClaim: 'sub' | 'oid';
    /** Whether an `email` claim matches a handler's address without `email_verified: true`. */
    trustEmail: boolean;
  }> | null;
  /** Erase contact details of requests closed more than this many months ago (docs/retention.md); null = off. */
  retentionContactMonths: number | null;
  /** How often the retention job looks for such requests. */
  retentionPollMs: number;
  /** Handlers' alerts (docs/alerts.md): how often queued alerts are composed; the digest's Helsinki hour. */
  alertPollMs: number;
  alertDigestHour: number;
  /** Webhook deliveries (docs/webhooks.md): first retry after this, doubling up to an hour. */
  webhookRetryFirstSeconds: number;
  /** Attempts before a delivery is given up (`failed`); a manual redeliver starts it again. */
  webhookMaxAttempts: number;
  /** One attempt's time for connect, send and answer; then it counts as failed. */
  webhookTimeoutMs: number;
  webhookPollMs: number;
  /** How long a claimed delivery is another worker's to leave alone; longer than the timeout. */
  webhookLeaseMs: number;
  /** GET /metrics in Prometheus format (docs/metrics.md): `on` unless turned `off`. */
  metrics: 'on' | 'off';
  /** When set, /metrics needs `Authorization: Bearer <token>`; null = open to whoever reaches it. */
  metricsToken: string | null;
  /** How long a scrape's database backlog counts are reused, so scrapes cannot load the database. */
  metricsCacheSeconds: number;
  /** HTTP worker processes sharing the port (docs/scale-out.md); 1 = no cluster, always on the embedded database. */
  webConcurrency: number;
  /** Whether this process runs the mail, alert, webhook and retention jobs; a cluster runs them in worker 1 only. */
  backgroundJobs: boolean;
}>;

/** An S3-compatible bucket for photos (docs/media-storage.md). */
export type S3Settings = Readonly<{
  /** null = Amazon S3 itself, in `region`. */
  endpoint: string | null;
  bucket: string;
  region: string;
  /** null = the AWS SDK's own credential chain (AWS_* variables, an instance or task role). */
  credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }> | null;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`, as most servers other than Amazon's need. */
  forcePathStyle: boolean;
}>;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }
  return raw as T;
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function url(env: Env, name: string, fallback: string | null, protocols: string[], problems: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} must be a ${protocols.join(' or ')} URL, got "${raw}"`);
    return fallback;
  }
}

/**
 * A city id such as `kerava.fi`. Whether that city exists is known only once the database is
 * open: a call that needs the default and does not find it is a 400 (docs/open311-dialect.md §7).
 */
function cityId(env: Env, name: string, problems: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  if (!/^[a-z0-9][a-z0-9.-]{0,99}$/.test(raw.trim())) {
    problems.push(`${name} must be a municipality id such as kerava.fi, got "${raw}"`);
    return null;
  }
  return raw.trim();
}

const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/** The widget's map: a tile URL template with {z}, {x} and {y}, and the first view (Kerava by default). */
function mapConfig(env: Env, problems: string[]): Config['map'] {
  const tileUrl = url(env, 'MAP_TILE_URL', OSM_TILES, ['http:', 'https:'], problems) as string;
  if (!['{z}', '{x}', '{y}'].every((part) => tileUrl.includes(part))) {
    problems.push(`MAP_TILE_URL must contain {z}, {x} and {y}, got "${tileUrl}"`);
  }
  const centre = (env.MAP_CENTER || '60.403,25.105').split(',').map(Number);
  const [lat, long] = centre;
  if (centre.length !== 2 || !(Math.abs(lat) <= 90) || !(Math.abs(long) <= 180)) {
    problems.push(`MAP_CENTER must be "lat,long" in WGS84 degrees, got "${env.MAP_CENTER}"`);
  }
  return Object.freeze({
    tileUrl,
    attribution: env.MAP_TILE_ATTRIBUTION || OSM_ATTRIBUTION,
    lat: Math.abs(lat) <= 90 ? lat : 60.403,
    long: Math.abs(long) <= 180 ? long : 25.105,
    zoom: int(env, 'MAP_ZOOM', 13, 1, 22, problems),
    maxZoom: int(env, 'MAP_MAX_ZOOM', 19, 1, 22, problems),
  });
}

const JWT_VARIABLES = ['RESIDENT_JWT_ISSUER', 'RESIDENT_JWT_AUDIENCE', 'RESIDENT_JWT_JWKS_URL'] as const;

/** The three resident sign-in variables come together or not at all. */
function residentJwtConfig(env: Env, problems: string[]): Config['residentJwt'] {
  const given = JWT_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  if (given.length === 0) return null;
  if (given.length < JWT_VARIABLES.length) {
    problems.push(
      `${JWT_VARIABLES.join(', ')} must be set together (missing ${JWT_VARIABLES.filter((n) => !given.includes(n)).join(', ')})`,
    );
    return null;
  }
  const jwksUrl = url(env, 'RESIDENT_JWT_JWKS_URL', null, ['http:', 'https:'], problems);
  return jwksUrl === null
    ? null
    : Object.freeze({
        issuer: env.RESIDENT_JWT_ISSUER as string,
        audience: env.RESIDENT_JWT_AUDIENCE as string,
        jwksUrl,
        clockToleranceSeconds: int(env, 'RESIDENT_JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 600, problems),
        jwksCooldownSeconds: int(env, 'RESIDENT_JWT_JWKS_COOLDOWN_SECONDS', 30, 0, 3600, problems),
      });
}

const HANDLER_JWT_VARIABLES = ['HANDLER_JWT_ISSUER', 'HANDLER_JWT_AUDIENCE', 'HANDLER_JWT_JWKS_URL'] as const;

/** The three handler sign-in variables come together or not at all (docs/handler-sign-in.md). */
function handlerJwtConfig(env: Env, problems: string[]): Config['handlerJwt'] {
  const given = HANDLER_JWT_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  if (given.length === 0) return null;
  if (given.length < HANDLER_JWT_VARIABLES.length) {
    const missing = HANDLER_JWT_VARIABLES.filter((n) => !given.includes(n));
    problems.push(`${HANDLER_JWT_VARIABLES.join(', ')} must be set together (missing ${missing.join(', ')})`);
    return null;
  }
  const jwksUrl = url(env, 'HANDLER_JWT_JWKS_URL', null, ['http:', 'https:'], problems);
  return jwksUrl === null
    ? null
    : Object.freeze({
        issuer: env.HANDLER_JWT_ISSUER as string,
        audience: env.HANDLER_JWT_AUDIENCE as string,
        jwksUrl,
        clockToleranceSeconds: int(env, 'HANDLER_JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 600, problems),
        jwksCooldownSeconds: int(env, 'HANDLER_JWT_JWKS_COOLDOWN_SECONDS', 30, 0, 3600, problems),
        subjectClaim: oneOf(env, 'HANDLER_JWT_SUBJECT_CLAIM', ['sub', 'oid'] as const, 'sub', problems),
        trustEmail: bool(env, 'HANDLER_JWT_TRUST_EMAIL', false, problems),
      });
}

const S3_VARIABLES = [
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
] as const;

/**
 * MEDIA_STORE=s3 needs S3_BUCKET. S3_* variables without it are refused rather than ignored:
 * photos would otherwise land in one machine's folder while the operator expects the bucket.
 */
function s3Config(env: Env, mediaStore: Config['mediaStore'], problems: string[]): Config['s3'] {
  if (mediaStore !== 's3') {
    const given = S3_VARIABLES.filter((name) => (env[name] ?? '') !== '');
    if (given.length > 0) problems.push(`${given.join(', ')} set, but MEDIA_STORE is not s3: set MEDIA_STORE=s3`);
    return null;
  }
  const bucket = env.S3_BUCKET ?? '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(
      `S3_BUCKET must be a bucket name (3 to 63 of a-z, 0-9, "." and "-") with MEDIA_STORE=s3, got "${bucket}"`,
    );
  }
  const region = env.S3_REGION || 'us-east-1';
  if (!/^[a-z0-9-]{1,50}$/.test(region))
    problems.push(`S3_REGION must be a region name such as eu-north-1, got "${region}"`);
  const accessKeyId = env.S3_ACCESS_KEY_ID ?? '';
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY ?? '';
  if ((accessKeyId === '') !== (secretAccessKey === '')) {
    problems.push(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together, or neither for the AWS credential chain',
    );
  }
  const endpoint = url(env, 'S3_ENDPOINT', null, ['http:', 'https:'], problems);
  return Object.freeze({
    endpoint,
    bucket,
    region,
    credentials: accessKeyId && secretAccessKey ? Object.freeze({ accessKeyId, secretAccessKey }) : null,
    forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', endpoint !== null, problems),
  });
}

/** A bearer token for /metrics: long enough not to be guessed, printable, no spaces. */
function metricsToken(env: Env, problems: string[]): string | null {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (!/^[\x21-\x7e]{16,200}$/.test(raw)) {
    problems.push('METRICS_TOKEN must be 16 to 200 printable characters without spaces');
    return null;
  }
  return raw;
}

/**
 * HTTP worker processes (docs/scale-out.md): by default one per core with PostgreSQL; always one
 * on the embedded database, whose data folder one process at a time may open.
 */
function webConcurrencyConfig(env: Env, databaseUrl: string | null, problems: string[]): number {
  if (databaseUrl !== null) return int(env, 'WEB_CONCURRENCY', availableParallelism(), 1, 256, problems);
  const value = int(env, 'WEB_CONCURRENCY', 1, 1, 256, problems);
  if (value > 1) {
    problems.push(
      `WEB_CONCURRENCY must be 1 on the embedded database (PGlite serves one process); set DATABASE_URL to run ${value} workers`,
    );
  }
  return 1;
}

/** A read replica needs PostgreSQL: the embedded database is one process with no replicas. */
function readUrlConfig(env: Env, databaseUrl: string | null, problems: string[]): string | null {
  const readUrl = url(env, 'DATABASE_READ_URL', null, ['postgres:', 'postgresql:'], problems);
  if (readUrl !== null && databaseUrl === null && (env.DATABASE_URL ?? '') === '') {
    problems.push('DATABASE_READ_URL needs DATABASE_URL: the embedded database has no read replicas');
    return null;
  }
  return readUrl;
}

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const port = int(env, 'PORT', 8080, 0, 65535, problems);
  const databaseUrl = url(env, 'DATABASE_URL', null, ['postgres:', 'postgresql:'], problems);
  const minLength = int(env, 'DESCRIPTION_MIN_LENGTH', 10, 0, 100000, problems);
  const maxLength = int(env, 'DESCRIPTION_MAX_LENGTH', 5000, 1, 100000, problems);
  if (minLength > maxLength) problems.push('DESCRIPTION_MIN_LENGTH must not exceed DESCRIPTION_MAX_LENGTH');
  const residentJwt = residentJwtConfig(env, problems);
  const webhookTimeout = int(env, 'WEBHOOK_TIMEOUT_MS', 10000, 100, 600000, problems);
  const webConcurrency = webConcurrencyConfig(env, databaseUrl, problems);
  const mediaStore = oneOf(env, 'MEDIA_STORE', ['local', 's3'] as const, 'local', problems);
  const dbPoolSize = int(env, 'DB_POOL_SIZE', Math.max(2, Math.floor(10 / webConcurrency)), 1, 200, problems);
  const config: Config = Object.freeze({
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseReadUrl: readUrlConfig(env, databaseUrl, problems),
    dataDir: env.DATA_DIR || './data',
    // Per process: by default the workers of a cluster share about 10 connections (docs/scale-out.md).
    dbPoolSize,
    dbReadPoolSize: int(env, 'DB_READ_POOL_SIZE', dbPoolSize, 1, 200, problems),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`, ['http:', 'https:'], problems) as string,
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
      problems,
    ),
    loadExampleData: bool(env, 'LOAD_EXAMPLE_DATA', databaseUrl === null, problems),
    descriptionMinLength: minLength,
    descriptionMaxLength: maxLength,
    catalogueCacheSeconds: int(env, 'CATALOGUE_CACHE_SECONDS', 5, 0, 3600, problems),
    countCacheSeconds: int(env, 'COUNT_CACHE_SECONDS', 5, 0, 3600, problems),
    publicCacheSeconds: int(env, 'PUBLIC_CACHE_SECONDS', 2, 0, 3600, problems),
    defaultLocale: oneOf(env, 'DEFAULT_LOCALE', ['fi', 'sv', 'en'] as const, 'fi', problems),
    defaultJurisdiction: cityId(env, 'DEFAULT_JURISDICTION', problems),
    endpointType: oneOf(env, 'ENDPOINT_TYPE', ['production', 'test'] as const, 'production', problems),
    apiContact: env.API_CONTACT || 'Palautepalvelun ylläpito / feedback service maintainers',
    keyService:
      env.KEY_SERVICE || 'Ask the city for an API key; administrators create one with: npm run cli -- apps create NAME',
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024, problems),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000, problems),
    trustProxy: bool(env, 'TRUST_PROXY', false, problems),
    mediaDir: env.MEDIA_DIR || `${env.DATA_DIR || './data'}/media`,
    mediaStore,
    s3: s3Config(env, mediaStore, problems),
    mediaMaxFiles: int(env, 'MEDIA_MAX_FILES', 5, 0, 50, problems),
    mediaMaxBytes: int(env, 'MEDIA_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024, problems),
    mediaMaxPixels: int(env, 'MEDIA_MAX_PIXELS', 50_000_000, 10_000, 500_000_000, problems),
    mediaQueueLength: int(env, 'MEDIA_QUEUE_LENGTH', 4, 0, 1000, problems),
    rateLimitPostsPerKey: int(env, 'RATE_LIMIT_POSTS_PER_KEY', 600, 0, 1000000, problems),
    rateLimitPostsPerAddress: int(env, 'RATE_LIMIT_POSTS_PER_ADDRESS', 30, 0, 1000000, problems),
    rateLimitGetsPerAddress: int(env, 'RATE_LIMIT_GETS_PER_ADDRESS', 600, 0, 1000000, problems),
    rateLimitSyncMs: int(env, 'RATE_LIMIT_SYNC_MS', 1000, 10, 60000, problems),
    requestTimeoutSeconds: int(env, 'REQUEST_TIMEOUT_SECONDS', 30, 1, 3600, problems),
    similarTimeoutMs: int(env, 'SIMILAR_TIMEOUT_MS', 1000, 10, 600000, problems),
    residentJwt,
    smtpUrl: url(env, 'SMTP_URL', null, ['smtp:', 'smtps:'], problems),
    mailFrom: env.MAIL_FROM || 'palaute311 <no-reply@localhost>',
    mailPollMs: int(env, 'MAIL_POLL_MS', 2000, 10, 3600000, problems),
    mailMaxAttempts: int(env, 'MAIL_MAX_ATTEMPTS', 10, 1, 100, problems),
    mailRetryBaseMs: int(env, 'MAIL_RETRY_BASE_MS', 30000, 1, 3600000, problems),
    mailLeaseMs: int(env, 'MAIL_LEASE_MS', 120000, 10, 3600000, problems),
    signInLinkMinutes: int(env, 'SIGN_IN_LINK_MINUTES', 30, 1, 1440, problems),
    signInSessionHours: int(env, 'SIGN_IN_SESSION_HOURS', 12, 1, 720, problems),
    signInLinksPerEmail: int(env, 'SIGN_IN_LINKS_PER_EMAIL', 5, 0, 1000000, problems),
    signInLinksPerAddress: int(env, 'SIGN_IN_LINKS_PER_ADDRESS', 20, 0, 1000000, problems),
    // On by default only where the CLI cannot run beside the server: the embedded database.
    bootstrapAdminTokenFile:
      env.BOOTSTRAP_ADMIN_TOKEN_FILE ||
      (databaseUrl === null ? `${env.DATA_DIR || './data'}/bootstrap-admin-token` : null),
    map: mapConfig(env, problems),
    handlerJwt: handlerJwtConfig(env, problems),
    retentionContactMonths: env.RETENTION_CONTACT_MONTHS
      ? int(env, 'RETENTION_CONTACT_MONTHS', 0, 1, 1200, problems)
      : null,
    retentionPollMs: int(env, 'RETENTION_POLL_MS', 3600000, 1000, 86400000, problems),
    alertPollMs: int(env, 'ALERT_POLL_MS', 5000, 10, 3600000, problems),
    alertDigestHour: int(env, 'ALERT_DIGEST_HOUR', 7, 0, 23, problems),
    webhookRetryFirstSeconds: int(env, 'WEBHOOK_RETRY_FIRST_SECONDS', 30, 1, 3600, problems),
    webhookMaxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 15, 1, 100, problems),
    webhookTimeoutMs: webhookTimeout,
    webhookPollMs: int(env, 'WEBHOOK_POLL_MS', 1000, 10, 3600000, problems),
    webhookLeaseMs: int(env, 'WEBHOOK_LEASE_MS', Math.max(60000, 2 * webhookTimeout), 10, 3600000, problems),
    metrics: oneOf(env, 'METRICS', ['on', 'off'] as const, 'on', problems),
    metricsToken: metricsToken(env, problems),
    metricsCacheSeconds: int(env, 'METRICS_CACHE_SECONDS', 5, 0, 3600, problems),
    webConcurrency,
    backgroundJobs: bool(env, 'BACKGROUND_JOBS', true, problems),
  });
  if (config.webhookLeaseMs <= config.webhookTimeoutMs) {
    problems.push('WEBHOOK_LEASE_MS must be longer than WEBHOOK_TIMEOUT_MS, or two workers could send one delivery');
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
