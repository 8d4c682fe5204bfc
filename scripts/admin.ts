/**
 * `npm run admin -- <command>`: what an operator does by hand: projects, API keys, plans and secrets.
 * `npm run admin -- help <command>` explains each; `--json` prints machine-readable output.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.js';
import { databaseFor, DatabaseUnavailableError, type Db } from '../db/client.js';
import type { Plan } from '../db/database.js';
import { issueApiKey, revokeApiKey } from '../db/queries/api-keys.js';
import { findBot } from '../db/queries/bots.js';
import { describeGrant, KEY_SCOPES, type KeyScope } from '../domain/access.js';
import { findPlan, insertPlan, listPlans } from '../db/queries/plans.js';
import { createProject } from '../db/queries/projects.js';
import { changePlan, changeProjectPlan } from '../api/services/plans.js';
import { rotateSecrets } from '../db/queries/secrets.js';
import { secretBoxFor } from '../secrets.js';

/** A failure the operator can act on: printed as the message alone, exit code 1. */
class AdminError extends Error {}

const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0');
  return n;
};

let db: Db | undefined;
const database = () => (db ??= databaseFor(loadConfig(), 'tool'));

function print(json: boolean, value: unknown, text: () => void) {
  if (json) console.log(JSON.stringify(value, null, 2));
  else text();
}

async function requirePlan(id: string): Promise<Plan> {
  const plan = await findPlan(database(), id);
  if (!plan) {
    const known = (await listPlans(database())).map((p) => p.id).join(', ');
    throw new AdminError(`unknown plan "${id}" (${known})`);
  }
  return plan;
}

const program = new Command('admin')
  .description('Operate a Heartbeat service: projects, API keys and plans.')
  .option('--json', 'print JSON instead of text')
  .showHelpAfterError()
  .exitOverride();
const json = () => Boolean(program.opts().json);

program
  .command('create-project')
  .description('create a project on a plan, with a first API key (shown once)')
  .argument('<name>', 'the project name')
  .argument('<plan>', 'the plan id (see `plans`)')
  .action(async (name: string, planId: string) => {
    const plan = await requirePlan(planId);
    const project = await createProject(database(), name, plan.id);
    const key = await issueApiKey(database(), project.id, 'initial');
    // The created project is printed as JSON either way: scripts read its key from it.
    console.log(
      JSON.stringify({ project_id: project.id, plan: project.plan_id, api_key: key.key, key_id: key.id }, null, 2),
    );
  });

program
  .command('issue-key')
  .description('issue a new API key for a project (shown once); full access unless --scope or --bot says less')
  .argument('<project_id>')
  .argument('[name]', 'a label for the key')
  .addOption(
    new Option('--scope <scope>', 'heartbeats:read reads everything; heartbeats:write also changes heartbeats').choices(
      KEY_SCOPES,
    ),
  )
  .option('--bot <bot_id>', "a heartbeats:write key that changes this bot's heartbeats only")
  .action(async (projectId: string, name: string | undefined, o: { scope?: KeyScope; bot?: string }) => {
    const scope = o.scope ?? (o.bot ? 'heartbeats:write' : 'full');
    if (o.bot) {
      if (scope !== 'heartbeats:write') throw new AdminError(`--bot binds a heartbeats:write key, not ${scope}`);
      if (!/^[0-9a-f-]{36}$/i.test(o.bot) || !(await findBot(database(), projectId, o.bot))) {
        throw new AdminError(`no bot ${o.bot} in project ${projectId}`);
      }
    }
    const grant = { scope, bot_id: o.bot ?? null };
    const key = await issueApiKey(database(), projectId, name ?? null, grant);
    // Printed as JSON either way: the key is shown this once, and scripts read it.
    console.log(
      JSON.stringify(
        {
          api_key: key.key,
          key_id: key.id,
          prefix: key.prefix,
          scope,
          bot_id: grant.bot_id,
          access: describeGrant(grant),
        },
        null,
        2,
      ),
    );
  });

program
  .command('revoke-key')
  .description('revoke an API key by its id or prefix')
  .argument('<key>', 'key id or prefix')
  .action(async (key: string) => {
    if (!(await revokeApiKey(database(), key))) throw new AdminError('no active key with that id or prefix');
    print(json(), { revoked: true }, () => console.log('revoked'));
  });

program
  .command('set-plan')
  .description("change a project's plan")
  .argument('<project_id>')
  .argument('<plan>')
  .action(async (projectId: string, planId: string) => {
    const plan = await requirePlan(planId);
    const changed = await changeProjectPlan(database(), projectId, plan);
    if (!changed) throw new AdminError('no such project');
    const adjusted = changed.paused_or_changed.length;
    print(json(), { project_id: projectId, plan: plan.id, heartbeats_adjusted: adjusted }, () =>
      console.log(`plan changed; ${adjusted} heartbeat(s) brought within it`),
    );
  });

program
  .command('plans')
  .description('list the plans')
  .action(async () => {
    const plans = await listPlans(database());
    print(json(), plans, () => console.table(plans));
  });

