/** Runs the `heartbeat` command as a user would: its own home (kept credentials), no colour unless asked. */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createStack, seedProject, serveStack, type Seed, type Stack } from './stack.js';

const BIN = new URL('../../cli/heartbeat.mjs', import.meta.url).pathname;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(home: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, HOME: home, NO_COLOR: '1', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Starts a command that keeps running (`logs --follow`) and resolves with its output once `done` says so. */
export function watchCli(home: string, args: string[], done: (stdout: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HOME: home, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (done(stdout)) {
        child.kill();
        resolve(stdout);
      }
    });
    child.once('exit', () => reject(new Error(`exited before its output was complete:\n${stdout}`)));
  });
}

/**
 * The real stack served on a port, and the command signed in to it from a home of its own: set up
 * before a file's tests, closed after them.
 */
export function cliSuite(plan = 'pro') {
  const suite = {} as { stack: Stack; seed: Seed; cli: (...args: string[]) => Promise<CliRun> };
  let served: Awaited<ReturnType<typeof serveStack>> | undefined;
  let home: string | undefined;
  beforeAll(async () => {
    suite.stack = await createStack();
    suite.seed = await seedProject(suite.stack.db, plan);
    served = await serveStack(suite.stack);
    const dir = await mkdtemp(join(tmpdir(), 'heartbeat-cli-'));
    home = dir;
    suite.cli = (...args) => runCli(dir, args);
    const login = await suite.cli('--url', served.url, '--key', suite.seed.key, 'login');
    if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
  });
  afterAll(async () => {
    await served?.close();
    await suite.stack?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });
  return suite;
}
