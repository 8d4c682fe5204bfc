/**
 * The production-shaped Temporal for `TEMPORAL_MODE=server`: the Temporal server itself (the
 * engine a cluster runs, not the CLI's dev server) with PostgreSQL persistence and SQL
 * visibility, in one process with all four services, plus the Temporal Web UI server beside it.
 * Both are built once per machine from the Go module proxy into the per-user cache.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import { ensureSearchAttributes } from '../contract/register-search-attributes.js';
import { waitForFrontend, type RunningDevServer } from './dev-server.js';
import { spawnInGroup, stopGroup, type GroupProcess } from './process-group.js';
import { goInstall } from './go-install.js';
import { ensureDatabase, withDatabase } from './postgres.js';
import { isExecutable } from './temporal-cli.js';
import { freePort, run, step } from './util.js';

/**
 * v1.30.4 is the newest server release that builds with the Go on this kind of machine (v1.31
 * asks for a newer Go). Its PostgreSQL schemas are versions 1.18 (main) and 1.13 (visibility);
 * the SQL tool carries them.
 */
export const TEMPORAL_SERVER = { version: '1.30.4', schema: '1.18', visibilitySchema: '1.13' } as const;
/** The Web UI server the CLI v1.5.1 embeds. */
export const TEMPORAL_UI_SERVER_VERSION = '2.42.1';

export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  ui: string;
}

/** The server, its SQL schema tool and the Web UI server, from the cache or built into it. */
export async function resolveTemporalServer(cacheDir: string): Promise<TemporalServerTools> {
  const serverDir = join(cacheDir, 'temporal-server', `v${TEMPORAL_SERVER.version}`);
  const uiDir = join(cacheDir, 'temporal-ui-server', `v${TEMPORAL_UI_SERVER_VERSION}`);
  const tools = {
    server: join(serverDir, 'temporal-server'),
    sqlTool: join(serverDir, 'temporal-sql-tool'),
    ui: join(uiDir, 'temporal-ui-server'),
  };
  if (!(await isExecutable(tools.server)) || !(await isExecutable(tools.sqlTool))) {
    await mkdir(serverDir, { recursive: true });
    const module = `go.temporal.io/server`;
    await goInstall({
      what: `the Temporal server v${TEMPORAL_SERVER.version} and its SQL tool`,
      packages: [
        `${module}/cmd/server@v${TEMPORAL_SERVER.version}`,
        `${module}/cmd/tools/sql@v${TEMPORAL_SERVER.version}`,
      ],
      binaries: { server: tools.server, sql: tools.sqlTool },
      scratchIn: serverDir,
      hint: 'Or run without TEMPORAL_MODE=server (the dev server), or point TEMPORAL_ADDRESS at a Temporal you run.',
    });
  }
  if (!(await isExecutable(tools.ui))) {
    await mkdir(uiDir, { recursive: true });
    await goInstall({
      what: `the Temporal Web UI server v${TEMPORAL_UI_SERVER_VERSION}`,
      packages: [`github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_SERVER_VERSION}`],
      binaries: { server: tools.ui },
      scratchIn: uiDir,
      hint: 'Or run without TEMPORAL_MODE=server (the dev server has the Web UI built in).',
    });
  }
  return tools;
}

interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

