/**
 * The dashboard's home page against the project's rate limit: the heartbeats of every bot in a
 * bounded number of API calls, however many bots the project has; and a heartbeat's page, which
 * links the namespace-wide Temporal Web UI only where the operator configured it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createRateLimiter, type RateLimiter } from '../../api/rate-limit.js';
import { createDb } from '../../db/client.js';
import { createApp } from '../../api/app.js';
import { appDefaults, caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let seed: Seed;
/** The API calls the project has spent against its rate limit. */
let spent = 0;

beforeAll(async () => {
  const limiterDb = createDb(inject('databaseUrl'));
  const real = createRateLimiter(limiterDb);
  const counting: RateLimiter = {
    take: (key, limit) => {
      spent += 1;
      return real.take(key, limit);
    },
  };
  stack = await createStack({ app: { rateLimiter: counting } });
  const close = stack.close;
  stack.close = async () => {
    await close();
    await limiterDb.destroy();
  };
  seed = await seedProject(stack.db, 'pro');
});
afterAll(() => stack?.close());

const BOTS = 6;

const signIn = async (app: Stack['app'], key = seed.key) => {
  const res = await app.request('http://localhost/sign-in', {
    method: 'POST',
    headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: key, next: '/' }).toString(),
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
};

describe('what a tenant sees and spends', () => {
  it("lists every bot's heartbeats for a few API calls, not one per bot", async () => {
    const api = caller(stack.app, seed.key);
    const botIds = [seed.botId];
    for (let i = 1; i < BOTS; i++) {
      const made = await api.post('/v1/bot/create', { project_id: seed.projectId, name: `Bot ${i}`, heartbeat: true });
      expect(made.status).toBe(200);
      botIds.push(made.body.bot.uuid as string);
    }
    for (const [i, botId] of botIds.entries()) {
      const hb = await api.post('/v1/bot/heartbeat/configure', {
        project_id: seed.projectId,
        bot_id: botId,
        prompt: `Check queue ${i}`,
        enabled: false,
      });
      expect(hb.status).toBe(200);
    }
    const cookie = await signIn(stack.app);

    spent = 0;
    const home = await stack.app.request('http://localhost/', { headers: { cookie } });
    expect(home.status).toBe(200);
    const html = await home.text();
    for (let i = 0; i < BOTS; i++) expect(html).toContain(`Check queue ${i}`);
    // Bots, members and the heartbeats: three calls for six bots (one per bot would be eight).
    expect(spent).toBeLessThanOrEqual(3);

    spent = 0;
    const one = await stack.app.request(`http://localhost/?bot=${botIds[2]}`, { headers: { cookie } });
    const filtered = await one.text();
    expect(filtered).toContain('Check queue 2');
    expect(filtered).not.toContain('Check queue 3');
    expect(spent).toBeLessThanOrEqual(3);
  });

  it('links the Temporal Web UI only when the operator set TEMPORAL_UI_URL', async () => {
    // Unset unless the operator sets it: the UI shows every tenant's workflows in the namespace.
    expect(loadConfig({}).temporal.uiUrl).toBeUndefined();
    const api = caller(stack.app, seed.key);
    const hb = await api.post('/v1/bot/heartbeat/configure', {
      project_id: seed.projectId,
      bot_id: seed.botId,
      prompt: 'Linked or not',
      enabled: false,
    });
    const path = `/heartbeats/${hb.body.heartbeat.uuid as string}`;
    const tenant = await stack.app.request(`http://localhost${path}`, { headers: { cookie: await signIn(stack.app) } });
    const tenantPage = await tenant.text();
    expect(tenantPage).toContain('Linked or not');
    expect(tenantPage).not.toContain('Temporal Web UI');

    const ui = loadConfig({ TEMPORAL_UI_URL: 'https://temporal.ops.example/' }).temporal.uiUrl!;
    const operator = createApp({
      db: stack.db,
      temporal: stack.temporal,
      ...appDefaults,
      temporalUi: { url: ui, namespace: 'default' },
    });
    const operatorPage = await (
      await operator.request(`http://localhost${path}`, { headers: { cookie: await signIn(operator) } })
    ).text();
    expect(operatorPage).toContain(
      `href="https://temporal.ops.example/namespaces/default/workflows/heartbeat-${hb.body.heartbeat.uuid as string}"`,
    );
  });

  it('pages past 100 heartbeats, newest first, for a bounded number of calls', async () => {
    const big = await seedProject(stack.db, 'prime');
    const botIds = [big.botId];
    for (let i = 1; i < 6; i++) {
      const bot = await stack.db
        .insertInto('bots')
        .values({ project_id: big.projectId, name: `Bot ${i}`, model: 'm', instruction: '', heartbeat: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      botIds.push(bot.id);
    }
    const api = caller(stack.app, big.key);
    for (let i = 0; i <= 100; i++) {
      const made = await api.post('/v1/bot/heartbeat/configure', {
        project_id: big.projectId,
        bot_id: botIds[i % botIds.length],
        prompt: `Paged ${String(i).padStart(3, '0')}`,
        interval_minutes: 60,
        enabled: false,
      });
      expect(made.status).toBe(200);
    }
    const cookie = await signIn(stack.app, big.key);
    const rowsOf = (html: string) => [...html.matchAll(/Paged (\d{3})/g)].map((m) => m[1]);

    spent = 0;
    const first = await (await stack.app.request('http://localhost/', { headers: { cookie } })).text();
    // The newest hundred, newest first: 100 down to 001; the oldest is on the next page.
    expect(rowsOf(first)).toEqual(Array.from({ length: 100 }, (_, i) => String(100 - i).padStart(3, '0')));
    expect(first).toContain('Page 1 of 2 (101 heartbeats)');
    expect(first).toContain('href="/?page=2"');
    expect(spent).toBeLessThanOrEqual(5);

    const second = await (await stack.app.request('http://localhost/?page=2', { headers: { cookie } })).text();
    expect(rowsOf(second)).toEqual(['000']);
    expect(second).toContain('Page 2 of 2 (101 heartbeats)');
  });
});
