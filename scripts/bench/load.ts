import fs from 'node:fs';
import autocannon from 'autocannon';
import { cpuSeconds, postgresCpu, postgresCpuBetween, type RssSampler } from './servers';

/** One HTTP request as the load generator sends it; a fresh one is drawn for every request. */
export type Draw = () => autocannon.RequestParams;

export type RunResult = {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Hypervisor steal, as a fraction of all CPU time during the run. */
  steal: number;
  /** CPU the server process used during the run, in % of one core. */
  serverCpu: number;
  /** CPU of all postgres processes during the run, in % of one core. */
  postgresCpu: number;
  /** CPU of this process (autocannon) during the run, in % of one core. */
  clientCpu: number;
  /** Peak RSS of the server process during the run, in MB. */
  rss: number;
};

type CpuTimes = { steal: number; total: number };

/** The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal … */
function cpuTimes(): CpuTimes {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { steal: ticks[7] ?? 0, total: ticks.reduce((sum, t) => sum + t, 0) };
}

function stealBetween(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? (after.steal - before.steal) / total : 0;
}

function statusCounts(result: autocannon.Result): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats)) out[code] = stat.count;
  return out;
}

/** Drives `url` with `connections` keep-alive connections for `seconds`, drawing every request afresh. */
export async function runLoad(
  url: string,
  draw: Draw,
  seconds: number,
  connections: number,
  server: { pid: number; rss: RssSampler },
): Promise<RunResult> {
  const { pid, rss } = server;
  rss.reset();
  const cpuBefore = cpuSeconds(pid);
  const postgresBefore = postgresCpu();
  const clientBefore = process.cpuUsage();
  const before = cpuTimes();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [{ setupRequest: (request) => Object.assign(request, draw()) }],
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const steal = stealBetween(before, cpuTimes());
  const client = process.cpuUsage(clientBefore);
  const percent = (seconds: number) => (100 * seconds) / wallSeconds;
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: statusCounts(result),
    steal,
    serverCpu: percent(cpuSeconds(pid) - cpuBefore),
    postgresCpu: percent(postgresCpuBetween(postgresBefore, postgresCpu())),
    clientCpu: percent((client.user + client.system) / 1e6),
    rss: rss.peak(),
  };
}
