/**
 * The README's examples, run as written: every shell block (but those marked as starting the whole
 * system or its CI) and every TypeScript block, in order, against the test stack. The address the
 * README names (localhost:3000) reaches the test's API: curl through its connect-to setting
 * (~/.curlrc), Node through a fetch that maps it; `.data/dev-credentials.json` is the test's.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStack, seedProject, type Seed, type Stack } from './helpers/stack.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Block {
  lang: string;
  code: string;
  /** Marked `<!-- example: not run … -->` on the last line of text before its fence. */
  skipped: boolean;
}

function blocksOf(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(sh|ts)\n([\s\S]*?)^```$/gm)].map((m) => {
    const before = markdown.slice(0, m.index).trimEnd();
    return {
      lang: m[1]!,
      code: m[2]!,
      skipped: /<!-- example: not run\b[^\n]*-->$/.test(before),
    };
  });
}

/** What must never run here: it would install over, start or test the checkout the test links to. */
const UNSAFE = /(^|&&|;|\|)\s*npm (ci|install|start|test)\b|\.ci\/run/m;

/** Fetch, with the README's address mapped to the test's API. */
const REDIRECT = `
const target = process.env.README_API;
const original = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const mapped = request.url.replace(/^http:\\/\\/(localhost|127\\.0\\.0\\.1):3000/, target);
  if (mapped === request.url) return original(input, init);
  const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer();
  return original(mapped, { method: request.method, headers: request.headers, body, redirect: request.redirect });
};
`;

let stack: Stack;
let seed: Seed;
let server: ServerType;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  stack = await createStack();
  // npm start's development project: the `dev` plan, whose heartbeats may run every minute.
  seed = await seedProject(stack.db, 'dev');
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;

  // A checkout of the repository but for its data folder, which holds the test's credentials.
  dir = await mkdtemp(join(tmpdir(), 'heartbeat-readme-'));
  for (const entry of await readdir(ROOT)) {
    if (!['.data', '.git', 'artifacts'].includes(entry)) await symlink(join(ROOT, entry), join(dir, entry));
  }
  await mkdir(join(dir, '.data'));
  const credentials = { project_id: seed.projectId, api_key: seed.key, bot_id: seed.botId };
  await writeFile(join(dir, '.data', 'dev-credentials.json'), JSON.stringify(credentials));
  const home = join(dir, 'home');
  await mkdir(home);
  await writeFile(
    join(home, '.curlrc'),
    `connect-to = localhost:3000:127.0.0.1:${port}\nconnect-to = 127.0.0.1:3000:127.0.0.1:${port}\n`,
  );
  await writeFile(join(dir, 'redirect.mjs'), REDIRECT);
  env = {
    ...process.env,
    HOME: home,
    README_API: `http://127.0.0.1:${port}`,
    NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'redirect.mjs')).href}`,
    DATABASE_URL: inject('databaseUrl'),
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
  };
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const run = (command: string, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(command, args, { cwd: dir, env, timeout: 240_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe('the README', () => {
  const blocks = blocksOf(README);

  it('marks only the blocks that start the whole system or its CI as not run', () => {
    expect(blocks.filter((b) => b.skipped).map((b) => b.code.split('\n')[0])).toEqual([
      expect.stringContaining('npm start'),
      expect.stringContaining('.ci/run'),
    ]);
  });

  it('runs its shell examples as written, one after another in one shell', async () => {
    const shell = blocks.filter((b) => b.lang === 'sh' && !b.skipped);
    expect(shell.length).toBeGreaterThanOrEqual(4);
    expect(shell.filter((b) => UNSAFE.test(b.code))).toEqual([]);
    const script = ['set -euo pipefail', ...shell.map((b, i) => `printf '\\n::block ${i}::\\n'\n${b.code}`)].join('\n');
    const out = await run('bash', ['-c', script]);
    expect(out.code, `${out.stdout}\n${out.stderr}`).toBe(0);
    const [, ...parts] = out.stdout.split(/^::block \d+::$/m);
    expect(parts).toHaveLength(shell.length);
    const all = out.stdout;
    // What each promises: a run, its log, the preview in words, the CLI's tables.
    expect(all).toContain('"status":"success"');
    expect(all).toMatch(/"logs":\[\{/);
    expect(all).toContain('Every 60 minutes, 09:00–17:00 Mon–Fri, America/New_York');
    expect(all).toMatch(/^ID\s+BOT\s+STATE\s+SCHEDULE/m);
    // The quiet heartbeat: the precheck's "nothing changed" skips a run for free, and what changed reaches the prompt.
    expect(all).toContain('"reason":"nothing_changed","outcome":"nothing_to_report"');
    expect(all).toContain('Ticket 42 was reopened by Ann.');
    expect(all).toContain('"precheck_skipped":1');
  }, 300_000);

  it('runs its TypeScript examples as written', async () => {
    const typescript = blocks.filter((b) => b.lang === 'ts' && !b.skipped);
    expect(typescript.length).toBeGreaterThanOrEqual(1);
    for (const [i, block] of typescript.entries()) {
      await writeFile(join(dir, `readme-example-${i}.ts`), block.code);
      const out = await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), `readme-example-${i}.ts`]);
      expect(out.code, `${out.stdout}\n${out.stderr}`).toBe(0);
      expect(out.stdout).toContain('success');
    }
  }, 120_000);
});
