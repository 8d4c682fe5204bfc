/** `npm run admin` as an operator runs it: projects, plans, keys and scopes. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { caller, createStack, type Stack } from '../helpers/stack.js';

const run = promisify(execFile);
const admin = async (...args: string[]) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
  });
  return stdout;
};

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('npm run admin', () => {
  it('creates a project with a plan, issues and revokes keys, and changes the plan', async () => {
    const created = JSON.parse(await admin('create-project', 'Acme', 'starter'));
    expect(created).toMatchObject({ plan: 'starter' });
    const api = caller(stack.app, created.api_key);
    const bot = await api.post('/v1/bot/create', { project_id: created.project_id, name: 'Acme bot', heartbeat: true });
    expect(bot.status).toBe(200);
    const tooOften = { project_id: created.project_id, bot_id: bot.body.bot.uuid, prompt: 'x', interval_minutes: 5 };
    expect((await api.post('/v1/bot/heartbeat/configure', tooOften)).body.error.code).toBe(
      'interval_below_plan_minimum',
    );

    expect(await admin('set-plan', created.project_id, 'pro')).toContain('plan changed');
    expect((await api.post('/v1/bot/heartbeat/configure', tooOften)).status).toBe(200);

    const second = JSON.parse(await admin('issue-key', created.project_id, 'ci'));
    expect(
      (await caller(stack.app, second.api_key).get('/v1/bot/readall', { project_id: created.project_id })).status,
    ).toBe(200);
    expect(await admin('revoke-key', second.prefix)).toContain('revoked');
    const revoked = await caller(stack.app, second.api_key).get('/v1/bot/readall', { project_id: created.project_id });
    expect(revoked.body.error.code).toBe('revoked_api_key');
    await expect(admin('set-plan', created.project_id, 'platinum')).rejects.toThrow(/unknown plan/);
  });

  it("issues keys scoped to reading, or to changing one bot's heartbeats", async () => {
    const created = JSON.parse(await admin('create-project', 'Scoped', 'pro'));
    const owner = caller(stack.app, created.api_key);
    const botId = (await owner.post('/v1/bot/create', { project_id: created.project_id, name: 'B', heartbeat: true }))
      .body.bot.uuid;
    const reader = JSON.parse(await admin('issue-key', created.project_id, 'assistant', '--scope', 'heartbeats:read'));
    expect(reader).toMatchObject({ scope: 'heartbeats:read', bot_id: null });
    const refused = await caller(stack.app, reader.api_key).post('/v1/bot/heartbeat/configure', {
      project_id: created.project_id,
      bot_id: botId,
      prompt: 'x',
    });
    expect(refused.body.error.code).toBe('insufficient_scope');

    const writer = JSON.parse(await admin('issue-key', created.project_id, '--bot', botId));
    expect(writer).toMatchObject({ scope: 'heartbeats:write', bot_id: botId });
    const key = await caller(stack.app, writer.api_key).get('/v1/key', {});
    expect(key.body.key).toMatchObject({ scope: 'heartbeats:write', bot_id: botId });

    await expect(admin('issue-key', created.project_id, '--scope', 'heartbeats:read', '--bot', botId)).rejects.toThrow(
      /--bot binds a heartbeats:write key/,
    );
    await expect(admin('issue-key', created.project_id, '--bot', created.project_id)).rejects.toThrow(/no bot/);
    await expect(admin('issue-key', created.project_id, '--scope', 'everything')).rejects.toThrow(/Allowed choices/);
  });
});
