/**
 * The Temporal CLI's dev server (SQLite, Web UI) for development and tests, started with the search
 * attributes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { heartbeatSearchAttributes } from '../contract/search-attributes.js';
import { spawnInGroup, stopGroup } from './process-group.js';

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const CLI_TYPE_NAMES = { KEYWORD: 'Keyword', BOOL: 'Bool', DATETIME: 'Datetime' } as const;

/**
 * Starts `temporal server start-dev` (the real server with SQLite persistence, plus the Web UI)
 * with the project's search attributes registered, and waits until its frontend answers.
 * `dbFile` undefined keeps everything in memory (tests).
 */
export async function startTemporalDevServer(opts: {
  cliPath: string;
  port: number;
  uiPort: number;
  dbFile?: string;
  namespace?: string;
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}): Promise<RunningDevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--http-port',
    '0',
    '--metrics-port',
    '0',
    '--log-level',
    'warn',
    '--namespace',
    opts.namespace ?? 'default',
  ];
  for (const key of heartbeatSearchAttributes) {
    args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
  }
  if (opts.dbFile) {
    await mkdir(dirname(opts.dbFile), { recursive: true });
    // Write-ahead logging and one fsync per checkpoint instead of per commit: the file-backed
    // server otherwise spends its time waiting on the disk (crash-safe still; a power cut may
    // lose the last moments).
    args.push(
      '--db-filename',
      opts.dbFile,
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    );
  }
  // An activity scheduled by a workflow task goes straight back to the worker that completed
  // the task, without a round trip through the task queue.
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');

  const server = spawnInGroup(opts.cliPath, args, opts.onLog);
  const stop = () => stopGroup(server, 10_000);

  const address = `127.0.0.1:${opts.port}`;
  try {
    await Promise.race([
      waitForFrontend(address, opts.readyTimeoutMs ?? 60_000, () => server.child.exitCode),
      server.spawnError,
    ]);
  } catch (err) {
    await stop();
    throw new Error(
      `The Temporal dev server did not become ready on ${address}: ${(err as Error).message}\n` +
        `${server.output.slice(-10).join('\n')}\nIs port ${opts.port} or ${opts.uiPort} in use (set TEMPORAL_PORT / TEMPORAL_UI_PORT)?`,
    );
  }
  return { address, uiUrl: `http://127.0.0.1:${opts.uiPort}`, process: server.child, stop };
}

export async function waitForFrontend(
  address: string,
  timeoutMs: number,
  exitCode: () => number | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode() !== null) throw new Error(`the server exited with code ${exitCode()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`no answer in ${timeoutMs / 1000} s (${(err as Error).message})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
