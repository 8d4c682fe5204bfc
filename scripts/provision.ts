/**
 * One-time, per-machine provisioning of what the tests and `npm start` need beyond npm
 * packages: the Temporal CLI (dev server + Web UI), the Temporal server and Web UI server of
 * `TEMPORAL_MODE=server`, a time-skipping test server, the API fuzzer and a Chromium for the
 * browser tests, and docker-compose to check the distributed deployment's file.
 * Safe to run again: cached results return at once.
 */
import { loadConfig } from '../config.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { resolveTemporalServer } from '../dev/temporal-server.js';
import {
  provisionJavaTestServer,
  sdkDownloadReachable,
  startAndStop,
  writeTestServerChoice,
  type TestServerChoice,
} from '../dev/test-server.js';
import { provisionChromium } from '../dev/chromium.js';
import { provisionDockerCompose } from '../dev/debian.js';
import { provisionSchemathesis } from '../dev/schemathesis.js';
import { formatSeconds, step } from '../dev/util.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { cacheDir, testServer } = config.tools;
  const started = Date.now();

  const cli = await resolveTemporalCli({
    explicitPath: config.temporal.devServer.cliPath,
    cacheDir,
    pathVar: process.env.PATH,
  });
  step('provision', `Temporal CLI: ${cli.path} (from ${cli.source})`);
  const server = await resolveTemporalServer(cacheDir);
  step('provision', `Temporal server (TEMPORAL_MODE=server): ${server.server}, Web UI server: ${server.ui}`);

  let choice: TestServerChoice;
  if (testServer === 'sdk' || (testServer === 'auto' && (await sdkDownloadReachable()))) {
    choice = { type: 'sdk' };
    step('provision', 'Time-skipping test server: the Temporal SDK downloads its own.');
  } else {
    const launcher = await provisionJavaTestServer(cacheDir);
    const startupMs = await startAndStop(launcher);
    choice = { type: 'java', path: launcher, startupMs };
    step('provision', `Time-skipping test server: ${launcher} (Java, starts in ${startupMs} ms)`);
  }
  await writeTestServerChoice(cacheDir, choice);
  const st = await provisionSchemathesis(cacheDir);
  step('provision', `API fuzzer: ${st}`);
  step('provision', `Browser for the dashboard tests: ${await provisionChromium()}`);
  step('provision', `Compose file checker: ${await provisionDockerCompose()}`);
  step('provision', `Ready in ${formatSeconds(Date.now() - started)}.`);
}

main().catch((err: unknown) => {
  step('provision', `FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
