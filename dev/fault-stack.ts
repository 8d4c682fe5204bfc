/**
 * The whole system with every part in a process of its own, each of which can be killed and
 * started again: PostgreSQL, the file-backed Temporal dev server, the worker and the API. For the
 * fault runs (`npm run chaos`, and its short version in the tests).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateToLatest, type Db } from '../db/client.js';
import { issueApiKey } from '../db/queries/api-keys.js';
import { insertPlan } from '../db/queries/plans.js';
import { createProject } from '../db/queries/projects.js';
import { newSecretsKey } from '../secrets.js';
import { startTemporalDevServer, type RunningDevServer } from './dev-server.js';
import { signalGroup } from './process-group.js';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from './postgres.js';
import { startService, type RunningService } from './services.js';
import { freePort } from './util.js';

export async function startFaultStack(opts: { cliPath: string; env?: NodeJS.ProcessEnv }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'heartbeat-faults-'));
  await chmod(dataDir, 0o755);
  const ports = {
    pg: await freePort(),
    temporal: await freePort(),
    ui: await freePort(),
    api: await freePort(),
    workerMetrics: await freePort(),
    sdkMetrics: await freePort(),
  };
  const databaseUrl = `postgres://heartbeat:heartbeat@127.0.0.1:${ports.pg}/heartbeat`;
  const temporalAddress = `127.0.0.1:${ports.temporal}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    API_PORT: String(ports.api),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
    TEMPORAL_SDK_METRICS_PORT: String(ports.sdkMetrics),
    SECRETS_KEY: newSecretsKey(),
    LOG_LEVEL: 'warn',
    ...opts.env,
  };

  let pg: RunningPostgres | undefined;
  let temporal: RunningDevServer | undefined;
  let worker: RunningService | undefined;
  let api: RunningService | undefined;

  const parts = {
    postgres: {
      async start() {
        pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: ports.pg });
      },
      async stop() {
        await pg?.stop();
        pg = undefined;
      },
    },
    temporal: {
      async start() {
        temporal = await startTemporalDevServer({
          cliPath: opts.cliPath,
          port: ports.temporal,
          uiPort: ports.ui,
          dbFile: join(dataDir, 'temporal.db'),
        });
      },
      kill9() {
        signalGroup(temporal?.process.pid, 'SIGKILL');
        temporal = undefined;
      },
      async stop() {
        await temporal?.stop();
        temporal = undefined;
      },
    },
    worker: {
      async start() {
        worker = await startService('worker', 'worker/main.ts', { env });
      },
      kill9() {
        signalGroup(worker?.process.pid, 'SIGKILL');
        worker = undefined;
      },
      async stop() {
        await worker?.stop();
        worker = undefined;
      },
    },
    api: {
      async start() {
        api = await startService('API', 'api/main.ts', { env });
      },
      async stop() {
        await api?.stop();
        api = undefined;
      },
    },
  };

  await parts.postgres.start();
  const db: Db = createDb(databaseUrl, { max: 4 });
  try {
    await ensureDatabase(pg!.url, 'heartbeat');
    await migrateToLatest(db);
    await parts.temporal.start();
    await parts.worker.start();
    await parts.api.start();
  } catch (err) {
    // A part that fails to start leaves nothing of the stack running behind it.
    for (const part of [parts.api, parts.worker, parts.temporal]) await part.stop().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    await parts.postgres.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  // The dev plan's allowances, and a rate limit the fault run's clients stay under.
  const plan = await insertPlan(db, {
    id: `faults-${Date.now()}`,
    heartbeat_enabled: true,
    max_heartbeats_per_bot: 1_000,
    min_interval_minutes: 1,
    rate_limit_per_minute: 1_000_000,
    max_bots: 50,
    max_members: 1_000,
    max_tools_per_bot: 20,
  });
  const project = await createProject(db, 'faults', plan.id);
  const { key } = await issueApiKey(db, project.id, 'faults');

  return {
    ...parts,
    db,
    env,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    temporalAddress,
    projectId: project.id,
    apiKey: key,
    async close() {
      await parts.api.stop();
      await parts.worker.stop();
      await parts.temporal.stop();
      await db.destroy();
      await parts.postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;
