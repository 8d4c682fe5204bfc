/**
 * The typed client and the `heartbeat` command, against the real API over HTTP: what a developer
 * scripting the service meets. The committed OpenAPI document and client types must be exactly
 * what the API serves, so the three cannot drift apart.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createHeartbeatClient, HeartbeatApiError, unwrap, type HeartbeatClient } from '../../client/index.js';
import { renderOpenApi } from '../../scripts/openapi.js';
import { runCli } from '../helpers/cli.js';
import { createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let s: Seed;
let server: ServerType;
let url: string;
let hb: HeartbeatClient;
let home: string;

beforeAll(async () => {
  stack = await createStack();
  s = await seedProject(stack.db, 'pro');
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hb = createHeartbeatClient({ baseUrl: url, apiKey: s.key });
  home = await mkdtemp(join(tmpdir(), 'heartbeat-cli-'));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('the OpenAPI document and the typed client', () => {
  it('are committed exactly as the API serves them (`npm run openapi` writes them)', async () => {
    const { document, types } = await renderOpenApi();
    expect(await readFile(new URL('../../client/openapi.json', import.meta.url), 'utf8')).toBe(document);
    expect(await readFile(new URL('../../client/schema.d.ts', import.meta.url), 'utf8')).toBe(types);
  });

  it('creates, reads and runs a heartbeat with typed bodies and answers', async () => {
    const { heartbeat } = await unwrap(
      hb.POST('/v1/bot/heartbeat/configure', {
        body: {
          project_id: s.projectId,
          bot_id: s.botId,
          prompt: 'Say hi',
          interval_minutes: 30,
          timezone: 'Europe/Paris',
        },
      }),
    );
    expect(heartbeat).toMatchObject({ state: 'disabled', schedule_description: 'Every 30 minutes, Europe/Paris' });
    const { result } = (await unwrap(
      hb.POST('/v1/bot/heartbeat/trigger', { body: { project_id: s.projectId, heartbeat_id: heartbeat.uuid } }),
    )) as { result: { status: string } };
    expect(result.status).toBe('success');
    const { logs, total } = await unwrap(
      hb.GET('/v1/bot/heartbeat/logs', {
        params: { query: { project_id: s.projectId, heartbeat_id: heartbeat.uuid } },
      }),
    );
    expect(total).toBe(1);
    expect(logs[0]).toMatchObject({ type: 'manual', status: 'success' });
  });

  it('turns an error answer into a HeartbeatApiError with its stable code and field details', async () => {
    const missing = await unwrap(
      hb.GET('/v1/bot/heartbeat/read', {
        params: { query: { project_id: s.projectId, heartbeat_id: '00000000-0000-4000-8000-000000000000' } },
      }),
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HeartbeatApiError);
    expect(missing).toMatchObject({ status: 404, code: 'heartbeat_not_found' });

    const invalid = await unwrap(
      hb.POST('/v1/bot/heartbeat/configure', {
        body: { project_id: s.projectId, bot_id: s.botId, prompt: 'p', interval_minutes: 0 },
      }),
    ).catch((e: HeartbeatApiError) => e);
    expect(invalid).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((invalid as HeartbeatApiError).details.map((d) => d.field)).toContain('interval_minutes');

    const unreachable = createHeartbeatClient({ baseUrl: 'http://127.0.0.1:9', apiKey: s.key });
    await expect(
      unwrap(unreachable.GET('/v1/bot/readall', { params: { query: { project_id: s.projectId } } })),
    ).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});

const cli = (...args: string[]) => runCli(home, args);

describe('the heartbeat command', () => {
  it('asks to sign in first, and checks the key before keeping it', async () => {
    const out = await cli('hb', 'list', '--bot', s.botId);
    expect(out.code).toBe(4);
    expect(out.stderr).toContain('heartbeat login');

    const wrong = await cli('--url', url, '--key', 'hb_not_a_key', '--project', s.projectId, 'login');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('[invalid_api_key]');

    const otherProject = await cli('--url', url, '--key', s.key, '--project', s.botId, 'login');
    expect(otherProject.code).toBe(2);
    expect(otherProject.stderr).toContain(`belongs to project ${s.projectId}`);

    // The key names its project: no --project needed.
    const ok = await cli('--url', url, '--key', s.key, 'login');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`(${s.projectId}): full access`);
    const kept = join(home, '.config', 'heartbeat', 'cli.json');
    expect((await stat(kept)).mode & 0o777).toBe(0o600);
  });

  it('creates, previews, triggers and lists, as tables or JSON', async () => {
    const created = await cli(
      '--json',
      'hb',
      'create',
      '--bot',
      s.botId,
      '--prompt',
      'Check the inbox',
      '--every',
      '15',
    );
    expect(created.code, created.stderr).toBe(0);
    const heartbeat = JSON.parse(created.stdout) as { uuid: string; interval_minutes: number };
    expect(heartbeat.interval_minutes).toBe(15);

    const preview = await cli(
      'preview',
      '--bot',
      s.botId,
      '--cron',
      '0 9 * * 1-5',
      '--tz',
      'America/New_York',
      '--count',
      '3',
    );
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('At 09:00, Monday through Friday, America/New_York');
    expect(preview.stdout.match(/ 1[34]:00:00 UTC \(in /g)).toHaveLength(3);

    const triggered = await cli('--json', 'hb', 'trigger', heartbeat.uuid);
    expect(triggered.code, triggered.stderr).toBe(0);
    expect(JSON.parse(triggered.stdout).result.status).toBe('success');

    const list = await cli('hb', 'list', '--bot', s.botId);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+STATE\s+SCHEDULE/);
    expect(list.stdout).toContain(heartbeat.uuid);
    expect(list.stdout).toContain('Every 15 minutes, UTC');

    const logs = await cli('--json', 'logs', '--heartbeat', heartbeat.uuid);
    expect(JSON.parse(logs.stdout)).toMatchObject({ total: 1, logs: [{ type: 'manual', status: 'success' }] });
    // The type filter takes the API's words, as the table shows them.
    const manual = await cli('--json', 'logs', '--heartbeat', heartbeat.uuid, '--type', 'manual');
    expect(JSON.parse(manual.stdout)).toMatchObject({ total: 1 });
    const scheduled = await cli('--json', 'logs', '--heartbeat', heartbeat.uuid, '--type', 'heartbeat');
    expect(JSON.parse(scheduled.stdout)).toMatchObject({ total: 0 });
  });

  it('sets the agent options, clears them with none, and filters logs by outcome', async () => {
    const created = await cli(
      '--json',
      'hb',
      'create',
      '--bot',
      s.botId,
      '--prompt',
      'Anything new?',
      '--every',
      '15',
      '--cadence',
      'adaptive',
      '--max-interval',
      '90',
      '--notify-policy',
      'needs_attention',
      '--model',
      'big-model',
      '--max-credits-per-run',
      '4',
      '--context',
      'digest',
      '--context-runs',
      '3',
    );
    expect(created.code, created.stderr).toBe(0);
    const heartbeat = JSON.parse(created.stdout);
    expect(heartbeat).toMatchObject({
      cadence: 'adaptive',
      max_interval_minutes: 90,
      notify_policy: 'needs_attention',
      model: 'big-model',
      max_credits_per_run: 4,
      context: 'digest',
      context_runs: 3,
    });
    expect(heartbeat.forecast.runs_per_period).toBeGreaterThan(0);
    const cleared = await cli('--json', 'hb', 'update', heartbeat.uuid, '--bot', s.botId, '--model', 'none');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ model: null, cadence: 'adaptive' });
    const refused = await cli('hb', 'update', heartbeat.uuid, '--bot', s.botId, '--cron', '0 9 * * *');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[adaptive_requires_interval]');

    expect((await cli('hb', 'trigger', heartbeat.uuid)).code).toBe(0);
    // The local provider reports no outcome.
    const quiet = await cli('--json', 'logs', '--heartbeat', heartbeat.uuid, '--outcome', 'nothing_to_report');
    expect(JSON.parse(quiet.stdout)).toMatchObject({ total: 0 });
    const unreported = await cli('--json', 'logs', '--heartbeat', heartbeat.uuid, '--outcome', 'unreported');
    expect(JSON.parse(unreported.stdout)).toMatchObject({ total: 1 });
    const table = await cli('logs', '--heartbeat', heartbeat.uuid);
    expect(table.stdout.split('\n')[0]).toMatch(/STATUS\s+OUTCOME\s+TOKENS/);
    const stats = await cli('stats', '--heartbeat', heartbeat.uuid);
    // Outcomes as lines under their name, and a column each per day.
    expect(stats.stdout).toMatch(
      /\noutcomes\s*\n\s+nothing_to_report\s+0\n\s+progress\s+0\n\s+needs_attention\s+0\n\s+unreported\s+1\n/,
    );
    expect(stats.stdout).toMatch(
      /DATE\s+TOTAL\s+SUCCESS\s+ERROR\s+SKIPPED\s+NOTHING_TO_REPORT\s+PROGRESS\s+NEEDS_ATTENTION\s+UNREPORTED/,
    );
    const preview = await cli('preview', '--bot', s.botId, '--every', '60');
    expect(preview.stdout).toMatch(/\n\d+ runs this billing period\n/);
  });

  it('prints the MCP client configuration, which an MCP client connects with', async () => {
    const printed = await cli('mcp-config');
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stderr).toContain(`(${s.projectId}), key ${s.key.slice(0, 10)}…: full access`);
    const entry = JSON.parse(printed.stdout).mcpServers.heartbeat;
    expect(entry).toEqual({ type: 'http', url: `${url}/mcp`, headers: { Authorization: `Bearer ${s.key}` } });
    const client = new Client({ name: 'configured', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers: entry.headers } }),
    );
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('configure_heartbeat');
    await client.close();

    const stdio = JSON.parse((await cli('mcp-config', '--stdio', '--name', 'hb')).stdout).mcpServers.hb;
    expect(stdio).toEqual({
      command: 'npx',
      args: ['-y', 'mcp-remote', `${url}/mcp`, '--header', 'Authorization:${HEARTBEAT_AUTHORIZATION}', '--allow-http'],
      env: { HEARTBEAT_AUTHORIZATION: `Bearer ${s.key}` },
    });
    const wrong = await cli('--key', 'hb_not_a_key', 'mcp-config');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('[invalid_api_key]');
  });

  it('answers mistakes with their code and an exit status scripts can branch on', async () => {
    const missing = await cli('hb', 'get', '00000000-0000-4000-8000-000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[heartbeat_not_found]');

    const invalid = await cli('hb', 'create', '--bot', s.botId, '--prompt', 'p', '--every', '0');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/interval_minutes: .* \(too_small\)/);

    const usage = await cli('hb', 'create', '--bot', s.botId, '--prompt', 'p', '--every', '5', '--cron', '* * * * *');
    expect(usage.code).toBe(2);

    const down = await cli('--url', 'http://127.0.0.1:9', 'hb', 'list', '--bot', s.botId);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach http://127.0.0.1:9');
  });
});
