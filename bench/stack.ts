/**
 * The system exactly as `npm start` runs it (file-backed Temporal, PostgreSQL, the worker and the
 * API as processes of their own), in a scratch folder on free ports, for benchmarks.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procStatFields } from '../dev/proc.js';
import { freePort } from '../dev/util.js';

export interface BenchStack {
  dataDir: string;
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  workerMetricsUrl: string;
  credentials: { project_id: string; api_key: string; bot_id: string };
  env: NodeJS.ProcessEnv;
  pids(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startBenchStack(extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'heartbeat-bench-'));
  await chmod(dataDir, 0o755); // PostgreSQL runs as the `postgres` user, which must reach its folder
  const ports = {
    API_PORT: await freePort(),
    TEMPORAL_PORT: await freePort(),
    TEMPORAL_UI_PORT: await freePort(),
    EMBEDDED_PG_PORT: await freePort(),
    WORKER_METRICS_PORT: await freePort(),
    TEMPORAL_SDK_METRICS_PORT: await freePort(),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Everything the stack prints goes to a file beside the data folder, kept after the run: when a
  // request fails, its error line is there.
  const logFile = `${dataDir}.log`;
  const logStream = createWriteStream(logFile);
  let output = '';
  const keep = (d: Buffer) => {
    logStream.write(d);
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  process.stderr.write(`[bench] the stack's output: ${logFile}\n`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const apiUrl = `http://127.0.0.1:${ports.API_PORT}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${apiUrl}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the stack did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const credentials = JSON.parse(await readFile(join(dataDir, 'dev-credentials.json'), 'utf8'));
  return {
    dataDir,
    apiUrl,
    databaseUrl: `postgres://heartbeat:heartbeat@127.0.0.1:${ports.EMBEDDED_PG_PORT}/heartbeat`,
    temporalAddress: `127.0.0.1:${ports.TEMPORAL_PORT}`,
    workerMetricsUrl: `http://127.0.0.1:${ports.WORKER_METRICS_PORT}/metrics`,
    credentials,
    env,
    pids: async () => JSON.parse(await readFile(join(dataDir, 'processes.json'), 'utf8')),
    async stop() {
      child.kill('SIGINT');
      const code = await exited;
      await rm(dataDir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`npm start exited with ${code}:\n${output.slice(-3000)}`);
    },
  };
}

/** Resident memory of a process, in MB (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU seconds (user + system) a process and its children have used so far (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // utime, stime, cutime, cstime: fields 14–17 of the line, 12–15 after the name.
  const ticks = procStatFields(stat)
    .slice(11, 15)
    .reduce((s, f) => s + Number(f), 0);
  return ticks / 100;
}

/**
 * A process and all its descendants (PostgreSQL's backends are children of its postmaster, each in
 * a session of its own, so their process group is not the postmaster's).
 */
export async function processTree(root: number): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const parentOf = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(procStatFields(stat)[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}
