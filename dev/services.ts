/**
 * The service's own processes (API, worker) as children of `npm start`: each in a process group
 * of its own, reporting readiness over IPC, and ending by itself if `npm start` goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface ReadyMessage {
  type: 'ready';
  detail?: Record<string, unknown>;
}

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
  const detail = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not report ready within ${(opts.readyTimeoutMs ?? 60_000) / 1000} s`)),
      opts.readyTimeoutMs ?? 60_000,
    );
    child.on('message', (message: ReadyMessage) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message.detail ?? {});
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  }).catch(async (err: unknown) => {
    await stopChild(child, exited);
    throw err;
  });
  return { name, process: child, detail, exited, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  const kill = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 20_000);
  await exited;
  clearTimeout(kill);
}
