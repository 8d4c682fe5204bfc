/**
 * `npm run admin -- <command>`: projects, plans and API keys.
 *   create-project <name> <plan>      a project; prints its id and a first API key
 *   issue-key <project_id> [name]     a new API key (shown once)
 *   revoke-key <key_id | prefix>      revokes a key
 *   set-plan <project_id> <plan>      changes a project's plan
 *   plans                             lists the plans
 */
import { loadConfig } from '../config.js';
import { createDb } from '../db/client.js';
import { issueApiKey, revokeApiKey } from '../db/queries/api-keys.js';
import { findPlan, listPlans } from '../db/queries/plans.js';
import { createProject, setProjectPlan } from '../db/queries/projects.js';

const [command, ...args] = process.argv.slice(2);
const db = createDb(loadConfig().database.url);

async function requirePlan(plan: string | undefined): Promise<string> {
  const found = plan ? await findPlan(db, plan) : undefined;
  if (!found) throw new Error(`unknown plan "${plan ?? ''}" (free, hobby, starter, pro, prime)`);
  return found.id;
}

async function run(): Promise<void> {
  switch (command) {
    case 'create-project': {
      if (!args[0]) throw new Error('usage: create-project <name> <plan>');
      const project = await createProject(db, args[0], await requirePlan(args[1]));
      const key = await issueApiKey(db, project.id, 'initial');
      console.log(
        JSON.stringify({ project_id: project.id, plan: project.plan_id, api_key: key.key, key_id: key.id }, null, 2),
      );
      return;
    }
    case 'issue-key': {
      if (!args[0]) throw new Error('usage: issue-key <project_id> [name]');
      const key = await issueApiKey(db, args[0], args[1] ?? null);
      console.log(JSON.stringify({ api_key: key.key, key_id: key.id, prefix: key.prefix }, null, 2));
      return;
    }
    case 'revoke-key':
      if (!args[0]) throw new Error('usage: revoke-key <key_id | prefix>');
      if (!(await revokeApiKey(db, args[0]))) throw new Error('no active key with that id or prefix');
      console.log('revoked');
      return;
    case 'set-plan':
      if (!args[0]) throw new Error('usage: set-plan <project_id> <plan>');
      if (!(await setProjectPlan(db, args[0], await requirePlan(args[1])))) throw new Error('no such project');
      console.log('plan changed');
      return;
    case 'plans':
      console.table(await listPlans(db));
      return;
    default:
      console.log(
        'commands: create-project <name> <plan> | issue-key <project_id> [name] | revoke-key <key_id|prefix> | set-plan <project_id> <plan> | plans',
      );
  }
}

try {
  await run();
} catch (err) {
  console.error(`admin: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