function postgresTarget(url: string): PostgresTarget {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

const DATABASES = {
  temporal: { schema: 'postgresql/v12/temporal', version: TEMPORAL_SERVER.schema },
  temporal_visibility: { schema: 'postgresql/v12/visibility', version: TEMPORAL_SERVER.visibilitySchema },
} as const;

/**
 * Creates the server's two databases on the PostgreSQL of `url` and their schemas on first use.
 * A database made by another server version is refused with what to do, never altered.
 */
async function prepareDatabases(sqlTool: string, url: string): Promise<void> {
  const target = postgresTarget(url);
  for (const [database, { schema, version }] of Object.entries(DATABASES)) {
    await ensureDatabase(url, database);
    const found = await schemaVersion(withDatabase(url, database));
    if (found === version) continue;
    if (found !== undefined) {
      throw new Error(
        `The ${database} database has schema version ${found}; Temporal server v${TEMPORAL_SERVER.version} ` +
          `needs ${version}. Upgrade it with temporal-sql-tool update-schema, or drop the database to start afresh.`,
      );
    }
    step('temporal', `Creating the ${database} schema (version ${version})…`);
    await run(sqlTool, [
      ...['--plugin', 'postgres12', '--ep', target.host, '-p', String(target.port)],
      ...['-u', target.user, '--pw', target.password, '--db', database],
      ...['setup-schema', '--schema-name', schema, '--version', version],
    ]);
  }
}

async function schemaVersion(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const table = await client.query(`select to_regclass('schema_version') as t`);
    if (!table.rows[0]?.t) return undefined;
    const { rows } = await client.query<{ curr_version: string }>('select curr_version from schema_version');
    return rows[0]?.curr_version;
  } finally {
    await client.end();
  }
}

