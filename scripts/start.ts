/**
 * `npm start`: the whole system on one machine, each part in a process of its own: PostgreSQL
 * (embedded, or DATABASE_URL) and its migrations, the Temporal dev server with its Web UI (or
 * TEMPORAL_ADDRESS), the worker and the API. Ctrl-C stops them all, in reverse order; a start
 * that finds one of its ports taken says which and exits non-zero instead of attaching to it.
 */
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { databaseFor, migrateToLatest } from '../db/client.js';
import { buildServices } from '../dev/build.js';
import { startTemporalDevServer } from '../dev/dev-server.js';
import { takenPorts } from '../dev/ports.js';
import { ensureDatabase, startEmbeddedPostgres } from '../dev/postgres.js';
import { startService, type RunningService } from '../dev/services.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { resolveTemporalServer, startTemporalServer, TEMPORAL_SERVER } from '../dev/temporal-server.js';
import { backgroundPriority, stillRunning } from '../dev/proc.js';
import { formatSeconds, step } from '../dev/util.js';
import { newSecretsKey } from '../secrets.js';
import { ensureDevCredentials, recordApiUrl } from './dev-credentials.js';

const progress = (line: string) => step('start', line);

/** Ports this start will listen on, by what listens there. */
function portsOf(config: Config): Record<string, number> {
  return {
    API: config.api.port,
    'worker metrics': config.worker.metricsPort,
    'Temporal SDK metrics': config.worker.sdkMetricsPort,
    ...(!config.database.external && { 'embedded PostgreSQL': config.database.embedded.port }),
    ...(!config.temporal.external && {
      [config.temporal.mode === 'server' ? 'Temporal server' : 'Temporal dev server']: config.temporal.devServer.port,
      'Temporal Web UI': config.temporal.devServer.uiPort,
    }),
  };
}

/**
 * The worker's heap, for its main thread and its workflow thread alike: a young generation of
 * 8 MB semi-spaces and a capped old generation. A run allocates a lot that dies young: with 2 MB
 * semi-spaces a run cost the worker about 1.2 ms of CPU more when a thousand came due within
 * seconds, for 17 MB less resident memory with 10,000 idle heartbeats (docs/BENCHMARKS.md, "The
 * worker's young generation").
 */
export function workerNodeFlags(config: Config): string[] {
  return ['--max-semi-space-size=8', `--max-old-space-size=${config.worker.heapMb}`];
}

/**
 * The C allocator's settings for the worker: the Temporal core runs on several native threads,
 * and glibc's per-thread arenas otherwise keep freed memory (about 40 MB measured after 10,000
 * workflows passed through the cache).
 */
export const WORKER_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' };

async function developmentSecretsKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'secrets.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = newSecretsKey();
    await writeFile(file, key + '\n', { mode: 0o600 });
    return key;
  }
}

/** The processes of the running system, kept in DATA_DIR so a later start can name leftovers. */
const processFile = (config: Config) => join(config.dataDir, 'processes.json');

