/** Runs the `heartbeat` command as a user would: its own home (kept credentials), no colour unless asked. */
import { execFile, spawn } from 'node:child_process';

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
