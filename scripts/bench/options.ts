/** Benchmark settings: `--name=value` flags win over BENCH_* environment variables. */
export type BenchOptions = {
  requests: number;
  duration: number;
  rounds: number;
  connections: number;
  databaseUrl: string;
  /** Endpoint keys to measure (BENCH_ONLY=a,b); the baselines they compare to come along. Empty: all. */
  only: string[];
  /** false (BENCH_EXTRAS=0): only the endpoint table; no plans, body size, statistics or photo burst. */
  extras: boolean;
  /**
   * The service's HTTP worker processes (BENCH_WEB_CONCURRENCY, docs/scale-out.md); null: the
   * service's own default, one per core on PostgreSQL, as a city runs it.
   */
  webConcurrency: number | null;
  /** PUBLIC_CACHE_SECONDS for the service (BENCH_PUBLIC_CACHE_SECONDS; 0 = every list built); null: its default. */
  publicCacheSeconds: number | null;
};

const DEFAULTS: BenchOptions = {
  requests: 100000,
  duration: 5,
  rounds: 3,
  connections: 20,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/palaute311_bench',
  only: [],
  extras: true,
  webConcurrency: null,
  publicCacheSeconds: null,
};

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match)
      throw new Error(
        `unknown argument "${arg}" (use --requests=N --duration=S --rounds=N --connections=N --database-url=URL --only=KEY,KEY --extras=0 --web-concurrency=N --public-cache-seconds=N)`,
      );
    out.set(match[1], match[2]);
  }
  return out;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

function optionalPositive(name: string, raw: string | undefined): number | null {
  return raw === undefined || raw === '' ? null : positive(name, raw, 1);
}

function seconds(name: string, raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of seconds, got "${raw}"`);
  return value;
}

export function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const f = flags(argv);
  const pick = (flag: string, variable: string) => f.get(flag) ?? env[variable];
  return {
    requests: positive('BENCH_REQUESTS', pick('requests', 'BENCH_REQUESTS'), DEFAULTS.requests),
    duration: positive('BENCH_DURATION', pick('duration', 'BENCH_DURATION'), DEFAULTS.duration),
    rounds: positive('BENCH_ROUNDS', pick('rounds', 'BENCH_ROUNDS'), DEFAULTS.rounds),
    connections: positive('BENCH_CONNECTIONS', pick('connections', 'BENCH_CONNECTIONS'), DEFAULTS.connections),
    databaseUrl: pick('database-url', 'BENCH_DATABASE_URL') || DEFAULTS.databaseUrl,
    only: (pick('only', 'BENCH_ONLY') ?? '').split(',').filter((key) => key !== ''),
    extras: !['0', 'false', 'no'].includes(pick('extras', 'BENCH_EXTRAS') ?? ''),
    webConcurrency: optionalPositive('BENCH_WEB_CONCURRENCY', pick('web-concurrency', 'BENCH_WEB_CONCURRENCY')),
    publicCacheSeconds:
      seconds('BENCH_PUBLIC_CACHE_SECONDS', pick('public-cache-seconds', 'BENCH_PUBLIC_CACHE_SECONDS')) ??
      DEFAULTS.publicCacheSeconds,
  };
}
