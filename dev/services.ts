/**
 * The service's own processes (API, worker) as children of `npm start`: each in a process group
 * of its own, reporting readiness over IPC (lifecycle.ts holds both sides of that), and ending by
 * itself if `npm start` goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readyDetail } from '../lifecycle.js';
import { stopGroup } from './process-group.js';

export interface RunningService {
  name: string;
  process: ChildProcess;
  detail: Record<string, unknown>;
  /** Resolves with the exit code when the process ends (for any reason). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Forks `script` (TypeScript through tsx, or compiled `.mjs`) and waits for its `ready` message. */
export async function startService(
  name: string,
  script: string,
  opts: { env?: NodeJS.ProcessEnv; readyTimeoutMs?: number; nodeFlags?: string[] } = {},
): Promise<RunningService> {
  const child = fork(script, [], {
    execArgv: [...(opts.nodeFlags ?? []), ...(script.endsWith('.ts') ? ['--import', 'tsx'] : [])],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () => stopGroup({ child, exited }, 20_000);
  const detail = await readyDetail(name, child, exited, opts.readyTimeoutMs ?? 60_000).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { name, process: child, detail, exited, stop };
}