async function main(): Promise<number> {
  const started = Date.now();
  const config = loadConfig();
  await mkdir(config.dataDir, { recursive: true });

  const taken = await takenPorts(portsOf(config));
  if (taken.length > 0) {
    for (const [name, port] of taken) progress(`FAILED: port ${port} (${name}) is already in use.`);
    const left = await stillRunning(processFile(config));
    if (left.length) progress(`An earlier start seems to be still running: ${left.join(', ')}. Stop it first.`);
    progress('Free the port, or choose others: API_PORT, EMBEDDED_PG_PORT, TEMPORAL_PORT, TEMPORAL_UI_PORT.');
    return 1;
  }

  const stops: Array<[string, () => Promise<unknown>]> = [];
  const pids: Record<string, number> = {};
  let stopping: string | undefined;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C reaches npm, tsx and this process alike, and npm and tsx pass it on:
    // the same stop request arrives more than once.
    if (stopping) return;
    stopping = signal;
    progress(`${signal} received: stopping…`);
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const savePids = () => writeFile(processFile(config), JSON.stringify(pids, null, 2));

  // The key that seals secrets at rest: SECRETS_KEY, else one made once for this data folder.
  const secretsKey = config.secretsKey ?? (await developmentSecretsKey(config.dataDir));

  let code = 0;
  let creds: Awaited<ReturnType<typeof ensureDevCredentials>>;
  try {
    if (config.database.external) {
      progress('PostgreSQL: using DATABASE_URL.');
    } else {
      const { port, dataDir, database, user, password } = config.database.embedded;
      progress(`PostgreSQL: starting the embedded server on 127.0.0.1:${port} (data in ${dataDir})…`);
      const logFile = await open(join(config.dataDir, 'postgres.log'), 'a');
      const server = await startEmbeddedPostgres({
        dataDir,
        port,
        user,
        password,
        onLog: (line) => void logFile.write(line + '\n'),
      });
      stops.push(['PostgreSQL', async () => (await server.stop(), await logFile.close())]);
      pids.postgres = server.process.pid!;
      await ensureDatabase(server.url, database);
    }
    const db = databaseFor(config, 'tool');
    try {
      const applied = await migrateToLatest(db);
      progress(
        `Migrations: ${applied.length ? applied.map((m) => m.migrationName).join(', ') + ' applied' : 'up to date'}.`,
      );
      creds = await ensureDevCredentials(db, config.dataDir);
    } finally {
      await db.destroy();
    }
    if (stopping) return 0;

    let temporalUi: string | undefined;
    if (config.temporal.external) {
      progress(`Temporal: using TEMPORAL_ADDRESS ${config.temporal.address}.`);
    } else {
      const logFile = await open(join(config.dataDir, 'temporal.log'), 'a');
      const onLog = (line: string) => void logFile.write(line + '\n');
      const server = await (
        config.temporal.mode === 'server' ? startServerTemporal(config, onLog) : startDevTemporal(config, onLog)
      ).catch(async (err: unknown) => {
        await logFile.close();
        throw err;
      });
      stops.push([server.name, async () => (await server.stop(), await logFile.close())]);
      pids.temporal = server.process.pid!;
      if (server.uiProcess) pids['Temporal Web UI'] = server.uiProcess.pid!;
      backgroundPriority(server.process.pid!, config.worker.temporalNiceness);
      temporalUi = server.uiUrl;
    }
    if (stopping) return 0;

    // Inside the project, so the compiled files find its node_modules; one folder per start.
    const buildDir = join(config.sourceRoot, 'node_modules', '.cache', 'heartbeat', `build-${process.pid}`);
    stops.push(['compiled services', () => rm(buildDir, { recursive: true, force: true })]);
    const built = await buildServices(buildDir);
    const env = { HEARTBEAT_SOURCE_ROOT: config.sourceRoot, SECRETS_KEY: secretsKey };
    const children: RunningService[] = [];
    const services: Array<[string, string, string[], NodeJS.ProcessEnv]> = [
      ['worker', built.worker, workerNodeFlags(config), { ...env, ...WORKER_MALLOC_ENV }],
      ['API', built.api, [], env],
    ];
    for (const [name, script, nodeFlags, serviceEnv] of services) {
      const service = await startService(name, script, { env: serviceEnv, nodeFlags });
      stops.push([name, service.stop]);
      pids[name] = service.process.pid!;
      if (name === 'worker') backgroundPriority(service.process.pid!, config.worker.niceness);
      children.push(service);
      if (stopping) return 0;
    }
    await savePids();
    const apiUrl = String(children[1]!.detail.url);
    await recordApiUrl(creds.file, creds.credentials, apiUrl);

    progress(`Ready in ${formatSeconds(Date.now() - started)}:`);
    progress(`  API          ${apiUrl}   (health: ${apiUrl}/readyz)`);
    progress(`  Swagger UI   ${apiUrl}/docs`);
    progress(`  Metrics      ${apiUrl}/metrics (API), ${String(children[0]!.detail.metrics)} (worker + Temporal SDK)`);
    if (temporalUi) progress(`  Temporal UI  ${temporalUi}`);
    progress(
      `  PostgreSQL   ${config.database.external ? 'DATABASE_URL' : `embedded, 127.0.0.1:${config.database.embedded.port}`}`,
    );
    progress(
      `  Credentials  ${creds.file}${creds.created ? ' (new)' : ''}: project ${creds.credentials.project_id}, bot ${creds.credentials.bot_id}`,
    );
    progress('Press Ctrl-C to stop.');

    const died = children.map((c) => c.exited.then((exitCode) => ({ name: c.name, exitCode })));
    const first = await Promise.race([stopped.then(() => undefined), ...died]);
    if (first) {
      progress(`FAILED: the ${first.name} exited unexpectedly (code ${first.exitCode}); stopping the rest.`);
      code = 1;
    }
    return code;
  } catch (err) {
    progress(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    for (const [name, stop] of stops.reverse()) {
      try {
        await stop();
        progress(`stopped ${name}`);
      } catch (err) {
        progress(`stopping ${name} failed: ${(err as Error).message}`);
      }
    }
    await rm(processFile(config), { force: true });
  }
}

process.exitCode = await main();

/** The CLI's dev server: SQLite in DATA_DIR, the Web UI built in. */
async function startDevTemporal(config: Config, onLog: (line: string) => void) {
  const cli = await resolveTemporalCli({
    explicitPath: config.temporal.devServer.cliPath,
    cacheDir: config.tools.cacheDir,
    pathVar: process.env.PATH,
  });
  const { port, uiPort, dbFile } = config.temporal.devServer;
  progress(`Temporal: starting the dev server on 127.0.0.1:${port}, Web UI on ${uiPort} (CLI from ${cli.source})…`);
  const server = await startTemporalDevServer({
    cliPath: cli.path,
    port,
    uiPort,
    dbFile,
    namespace: config.temporal.namespace,
    onLog,
  });
  return { ...server, name: 'Temporal dev server', uiProcess: undefined };
}

/** `TEMPORAL_MODE=server`: the Temporal server on the same PostgreSQL, and the Web UI server. */
async function startServerTemporal(config: Config, onLog: (line: string) => void) {
  const tools = await resolveTemporalServer(config.tools.cacheDir);
  const { port, uiPort } = config.temporal.devServer;
  progress(
    `Temporal: starting the Temporal server v${TEMPORAL_SERVER.version} on 127.0.0.1:${port} (PostgreSQL persistence), Web UI on ${uiPort}…`,
  );
  const server = await startTemporalServer({
    tools,
    databaseUrl: config.database.url,
    port,
    uiPort,
    dataDir: config.dataDir,
    namespace: config.temporal.namespace,
    onLog,
  });
  return { ...server, name: 'Temporal server' };
}
