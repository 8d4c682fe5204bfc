/**
 * Schemathesis over /openapi.json against the real stack: thousands of generated requests, valid
 * and not, NUL bytes included. Fails on any 5xx, and on any answer the document does not describe.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { issueApiKey } from '../../db/queries/api-keys.js';
import { insertPlan } from '../../db/queries/plans.js';
import { createProject } from '../../db/queries/projects.js';
import { createStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let server: ReturnType<typeof serve>;
let url: string;
let dir: string;
let projectId: string;
let key: string;

beforeAll(async () => {
  stack = await createStack();
  // A plan without a rate limit worth the name: the fuzzer sends thousands of requests a minute.
  const plan = await insertPlan(stack.db, {
    id: `fuzz-${Date.now()}`,
    heartbeat_enabled: true,
    max_heartbeats_per_bot: 50,
    min_interval_minutes: 1,
    rate_limit_per_minute: 1_000_000,
    max_bots: 50,
    max_members: 200,
    max_tools_per_bot: 5,
  });
  const project = await createProject(stack.db, 'fuzz', plan.id);
  projectId = project.id;
  key = (await issueApiKey(stack.db, project.id)).key;
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  dir = await mkdtemp(join(tmpdir(), 'heartbeat-fuzz-'));
});
afterAll(async () => {
  server?.close();
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the API under generated input', () => {
  it('answers every request schemathesis makes without a 5xx, and as its OpenAPI document says', async () => {
    // Requests carry the key's own project_id, so they reach past the project check into the routes.
    const config = join(dir, 'schemathesis.toml');
    await writeFile(config, `[parameters]\n"query.project_id" = "${projectId}"\n"body.project_id" = "${projectId}"\n`);
    const args = [
      '--config-file',
      config,
      'run',
      `${url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${key}`,
      '--checks',
      'not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance',
      '--max-examples',
      '30',
      '--seed',
      '20261127',
      // One worker: hypothesis describes strategies by parsing Python source, which races in
      // CPython 3.11 when two threads do it at once.
      '--workers',
      '1',
      '--generation-allow-x00',
      'true',
      '--report',
      'junit',
      '--report-dir',
      dir,
    ];
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(inject('schemathesisPath'), args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
      );
    });
    const tested = /(\d+) generated/.exec(result.output)?.[1];
    console.log(`schemathesis: ${tested ?? '?'} generated requests`);
    expect(result.code, result.output.slice(-6_000)).toBe(0);
    expect(Number(tested ?? 0)).toBeGreaterThan(1_000);
  }, 600_000);
});
