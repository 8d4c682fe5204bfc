/**
 * Hostile and careless input: every answer is a 4xx with a stable code, never a 5xx, and nothing
 * is lost or stored that should not be.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { OutboundRefusedError, createOutboundFetch } from '../../outbound/fetch.js';
import { appDefaults, caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let s: Seed;
let api: ReturnType<typeof caller>;
beforeAll(async () => {
  stack = await createStack();
  s = await seedProject(stack.db, 'pro');
  api = caller(stack.app, s.key);
});
afterAll(async () => {
  await stack?.close();
});

function expectError(res: { status: number; body: any }, status: number, code: string, detail?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (detail) expect(res.body.error.details.map((d: { code: string }) => d.code)).toContain(detail);
}

const configure = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.post('/v1/bot/heartbeat/configure', { project_id: s.projectId, bot_id: s.botId, ...body }, headers);

describe('input that the database could not store', () => {
  it('NUL characters are a 400 wherever text goes', async () => {
    expectError(await configure({ prompt: 'a\u0000b' }), 400, 'validation_failed', 'invalid_characters');
    expectError(
      await api.post('/v1/bot/create', { project_id: s.projectId, name: 'x\u0000' }),
      400,
      'validation_failed',
      'invalid_characters',
    );
    expectError(
      await api.post('/v1/bot/subscriber/create', { project_id: s.projectId, name: '\u0000' }),
      400,
      'validation_failed',
      'invalid_characters',
    );
    expectError(
      await api.post('/v1/bot/tool', {
        project_id: s.projectId,
        bot_id: s.botId,
        server_label: 'x',
        server_url: 'http://127.0.0.1:9/mcp',
        headers: { Authorization: 'Bearer \u0000' },
      }),
      400,
      'validation_failed',
      'invalid_characters',
    );
    // Filters in a query string reach the database too.
    for (const path of ['/v1/bot/notification/readall', '/v1/bot/heartbeat/logs']) {
      expectError(
        await api.get(path, { project_id: s.projectId, run_key: 'a\u0000b' }),
        400,
        'validation_failed',
        'invalid_characters',
      );
    }
  });

  it('numbers and dates beyond what is stored or counted are a 400', async () => {
    expectError(await configure({ prompt: 'p', credit_budget: 2147483648 }), 400, 'validation_failed', 'too_big');
    for (const q of [{ from: '9999-12-31T23:59:59Z' }, { to: '0001-01-01T06:00:01Z' }] as Record<string, string>[]) {
      expectError(
        await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, ...q }),
        400,
        'validation_failed',
        'out_of_range',
      );
    }
    expectError(
      await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, page: 10_000_000 }),
      400,
      'validation_failed',
    );
  });

  it('a body that is not JSON is a 415, and one over 1 MiB a 413', async () => {
    const plain = await stack.app.request('/v1/bot/heartbeat/configure', {
      method: 'POST',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ project_id: s.projectId, bot_id: s.botId, prompt: 'p' }),
    });
    expectError({ status: plain.status, body: await plain.json() }, 415, 'unsupported_media_type');
    const huge = await configure({ prompt: 'x'.repeat(2 * 1024 * 1024) });
    expectError(huge, 413, 'payload_too_large');
  });

  it('bots, members and MCP servers are capped by the plan', async () => {
    const p = await seedProject(stack.db, 'free'); // 5 bots (one seeded), 3 tools per bot
    const c = caller(stack.app, p.key);
    for (let i = 0; i < 4; i++)
      expect((await c.post('/v1/bot/create', { project_id: p.projectId, name: `b${i}` })).status).toBe(200);
    expectError(
      await c.post('/v1/bot/create', { project_id: p.projectId, name: 'one too many' }),
      403,
      'bot_limit_reached',
    );
    const tool = (i: number) =>
      c.post('/v1/bot/tool', {
        project_id: p.projectId,
        bot_id: p.botId,
        server_label: `t${i}`,
        server_url: 'http://127.0.0.1:9/mcp',
      });
    const tools = await Promise.all([0, 1, 2, 3, 4].map(tool));
    expect(tools.filter((t) => t.status === 200)).toHaveLength(3);
    for (const t of tools.filter((r) => r.status !== 200)) expectError(t, 403, 'tool_limit_reached');
  });
});

describe('Idempotency-Key', () => {
  it('20 concurrent creates with one key make one heartbeat and give all 20 the same answer', async () => {
    const key = `burst-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        configure({ prompt: 'Once only', interval_minutes: 30 }, { 'idempotency-key': key }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.body.heartbeat.uuid)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const rows = await stack.db
      .selectFrom('heartbeats')
      .select('id')
      .where('project_id', '=', s.projectId)
      .where('prompt', '=', 'Once only')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('the same key with another request is a 422, and a key expires after 24 hours', async () => {
    const key = `reuse-${Date.now()}`;
    const first = await configure({ prompt: 'First' }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expectError(await configure({ prompt: 'Second' }, { 'idempotency-key': key }), 422, 'idempotency_key_reused');
    const otherBot = (await api.post('/v1/bot/create', { project_id: s.projectId, name: 'other', heartbeat: true }))
      .body.bot.uuid;
    expectError(
      await configure({ prompt: 'First', bot_id: otherBot }, { 'idempotency-key': key }),
      422,
      'idempotency_key_reused',
    );

    await stack.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('key', '=', key)
      .execute();
    const later = await configure({ prompt: 'Second' }, { 'idempotency-key': key });
    expect(later.status).toBe(200);
    expect(later.body.heartbeat.uuid).not.toBe(first.body.heartbeat.uuid);
  });
});

describe('outbound addresses', () => {
  const strict = () =>
    caller(
      createApp({ db: stack.db, temporal: stack.temporal, ...appDefaults, outbound: { allowPrivate: false } }),
      s.key,
    );

  it('refuses schemes other than http(s), metadata and link-local always, private ones unless allowed', async () => {
    const webhook = (url: string, c = strict()) =>
      c.put('/v1/bot/update', { project_id: s.projectId, bot_id: s.botId, webhook_url: url });
    expectError(await webhook('file:///etc/passwd'), 400, 'validation_failed', 'outbound_scheme');
    expectError(await webhook('gopher://example.com/'), 400, 'validation_failed', 'outbound_scheme');
    expectError(
      await webhook('http://169.254.169.254/latest/meta-data/'),
      400,
      'validation_failed',
      'outbound_forbidden',
    );
    expectError(await webhook('http://metadata.google.internal/'), 400, 'validation_failed', 'outbound_forbidden');
    const local = await webhook('http://[::1]:5600/hook');
    expectError(local, 400, 'validation_failed', 'outbound_private');
    expect(local.body.message).toContain('OUTBOUND_ALLOW_PRIVATE');
    expectError(await webhook('http://localhost:5600/hook'), 400, 'validation_failed', 'outbound_private');
    const tool = await strict().post('/v1/bot/tool', {
      project_id: s.projectId,
      bot_id: s.botId,
      server_label: 'internal',
      server_url: 'http://10.1.2.3/mcp',
    });
    expectError(tool, 400, 'validation_failed', 'outbound_private');
    // Metadata stays refused even where private addresses are allowed.
    expectError(await webhook('http://169.254.169.254/', api), 400, 'validation_failed', 'outbound_forbidden');
  });

  it('is checked again at each connection: a name that resolves to a private address is refused', async () => {
    const server = createServer((_req, res) => res.end('reached')).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    try {
      const guarded = createOutboundFetch({ allowPrivate: false });
      await expect(guarded(`http://localhost:${port}/`)).rejects.toSatisfy(
        (err: Error) => err instanceof OutboundRefusedError || err.cause instanceof OutboundRefusedError,
      );
      await expect(guarded(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(OutboundRefusedError);
      const permissive = createOutboundFetch({ allowPrivate: true });
      expect(await (await permissive(`http://localhost:${port}/`)).text()).toBe('reached');
    } finally {
      server.close();
    }
  });
});

describe("an MCP server's headers", () => {
  it('may not name Host or a hop-by-hop header', async () => {
    for (const name of ['Host', 'connection', 'Transfer-Encoding', 'Proxy-Authorization', 'Content-Length']) {
      const res = await api.post('/v1/bot/tool', {
        project_id: s.projectId,
        bot_id: s.botId,
        server_label: 'x',
        server_url: 'http://127.0.0.1:9/mcp',
        headers: { [name]: 'internal.example' },
      });
      expectError(res, 400, 'validation_failed', 'reserved_header');
    }
  });
});

describe('secrets at rest', () => {
  it('webhook secrets and MCP header values are stored sealed, never as given', async () => {
    const p = await seedProject(stack.db, 'pro');
    const c = caller(stack.app, p.key);
    const bot = await c.put('/v1/bot/update', {
      project_id: p.projectId,
      bot_id: p.botId,
      webhook_url: 'http://127.0.0.1:9/hook',
    });
    const secret: string = bot.body.webhook_secret;
    expect(secret).toMatch(/^whsec_/);
    await c.post('/v1/bot/tool', {
      project_id: p.projectId,
      bot_id: p.botId,
      server_label: 'x',
      server_url: 'http://127.0.0.1:9/mcp',
      headers: { Authorization: 'Bearer top-secret-value' },
    });
    const stored = await stack.db
      .selectFrom('bots')
      .select('webhook_secret')
      .where('id', '=', p.botId)
      .executeTakeFirstOrThrow();
    expect(stored.webhook_secret).toMatch(/^enc:v2:/);
    expect(stored.webhook_secret).not.toContain(secret.slice(6));
    const tool = await stack.db
      .selectFrom('bot_tools')
      .select('headers')
      .where('bot_id', '=', p.botId)
      .executeTakeFirstOrThrow();
    expect(tool.headers.Authorization).toMatch(/^enc:v2:/);
    expect(JSON.stringify(tool.headers)).not.toContain('top-secret-value');
  });
});
