import type { Endpoint } from './endpoints';
import type { RunResult } from './load';

export const MAX_STEAL = 0.05;
export const MAX_RSS_MB = 250;

export type Run = { round: number; key: string; result: RunResult };

type Summary = {
  endpoint: Endpoint;
  used: RunResult[];
  dropped: number;
  rps: number;
  non2xx: number;
  errors: number;
  ratio: { value: number; rounds: number } | null;
  ratioAlso: { value: number; rounds: number } | null;
};

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const clean = (r: RunResult) => r.steal <= MAX_STEAL;

/** Runs with more than 5 % steal are dropped, unless that would leave none. */
function usable(runs: RunResult[]): RunResult[] {
  const kept = runs.filter(clean);
  return kept.length > 0 ? kept : runs;
}

/** Median of the same-round ratios, over rounds where both runs are clean (else over all rounds). */
function ratio(runs: Run[], key: string, to: string): Summary['ratio'] {
  const byRound = (k: string) => new Map(runs.filter((r) => r.key === k).map((r) => [r.round, r.result]));
  const mine = byRound(key);
  const theirs = byRound(to);
  const pairs = [...mine].flatMap(([round, a]) => {
    const b = theirs.get(round);
    return b && b.rps > 0 ? [{ a, b }] : [];
  });
  const cleanPairs = pairs.filter(({ a, b }) => clean(a) && clean(b));
  const used = cleanPairs.length > 0 ? cleanPairs : pairs;
  if (used.length === 0) return null;
  return { value: median(used.map(({ a, b }) => a.rps / b.rps)), rounds: used.length };
}

export function summarise(endpoints: Endpoint[], runs: Run[]): Summary[] {
  return endpoints.map((endpoint) => {
    const all = runs.filter((r) => r.key === endpoint.key).map((r) => r.result);
    const used = usable(all);
    return {
      endpoint,
      used,
      dropped: all.length - used.length,
      rps: median(used.map((r) => r.rps)),
      non2xx: all.reduce((sum, r) => sum + r.non2xx, 0),
      errors: all.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
      ratio: endpoint.compare ? ratio(runs, endpoint.key, endpoint.compare.to) : null,
      ratioAlso: endpoint.compareAlso ? ratio(runs, endpoint.key, endpoint.compareAlso.to) : null,
    };
  });
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');

function verdict(s: Summary): string {
  if (s.non2xx > 0 || s.errors > 0) return '**INVALID** (non-2xx/errors)';
  if (!s.endpoint.compare) return s.endpoint.target === 'baseline' ? 'baseline' : '–';
  const pairs = [
    [s.endpoint.compare, s.ratio],
    [s.endpoint.compareAlso, s.ratioAlso],
  ] as const;
  const checked = pairs.filter(([c]) => c !== undefined);
  if (checked.some(([, r]) => r === null)) return '-';
  return checked.every(([c, r]) => r !== null && c !== undefined && r.value >= c.min) ? 'pass' : '**FAIL**';
}

/** Median milliseconds of CPU per answered request, from a run's CPU share (% of one core) and rate. */
const msPerRequest = (runs: RunResult[], cpu: (r: RunResult) => number) =>
  median(runs.map((r) => (r.rps > 0 ? (10 * cpu(r)) / r.rps : NaN)));

function row(s: Summary): string {
  const c = s.endpoint.compare;
  const a = s.endpoint.compareAlso;
  const cells = [
    s.endpoint.label,
    f0(s.rps),
    f1(median(s.used.map((r) => r.p50))),
    f1(median(s.used.map((r) => r.p99))),
    f0(median(s.used.map((r) => r.serverCpu))),
    f0(median(s.used.map((r) => r.postgresCpu))),
    f2(msPerRequest(s.used, (r) => r.serverCpu)),
    f2(msPerRequest(s.used, (r) => r.postgresCpu)),
    f0(Math.max(...s.used.map((r) => r.rss))),
    `${s.used.length}${s.dropped > 0 ? ` (−${s.dropped})` : ''}`,
    `${s.non2xx} / ${s.errors}`,
    [s.ratio, s.ratioAlso].flatMap((r) => (r ? [r.value.toFixed(2)] : [])).join(' / '),
    [c, a].flatMap((y) => (y ? [`≥ ${y.min} × ${y.to}`] : [])).join(' / '),
    verdict(s),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The Markdown results table (README-ready). */
export function resultsTable(summaries: Summary[]): string {
  const header =
    '| endpoint | req/s (median) | p50 ms | p99 ms | server CPU % | postgres CPU % | server CPU ms/req | postgres CPU ms/req | peak RSS MB | runs used | non-2xx / errors | ratio | target | result |';
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |';
  return [header, rule, ...summaries.map(row)].join('\n');
}

/** The service's memory: its largest process (the one the budget is for) and all its processes together. */
export type ServiceMemory = { peak: number; hwm: number; sum: number; processes: number };

export function memoryTable(service: ServiceMemory, baselinePeak: number): string {
  const all =
    service.processes > 1 ? ` (all ${service.processes} processes together: ${f0(service.sum)} MB at the peak)` : '';
  return [
    '| process | peak RSS under load (MB, sampled every 200 ms) | VmHWM (MB) | target | result |',
    '| --- | ---: | ---: | --- | --- |',
    `| service (node dist/src/main.js), largest process${all} | ${f0(service.peak)} | ${f0(service.hwm)} | ≤ ${MAX_RSS_MB} MB | ${service.hwm <= MAX_RSS_MB ? 'pass' : '**FAIL**'} |`,
    `| baseline (bare Koa + pg) | ${f0(baselinePeak)} | | | |`,
  ].join('\n');
}

/** Non-2xx responses, errors and timeouts by run: reported in full, never folded into the medians silently. */
export function problems(runs: Run[]): string[] {
  return runs
    .filter((r) => r.result.non2xx > 0 || r.result.errors > 0 || r.result.timeouts > 0)
    .map(
      (r) =>
        `round ${r.round} ${r.key}: non-2xx ${r.result.non2xx}, errors ${r.result.errors}, timeouts ${r.result.timeouts}, status codes ${JSON.stringify(r.result.statusCodes)}`,
    );
}
