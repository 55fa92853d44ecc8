import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export type Server = { name: string; url: string; child: ChildProcess; stderr: string[] };

export function build(root: string): void {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitReady(server: Server, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) break;
    try {
      const response = await fetch(`${server.url}${path}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(
    `${server.name} did not become ready on ${server.url}${path}:\n${server.stderr.join('').slice(-2000)}`,
  );
}

/** Starts `node <script>` as a child process on a loopback port (`fixedPort`, else a free one) and waits for `readyPath`. */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  readyPath: string,
  readyTimeoutMs = 30000,
  fixedPort?: number,
): Promise<Server> {
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const server: Server = { name, url: `http://127.0.0.1:${port}`, child, stderr: [] };
  child.stderr?.on('data', (chunk: Buffer) => {
    server.stderr.push(chunk.toString());
    if (server.stderr.length > 200) server.stderr.shift();
  });
  await waitReady(server, readyPath, readyTimeoutMs);
  return server;
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(15000)]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

/** VmRSS and VmHWM of a process in MB, from /proc/<pid>/status. */
export function memoryMb(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat, in clock ticks of 1/100 s). */
function ownCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** A process and its descendants: with WEB_CONCURRENCY > 1 the HTTP workers are the service's children. */
export function processTree(pid: number): number[] {
  let children: string[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  } catch {
    // No children file (a kernel without it, or the process is gone): the process alone.
  }
  return [pid, ...children.flatMap((child) => processTree(Number(child)))];
}

/** The RSS in MB of the largest process among a process and its descendants, and of all of them. */
export function treeRssMb(pid: number): { largest: number; sum: number } {
  let largest = 0;
  let sum = 0;
  for (const each of processTree(pid)) {
    const rss = memoryMb(each)?.rss ?? 0;
    largest = Math.max(largest, rss);
    sum += rss;
  }
  return { largest, sum };
}

/** A process's CPU seconds with its descendants'. */
export function cpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + ownCpuSeconds(each), 0);
}

/** CPU seconds used so far by each running `postgres` process, by pid. */
export function postgresCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Each process's own time: the postmaster's children are the backends listed here too.
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        byPid.set(Number(entry), ownCpuSeconds(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
}

/**
 * CPU seconds postgres used between two snapshots: processes alive at the end count from their
 * first snapshot (or from 0 when new); ones that ended in between are not counted (an underestimate).
 */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += Math.max(0, seconds - (before.get(pid) ?? 0));
  return total;
}

/**
 * Samples the RSS of a process and its descendants every 200 ms: the largest single process's
 * peak since the last `reset()` and over the whole life, and the peak of their sum.
 */
export class RssSampler {
  private max = 0;
  private overall = 0;
  private sum = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }

  sample(): void {
    const { largest, sum } = treeRssMb(this.pid);
    this.max = Math.max(this.max, largest);
    this.overall = Math.max(this.overall, largest);
    this.sum = Math.max(this.sum, sum);
  }

  /** The largest process's peak since the last `reset()`. */
  peak(): number {
    this.sample();
    return this.max;
  }

  /** The largest process's peak over the whole run. */
  overallPeak(): number {
    this.sample();
    return this.overall;
  }

  /** The peak of all the processes' RSS added up, over the whole run. */
  sumPeak(): number {
    this.sample();
    return this.sum;
  }

  /** How many processes the tree has now (the primary and its workers). */
  processes(): number {
    return processTree(this.pid).length;
  }

  /** The largest VmHWM among the processes now alive. */
  largestHwm(): number {
    return Math.max(...processTree(this.pid).map((each) => memoryMb(each)?.hwm ?? 0));
  }

  reset(): void {
    this.max = 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
