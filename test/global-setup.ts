/**
 * Once per test run: the workflow bundle, a PostgreSQL database of the tests' own (never the
 * development one), and a real Temporal dev server, on free ports.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.js';
import { createDb, migrateToLatest } from '../db/client.js';
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, withDatabase } from '../dev/postgres.js';
import { startTemporalDevServer } from '../dev/dev-server.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { provisionChromium } from '../dev/chromium.js';
import { provisionDockerCompose } from '../dev/debian.js';
import { provisionSchemathesis } from '../dev/schemathesis.js';
import { readTestServerChoice } from '../dev/test-server.js';
import { freePort } from '../dev/util.js';
import { bundleOptions } from '../worker/worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
    testServerPath: string | null;
    temporalCliPath: string;
    schemathesisPath: string;
    chromiumPath: string;
    dockerComposePath: string;
  }
}

export default async function setup(project: TestProject) {
  const stops: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    await start(project, stops);
  } catch (err) {
    // A setup that fails halfway (a migration, a download) leaves no server running.
    await teardown().catch(() => undefined);
    throw err;
  }
  return teardown;
}

async function start(project: TestProject, stops: Array<() => Promise<void>>) {
  const config = loadConfig();
  const testDir = resolve(config.dataDir, 'test');
  await mkdir(testDir, { recursive: true });

  const [bundle, cli, testServer] = await Promise.all([
    bundleWorkflowCode({ ...bundleOptions(), logger: quietLogger }),
    resolveTemporalCli({
      explicitPath: config.temporal.devServer.cliPath,
      cacheDir: config.tools.cacheDir,
      pathVar: process.env.PATH,
    }),
    readTestServerChoice(config.tools.cacheDir),
  ]);
  const workflowBundlePath = join(testDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  let serverUrl = config.database.external ? config.database.url : undefined;
  if (!serverUrl) {
    // A cluster per run, so two runs at once never share a data folder; in the system temp
    // folder, which the `postgres` system user can always reach.
    const dataDir = join(tmpdir(), `heartbeat-test-pg-${process.pid}`);
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    stops.push(pg.stop);
    serverUrl = pg.url;
  }
  const database = `heartbeat_test_${process.pid}`;
  await ensureDatabase(serverUrl, database);
  stops.push(() => dropDatabase(serverUrl, database));
  const databaseUrl = withDatabase(serverUrl, database);
  const db = createDb(databaseUrl);
  await migrateToLatest(db);
  await db.destroy();

  const temporal = await startTemporalDevServer({
    cliPath: cli.path,
    port: await freePort(),
    uiPort: await freePort(),
  });
  stops.push(temporal.stop);

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('testServerPath', testServer.type === 'java' ? testServer.path! : null);
  project.provide('temporalCliPath', cli.path);
  project.provide('schemathesisPath', await provisionSchemathesis(config.tools.cacheDir));
  project.provide('chromiumPath', await provisionChromium());
  project.provide('dockerComposePath', await provisionDockerCompose());
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
