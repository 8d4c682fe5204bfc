/** API keys kept in memory: revocations and plan changes made elsewhere apply at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../../api/app.js';
import { createKeyCache } from '../../api/key-cache.js';
import { issueApiKey, listenForAuthChanges, revokeApiKey } from '../../db/queries/api-keys.js';
import { insertPlan } from '../../db/queries/plans.js';
import { changeProjectPlan } from '../../api/services/plans.js';
import { appDefaults, caller, createStack, seedProject, type Stack } from '../helpers/stack.js';

let stack: Stack;
let listener: ReturnType<typeof listenForAuthChanges>;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await listener?.stop();
  await stack?.close();
});

async function until(probe: () => Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('API keys remembered by an API process', () => {
  it('are served from memory, and a revocation or plan change made elsewhere applies at once', async () => {
    const loads: string[] = [];
    const cache = createKeyCache({ active: () => listener.listening() });
    listener = listenForAuthChanges(inject('databaseUrl'), () => cache.clear());
    expect(await until(async () => listener.listening())).toBe(true);
    const counting = {
      ...cache,
      lookup: (key: string, load: Parameters<typeof cache.lookup>[1]) =>
        cache.lookup(key, () => (loads.push(key), load())),
    };
    const app = createApp({ db: stack.db, temporal: stack.temporal, ...appDefaults, keyCache: counting });
    const s = await seedProject(stack.db, 'pro');
    const { key, id } = await issueApiKey(stack.db, s.projectId);
    const api = caller(app, key);

    for (let i = 0; i < 5; i++)
      expect((await api.get('/v1/bot/readall', { project_id: s.projectId })).status).toBe(200);
    expect(loads.filter((k) => k === key)).toHaveLength(1);

    // A plan change from another process (the admin command, say) is heard: the new limit applies.
    await insertPlan(stack.db, {
      id: `tiny-${Date.now()}`,
      heartbeat_enabled: true,
      max_heartbeats_per_bot: 1,
      min_interval_minutes: 5,
      rate_limit_per_minute: 7,
      max_bots: 5,
      max_members: 5,
      max_tools_per_bot: 1,
    }).then((plan) => changeProjectPlan(stack.db, s.projectId, plan));
    expect(
      await until(async () => {
        const res = await api.get('/v1/bot/readall', { project_id: s.projectId });
        return res.headers.get('x-ratelimit-limit') === '7';
      }),
    ).toBe(true);

    await revokeApiKey(stack.db, id);
    expect(
      await until(async () => (await api.get('/v1/bot/readall', { project_id: s.projectId })).status === 401, 2_000),
    ).toBe(true);
  });
});

describe('unknown API keys', () => {
  it('cost one lookup per key per interval, and an address trying many is refused without one', async () => {
    const loads: string[] = [];
    const cache = createKeyCache({ active: () => false, unknownPerMinute: 5 });
    const counting = {
      ...cache,
      lookup: (key: string, load: Parameters<typeof cache.lookup>[1], source?: string) =>
        cache.lookup(key, () => (loads.push(key), load()), source),
    };
    const app = createApp({ db: stack.db, temporal: stack.temporal, ...appDefaults, keyCache: counting });
    const s = await seedProject(stack.db, 'pro');
    const read = async (key: string, from = '198.51.100.7') => {
      const res = await app.request(
        `/v1/bot/readall?project_id=${s.projectId}`,
        { headers: { authorization: `Bearer ${key}` } },
        { incoming: { socket: { remoteAddress: from } } },
      );
      return { status: res.status, headers: res.headers, body: (await res.json()) as any };
    };

    for (let i = 0; i < 10; i++) expect((await read('hb_made_up')).body.error.code).toBe('invalid_api_key');
    expect(loads).toEqual(['hb_made_up']);

    for (let i = 1; i < 5; i++) expect((await read(`hb_guess_${i}`)).status).toBe(401);
    const refused = await read('hb_guess_5');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(loads).toHaveLength(5);
    // A key already known as unknown is answered as before, still without a lookup.
    expect((await read('hb_made_up')).status).toBe(401);
    expect(loads).toHaveLength(5);
    // Another address is not held back by this one.
    expect((await read(s.key, '203.0.113.9')).status).toBe(200);
  });
});
