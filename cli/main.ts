/**
 * `heartbeat` (or `npm run cli -- …`): the Heartbeat API from a terminal, on the typed client.
 * Tables for people, `--json` for scripts. Exit codes: 0 done, 1 the API refused (4xx),
 * 2 wrong usage, 3 the service is unreachable or failing (5xx, no answer), 4 not signed in.
 * Each command (or command group) lives in commands/<name>.ts.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { HeartbeatApiError } from '../client/index.js';
import { registerHeartbeats } from './commands/heartbeats.js';
import { registerLogin } from './commands/login.js';
import { registerLogs } from './commands/logs.js';
import { registerMcpConfig } from './commands/mcp-config.js';
import { registerPreview } from './commands/preview.js';
import { registerStats } from './commands/stats.js';
import { EXIT, SignedOut } from './session.js';

const program = new Command('heartbeat')
  .description('Configure, run and watch heartbeats: autonomous agent schedules.')
  .option('--json', 'print JSON, for scripts')
  .option('--url <url>', 'the API (default: the one you signed in to)')
  .option('--key <key>', 'an API key (default: the one you signed in with)')
  .option('--project <project_id>', "the key's project (default: the one the key names)")
  .showHelpAfterError()
  .exitOverride();

registerLogin(program);
registerHeartbeats(program);
registerLogs(program);
registerStats(program);
registerPreview(program);
registerMcpConfig(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // A command's own usage error (commander's, which it has printed, is a plain CommanderError).
  if (err instanceof InvalidArgumentError) {
    console.error(`heartbeat: ${err.message}`);
    process.exitCode = EXIT.usage;
  } else if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : EXIT.usage;
  } else if (err instanceof SignedOut) {
    console.error(`heartbeat: ${err.message}`);
    process.exitCode = EXIT.signedOut;
  } else if (err instanceof HeartbeatApiError) {
    const detail = err.details.map((d) => `\n  ${d.field}: ${d.message} (${d.code})`).join('');
    console.error(`heartbeat: ${err.message} [${err.code}]${detail}`);
    process.exitCode = err.status >= 400 && err.status < 500 ? EXIT.refused : EXIT.unavailable;
  } else {
    console.error(`heartbeat: ${(err as Error).message}`);
    process.exitCode = EXIT.unavailable;
  }
}