/** The server's static configuration: one process, four history shards, everything on loopback. */
async function serverConfig(opts: {
  pg: PostgresTarget;
  port: number;
  dynamicConfigFile: string;
}): Promise<Record<string, unknown>> {
  // The server stores membership ports as a PostgreSQL smallint: they must lie below 32768. The
  // search starts at a random place, so two servers starting at once rarely pick the same ports.
  let nextMembershipPort = 20_000 + Math.floor(Math.random() * 10_000);
  const membershipPort = async () => {
    const port = await freePort(nextMembershipPort);
    nextMembershipPort = port + 1;
    return port;
  };
  const service = async (grpcPort: number, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort, membershipPort: await membershipPort(), bindOnLocalHost: true, ...extra },
  });
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${opts.pg.host}:${opts.pg.port}`,
      connectProtocol: 'tcp',
      user: opts.pg.user,
      password: opts.pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
      // Commits return once written, not once flushed to disk (the WAL is flushed within
      // 0.6 s): crash-safe and consistent, as the dev server's SQLite with synchronous=normal;
      // a power cut may lose the last moments, after which an activity may run again, and the
      // run's key keeps it to one row and one charge. PostgreSQL's setting, per connection.
      connectAttributes: { synchronous_commit: 'off' },
    },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: 4,
      datastores: { default: store('temporal', 20), visibility: store('temporal_visibility', 5) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: await service(opts.port, { httpPort: await freePort() }),
      history: await service(await freePort()),
      matching: await service(await freePort()),
      worker: await service(await freePort()),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${opts.port}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: opts.dynamicConfigFile, pollInterval: '60s' },
  };
}

/**
 * Settings that differ from the server's defaults, each for a reason:
 * - an activity scheduled by a workflow task goes straight back to the worker that completed it;
 * - the Web UI's list and count calls are not held to 10 a second (as on the dev server);
 * - the history service keeps at most 8,096 workflows' mutable state in memory (as the dev server
 *   does; the default, 128,000, took it past 1 GB with 10,000 idle heartbeats).
 */
const DYNAMIC_CONFIG = {
  'system.enableActivityEagerExecution': [{ value: true }],
  'history.hostLevelCacheMaxSize': [{ value: 8096 }],
  'frontend.namespaceRPS.visibility': [{ value: 100 }],
};

/** Registers the namespace and the project's search attributes, if missing. */
async function prepareNamespace(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address });
  try {
    let changed = false;
    const known = await connection.workflowService.describeNamespace({ namespace }).then(
      () => true,
      () => false,
    );
    if (!known) {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('3 days'),
      });
      changed = true;
    }
    // A new namespace reaches the services' namespace caches within seconds; until then the
    // search attribute calls answer NOT_FOUND.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if (await ensureSearchAttributes(connection, namespace)) changed = true;
        return changed;
      } catch (err) {
        if ((err as { code?: number }).code !== status.NOT_FOUND || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * Starts the Temporal server on PostgreSQL (databases `temporal` and `temporal_visibility` on the
 * server of `databaseUrl`) and its Web UI, registers the namespace and search attributes, and
 * waits until both answer.
 */
export async function startTemporalServer(opts: {
  tools: TemporalServerTools;
  databaseUrl: string;
  port: number;
  uiPort: number;
  dataDir: string;
  namespace: string;
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}): Promise<RunningDevServer & { uiProcess: ChildProcess }> {
  await prepareDatabases(opts.tools.sqlTool, opts.databaseUrl);
  const configDir = join(opts.dataDir, 'temporal-server');
  await mkdir(join(configDir, 'ui'), { recursive: true });
  const dynamicConfigFile = join(configDir, 'dynamic-config.yaml');
  const configFile = join(configDir, 'config.yaml');
  // JSON is YAML: the files are written as JSON.
  await writeFile(dynamicConfigFile, JSON.stringify(DYNAMIC_CONFIG, null, 2));
  const config = await serverConfig({ pg: postgresTarget(opts.databaseUrl), port: opts.port, dynamicConfigFile });
  await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });

  const server = spawnInGroup(opts.tools.server, ['--config-file', configFile, '--allow-no-auth', 'start'], opts.onLog);
  const address = `127.0.0.1:${opts.port}`;
  let ui: GroupProcess | undefined;
  const stop = async () => {
    if (ui) await stopGroup(ui, 10_000);
    await stopGroup(server, 20_000);
  };
  try {
    await Promise.race([
      waitForFrontend(address, opts.readyTimeoutMs ?? 120_000, () => server.child.exitCode),
      server.spawnError,
    ]);
    if (await prepareNamespace(address, opts.namespace)) {
      // Each service reads namespaces (and their search attributes) every 2 s: after a change,
      // wait until all have the new ones before a workflow uses them.
      await new Promise((r) => setTimeout(r, 5_000));
    }
    await waitForHistory(address, opts.namespace, opts.readyTimeoutMs ?? 120_000);
    await writeFile(
      join(configDir, 'ui', 'development.yaml'),
      JSON.stringify({
        temporalGrpcAddress: address,
        host: '127.0.0.1',
        port: opts.uiPort,
        enableUi: true,
        defaultNamespace: opts.namespace,
        notifyOnNewVersion: false,
        cors: { allowOrigins: [`http://127.0.0.1:${opts.uiPort}`] },
      }),
    );
    ui = spawnInGroup(
      opts.tools.ui,
      ['--root', configDir, '--config', 'ui', '--env', 'development', 'start'],
      opts.onLog,
    );
    await Promise.race([
      waitForHttp(`http://127.0.0.1:${opts.uiPort}/`, 30_000, () => ui!.child.exitCode),
      ui.spawnError,
    ]);
  } catch (err) {
    await stop();
    throw new Error(
      `The Temporal server did not become ready on ${address}: ${(err as Error).message}\n` +
        `${[...server.output, ...(ui?.output ?? [])].slice(-10).join('\n')}\n` +
        `Is port ${opts.port} or ${opts.uiPort} in use (set TEMPORAL_PORT / TEMPORAL_UI_PORT)?`,
    );
  }
  return { address, uiUrl: `http://127.0.0.1:${opts.uiPort}`, process: server.child, uiProcess: ui.child, stop };
}

/**
 * Until the history service owns its shards, a frontend that answers still refuses every workflow
 * call ("Not enough hosts to serve the request", UNAVAILABLE). A read of a workflow that does not
 * exist goes through history: NOT_FOUND means the server can take a heartbeat's first call.
 */
async function waitForHistory(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const connection = await Connection.connect({ address });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const code = await connection.workflowService
        .describeWorkflowExecution({ namespace, execution: { workflowId: 'heartbeat-readiness-probe' } })
        .then(
          () => status.OK,
          (err: { code?: number }) => err.code,
        );
      if (code === status.NOT_FOUND || code === status.OK) return;
      if (Date.now() > deadline) throw new Error(`the history service was not serving after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await connection.close();
  }
}

async function waitForHttp(url: string, timeoutMs: number, exitCode: () => number | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode() !== null) throw new Error(`the Web UI server exited with code ${exitCode()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the Web UI did not answer on ${url} in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
