/** `npm start` as a terminal runs it: ports, the whole stack, Ctrl-C, server mode, and the metrics it serves. */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { stopGroup } from '../../dev/process-group.js';
import { procStatFields } from '../../dev/proc.js';
import { freePort } from '../../dev/util.js';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Processes whose command line mentions `text` (the temporary data folder names them all). */
const processesMentioning = (text: string) => {
  try {
    return execFileSync('pgrep', ['-f', text], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The niceness of a process's scheduling group (autogroup); undefined where the kernel has none. */
const autogroupNice = (pid: number) =>
  readFile(`/proc/${pid}/autogroup`, 'utf8').then(
    (text) => Number(/nice (-?\d+)/.exec(text)![1]),
    () => undefined,
  );

/** The scheduling policies of a process's threads (0 normal, 3 batch). */
async function policies(pid: number) {
  const tids = await readdir(`/proc/${pid}/task`);
  const stats = await Promise.all(tids.map((tid) => readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
  return [...new Set(stats.map((stat) => Number(procStatFields(stat)[38])))]; // field 41, `policy`
}

/** The services' process ids, as `npm start` records them in its data folder. */
const servicePids = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'processes.json'), 'utf8')) as Record<string, number>;

/** Starts `npm start` with `env` and resolves with its exit code and output. */
function startOnce(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** Every stack a test started: one a failed assertion left running is stopped after the test. */
const launched: Array<{ child: ChildProcess; exited: Promise<number | null> }> = [];
afterEach(async () => {
  const running = launched.splice(0).filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  await Promise.all(running.map((s) => stopGroup(s, 60_000)));
});

/** `npm start` as a terminal runs it, on free ports in `dir`, until its API is ready. */
async function launch(dir: string, extraEnv: NodeJS.ProcessEnv = {}, readyWithinMs = 90_000) {
  const ports = {
    api: await freePort(),
    temporal: await freePort(),
    ui: await freePort(),
    pg: await freePort(),
    workerMetrics: await freePort(),
    sdkMetrics: await freePort(),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      API_PORT: String(ports.api),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      EMBEDDED_PG_PORT: String(ports.pg),
      WORKER_METRICS_PORT: String(ports.workerMetrics),
      TEMPORAL_SDK_METRICS_PORT: String(ports.sdkMetrics),
      TEMPORAL_CLI_PATH: inject('temporalCliPath'),
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, like a terminal's foreground job: Ctrl-C goes to all of it.
    detached: true,
  });
  const stack = { child, ports, output: '', exited: undefined as unknown as Promise<number | null> };
  launched.push(stack);
  child.stdout.on('data', (d: Buffer) => (stack.output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stack.output += d.toString()));
  stack.exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const deadline = Date.now() + readyWithinMs;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await fetch(`http://127.0.0.1:${ports.api}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  expect(ready, stack.output).toBe(true);
  return stack;
}

/** Ctrl-C as a terminal sends it: SIGINT to every process of the foreground group at once. */
async function interrupt(stack: Awaited<ReturnType<typeof launch>>, dir: string) {
  process.kill(-stack.child.pid!, 'SIGINT');
  expect(await stack.exited, stack.output).toBe(0);
  for (const port of Object.values(stack.ports)) expect(await portOpen(port)).toBe(false);
  expect(processesMentioning(dir)).toEqual([]);
}

/** The API as the development credentials call it. */
async function apiAs(stack: Awaited<ReturnType<typeof launch>>, dir: string) {
  const credentials = JSON.parse(await readFile(join(dir, 'dev-credentials.json'), 'utf8'));
  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${stack.ports.api}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.api_key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  return { credentials, post };
}

describe('npm start', () => {
  it('refuses to start when one of its ports is taken, says which, and exits non-zero', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, output } = await startOnce({
        ...process.env,
        DATA_DIR: await mkdtemp(join(tmpdir(), 'heartbeat-taken-')),
        API_PORT: String(port),
        TEMPORAL_PORT: String(await freePort()),
        TEMPORAL_UI_PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(await freePort()),
        WORKER_METRICS_PORT: String(await freePort()),
        TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
        DATABASE_URL: '',
        TEMPORAL_ADDRESS: '',
      });
      expect(code).toBe(1);
      expect(output).toContain(`port ${port} (API) is already in use`);
    } finally {
      taken.close();
    }
  });

  it('brings up PostgreSQL, Temporal + Web UI, worker and API, and Ctrl-C stops all of it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'heartbeat-start-'));
    await chmod(dataDir, 0o755); // PostgreSQL runs as the `postgres` user, which must reach its folder
    const stack = await launch(dataDir);
    const { ports } = stack;
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);
    const docs = await fetch(`http://127.0.0.1:${ports.api}/docs`);
    expect(await docs.text()).toContain('/docs/assets/start.js');
    const start = await fetch(`http://127.0.0.1:${ports.api}/docs/assets/start.js`);
    expect(await start.text()).toContain('SwaggerUIBundle');
    const bundle = await fetch(`http://127.0.0.1:${ports.api}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    const spec = (await (await fetch(`http://127.0.0.1:${ports.api}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/bot/heartbeat/configure',
        '/v1/bot/heartbeat/stats',
        '/v1/bot/create',
        '/v1/bot/subscriber/readall',
      ]),
    );
    const { credentials, post } = await apiAs(stack, dataDir);
    expect(Object.keys(credentials).sort()).toEqual(['api_key', 'api_url', 'bot_id', 'project_id']);
    // Where the API listens, for `heartbeat login --dev` (API_PORT is not 3000 here).
    expect(credentials.api_url).toBe(`http://127.0.0.1:${ports.api}`);
    const bot = await fetch(
      `http://127.0.0.1:${ports.api}/v1/bot/read?project_id=${credentials.project_id}&bot_id=${credentials.bot_id}`,
      {
        headers: { authorization: `Bearer ${credentials.api_key}` },
      },
    );
    expect(((await bot.json()) as { bot: unknown }).bot).toMatchObject({ heartbeat: true });

    // A run, then what Prometheus would scrape: the API's requests, the worker's runs and the Temporal SDK's own metrics.
    const hb = await post('/v1/bot/heartbeat/configure', {
      project_id: credentials.project_id,
      bot_id: credentials.bot_id,
      prompt: 'Ping',
      enabled: true,
    });
    const run = await post('/v1/bot/heartbeat/trigger', {
      project_id: credentials.project_id,
      heartbeat_id: hb.body.heartbeat.uuid,
    });
    expect(run.body.result, JSON.stringify(run.body)).toMatchObject({ status: 'success' });
    const apiMetrics = await (await fetch(`http://127.0.0.1:${ports.api}/metrics`)).text();
    expect(apiMetrics).toMatch(
      /heartbeat_http_requests_total\{method="POST",route="\/v1\/bot\/heartbeat\/trigger",status="200"/,
    );
    const workerMetrics = await (await fetch(`http://127.0.0.1:${ports.workerMetrics}/metrics`)).text();
    expect(workerMetrics).toMatch(
      /heartbeat_runs_total\{type="manual",status="success",reason="",process="worker"\} 1/,
    );
    // The Temporal SDK's histograms in seconds, their unit in their names.
    expect(workerMetrics).toContain('temporal_workflow_task_schedule_to_start_latency_seconds_bucket');
    expect(workerMetrics).toContain('temporal_activity_execution_latency_seconds_bucket');
    // Node's and the process's metrics under their usual names, once prefixed; no gauge named like a counter.
    expect(apiMetrics).toMatch(/^process_cpu_seconds_total\{process="api"\}/m);
    expect(workerMetrics).toMatch(/^nodejs_eventloop_lag_p99_seconds\{process="worker"\}/m);
    expect(apiMetrics + workerMetrics).not.toMatch(/heartbeat_process_/);
    const gauges = [...(apiMetrics + workerMetrics).matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]!);
    expect(gauges.length).toBeGreaterThan(5);
    expect(gauges.filter((name) => name.endsWith('_total'))).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${ports.api}/`, { redirect: 'manual' })).status).toBeLessThan(400);
    // The Grafana dashboard in the repository asks only for metrics these endpoints serve, and its
    // import asks which Prometheus to read (every panel reads the data source it is given).
    const dashboard = JSON.parse(await readFile('docs/grafana-dashboard.json', 'utf8')) as {
      __inputs: Array<{ name: string; type: string; pluginId: string }>;
      panels: Array<{ datasource?: { uid: string }; targets?: Array<{ expr: string; datasource?: { uid: string } }> }>;
    };
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ type: 'datasource', pluginId: 'prometheus' })]);
    const input = `\${${dashboard.__inputs[0]!.name}}`;
    const sources = dashboard.panels.flatMap((p) => [p.datasource, ...(p.targets ?? []).map((t) => t.datasource)]);
    expect(new Set(sources.filter(Boolean).map((d) => d!.uid))).toEqual(new Set([input]));
    const asked = dashboard.panels
      .flatMap((p) => p.targets ?? [])
      .flatMap((t) => t.expr.match(/\b(heartbeat|temporal)_[a-z0-9_]+/g) ?? [])
      .map((name) => name.replace(/_(bucket|sum|count)$/, ''));
    expect(asked.length).toBeGreaterThan(10);
    const served = apiMetrics + workerMetrics;
    expect([...new Set(asked)].filter((name) => !served.includes(name))).toEqual([]);
    expect(stack.output).toContain('Ready in');
    // By default the API and the worker (whose timers start held runs) run at the same priority,
    // and Temporal, which keeps the books after the runs, yields to them: its session is lowered
    // and its threads take the batch policy (the TEMPORAL_MODE=server test below sets both).
    const pids = await servicePids(dataDir);
    for (const name of ['API', 'worker']) {
      expect(await autogroupNice(pids[name]!), name).toBeOneOf([0, undefined]);
      expect(await policies(pids[name]!), name).toEqual([0]);
    }
    expect(await autogroupNice(pids.temporal!)).toBeOneOf([10, undefined]);
    expect(await policies(pids.temporal!)).toEqual([3]);
    await interrupt(stack, dataDir);
  }, 120_000);

  it('TEMPORAL_MODE=server runs the Temporal server on PostgreSQL with its Web UI; heartbeats outlive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heartbeat-server-'));
    await chmod(dir, 0o755);
    try {
      const first = await launch(
        dir,
        { TEMPORAL_MODE: 'server', BACKGROUND_NICENESS: '5', TEMPORAL_NICENESS: '5' },
        180_000,
      );
      expect(first.output).toContain('Temporal server v1.30.4');
      // Asked to, the worker and Temporal yield the CPU to the API: their sessions are lowered
      // (the kernel shares a full machine between sessions) and their threads take the batch policy.
      const pids = await servicePids(dir);
      if ((await autogroupNice(pids.API!)) !== undefined) {
        expect(await autogroupNice(pids.API!)).toBe(0);
        expect(await autogroupNice(pids.worker!)).toBe(5);
        expect(await autogroupNice(pids.temporal!)).toBe(5);
      }
      expect(await policies(pids.worker!)).toEqual([3]);
      expect(await policies(pids.temporal!)).toEqual([3]);
      expect(await policies(pids.API!)).toEqual([0]);
      const { credentials, post } = await apiAs(first, dir);
      const hb = await post('/v1/bot/heartbeat/configure', {
        project_id: credentials.project_id,
        bot_id: credentials.bot_id,
        prompt: 'Ping',
        interval_minutes: 60,
        enabled: true,
      });
      const id = hb.body.heartbeat.uuid as string;
      const trigger = () => post('/v1/bot/heartbeat/trigger', { project_id: credentials.project_id, heartbeat_id: id });
      expect((await trigger()).body.result, first.output).toMatchObject({ status: 'success' });
      // The Web UI server finds the workflow by the project's search attribute (SQL visibility).
      const query = encodeURIComponent(`HeartbeatProjectId = "${credentials.project_id}"`);
      const listed = (await (
        await fetch(`http://127.0.0.1:${first.ports.ui}/api/v1/namespaces/default/workflows?query=${query}`)
      ).json()) as { executions?: Array<{ execution: { workflowId: string } }> };
      expect(listed.executions?.map((e) => e.execution.workflowId)).toEqual([`heartbeat-${id}`]);
      await interrupt(first, dir);

      // Everything Temporal knew is in PostgreSQL: after a restart the same workflow answers.
      const second = await launch(dir, { TEMPORAL_MODE: 'server' }, 120_000);
      const again = await apiAs(second, dir);
      const rerun = await again.post('/v1/bot/heartbeat/trigger', {
        project_id: credentials.project_id,
        heartbeat_id: id,
      });
      expect(rerun.body.result, second.output).toMatchObject({ status: 'success' });
      const logs = (await (
        await fetch(
          `http://127.0.0.1:${second.ports.api}/v1/bot/heartbeat/logs?project_id=${credentials.project_id}&heartbeat_id=${id}`,
          { headers: { authorization: `Bearer ${credentials.api_key}` } },
        )
      ).json()) as { total: number };
      expect(logs.total).toBe(2);
      await interrupt(second, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 360_000);
});
