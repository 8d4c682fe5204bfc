/**
 * The `heartbeat` command's output against the real API: tables, nested fields, times and rates
 * people can read, colour only where it belongs, and errors scripts and people can act on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordApiUrl } from '../../scripts/dev-credentials.js';
import { runCli, watchCli } from '../helpers/cli.js';
import { createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let s: Seed;
let server: ServerType;
let home: string;
let heartbeatId: string;
let url: string;
const cli = (...args: string[]) => runCli(home, args);

beforeAll(async () => {
  stack = await createStack();
  s = await seedProject(stack.db, 'pro');
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = await mkdtemp(join(tmpdir(), 'heartbeat-cli-'));
  expect((await cli('--url', url, '--key', s.key, '--project', s.projectId, 'login')).code).toBe(0);
  const created = await cli('--json', 'hb', 'create', '--bot', s.botId, '--prompt', 'Look', '--window', '09:00-17:00');
  heartbeatId = JSON.parse(created.stdout).uuid;
  expect((await cli('hb', 'trigger', heartbeatId)).code).toBe(0);
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('output for people', () => {
  it("lists the whole project's heartbeats without --bot, with a bot column", async () => {
    const out = await cli('hb', 'list');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.split('\n')[0]).toMatch(/^ID\s+BOT\s+STATE\s+SCHEDULE.*\sUPDATED_VIA$/);
    expect(out.stdout).toContain(heartbeatId);
    // Where each heartbeat was last changed: this one through the API (the CLI speaks it).
    expect(out.stdout.split('\n').find((l) => l.startsWith(heartbeatId))).toMatch(/\sapi$/);
  });

  it('shows nested fields as lines of their own, and times with how soon they come', async () => {
    const enabled = await cli('hb', 'enable', heartbeatId);
    expect(enabled.stdout).toMatch(/next run \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /);
    const out = await cli('hb', 'get', heartbeatId);
    expect(out.stdout).not.toContain('{"');
    expect(out.stdout).toMatch(/^dst_policy\s*\n\s+repeated_hour\s+first/m);
    expect(out.stdout).toMatch(/^upcoming_runs\s*\n\s+- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /m);
  });

  it('says rates as percentages', async () => {
    const out = await cli('stats');
    expect(out.stdout).toMatch(/^success_rate\s+100\.0%$/m);
  });

  it('takes --days as a range', async () => {
    const out = await cli('--json', 'hb', 'update', heartbeatId, '--bot', s.botId, '--days', '1-5');
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).active_days).toBe('1,2,3,4,5');
  });

  it('marks the options a command needs in its help', async () => {
    const out = await cli('hb', 'create', '--help');
    expect(out.stdout).toMatch(/--bot <bot_id>\s+the bot that runs it \(required\)/);
  });

  it('follows new runs under one header line', async () => {
    const out = await watchCli(home, ['logs', '--follow', '--heartbeat', heartbeatId], (o) => o.includes('manual'));
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+HEARTBEAT\s+VERSION\s+TYPE\s+STATUS/);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+\w{8}\s+1\s+manual\s+success/);
  });

  it('colours a terminal, never with NO_COLOR', async () => {
    const coloured = await runCli(home, ['hb', 'list'], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.stdout).toMatch(/\u001b\[1mID/);
    expect(coloured.stdout).toMatch(/\u001b\[3[123]m(active|waiting_for_window|disabled)/);
    const plain = await runCli(home, ['hb', 'list'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(plain.stdout).not.toContain('\u001b[');
  });
});

describe('errors', () => {
  it('a mistake prints its one line and where help is, not the whole help', async () => {
    const out = await cli('hb', 'create', '--bot', s.botId);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual([
      "error: required option '--prompt <text>' not specified",
      "(add --help for this command's options)",
    ]);
  });

  it('every API error line quotes its request id; with --json it is JSON on stdout, same exit code', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const text = await cli('hb', 'get', missing);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/\[heartbeat_not_found\] \(request [0-9a-f-]{36}\)/);
    const json = await cli('--json', 'hb', 'get', missing);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).error).toMatchObject({ status: 404, code: 'heartbeat_not_found' });
    expect(JSON.parse(json.stdout).error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const usage = await cli('--json', 'hb', 'create');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error.code).toBe('usage');
  });

  it("login --dev finds npm start's API on the port it was given, not only on 3000", async () => {
    const devHome = await mkdtemp(join(tmpdir(), 'heartbeat-cli-dev-'));
    try {
      const file = join(devHome, 'dev-credentials.json');
      const creds = { project_id: s.projectId, api_key: s.key, bot_id: s.botId };
      await recordApiUrl(file, creds, url);
      const out = await runCli(devHome, ['login', '--dev', file]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain(`signed in to ${url}`);
      expect((await runCli(devHome, ['hb', 'list'])).stdout).toContain(heartbeatId);
    } finally {
      await rm(devHome, { recursive: true, force: true });
    }
  });

  it('not signed in names login --dev; an API it cannot reach is named', async () => {
    const signedOut = await runCli(join(home, 'nobody'), ['hb', 'list']);
    expect(signedOut.code).toBe(4);
    expect(signedOut.stderr).toContain('heartbeat login --dev');
    const down = await cli('--url', 'http://127.0.0.1:9', 'hb', 'list');
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach http://127.0.0.1:9');
  });
});
