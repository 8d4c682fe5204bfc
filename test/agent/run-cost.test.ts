/**
 * What the outcome features cost a run that does not use them: a fixed heartbeat without the new
 * options sends the database what it always did (its context read and its one-statement write),
 * whatever its run reports; a held-back notification is marked in that same write.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { executeRun } from '../../activities/execute.js';
import { toWorkflowConfig } from '../../api/mappers.js';
import type { ExecuteRunInput } from '../../contract/activities.js';
import { createDb, type Db } from '../../db/client.js';
import { insertBot } from '../../db/queries/bots.js';
import { insertHeartbeat } from '../../db/queries/heartbeats.js';
import { createProject } from '../../db/queries/projects.js';
import { startScriptedOpenAI } from '../helpers/loopback.js';
import { scheduledRunInput } from '../helpers/config.js';
import { activityDefaults } from '../helpers/stack.js';

let db: Db;
let statements = 0;
let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { onStatement: () => statements++ });
  openai = await startScriptedOpenAI([]);
});
afterAll(async () => {
  await db?.destroy();
  await openai?.close();
});

async function fixedHeartbeat(): Promise<ExecuteRunInput> {
  const project = await createProject(db, `run cost ${randomUUID()}`, 'pro');
  const bot = await insertBot(db, { project_id: project.id, name: 'b', model: 'm', instruction: '', heartbeat: true });
  const row = await insertHeartbeat(db, {
    project_id: project.id,
    bot_id: bot.id,
    prompt: 'Check',
    interval_minutes: 5,
    enabled: true,
    timezone: 'UTC',
    max_consecutive_errors: 5,
    anchor_at: new Date(),
  });
  const config = toWorkflowConfig(row);
  // Without the new options, the configuration the workflow carries is what it always was.
  expect(Object.keys(config)).not.toContain('agent');
  expect(Object.keys(config)).not.toContain('adaptive');
  return scheduledRunInput(config, new Date().toISOString());
}

async function statementsOf(input: ExecuteRunInput, ...script: Parameters<typeof openai.script.push>) {
  const deps = {
    db,
    provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0 }),
    creditMultipliers: {},
    ...activityDefaults,
  };
  openai.script.push(...script);
  const before = statements;
  const result = await executeRun(deps, input);
  return { result, statements: statements - before };
}

describe('the database statements of a run', () => {
  it('a fixed heartbeat: two, whether its run reports an outcome or not', async () => {
    const plain = await statementsOf(await fixedHeartbeat(), { answer: 'Done.' });
    expect(plain.result).toMatchObject({ status: 'success' });
    expect(plain.statements).toBe(2);

    const quiet = await statementsOf(await fixedHeartbeat(), { answer: 'HEARTBEAT_OK' });
    expect(quiet.result).toMatchObject({ status: 'success', outcome: 'nothing_to_report' });
    expect(quiet.statements).toBe(2);
  });

  it('a quiet run that called notify_user: its notification is stored, then held back in the run write', async () => {
    const input = await fixedHeartbeat();
    const run = await statementsOf(
      input,
      { toolCalls: [{ name: 'notify_user', args: { title: 'hi', body: 'there' } }] },
      { answer: 'HEARTBEAT_OK' },
    );
    expect(run.result.notification_ids).toEqual([]);
    expect(run.statements).toBe(3);
    const notes = await db.selectFrom('notifications').selectAll().where('run_key', '=', input.run_key).execute();
    expect(notes).toMatchObject([{ suppressed: true, delivery_status: 'suppressed' }]);
  });
});
