/**
 * `heartbeat` (or `npm run cli -- …`): the Heartbeat API from a terminal, on the typed client.
 * Tables for people, `--json` for scripts; exit codes in errors.ts. Each command (or command
 * group) lives in commands/<name>.ts.
 */
import { Command, Help, type Option } from 'commander';
import { registerHeartbeats } from './commands/heartbeats.js';
import { registerLogin } from './commands/login.js';
import { registerLogs } from './commands/logs.js';
import { registerMcpConfig } from './commands/mcp-config.js';
import { registerPreview } from './commands/preview.js';
import { registerStats } from './commands/stats.js';
import { report } from './errors.js';

// Scripts asked for JSON: usage errors come as JSON on stdout too, not as commander's line.
const json = process.argv.includes('--json');

const program = new Command('heartbeat')
  .description('Configure, run and watch heartbeats: autonomous agent schedules.')
  .option('--json', 'print JSON, for scripts (errors too, as {"error": {…}})')
  .option('--url <url>', 'the API (default: the one you signed in to)')
  .option('--key <key>', 'an API key (default: the one you signed in with)')
  .option('--project <project_id>', "the key's project (default: the one the key names)")
  // A mistake prints its one line and where the rest is, not the whole help.
  .showHelpAfterError(json ? false : "(add --help for this command's options)")
  .configureHelp({
    // Options a command cannot run without say so in its help.
    optionDescription: (option: Option) =>
      `${new Help().optionDescription(option)}${option.mandatory ? ' (required)' : ''}`,
  })
  .configureOutput({ outputError: (text, write) => (json ? undefined : write(text)) })
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
  process.exitCode = report(err, json);
}
