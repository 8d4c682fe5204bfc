/**
 * What a fresh machine and the distributed deployment get: the files the tooling reads are in
 * git, the compose file parses on images Temporal still publishes, and the production
 * dependency set alone runs the API and a worker that run a heartbeat.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, migrateToLatest, type Db } from '../../db/client.js';
import { dropDatabase, ensureDatabase, withDatabase } from '../../dev/postgres.js';
import { stopGroup } from '../../dev/process-group.js';
import { TEMPORAL_SERVER, TEMPORAL_UI_SERVER_VERSION } from '../../dev/temporal-server.js';
import { freePort, repoFile } from '../../dev/util.js';
import { newSecretsKey } from '../../secrets.js';
import { seedProject } from '../helpers/stack.js';
import { uniqueId } from '../helpers/temporal.js';

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

const exec = promisify(execFile);
const root = repoFile();

async function trackedFiles(): Promise<string[]> {
  const { stdout } = await exec('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\0').filter(Boolean);
}

/** Every `.ts` file under `dir` (relative to the repository). */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

describe('a fresh clone', () => {
  it('tracks in git every repository file the provisioning and the start scripts read', async () => {
    const tracked = new Set(await trackedFiles());
    const named: string[] = [];
    const strays: string[] = [];
    for (const file of [...(await sources('dev')), ...(await sources('scripts'))]) {
      const text = await readFile(join(root, file), 'utf8');
      for (const call of text.matchAll(/repoFile\(([^)]*)\)/g)) {
        const args = [...call[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
        if (args.length) named.push(args.join('/'));
      }
      // Repository paths are spelled through repoFile() only, so this test sees every one.
      if (
        file !== 'dev/util.ts' &&
        /new URL\([^)]*import\.meta\.url|dirname\(fileURLToPath\(import\.meta\.url/.test(text)
      )
        strays.push(file);
    }
    expect(strays).toEqual([]);
    expect(named).toContain('dev/test-server-pom/pom.xml');
    expect(named.filter((path) => !tracked.has(path))).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  const composeFile = repoFile('docker-compose.yml');

  it('parses with docker-compose config', async () => {
    const { stderr } = await exec(inject('dockerComposePath'), ['-f', composeFile, 'config', '-q'], {
      env: { ...process.env, SECRETS_KEY: newSecretsKey() },
    });
    expect(stderr.trim()).toBe('');
  });

  it('uses only images Temporal publishes today, at the versions npm start runs, and no tctl', async () => {
    // Comments may name what is gone; the services may not.
    const text = (await readFile(composeFile, 'utf8')).replace(/^\s*#.*$/gm, '');
    const images = [...text.matchAll(/^\s*image:\s*(\S+)/gm)].map((m) => m[1]!);
    expect(images.filter((i) => /auto-setup|temporalio\/(tctl|admin-tools:.*tctl)/.test(i))).toEqual([]);
    expect(text).not.toMatch(/\btctl\b/);
    const temporal = images.filter((i) => i.startsWith('temporalio/'));
    expect(new Set(temporal)).toEqual(
      new Set([
        `temporalio/server:${TEMPORAL_SERVER.version}`,
        `temporalio/admin-tools:${TEMPORAL_SERVER.version}`,
        `temporalio/ui:${TEMPORAL_UI_SERVER_VERSION}`,
      ]),
    );
    expect(text).toMatch(/temporal-sql-tool/);
    expect(text).toMatch(/'temporal', 'operator', 'cluster', 'health'/);
    expect(text).toMatch(/deploy:\s*\n\s*replicas: \d+/);
  });

  it('builds the app from a multi-stage Dockerfile: production dependencies, a user without privileges, a health check', async () => {
    const dockerfile = await readFile(repoFile('Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^USER (?!root\b)\S+/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(runtime).not.toMatch(/npm (ci|install)(?! --omit=dev)/);
  });
});

/** Waits until `url` answers 200, or throws with what the process printed. */
async function ready(url: string, child: ChildProcess, output: () => string, withinMs = 150_000) {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready in ${withinMs / 1000} s:\n${output()}`);
}

describe('the production dependency set', () => {
  let scratch: string;
  let db: Db;
  let databaseUrl: string;
  const serverUrl = inject('databaseUrl');
  const database = `heartbeat_deploy_${process.pid}`;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // A copy holding git's files only, as a clone would, with `npm ci --omit=dev` as the image does.
    scratch = await mkdtemp(join(tmpdir(), 'heartbeat-prod-'));
    for (const file of await trackedFiles()) {
      await mkdir(dirname(join(scratch, file)), { recursive: true });
      await copyFile(join(root, file), join(scratch, file)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err; // deleted in the work tree, not yet in git
      });
    }
    await exec('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: scratch,
      maxBuffer: 64 * 1024 * 1024,
    });
    // A database of its own: the API's reconciler must not adopt other tests' heartbeats.
    await ensureDatabase(serverUrl, database);
    databaseUrl = withDatabase(serverUrl, database);
    db = createDb(databaseUrl);
    await migrateToLatest(db);
  }, 300_000);

  afterAll(async () => {
    // npm starts tsx, which starts node: the whole group is stopped, not npm alone.
    await Promise.all(children.map((child) => stopGroup({ child, exited: exitOf(child) }, 10_000)));
    await db?.destroy();
    await dropDatabase(serverUrl, database).catch(() => undefined);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('runs the API and a worker (npm run api, npm run worker) that run a triggered heartbeat', async () => {
    const [apiPort, metricsPort, sdkMetricsPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: uniqueId('prod'),
      SECRETS_KEY: newSecretsKey(),
      API_PORT: String(apiPort),
      WORKER_METRICS_PORT: String(metricsPort),
      TEMPORAL_SDK_METRICS_PORT: String(sdkMetricsPort),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      HEARTBEAT_SOURCE_ROOT: '',
    };
    const start = (script: string) => {
      const child = spawn('npm', ['run', '--silent', script], {
        cwd: scratch,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-8000)));
      child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-8000)));
      children.push(child);
      return { child, output: () => output };
    };
    const api = start('api');
    const worker = start('worker');
    await Promise.all([
      ready(`http://127.0.0.1:${apiPort}/readyz`, api.child, api.output),
      ready(`http://127.0.0.1:${metricsPort}/readyz`, worker.child, worker.output),
    ]);

    const seed = await seedProject(db);
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seed.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const created = await call('/v1/bot/heartbeat/configure', {
      project_id: seed.projectId,
      bot_id: seed.botId,
      prompt: 'Check the inbox',
      interval_minutes: 60,
    });
    expect(created.status).toBe(200);
    const run = await call('/v1/bot/heartbeat/trigger', {
      project_id: seed.projectId,
      heartbeat_id: created.body.heartbeat.uuid,
    });
    expect(run.status).toBe(200);
    expect(run.body.result.status).toBe('success');
    expect(run.body.result.tokens_used).toBeGreaterThan(0);
  }, 240_000);
});
