/**
 * `npm start`: the whole system on one machine, in order: PostgreSQL (embedded or
 * DATABASE_URL), migrations, the Temporal dev server with its Web UI (or TEMPORAL_ADDRESS),
 * the worker and the API. Ctrl-C stops everything; a second start reuses the data.
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { startApi } from '../api/serve.js';
import { loadConfig } from '../config.js';
import { bringUpDatabase } from '../dev/database.js';
import { createLogger } from '../logger.js';
import { startWorker } from '../worker/run.js';
import { ensureDevCredentials } from './dev-credentials.js';
import { startTemporalDevServer } from '../dev/dev-server.js';
import { untilSignal } from '../lifecycle.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { formatSeconds, step } from '../dev/util.js';

const progress = (line: string) => step('start', line);

async function main(): Promise<number> {
  const started = Date.now();
  const config = loadConfig();
  await mkdir(config.dataDir, { recursive: true });
  const logger = createLogger(config, 'heartbeat');
  const stops: Array<[string, () => Promise<unknown>]> = [];
  let stopping = false;
  const signal = untilSignal().then((s) => {
    stopping = true;
    progress(`${s} received: stopping…`);
  });
  const shutdown = async () => {
    for (const [name, stop] of stops.reverse()) {
      try {
        await stop();
        progress(`stopped ${name}`);
      } catch (err) {
        progress(`stopping ${name} failed: ${(err as Error).message}`);
      }
    }
  };

  try {
    const database = await bringUpDatabase(config, progress);
    stops.push(['PostgreSQL', database.stop]);
    if (stopping) return 0;

    let temporalUi: string | undefined;
    if (config.temporal.external) {
      progress(`Temporal: using TEMPORAL_ADDRESS ${config.temporal.address}.`);
    } else {
      const cli = await resolveTemporalCli({
        explicitPath: config.temporal.devServer.cliPath,
        cacheDir: config.tools.cacheDir,
        pathVar: process.env.PATH,
      });
      const { port, uiPort, dbFile } = config.temporal.devServer;
      progress(`Temporal: starting the dev server on 127.0.0.1:${port}, Web UI on ${uiPort} (CLI from ${cli.source})…`);
      const logFile = await open(join(config.dataDir, 'temporal.log'), 'a');
      const server = await startTemporalDevServer({
        cliPath: cli.path,
        port,
        uiPort,
        dbFile,
        namespace: config.temporal.namespace,
        onLog: (line) => void logFile.write(line + '\n'),
      });
      stops.push([
        'Temporal dev server',
        async () => {
          await server.stop();
          await logFile.close();
        },
      ]);
      temporalUi = server.uiUrl;
    }
    if (stopping) return 0;

    const worker = await startWorker(config, database.db, logger.child({ part: 'worker' }));
    stops.push(['worker', worker.stop]);
    progress(`Worker: polling task queue "${config.temporal.taskQueue}" (agent provider: ${config.agent.provider}).`);
    const api = await startApi(config, database.db, logger.child({ part: 'api' }));
    stops.push(['API', api.stop]);
    const creds = await ensureDevCredentials(database.db, config.dataDir);

    progress(`Ready in ${formatSeconds(Date.now() - started)}:`);
    progress(`  API          ${api.url}   (health: ${api.url}/readyz)`);
    progress(`  Swagger UI   ${api.url}/docs`);
    if (temporalUi) progress(`  Temporal UI  ${temporalUi}`);
    progress(
      `  PostgreSQL   ${database.embedded ? `embedded, 127.0.0.1:${config.database.embedded.port}` : 'DATABASE_URL'}`,
    );
    progress(
      `  Credentials  ${creds.file}${creds.created ? ' (new)' : ''}: project ${creds.credentials.project_id}, bot ${creds.credentials.bot_id}`,
    );
    progress('Press Ctrl-C to stop.');

    await Promise.race([signal, worker.running]);
    return 0;
  } catch (err) {
    progress(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await shutdown();
  }
}

process.exitCode = await main();