const planOptions = (cmd: Command) =>
  cmd
    .option('--heartbeat', 'heartbeats are included')
    .option('--no-heartbeat', 'heartbeats are not included')
    .option('--max-heartbeats-per-bot <n>', 'heartbeats a bot may have', wholeNumber)
    .option('--min-interval <minutes>', 'the shortest interval (and cron gap) allowed', wholeNumber)
    .option('--rate-limit <per-minute>', 'API requests per project per minute', wholeNumber)
    .option('--max-bots <n>', 'bots a project may have', wholeNumber)
    .option('--max-members <n>', 'members (subscribers) a project may have', wholeNumber)
    .option('--max-tools-per-bot <n>', 'MCP servers a bot may connect', wholeNumber);

type PlanFlags = {
  heartbeat?: boolean;
  maxHeartbeatsPerBot?: number;
  minInterval?: number;
  rateLimit?: number;
  maxBots?: number;
  maxMembers?: number;
  maxToolsPerBot?: number;
};
const planChanges = (o: PlanFlags) => ({
  ...(o.heartbeat !== undefined && { heartbeat_enabled: o.heartbeat }),
  ...(o.maxHeartbeatsPerBot !== undefined && { max_heartbeats_per_bot: o.maxHeartbeatsPerBot }),
  ...(o.minInterval !== undefined && { min_interval_minutes: o.minInterval }),
  ...(o.rateLimit !== undefined && { rate_limit_per_minute: o.rateLimit }),
  ...(o.maxBots !== undefined && { max_bots: o.maxBots }),
  ...(o.maxMembers !== undefined && { max_members: o.maxMembers }),
  ...(o.maxToolsPerBot !== undefined && { max_tools_per_bot: o.maxToolsPerBot }),
});

planOptions(
  program
    .command('create-plan')
    .description('create a plan (heartbeats off and no allowances unless given)')
    .argument('<id>', 'the plan id: letters, digits, - and _'),
).action(async (id: string, o: PlanFlags) => {
  if (!/^[a-z0-9_-]{1,40}$/i.test(id)) throw new AdminError('a plan id is letters, digits, - and _ (at most 40)');
  if (await findPlan(database(), id)) throw new AdminError(`plan "${id}" exists; change it with update-plan`);
  const plan = await insertPlan(database(), {
    id,
    heartbeat_enabled: false,
    max_heartbeats_per_bot: 0,
    min_interval_minutes: 5,
    rate_limit_per_minute: 60,
    max_bots: 5,
    max_members: 100,
    max_tools_per_bot: 3,
    ...planChanges(o),
  });
  print(json(), plan, () => console.table([plan]));
});

planOptions(
  program
    .command('update-plan')
    .description("change a plan's allowances (projects on it follow at once)")
    .argument('<id>'),
).action(async (id: string, o: PlanFlags) => {
  await requirePlan(id);
  const changes = planChanges(o);
  if (Object.keys(changes).length === 0) throw new AdminError('nothing to change: give at least one option');
  const { plan, paused_or_changed } = (await changePlan(database(), id, changes))!;
  print(json(), { ...plan, heartbeats_adjusted: paused_or_changed.length }, () => {
    console.table([plan]);
    console.log(`${paused_or_changed.length} heartbeat(s) brought within it`);
  });
});

program
  .command('rotate-secrets')
  .description(
    'seal every stored webhook secret and MCP header value under SECRETS_KEY (run after moving the old key ' +
      'to SECRETS_KEY_PREVIOUS; then SECRETS_KEY_PREVIOUS can be removed)',
  )
  .option('--seal-plaintext', 'also seal values stored before sealing existed (otherwise left and counted)')
  .action(async (o: { sealPlaintext?: boolean }) => {
    const box = secretBoxFor(loadConfig());
    const result = await rotateSecrets(database(), box, { sealPlaintext: Boolean(o.sealPlaintext) });
    print(json(), result, () =>
      console.log(
        `${result.resealed} re-sealed, ${result.current} already under SECRETS_KEY` +
          (result.plaintext ? `, ${result.plaintext} never sealed (left: run again with --seal-plaintext)` : '') +
          (result.unreadable ? `, ${result.unreadable} under a key not given (left: set SECRETS_KEY_PREVIOUS)` : ''),
      ),
    );
    if (result.unreadable > 0) process.exitCode = 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are not failures; usage errors were already printed by commander.
    process.exitCode = err.exitCode;
  } else if (err instanceof AdminError) {
    console.error(`admin: ${err.message}`);
    process.exitCode = 1;
  } else if (err instanceof DatabaseUnavailableError) {
    console.error(
      `admin: the database is unreachable (${loadConfig().database.external ? 'DATABASE_URL' : 'the embedded server: is `npm start` running?'}).`,
    );
    process.exitCode = 2;
  } else {
    console.error(`admin: ${(err as Error).message}`);
    process.exitCode = 1;
  }
} finally {
  await db?.destroy();
}
